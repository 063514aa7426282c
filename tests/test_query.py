"""Queries as analysts run them: each canned query's answer on the seeds, parameters that
cannot change a query, the command line's formats and errors, the read-only endpoint."""
import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from conftest import ROOT, SEEDS
from storekit import SFC_ALLIANCE, SGIC, cached, run_h2kg, wait_http  # noqa: F401

from kg.query import bind_params, canned_queries, split_order, term_order_key
from kg.store import QuerySyntaxError, open_store, to_rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"

CANNED = sorted(canned_queries())


@pytest.fixture(scope="module")
def seeds(seed_build):
    """The store `h2kg build seeds` made, opened read-only."""
    with open_store(seed_build.files["store"], read_only=True) as kg:
        yield kg


@pytest.fixture(scope="module")
def seeds_in_memory(cached):
    with open_store("memory") as kg:
        kg.add([SEEDS], extractor=cached)
        yield kg


def rows(result, *cols):
    return {tuple(str(r[c]) for c in cols) for r in result}


# --- the canned queries on the seeds -------------------------------------------------

def test_members_of_an_alliance_with_founders_marked(seeds):
    r = seeds.query_named("members-of", alliance=SFC_ALLIANCE)
    assert ("founder", SGIC) in rows(r, "role", "org")
    assert {"founder"} <= {str(x.role) for x in r}
    # by an alias, in any case
    alias = seeds.query_named("members-of", alliance="shanghai fuel cell innovation alliance")
    assert rows(alias, "role", "org") == rows(r, "role", "org")


def test_alliances_of_an_organisation(seeds):
    r = seeds.query_named("alliances-of", org="SGIC")
    assert (SFC_ALLIANCE, "founder") in rows(r, "allianceLabel", "role")


@pytest.mark.parametrize("name, param, label", [
    ("members-of", "alliance", SFC_ALLIANCE), ("alliances-of", "org", "SGIC"),
    ("shared-alliances", "org", "SGIC")])
def test_a_name_as_stored_in_another_case_or_an_iri_finds_the_same_rows(seeds, name, param, label):
    """The fast path (the name as stored) and the slow ones (any case, an IRI) agree."""
    iri = next(iter(seeds.query("SELECT ?e WHERE { ?e rdfs:label ?l }", l=label))).e
    as_stored = sorted(tuple(r) for r in seeds.query_named(name, **{param: label}))
    assert as_stored
    for other in (label.lower(), label.upper(), URIRef(str(iri)), str(iri)):
        assert sorted(tuple(r) for r in seeds.query_named(name, **{param: other})) == as_stored, other


def test_government_bodies_guiding_alliances(seeds):
    r = seeds.query_named("guided-by")
    assert (SFC_ALLIANCE, "Shanghai Municipal Commission of Economy and Informatization") in \
        rows(r, "allianceLabel", "bodyLabel")


def test_plans_with_their_targets(seeds):
    r = seeds.query_named("plans-targets")
    found = {(float(x.value), str(x.unit), str(x.year)) for x in r}
    assert (1200000.0, "vehicles", "2025") in found
    assert "Shanghai Municipal Government" in {str(x.issuers) for x in r}


def test_people_with_their_posts(seeds):
    r = seeds.query_named("people-posts")
    assert ("Ju Xinjue", "Deputy Director") in rows(r, "personLabel", "role")
    assert ("Lin Qi", "Shanghai REFIRE Technology") in rows(r, "personLabel", "orgLabel")


def test_organisations_sharing_alliances(seeds):
    r = seeds.query_named("shared-alliances", org="sgic")      # any case
    shared = {str(x.otherLabel): int(x.shared) for x in r}
    assert shared["Shanghai REFIRE Technology"] >= 1 and "SGIC" not in shared
    assert {str(x.orgLabel) for x in r} == {"SGIC"}


def test_evidence_for_an_edge(seeds):
    r = list(seeds.query_named("evidence", subject="REFIRE", predicate="headquarteredIn", object="Shanghai"))
    assert r and "Headquartered in Shanghai" in str(r[0].sentence)
    assert str(r[0].rule) == "rule:headquartered-in"
    assert str(r[0].source).endswith("shanghai-fuel-cell-alliance-2023.txt")
    assert not list(seeds.query_named("evidence", subject="Shanghai", predicate="headquarteredIn",
                                      object="REFIRE"))      # direction matters ...
    partners = seeds.query("SELECT ?a ?b WHERE { ?a h2kg:partnerOf ?b } LIMIT 1")
    a, b = next(iter(partners))
    there = seeds.query_named("evidence", subject=str(a), predicate="partnerOf", object=str(b))
    back = seeds.query_named("evidence", subject=str(b), predicate="partnerOf", object=str(a))
    assert len(there) == len(back) > 0                         # ... except for partnerOf


