"""Property-based tests: random text and random names, through every stage.

Whatever the article says and whatever its names are, ingest makes a Document, the
extractor makes an Extraction, IRIs are valid, the store serialises to Turtle, TriG and
N-Quads that parse back to the same strings, and the HTML views show every string escaped.
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg import iri as iri_
from kg.export import nquads_bytes, trig_bytes, turtle_bytes
from kg.extract.entities import QUOTES
from kg.ingest import _INVISIBLE, decode, make_document, read_document
from kg.records import CLASSES, Document, Entity, Evidence, Extraction, InputError, Mention, Relation
from kg.resolve import Resolver
from kg.store import GraphStore, _OxigraphBackend, open_store
from kg.views import _clean, write_views

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VIEWS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that break naive HTML, JavaScript, Turtle, SPARQL or terminals when pasted raw.
HOSTILE_PIECES = ["<", ">", "&", '"', "'", "`", "\\", "</script>", "<script>alert(1)</script>",
                  "<img src=x onerror=alert(1)>", "<!--", "]]>", "${x}", "{{x}}", '"""', "\\u0041",
                  "\u202e", "\u200f", "\u2066", "\ufeff", "\u2028", "\x00", "\x1b[31m", "\n", "\t",
                  "🚀", "上海", "שלום", "e\u0301", "#", "%41", "?q=1", " . ", " ; ", "@prefix",
                  "N" * 300]
hostile_names = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(HOSTILE_PIECES)),
                         min_size=1, max_size=6).map("".join).filter(lambda s: s.strip())
# names that are markup if written raw into a page
TAGS = ["<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
        "<!-- x -->", '"><svg onload=alert(4)>']
tagged_names = st.tuples(hostile_names, st.sampled_from(TAGS), st.text(max_size=8)).map("".join)
any_names = st.one_of(st.text(min_size=1, max_size=40), hostile_names)
articles = st.one_of(st.text(max_size=1500),
                     st.lists(st.one_of(st.text(max_size=80), st.sampled_from(HOSTILE_PIECES)),
                              max_size=30).map("".join))
short_articles = st.one_of(st.text(max_size=300),
                           st.lists(st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_PIECES)),
                                    max_size=8).map("".join))


@pytest.fixture(scope="module")
def extractor():
    """The language model, loaded once for this module."""
    from kg.extract import Extractor
    return Extractor()


# ---------------------------------------------------------------------------
# Ingest
# ---------------------------------------------------------------------------

@FAST
@given(text=articles, markdown=st.booleans())
def test_any_text_makes_a_document(text, markdown):
    doc = make_document(text, doc_id="p", source="p.txt", markdown=markdown)
    assert doc.text == doc.title or doc.text.startswith(doc.title + "\n\n")
    assert "\n" not in doc.title and "\r" not in doc.text
    assert not _INVISIBLE.search(doc.text)
    doc.text.encode("utf-8")             # no lone surrogates


@FAST
@given(data=st.binary(max_size=3000))
def test_any_bytes_decode_or_give_a_one_line_reason(data):
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(text, str) and encoding
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "any.txt"
        p.write_bytes(data)
        result = read_document(p)
        assert isinstance(result, (Document, InputError))
        if isinstance(result, InputError):
            assert result.reason and "\n" not in result.reason


# ---------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------

@FAST
@given(name=any_names, cls=st.sampled_from(CLASSES))
def test_any_name_mints_a_valid_stable_iri(name, cls):
    iri = iri_.entity_iri(cls, name)
    assert re.fullmatch(r"https://w3id\.org/h2kg/id/[a-z-]+/[a-z0-9]+(-[a-z0-9]+)*", iri)
    assert len(iri) < 150 and iri == iri_.entity_iri(cls, name)
    ox.NamedNode(iri)                                    # a valid IRI for Oxigraph
    assert URIRef(iri).n3() == f"<{iri}>"
    doc = iri_.resource_iri("document", name)
    ox.NamedNode(doc)


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------

def _unquoted(text: str) -> list[str]:
    return re.sub(f"[{QUOTES}]", "", text).split()


@SLOW
@given(title=any_names, a=any_names, b=any_names, place=any_names, noise=short_articles)
@example(title="0", a="0", b="0", place="00('Å", noise="")      # a quote inside a name
def test_any_article_goes_through_the_extractor(extractor, title, a, b, place, noise):
    text = (f"{title}\n\n{a} joined the {b} Hydrogen Alliance in {place} on Monday. {noise}\n"
            f"The {b} Hydrogen Alliance was founded by {a} and {place} Energy Co., Ltd. in 2023.")
    doc = make_document(text, doc_id="p", source="p.txt")
    ex = extractor.extract(doc)
    for e in ex.entities.values():
        assert e.cls in CLASSES and e.label.strip()
        for m in e.mentions:      # the span, up to its whitespace and the quote marks names drop
            assert _unquoted(doc.text[m.start:m.end]) == _unquoted(m.text)
    for r in ex.relations:
        assert r.subj in ex.entities and r.obj in ex.entities
        assert 0 <= r.evidence.start <= r.evidence.end <= len(doc.text)
        assert r.evidence.sentence.strip() in doc.text


