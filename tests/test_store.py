"""The store as analysts use it for months: articles added one by one, changed, removed;
one transaction per article; one writer at a time; the same cycle on a SPARQL server."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import CORPUS, ROOT, SEEDS
from storekit import (SFC_ALLIANCE, SGIC, cached, free_port, public_quads, run_h2kg,  # noqa: F401
                      seed_copy, wait_http)

from kg.store import (ENTITY_GRAPH, Change, StoreError, StoreLocked, open_store)

BACKENDS = ["oxigraph", "memory"]


@pytest.fixture(params=BACKENDS)
def new_store(request, tmp_path):
    """An empty store of each kind: Oxigraph on disk, rdflib in memory."""
    kg = open_store(tmp_path / "store" if request.param == "oxigraph" else "memory")
    yield kg
    kg.close()


def entity_iris(kg) -> set[str]:
    return {str(r.e) for r in kg.query(f"SELECT ?e WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e a ?c }} }}")}


def labels(kg, iri) -> tuple[set, set]:
    rows = kg.query("SELECT ?l ?a WHERE { ?e rdfs:label ?l OPTIONAL { ?e skos:altLabel ?a } }",
                    e=__import__("rdflib").URIRef(iri))
    return {str(r.l) for r in rows}, {str(r.a) for r in rows if r.a is not None}


# --- adding --------------------------------------------------------------------------

def test_adding_the_same_articles_twice_changes_nothing(new_store, cached):
    first = new_store.add([SEEDS], extractor=cached)
    assert sorted(first.added) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    before = public_quads(new_store)
    again = new_store.add([SEEDS], extractor=cached)
    assert again.added == [] and again.replaced == [] and len(again.unchanged) == 3
    assert public_quads(new_store) == before


def test_the_content_hash_is_stored_on_the_document(new_store, cached):
    new_store.add([SEEDS / "shanghai-nev-plan-2025.txt"], extractor=cached)
    [doc] = new_store.documents()
    import hashlib
    assert doc.content_hash == hashlib.sha256((SEEDS / "shanghai-nev-plan-2025.txt").read_bytes()).hexdigest()
    assert doc.id == "shanghai-nev-plan-2025" and doc.source.endswith("shanghai-nev-plan-2025.txt")


def test_adding_article_by_article_gives_the_graph_a_build_gives(tmp_path, cached, seed_build):
    with open_store(tmp_path / "store") as kg:
        for path in sorted(SEEDS.glob("*.txt"), reverse=True):
            kg.add([path], extractor=cached)
        kg.export("turtle", tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == seed_build.graph_path.read_bytes()


def test_a_changed_article_replaces_its_graph_and_entity_iris_stay(new_store, cached, tmp_path):
    articles = seed_copy(tmp_path)
    new_store.add([articles], extractor=cached)
    iris_before = entity_iris(new_store)
    doc = articles / "shanghai-fuel-cell-alliance-2023.txt"
    title, body = doc.read_text().split("\n\n", 1)
    doc.write_text(f"{title}\n\nKestrel Fuel Systems joined the Shanghai Fuel Cell Industry Innovation "
                   f"Alliance.\n\n{body}")
    report = new_store.add([articles], extractor=cached)
    assert report.replaced == ["shanghai-fuel-cell-alliance-2023"] and len(report.unchanged) == 2
    assert iris_before <= entity_iris(new_store)            # nothing renamed
    rows = new_store.query_named("members-of", alliance=SFC_ALLIANCE)
    assert ("member", "Kestrel Fuel Systems") in {(str(r.role), str(r.orgLabel)) for r in rows}
    [info] = [d for d in new_store.documents() if d.id == "shanghai-fuel-cell-alliance-2023"]
    import hashlib
    assert info.content_hash == hashlib.sha256(doc.read_bytes()).hexdigest()
    # one document graph for the article, not two
    n = new_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?d a h2kg:Document }")
    assert int(list(n)[0].n) == 3


def test_entities_already_stored_keep_their_iris_when_new_articles_name_them(tmp_path, cached):
    with open_store(tmp_path / "store") as kg:
        kg.add([SEEDS / "shanghai-fuel-cell-alliance-2023.txt"], extractor=cached)
        first = entity_iris(kg)
    with open_store(tmp_path / "store") as kg:            # a later session, a new resolver
        kg.add([SEEDS], extractor=cached)
        after = entity_iris(kg)
        docs = kg.query("SELECT ?d WHERE { <https://w3id.org/h2kg/id/place/shanghai> h2kg:mentionedIn ?d }")
    assert first <= after
    assert len(list(docs)) == 2          # the place Shanghai: one entity, two articles


def test_known_entities_say_which_documents_name_them(new_store, cached):
    new_store.add([SEEDS], extractor=cached)
    known = {c.iri: c for c in new_store.known_entities()}
    shanghai = known["https://w3id.org/h2kg/id/place/shanghai"]
    assert shanghai.cls == "Place" and shanghai.label == "Shanghai"
    assert len(shanghai.documents) == 2 and all(d in {x.id for x in new_store.documents()}
                                                for d in shanghai.documents)
    # the resolver's load skips the documents (a scan of every names graph), nothing else
    lean = {c.iri: c for c in new_store.known_entities(documents=False)}
    assert lean.keys() == known.keys() and not any(c.documents for c in lean.values())
    assert all((lean[i].label, lean[i].aliases) == (known[i].label, known[i].aliases) for i in known)


# --- removing ------------------------------------------------------------------------

def test_removing_a_document_leaves_the_store_as_if_it_was_never_added(new_store, cached, tmp_path):
    new_store.add([SEEDS], extractor=cached)
    removed = new_store.remove("chongqing-hydrogen-alliance-2026")
    assert removed and removed.source.endswith("chongqing-hydrogen-alliance-2026.txt")
    with open_store("memory") as reference:
        reference.add([p for p in SEEDS.glob("*.txt") if not p.name.startswith("chongqing")],
                      extractor=cached)
        assert public_quads(new_store) == public_quads(reference)


def test_removing_keeps_shared_entities_and_drops_orphans(new_store, cached):
    new_store.add([SEEDS], extractor=cached)
    shanghai = "https://w3id.org/h2kg/id/place/shanghai"        # in two Shanghai articles
    guohong = "https://w3id.org/h2kg/id/company/guohong-hydrogen-energy"   # only in Chongqing's
    assert {shanghai, guohong} <= entity_iris(new_store)
    new_store.remove("seeds/chongqing-hydrogen-alliance-2026.txt")     # by source path
    assert guohong not in entity_iris(new_store)
    assert not new_store.query(f"ASK {{ {{ <{guohong}> ?p ?o }} UNION {{ ?s ?p <{guohong}> }} }}").ask
    assert shanghai in entity_iris(new_store)
    new_store.remove("https://w3id.org/h2kg/id/document/shanghai-nev-plan-2025")   # by IRI
    assert labels(new_store, shanghai)[0] == {"Shanghai"}         # still supported by the alliance article
    new_store.remove("shanghai-fuel-cell-alliance-2023")
    assert entity_iris(new_store) == set() and new_store.documents() == []
    assert public_quads(new_store) == set()
    assert len(new_store) == 0                                    # no bookkeeping left either


def test_an_alias_only_the_removed_document_gave_goes_with_it(new_store, cached, tmp_path):
    articles = tmp_path / "a"
    articles.mkdir()
    (articles / "one.txt").write_text("Nordhavn alliance formed\n\nKestrel Fuel Systems joined the "
                                      "Nordhavn Hydrogen Alliance in Aarhus.")
    (articles / "two.txt").write_text("Kestrel expands\n\nKestrel Fuel Systems (KFS) joined the Nordhavn "
                                      "Hydrogen Alliance last year.")
    new_store.add([articles], extractor=cached)
    kestrel = "https://w3id.org/h2kg/id/company/kestrel-fuel-systems"
    assert "KFS" in labels(new_store, kestrel)[1]
    new_store.remove("two")
    assert labels(new_store, kestrel) == ({"Kestrel Fuel Systems"}, set())


def test_removing_an_unknown_document_changes_nothing(new_store, cached):
    new_store.add([SEEDS / "shanghai-nev-plan-2025.txt"], extractor=cached)
    before = public_quads(new_store)
    assert new_store.remove("no-such-article") is None
    assert public_quads(new_store) == before


# --- transactions --------------------------------------------------------------------

def test_an_exception_inside_the_transaction_leaves_the_store_unchanged(new_store, cached, monkeypatch):
    new_store.add([SEEDS / "shanghai-nev-plan-2025.txt"], extractor=cached)
    before = public_quads(new_store), len(new_store)
    from kg import store as store_mod

    def boom(self, quads):
        raise RuntimeError("simulated crash after the document graph was staged")
    monkeypatch.setattr(store_mod._Transaction, "support_add", boom)
    with pytest.raises(RuntimeError, match="simulated crash"):
        new_store.add([SEEDS], extractor=cached)
    assert (public_quads(new_store), len(new_store)) == before


def test_a_failure_half_way_through_the_commit_is_rolled_back(new_store, cached, monkeypatch):
    """The database itself fails after applying part of the change: nothing of it stays."""
    new_store.add([SEEDS / "shanghai-nev-plan-2025.txt"], extractor=cached)
    before = public_quads(new_store), len(new_store)
    import pyoxigraph as ox

    from kg import store as store_mod
    if new_store.kind == "oxigraph":
        # the last operation of the update request fails, after the drops and inserts ran
        real = Change.sparql
        monkeypatch.setattr(Change, "sparql", lambda self: real(self) + " ;\nDROP GRAPH <urn:missing>")
        error = RuntimeError
    else:
        real_commit = store_mod._RdflibBackend.commit

        def commit(self, change):
            bad = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"), ox.DefaultGraph())
            change.insert.append(bad)             # the last insert raises inside the commit
            return real_commit(self, change)
        monkeypatch.setattr(store_mod._RdflibBackend, "commit", commit)
        error = AttributeError
    with pytest.raises(error):
        new_store.add([SEEDS / "shanghai-fuel-cell-alliance-2023.txt"], extractor=cached)
    with pytest.raises(error):
        new_store.remove("shanghai-nev-plan-2025")
    assert (public_quads(new_store), len(new_store)) == before


def _consistent(kg) -> None:
    """Every stored entity is mentioned by a stored document and has one class and label."""
    docs = {d.iri for d in kg.documents()}
    for row in kg.query(f"""SELECT ?e (COUNT(DISTINCT ?c) AS ?nc) (COUNT(DISTINCT ?l) AS ?nl)
            WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e a ?c ; rdfs:label ?l }} }} GROUP BY ?e"""):
        assert int(row.nc) == 1 and int(row.nl) == 1, row.e
        mentioned = {str(r.d) for r in kg.query("SELECT ?d WHERE { ?e h2kg:mentionedIn ?d }", e=row.e)}
        assert mentioned & docs, f"{row.e} is mentioned by no document"
    for d in docs:       # each document graph is whole: the document and its evidence
        assert kg.query(f"ASK {{ GRAPH <{d}> {{ <{d}> h2kg:contentHash ?h }} }}").ask


def test_sigkill_in_the_middle_of_an_add_leaves_whole_documents(tmp_path):
    store = tmp_path / "store"
    articles = seed_copy(tmp_path)
    for p in sorted((CORPUS / "articles").glob("*.txt"))[:4]:
        shutil.copy(p, articles)
    inputs = [articles]
    total = len(list(articles.iterdir()))
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "add", *map(str, inputs), "--store", str(store),
                             "--batch-size", "1", "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    added = 0
    for line in proc.stdout:
        added += line.startswith("added")
        if added == 2:                 # somewhere inside the next document
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with open_store(store) as kg:          # the kernel dropped the lock; RocksDB recovers
        n = len(kg.documents())
        assert 2 <= n < total
        _consistent(kg)
    # finishing the job gives what an uninterrupted run gives
    assert run_h2kg("add", *inputs, "--store", store, "-q").returncode == 0
    assert run_h2kg("add", *inputs, "--store", tmp_path / "reference", "-q").returncode == 0
    with open_store(store, read_only=True) as kg, open_store(tmp_path / "reference", read_only=True) as ref:
        assert len(kg.documents()) == total
        _consistent(kg)
        assert public_quads(kg) == public_quads(ref)


def test_sigkill_in_the_middle_of_a_build_leaves_the_previous_store_and_files(tmp_path, seed_build):
    out = tmp_path / "out"
    shutil.copytree(seed_build.out_dir, out)
    before = {p.name: p.read_bytes() for p in out.glob("graph.*")}
    # two workers: processes the build forked must not outlive it holding the store's lock
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(CORPUS / "articles"), "-o", str(out),
                             "--no-views", "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)
    deadline = time.time() + 60
    while not list(out.glob(".store-build-*")) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {p.name: p.read_bytes() for p in out.glob("graph.*")} == before
    with open_store(out / "store", read_only=True) as kg:
        assert sorted(d.id for d in kg.documents()) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    # the next build cleans up what the killed one left
    assert run_h2kg("build", SEEDS / "shanghai-nev-plan-2025.txt", "-o", out, "--no-views", "-q").returncode == 0
    assert not list(out.glob(".store-build-*"))


# --- one writer at a time ------------------------------------------------------------

def test_a_second_writer_is_stopped_with_a_clear_message(tmp_path, cached):
    with open_store(tmp_path / "store") as kg:
        kg.add([SEEDS / "shanghai-nev-plan-2025.txt"], extractor=cached)
        with pytest.raises(StoreLocked, match="in use"):
            open_store(tmp_path / "store")
        out = run_h2kg("add", SEEDS, "--store", tmp_path / "store")
        assert out.returncode == 3
        assert "is in use (pid" in out.stderr and "one writer" in out.stderr
        q = run_h2kg("query", "ASK { ?s ?p ?o }", "--store", tmp_path / "store")
        assert q.returncode == 3                                  # no reading half-written data
    # readers share; a writer waits for them
    with open_store(tmp_path / "store", read_only=True) as r1, open_store(tmp_path / "store", read_only=True):
        assert len(r1.documents()) == 1
        with pytest.raises(StoreLocked):
            open_store(tmp_path / "store")
    with open_store(tmp_path / "store") as kg:                     # free again
        assert kg.remove("shanghai-nev-plan-2025")


def test_reading_a_store_that_does_not_exist_says_so(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "nothing", read_only=True)
    out = run_h2kg("query", "ASK { ?s ?p ?o }", "--store", tmp_path / "nothing")
    assert out.returncode == 2 and "no store at" in out.stderr


def test_the_rdflib_api_works_on_the_oxigraph_store(tmp_path, cached):
    from rdflib import RDFS, URIRef
    with open_store(tmp_path / "store") as kg:
        kg.add([SEEDS / "shanghai-fuel-cell-alliance-2023.txt"], extractor=cached)
        ds = kg.dataset()
        assert ds.value(URIRef(SGIC), RDFS.label) is not None
        rows = ds.query("SELECT ?o WHERE { ?a h2kg:foundedBy ?o }")
        assert URIRef(SGIC) in {r.o for r in rows}


# --- a SPARQL 1.1 server ------------------------------------------------------------

@pytest.fixture
def oxigraph_server(tmp_path):
    exe = shutil.which("oxigraph") or os.path.join(os.path.dirname(sys.executable), "oxigraph")
    if not os.path.exists(exe):
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    port = free_port()
    try:
        proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "server-data"),
                                 "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        pytest.skip(f"the `oxigraph` server could not start: {exc}")
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/query?query=ASK%7B%7D", proc)
    yield url
    proc.terminate()
    proc.wait(10)


def test_the_same_cycle_against_an_oxigraph_server(oxigraph_server, tmp_path, cached):
    """add, add again, change, query, remove, export: the server ends up holding exactly
    what the embedded store holds after the same steps."""
    articles = seed_copy(tmp_path)
    results = {}
    for where in (oxigraph_server, tmp_path / "embedded"):
        with open_store(where) as kg:
            assert kg.add([articles], extractor=cached).added
            again = kg.add([articles], extractor=cached)
            assert not again.changed and len(again.unchanged) == 3
            rows = kg.query_named("members-of", alliance=SFC_ALLIANCE.lower())
            assert ("founder", SGIC) in {(str(r.role), str(r.org)) for r in rows}
            assert kg.remove("no-such-article") is None
            assert kg.remove(str(articles / "chongqing-hydrogen-alliance-2026.txt"))     # by source path
            assert "https://w3id.org/h2kg/id/company/guohong-hydrogen-energy" not in entity_iris(kg)
            kg.export("trig", tmp_path / f"{kg.kind}.trig")
            results[kg.kind] = public_quads(kg)
    assert results["sparql"] == results["oxigraph"]
    assert (tmp_path / "sparql.trig").read_bytes() == (tmp_path / "oxigraph.trig").read_bytes()
    out = run_h2kg("query", "--name", "guided-by", "--store", oxigraph_server, "--format", "csv")
    assert out.returncode == 0 and "Shanghai Municipal Commission" in out.stdout