@pytest.mark.parametrize("name", CANNED)
def test_every_canned_query_answers_the_same_on_oxigraph_and_in_memory(name, seeds, seeds_in_memory):
    q = canned_queries()[name]
    params = {"alliance": SFC_ALLIANCE, "org": "SGIC", "subject": "REFIRE",
              "predicate": "headquarteredIn", "object": "Shanghai"}
    params = {k: v for k, v in params.items() if k in q.params}
    ox_rows = [tuple(r) for r in seeds.query_named(name, **params)]
    mem_rows = [tuple(r) for r in seeds_in_memory.query_named(name, **params)]
    assert ox_rows, f"{name} found nothing on the seeds"
    if name == "shared-alliances":   # GROUP_CONCAT order is the engine's own
        ox_rows, mem_rows = [r[:3] for r in ox_rows], [r[:3] for r in mem_rows]
    assert sorted(ox_rows) == sorted(mem_rows)


@pytest.mark.parametrize("name", CANNED)
def test_canned_rows_come_in_the_order_their_order_by_gives(name, seeds):
    """The store sorts a query's final ORDER BY itself (faster than Oxigraph does): the
    order is the one Oxigraph gives for the full query text."""
    q = canned_queries()[name]
    params = {"alliance": SFC_ALLIANCE, "org": "SGIC", "subject": "REFIRE",
              "predicate": "headquarteredIn", "object": "Shanghai"}
    params = {k: v for k, v in params.items() if k in q.params}
    text, order = split_order(bind_params(q.text, params))
    assert order, f"{name} has no ORDER BY of variables"
    ours = seeds.query_named(name, **params)
    _, names, theirs = seeds._backend.query(bind_params(q.text, params))   # Oxigraph's ORDER BY
    keys = [names.index(var) for var, _ in order]
    assert [[term_order_key(r[k]) for k in keys] for r in ours.raw_rows] == \
        [[term_order_key(r[k]) for k in keys] for r in theirs]
    assert sorted(map(str, ours.raw_rows)) == sorted(map(str, theirs))


def test_order_by_numbers_text_iris_and_unbound_descending_too(tmp_path):
    """Numbers sort by value, unbound first, then blank nodes, IRIs and literals (SPARQL
    1.1, 15.1), DESC reverses, later keys break ties; a query ending in LIMIT is left to
    Oxigraph."""
    values = [ox.Literal("10", datatype=ox.NamedNode(XSD + "integer")),
              ox.Literal("9", datatype=ox.NamedNode(XSD + "integer")),
              ox.Literal("9.5", datatype=ox.NamedNode(XSD + "decimal")),
              ox.Literal("b"), ox.Literal("B"), ox.NamedNode("https://e.x/z")]
    with open_store(tmp_path / "store") as kg:
        kg._backend.store.extend(
            ox.Quad(ox.NamedNode(f"https://e.x/{i}"), ox.NamedNode("https://e.x/v"), v, ox.NamedNode("https://e.x/g"))
            for i, v in enumerate(values))
        base = "SELECT ?s ?v ?w WHERE { ?s <https://e.x/v> ?v OPTIONAL { ?s <https://e.x/none> ?w } }"
        for order in ("ORDER BY ?v", "ORDER BY DESC(?v)", "order by ?w desc(?v) ?s", "ORDER BY ASC(?v)"):
            assert split_order(f"{base}\n{order}\n")[1]
            ours = [tuple(r) for r in kg.query(f"{base} {order}")]
            _, _, theirs = kg._backend.query(f"{base} {order}")
            assert ours == [tuple(to_rdflib(t) for t in r) for r in theirs], order
        assert [str(r.v) for r in kg.query(f"{base} ORDER BY ?v")] == \
            ["https://e.x/z", "9", "9.5", "10", "B", "b"]
        assert split_order(f"{base} ORDER BY ?v LIMIT 2") == (f"{base} ORDER BY ?v LIMIT 2", [])
        assert [str(r.v) for r in kg.query(f"{base} ORDER BY DESC(?v) LIMIT 2")] == ["b", "B"]
        hidden = "SELECT ?s WHERE { ?s <https://e.x/v> ?v } ORDER BY DESC(?v)"     # ?v not returned
        assert [str(r.s)[-1] for r in kg.query(hidden)] == ["3", "4", "0", "2", "1", "5"]


