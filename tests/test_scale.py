"""Issue 9: corpus-scale builds. Articles stream from the files through worker processes
(model and rules both) into the store in batched transactions; entity resolution looks
names up by blocking keys instead of comparing every pair; the entity graph is updated
from what changed, not recomputed from every article."""
from __future__ import annotations

import itertools

import pytest

from storekit import SEEDS, cached, public_quads  # noqa: F401 (cached: a fixture)

from conftest import ROOT
from kg import resolve as resolve_mod
from kg.extract import Extractor
from kg.ingest import make_document, read_documents
from kg.records import Entity, Extraction
from kg.resolve import Resolver
from kg.store import open_store

CORPUS = ROOT / "tests" / "corpus" / "articles"


def _articles(n: int | None = None):
    docs = list(read_documents([SEEDS, CORPUS]))
    return docs[:n] if n else docs


# --- workers ------------------------------------------------------------------------

def test_two_workers_extract_what_one_extracts_in_the_same_order(extractor):
    docs = _articles(6)
    one = list(extractor.pipe(docs))
    two = list(Extractor(n_process=2, batch_size=2).pipe(docs))
    assert [e.document.id for e in two] == [d.id for d in docs]
    assert two == one


def test_an_article_a_worker_fails_on_is_reported_and_the_rest_come_back(monkeypatch):
    docs = _articles(5)
    real = Extractor.from_doc

    def from_doc(doc, document):
        if document.id == docs[2].id:
            raise IndexError("list index out of range")
        return real(doc, document)
    monkeypatch.setattr(Extractor, "from_doc", staticmethod(from_doc))   # forked workers inherit it
    failed = []
    out = list(Extractor(n_process=2, batch_size=2).pipe(docs, on_error=lambda d, e: failed.append((d.id, e))))
    assert [e.document.id for e in out] == [d.id for i, d in enumerate(docs) if i != 2]
    assert [(i, type(e), str(e)) for i, e in failed] == [(docs[2].id, IndexError, "list index out of range")]


def test_without_on_error_the_failure_propagates(extractor, monkeypatch):
    monkeypatch.setattr(Extractor, "from_doc", staticmethod(lambda doc, document: 1 / 0))
    with pytest.raises(ZeroDivisionError):
        list(extractor.pipe(_articles(1)))


@pytest.mark.parametrize("workers", [1, 2])
def test_articles_are_read_as_the_extractor_needs_them_not_all_at_once(workers):
    read = []

    def endless():
        for i in itertools.count():
            read.append(i)
            yield make_document(f"Article {i}\n\nThe Nordhavn Hydrogen Alliance met in Oslo.",
                                doc_id=f"a{i}", source=f"a{i}.txt")
    stream = Extractor(n_process=workers, batch_size=4).pipe(endless())
    first = next(stream)
    assert first.document.id == "a0"
    # a few chunks ahead at most: chunk being made + two per worker in flight
    assert len(read) <= 4 * (2 * workers + 1) + 1
    stream.close()


# --- resolution -------------------------------------------------------------------

def _extraction(i: int, *names: tuple[str, str]) -> Extraction:
    doc = make_document(f"Article {i}", doc_id=f"doc{i}", source=f"doc{i}.txt")
    ents = {f"e{k}": Entity(key=f"e{k}", cls=cls, label=label) for k, (cls, label) in enumerate(names)}
    return Extraction(document=doc, entities=ents)


def test_resolving_a_name_compares_it_with_a_few_candidates_however_many_are_known(monkeypatch):
    """Names that share common words ("Hydrogen", "Alliance") are not all compared."""
    calls = []
    real = resolve_mod.same_across_documents
    monkeypatch.setattr(resolve_mod, "same_across_documents",
                        lambda s, long, c: calls.append(1) or real(s, long, c))
    words = ["Amber", "Birch", "Cobalt", "Delta", "Ember", "Fjord", "Garnet", "Harbor", "Iris", "Juniper",
             "Kestrel", "Larch", "Maple", "Nimbus", "Onyx", "Pine", "Quartz", "Raven", "Sable", "Tundra"]
    names = [f"{a} {b} Hydrogen Alliance" for a, b in itertools.permutations(words, 2)]   # 380

    def comparisons(n: int) -> float:
        r = Resolver()
        for i, name in enumerate(names[:n]):
            r.resolve(_extraction(i, ("Alliance", name)))
        calls.clear()
        r.resolve(_extraction(n, ("Alliance", "Amber Birch Hydrogen Alliance Platform")))
        return len(calls)
    assert comparisons(380) <= comparisons(40) + 2