# ---------------------------------------------------------------------------
# Store and serialisation
# ---------------------------------------------------------------------------

def extraction_of(names: list[str], title: str, source: str) -> Extraction:
    """A hand-made extraction whose entities, aliases, title, source and evidence all carry
    the given names."""
    text = f"{title}\n\n" + " ".join(f"{n} joined." for n in names)
    doc = Document(id=iri_.slug(source), source=source, title=title, text=text, content_hash="h" + source)
    entities, relations = {}, []
    for i, n in enumerate(names):
        cls = CLASSES[i % len(CLASSES)] if i else "Alliance"
        entities[f"e{i}"] = Entity(key=f"e{i}", cls=cls, label=n, aliases={n + " alias", f"«{n}»"},
                                   mentions=[Mention(n, 0, len(n), cls, "rule:test")])
        if i:
            relations.append(Relation(f"e{i}", "memberOf", "e0",
                                      Evidence(doc.id, f"{n} joined {names[0]}.", 0, len(n), f"rule:{n}")))
    return Extraction(document=doc, entities=entities, relations=relations)


def stores():
    yield open_store("memory")                                   # rdflib
    yield GraphStore(_OxigraphBackend(None), "oxigraph-memory")  # what builds use, in memory


def literals_of(g) -> set[str]:
    return {str(o) for o in g.objects() if isinstance(o, Literal)}


LONG_HOSTILE = "N" * 10_000 + ' "q" <a> \\ \t 🚀 上海 \u200f\u202e \x1b end'


@SLOW
@given(names=st.lists(hostile_names, min_size=1, max_size=5, unique=True), title=hostile_names,
       source=hostile_names)
@example(names=[LONG_HOSTILE, "Kestrel"], title=LONG_HOSTILE, source=LONG_HOSTILE + ".txt")
def test_a_store_of_any_names_serialises_to_rdf_that_parses_back(names, title, source):
    for store in stores():
        ex = Resolver().resolve(extraction_of(names, title, source))
        store.put_extraction(ex)
        quads = list(store.quads())
        ttl = Graph().parse(data=turtle_bytes(quads), format="turtle")
        ds = Dataset()
        ds.parse(data=trig_bytes(quads), format="trig")
        nq = list(ox.parse(nquads_bytes(quads), format=ox.RdfFormat.N_QUADS))
        assert len(nq) == len(set(quads))
        assert {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))} == set(ttl)
        found = literals_of(ttl)
        assert {title, source} <= found                         # exactly as given, escaped on the way
        labels = {str(o) for o in ttl.objects(None, RDFS.label)} | \
                 {str(o) for o in ttl.objects(None, SKOS.altLabel)}
        for n in names:
            assert n in labels or f"«{n}»" in labels, n
        store.close()


# ---------------------------------------------------------------------------
# HTML views
# ---------------------------------------------------------------------------

def data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="h2kg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


@VIEWS
@given(names=st.lists(tagged_names, min_size=1, max_size=5, unique=True), title=tagged_names)
def test_views_of_any_names_show_them_escaped(names, title):
    markup = [*names, title]
    store = open_store("memory")
    store.put_extraction(Resolver().resolve(extraction_of(names, title, "views.txt")))
    g = Graph()
    for q in store.quads():
        g.add((URIRef(q.subject.value), URIRef(q.predicate.value),
               Literal(q.object.value) if isinstance(q.object, ox.Literal) else URIRef(q.object.value)))
    with tempfile.TemporaryDirectory() as d:
        pages = {name: path.read_text(encoding="utf-8") for name, path in write_views(g, Path(d)).items()}
    for name, page in pages.items():
        for s in markup:
            assert s not in page, (name, s)
            assert not any(tag in page for tag in TAGS if tag in s), (name, s)
        # only the views' own script elements, each closed once
        opens = re.findall(r"^<script\b[^>]*>", page, re.I | re.M)
        assert len(opens) == (1 if name == "index" else 4), name
    # and the data the page's script reads are the names themselves (control characters aside)
    labels = {n["label"] for n in data_of(pages["graph"])["nodes"]}
    assert labels >= {_clean(n) for n in names if _clean(n).strip()}


@FAST
@example("Saishang and saishang-x Saishang_y (Saishang)", "Saishang", False)
@example("the Provincial Commission and the provincial commission", "provincial commission", True)
@example("İstanbul energy agency, istanbul energy agency", "istanbul energy agency", True)
@given(st.text(alphabet="aAbB -_(é1İ", max_size=40), st.text(alphabet="aAbB é1", min_size=1, max_size=4),
       st.booleans())
def test_a_name_is_found_again_where_the_whole_word_pattern_finds_it(text, name, ignore_case):
    """The search for an entity's other mentions finds what ``re.finditer`` over
    ``(?<![\\w-])NAME(?![\\w-])`` finds, in any text (it only skips compiling a pattern)."""
    from kg.extract.entities import _occurrences
    name = name.lower() if ignore_case else name
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I if ignore_case else 0)
    assert list(_occurrences(text, name, ignore_case)) == [m.span() for m in pattern.finditer(text)]