def test_a_canned_query_says_which_parameters_it_needs(seeds):
    with pytest.raises(ValueError, match="--param alliance="):
        seeds.query_named("members-of")
    with pytest.raises(ValueError, match="no parameter"):
        seeds.query_named("guided-by", alliance="x")
    with pytest.raises(ValueError, match="no canned query"):
        seeds.query_named("nope")


# --- parameters ----------------------------------------------------------------------

HOSTILE = 'x" ) } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("1'


def test_parameters_are_bound_as_escaped_terms_not_pasted(seeds):
    text = bind_params("SELECT ?n WHERE { ?e rdfs:label ?n FILTER(?n = ?name) }", {"name": HOSTILE})
    assert text == ('SELECT ?n WHERE { ?e rdfs:label ?n FILTER(?n = '
                    '"x\\" ) } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER(\\"1") }')
    assert list(seeds.query("SELECT ?e WHERE { ?e rdfs:label ?name }", name=HOSTILE)) == []
    assert list(seeds.query_named("members-of", alliance=HOSTILE)) == []
    assert len(seeds.documents()) == 3


def test_parameters_bind_iris_numbers_and_text_with_quotes(seeds):
    r = seeds.query("SELECT ?l WHERE { ?e rdfs:label ?l }", e=URIRef(SGIC))
    assert [str(x.l) for x in r] == ["SGIC"]
    r = seeds.query("SELECT ?e WHERE { ?e h2kg:memberCount ?n }", n=45)
    assert len(r) == 1
    assert bind_params("ASK { ?s ?p ?o }", {"o": 'say "hi"\nthere'}).count('"say \\"hi\\"\\nthere"') == 1
    with pytest.raises(ValueError, match="not a variable"):
        bind_params("ASK { ?s ?p ?o }", {"o; DROP": 1})
    with pytest.raises(ValueError, match="IRI"):
        seeds.query("ASK { ?s ?p ?o }", o="<http://x> } ; DROP ALL ; <x>")


def test_parameters_replace_variables_only_not_strings_iris_or_comments():
    q = 'PREFIX a: <http://a/x#?x> SELECT ?x ?y WHERE { ?y a:p ?x . FILTER(?y != "?x") } # ?x'
    assert bind_params(q, {"x": 1}) == (
        'PREFIX a: <http://a/x#?x> SELECT ("1"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?x) ?y '
        'WHERE { ?y a:p "1"^^<http://www.w3.org/2001/XMLSchema#integer> . FILTER(?y != "?x") } # ?x')
    assert bind_params("CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }", {"x": URIRef(SGIC)}) == \
        f"CONSTRUCT {{ ?s ?p <{SGIC}> }} WHERE {{ ?s ?p <{SGIC}> }}"
    with pytest.raises(ValueError, match="assigned in the query"):
        bind_params("SELECT * WHERE { BIND(1 AS ?x) }", {"x": 2})


def test_a_query_that_does_not_parse_gives_the_parsers_message(seeds, seeds_in_memory):
    for kg in (seeds, seeds_in_memory):
        with pytest.raises(QuerySyntaxError):
            kg.query("SELECT ?x WHERE { ?x a }")


def test_results_as_rows_and_python_values(seeds):
    r = seeds.query("SELECT ?a ?n WHERE { ?a h2kg:memberCount ?n } ORDER BY ?n")
    assert r.vars == ["a", "n"] and len(r) == 2
    first = next(iter(r))
    assert first.n == first["n"] == first[1] and int(first.n) == 11
    assert r.to_python()[0]["n"] == 11
    assert seeds.query("ASK { ?a a h2kg:Alliance }").ask is True


# --- the command line ----------------------------------------------------------------