def test_spelling_variants_legal_forms_and_filler_words_still_join_across_articles():
    r = Resolver()
    first = r.resolve(_extraction(1, ("Company", "Kestrel Fuel Systems Co., Ltd."),
                                  ("Alliance", "Nordhavn Hydrogen Industry Alliance"),
                                  ("Alliance", "Zhejiang Hydrogen Ecosystem Innovation Alliance")))
    second = r.resolve(_extraction(2, ("Company", "Kestrel Fuel Systems"),
                                   ("Alliance", "Nordhavn Hydrogen Alliance"),
                                   ("Alliance", "Zhejiang Hydrogen Ecological Innovation Alliance")))
    assert [e.iri for e in second.entities.values()] == [e.iri for e in first.entities.values()]
    third = r.resolve(_extraction(3, ("Alliance", "Nordhavn Battery Alliance")))
    assert third.entities["e0"].iri not in {e.iri for e in first.entities.values()}


# --- batched writes and the entity graph -------------------------------------------------

def test_batches_of_any_size_store_the_same_graph(tmp_path, cached):
    stores = {}
    for size in (1, 5, 64):
        with open_store(tmp_path / f"b{size}") as kg:
            kg.add([SEEDS, CORPUS], extractor=cached, resolver=Resolver(), batch_size=size)
            stores[size] = public_quads(kg)
    assert stores[1] == stores[5] == stores[64]


def test_a_batch_is_written_while_the_next_is_extracted_and_in_order(tmp_path, cached, monkeypatch):
    """The store writes one batch in a thread of its own while the extractor goes on;
    each batch is written only once the one before it is stored, and callers hear of
    each document in the order of the inputs."""
    import threading

    from kg.store import GraphStore
    written, heard = [], []
    real = GraphStore.put_extractions

    def put(self, batch):
        written.append(([ex.document.id for ex in batch], threading.current_thread().name))
        return real(self, batch)
    monkeypatch.setattr(GraphStore, "put_extractions", put)
    order = [d.id for d in _articles()]
    with open_store(tmp_path / "s") as kg:
        kg.add([SEEDS, CORPUS], extractor=cached, batch_size=3,
               on_document=lambda status, doc: heard.append(doc))
        assert [doc for ids, _ in written for doc in ids] == order == heard
        assert all(name.startswith("h2kg-store-writer") for _, name in written)
        assert {str(d.id) for d in kg.documents()} >= set(order)


def test_a_failed_batch_stops_the_add_and_the_batches_before_it_stay_whole(tmp_path, cached, monkeypatch):
    from kg.store import GraphStore
    real, calls = GraphStore.put_extractions, []

    def put(self, batch):
        calls.append(len(batch))
        if len(calls) == 3:
            raise OSError("disk full")
        return real(self, batch)
    monkeypatch.setattr(GraphStore, "put_extractions", put)
    with open_store(tmp_path / "s") as kg:
        with pytest.raises(OSError, match="disk full"):
            kg.add([SEEDS, CORPUS], extractor=cached, batch_size=2)
        monkeypatch.setattr(GraphStore, "put_extractions", real)
        first_four = [d.id for d in _articles(4)]
        assert sorted(d.id for d in kg.documents()) == sorted(first_four)
    with open_store(tmp_path / "ref") as ref, open_store(tmp_path / "s") as kg:
        ref.add([SEEDS, CORPUS], extractor=cached, batch_size=2)
        kg.add([SEEDS, CORPUS], extractor=cached, batch_size=2)     # the rest is added on rerun
        assert public_quads(kg) == public_quads(ref)


def test_a_fuller_name_in_a_later_batch_becomes_the_label_and_the_old_one_an_alias(tmp_path, cached):
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text("Nordhavn alliance\n\nKestrel Fuel Systems joined the Nordhavn "
                                    "Hydrogen Alliance in Aarhus.")
    (articles / "b.txt").write_text("Kestrel grows\n\nKestrel Fuel Systems joined the Nordhavn Hydrogen "
                                    "Industry Alliance (NHIA) last year.")
    with open_store(tmp_path / "one-by-one") as kg, open_store(tmp_path / "together") as ref:
        kg.add([articles / "a.txt"], extractor=cached)
        kg.add([articles / "b.txt"], extractor=cached)
        ref.add([articles], extractor=cached, batch_size=10)
        assert public_quads(kg) == public_quads(ref)
        rows = {(str(r.l), str(r.a)) for r in kg.query(
            "SELECT ?l ?a WHERE { ?e a h2kg:Alliance ; rdfs:label ?l OPTIONAL { ?e skos:altLabel ?a } }")}
        assert rows == {("Nordhavn Hydrogen Industry Alliance", "Nordhavn Hydrogen Alliance"),
                        ("Nordhavn Hydrogen Industry Alliance", "NHIA")}