def test_query_command_formats(seed_build):
    store = seed_build.files["store"]
    q = "SELECT ?a ?n WHERE { ?a h2kg:memberCount ?n } ORDER BY ?n"
    table = run_h2kg("query", q, "--store", store)
    assert table.returncode == 0 and "(2 rows)" in table.stdout and "h2kgr:alliance/" in table.stdout
    out = run_h2kg("query", q, "--store", store, "--format", "csv")
    assert list(csv.reader(io.StringIO(out.stdout)))[1][1] == "11"
    out = run_h2kg("query", q, "--store", store, "--format", "json")
    data = json.loads(out.stdout)
    assert data["head"]["vars"] == ["a", "n"]
    assert data["results"]["bindings"][0]["n"] == {
        "type": "literal", "value": "11", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    out = run_h2kg("query", q, "--store", store, "--format", "tsv")
    assert out.stdout.splitlines()[0] == "?a\t?n" and "<https://w3id.org/h2kg/id/alliance/" in out.stdout
    named = run_h2kg("query", "--name", "members-of", "--param", f"alliance={SFC_ALLIANCE}", "--store", store,
                     "--format", "csv")
    assert named.returncode == 0 and f"{SFC_ALLIANCE},founder,SGIC," in named.stdout
    (seed_build.out_dir / "q.rq").write_text("SELECT ?l WHERE { ?a a h2kg:Alliance ; rdfs:label ?l }")
    from_file = run_h2kg("query", "--file", seed_build.out_dir / "q.rq", "--store", store, "--format", "csv")
    assert SFC_ALLIANCE in from_file.stdout


def test_query_command_errors_exit_2_with_the_parsers_message(seed_build):
    store = seed_build.files["store"]
    bad = run_h2kg("query", "SELECT ?x WHERE { ?x a", "--store", store)
    assert bad.returncode == 2 and "does not parse" in bad.stderr and "error at 1:" in bad.stderr
    missing = run_h2kg("query", "--name", "members-of", "--store", store)
    assert missing.returncode == 2 and "--param alliance=" in missing.stderr
    assert run_h2kg("query", "--store", store).returncode == 2


# --- the read-only endpoint ----------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint(seed_build):
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(seed_build.files["store"]),
                             "--port", "0", "--timeout", "1.5", "--max-rows", "50"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    if "serving" not in line:
        proc.kill()
        pytest.fail(f"serve did not start: {line} {proc.stderr.read()[:500]}")
    url = line.split(" at ")[1].split()[0]
    wait_http(url.rsplit("/", 1)[0] + "/", proc)
    yield url
    proc.terminate()
    proc.wait(10)


def http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read().decode()


def test_endpoint_answers_sparql_protocol_queries(endpoint):
    q = f'SELECT ?o WHERE {{ ?a rdfs:label "{SFC_ALLIANCE}" ; h2kg:foundedBy ?o }}'
    status, ctype, body = http(endpoint + "?" + urllib.parse.urlencode({"query": q}))
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert SGIC in {b["o"]["value"] for b in json.loads(body)["results"]["bindings"]}
    status, ctype, body = http(endpoint, data=q.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and SGIC in body
    status, _, body = http(endpoint, data=urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/sparql-results+xml"})
    assert status == 200 and "<boolean>true</boolean>" in body
    status, ctype, body = http(endpoint + "?" + urllib.parse.urlencode(
        {"query": f"CONSTRUCT WHERE {{ <{SGIC}> ?p ?o }}"}), headers={"Accept": "application/n-triples"})
    assert status == 200 and f"<{SGIC}>" in body


def test_endpoint_refuses_updates(endpoint, seed_build):
    update = "DELETE WHERE { ?s ?p ?o }"
    base = endpoint.rsplit("/", 1)[0]
    for url, data, ctype in [
        (base + "/update", urllib.parse.urlencode({"update": update}), "application/x-www-form-urlencoded"),
        (endpoint, urllib.parse.urlencode({"update": update}), "application/x-www-form-urlencoded"),
        (endpoint, update, "application/sparql-update"),
    ]:
        status, _, body = http(url, data=data.encode(), headers={"Content-Type": ctype})
        assert status == 403 and "read-only" in body
    status, _, _ = http(base + "/store?default", data=b"<a> <b> <c> .", method="PUT",
                        headers={"Content-Type": "text/turtle"})
    assert status == 405
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": update}))
    assert status == 400            # not a query
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}))
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 500   # all still there


def test_endpoint_limits_result_size_and_query_time(endpoint):
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o }"}))
    assert status == 400 and "more than 50 rows" in body
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.time()
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": slow}))
    assert status == 503 and "time limit" in body
    assert time.time() - started < 10
    status, _, _ = http(endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert status == 200                      # a fresh worker took over
