"""Store: the only stage that speaks RDF, and the graph database analysts keep adding to.

Resolved :class:`~kg.records.Extraction` records become quads in a :class:`GraphStore`:

* one named graph per document, named by the document's IRI, holds the document itself,
  its ``h2kg:mentionedIn`` links, relations, attributes, posts, targets and the evidence
  record of each statement (docs/rdf-model.md);
* ``h2kgr:graph/entities`` holds what documents share: each entity's class, label and
  aliases. It is recomputed, for the entities a document touches, from what every
  remaining document says of them, so removing a document never deletes a fact another
  document still supports, and an entity no document mentions any more disappears;
* ``h2kgr:graph/names/{doc}`` (bookkeeping, left out of every export) records what each
  document says of each entity: its class, the label and the names it gives it. This is
  what the entity graph is recomputed from.

Each batch of documents added or replaced (32 by default), and each document removed, is
one transaction (one SPARQL Update request, which Oxigraph and SPARQL 1.1 servers apply
atomically): a crash leaves the store as it was before that batch, never with part of a
document.

Where the store lives (:func:`open_store`):

* a folder (default ``OUT/store``): Oxigraph on disk through pyoxigraph; a lock file
  beside it (``store.lock``) lets one writer, or any number of readers, in at a time;
* ``"memory"``: an rdflib in-memory Dataset, for tests and small jobs;
* ``http://...``: a SPARQL 1.1 server (Oxigraph server, Jena Fuseki, GraphDB, Virtuoso),
  written to with SPARQL Update and read with SPARQL queries and the Graph Store Protocol.

The Python API the command line is built on::

    from kg.store import open_store
    with open_store("out/store") as kg:
        kg.add(["seeds/"])                       # only new or changed articles
        for row in kg.query("SELECT ?l WHERE { ?a a h2kg:Alliance ; rdfs:label ?l }"):
            print(row.l)
        kg.query_named("members-of", alliance="Shanghai Fuel Cell Industry Innovation Alliance")
        kg.remove("shanghai-nev-plan-2025")      # id, source path or IRI
        kg.export("trig", "out/graph.trig")
        ds = kg.dataset()                        # the rdflib Dataset API over the same store
"""
from __future__ import annotations

import fcntl
import gc
import hashlib
import inspect
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDFS, XSD, Dataset, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from . import iri as iri_
from .records import Evidence, Extraction, InputError
from .resolve import Canonical, Resolver, norm

H2KG = Namespace(iri_.ONTOLOGY)
H2KGR = Namespace(iri_.RESOURCE)
#: Bookkeeping predicates of the names graphs (never exported).
H2KGS = Namespace("https://w3id.org/h2kg/store#")
ENTITY_GRAPH = URIRef(iri_.RESOURCE + "graph/entities")
NAMES_GRAPH_PREFIX = iri_.RESOURCE + "graph/names/"
DOCUMENT_PREFIX = iri_.RESOURCE + "document/"
#: Prefixes pre-bound in queries and used in Turtle / TriG output.
PREFIXES: dict[str, str] = {
    "h2kg": str(H2KG), "h2kgr": str(H2KGR), "rdf": str(RDF), "rdfs": str(RDFS),
    "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV), "xsd": str(XSD),
}


class StoreError(RuntimeError):
    """The store cannot do what was asked (missing, unreachable, refused an update)."""


class StoreLocked(StoreError):
    """Another process holds the store."""


class QuerySyntaxError(ValueError):
    """A query the parser rejects; the message is the parser's."""


# ---------------------------------------------------------------------------
# Terms
# ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _h(local: str) -> ox.NamedNode:
    return _nn(iri_.ONTOLOGY + local)


T_TYPE = _nn(str(RDF.type))
T_LABEL = _nn(str(RDFS.label))
T_ALT = _nn(str(SKOS.altLabel))
T_MENTIONED = _h("mentionedIn")
T_DOCUMENT = _h("Document")
T_HASH = _h("contentHash")
T_ENCODING = _h("encoding")
T_TITLE = _nn(str(DCTERMS.title))
T_SOURCE = _nn(str(DCTERMS.source))
T_DATE = _nn(str(DCTERMS.date))
S_CLASS = _nn(str(H2KGS["class"]))
S_LABEL = _nn(str(H2KGS.label))
S_NAME = _nn(str(H2KGS.name))
G_ENTITIES = _nn(str(ENTITY_GRAPH))
_XSD = {k: _nn(str(XSD) + k) for k in ("date", "gYear", "integer", "decimal", "string")}


def _lit(value, datatype: str | None = None) -> ox.Literal:
    if datatype is None:
        return ox.Literal(str(value))
    return ox.Literal(str(value), datatype=_XSD[datatype])


def _decimal(value: Decimal) -> ox.Literal:
    # the canonical form Oxigraph stores: 1200000, 0.8 (never 1.2E+6)
    return ox.Literal(format(value, "f"), datatype=_XSD["decimal"])


def document_iri(doc_id: str) -> URIRef:
    """``h2kgr:document/{slug}`` of a document id."""
    return URIRef(iri_.resource_iri("document", doc_id))


def names_graph(doc: str) -> str:
    """The bookkeeping graph of a document IRI."""
    return NAMES_GRAPH_PREFIX + str(doc)[len(DOCUMENT_PREFIX):]


def is_public_graph(graph) -> bool:
    """True for the graphs exports and views show (not the names bookkeeping)."""
    value = getattr(graph, "value", None)
    name = value if isinstance(value, str) else str(graph)
    return not name.startswith(NAMES_GRAPH_PREFIX)


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term of the same value (None stays None)."""
    from rdflib import BNode, Literal
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == str(XSD.string) else URIRef(dt))
    return URIRef(str(term))


def to_ox(term):
    """An rdflib term (or a plain Python value) as a pyoxigraph term."""
    from rdflib import BNode, Literal
    if term is None or isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    if isinstance(term, bool):
        return ox.Literal("true" if term else "false", datatype=_nn(str(XSD.boolean)))
    if isinstance(term, int):
        return _lit(term, "integer")
    if isinstance(term, float):
        return ox.Literal(repr(term), datatype=_nn(str(XSD.double)))
    if isinstance(term, Decimal):
        return _decimal(term)
    return ox.Literal(str(term))


# ---------------------------------------------------------------------------
# Extraction -> quads
# ---------------------------------------------------------------------------

def extraction_quads(ex: Extraction) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """One resolved document as (its named graph's quads, its names graph's quads)."""
    d = ex.document
    doc_iri = str(document_iri(d.id))
    doc = _nn(doc_iri)
    out: list[ox.Quad] = []

    def add(s, p, o):
        out.append(ox.Quad(s, p, o, doc))

    add(doc, T_TYPE, T_DOCUMENT)
    add(doc, T_TITLE, _lit(d.title))
    add(doc, T_SOURCE, _lit(d.source))
    add(doc, T_HASH, _lit(d.content_hash))
    add(doc, T_ENCODING, _lit(d.encoding))
    if d.date:
        add(doc, T_DATE, _lit(d.date, "date"))
    ents = {k: _nn(e.iri) for k, e in ex.entities.items() if e.iri}
    for e in ex.entities.values():
        if e.iri:
            add(_nn(e.iri), T_MENTIONED, doc)
    for key, description in sorted(ex.unnamed_plans.items()):
        plan = _nn(iri_.resource_iri("plan", f"unnamed {d.id} {key.rsplit('#', 1)[-1]}"))
        ents[key] = plan
        add(plan, T_TYPE, _h("UnnamedPlan"))
        add(plan, T_LABEL, _lit(description))
        add(plan, T_MENTIONED, doc)

    def evidence(s, p, o, ev: Evidence):
        key = hashlib.sha1(
            f"{doc_iri}|{_rdflib_str(s)}|{p.value}|{_rdflib_str(o)}|{ev.start}|{ev.rule}".encode()
        ).hexdigest()[:16]
        node = _nn(iri_.RESOURCE + f"evidence/{key}")
        add(node, T_TYPE, _h("Evidence"))
        add(node, T_TYPE, _nn(str(RDF.Statement)))
        add(node, _nn(str(RDF.subject)), s)
        add(node, _nn(str(RDF.predicate)), p)
        add(node, _nn(str(RDF.object)), o)
        add(node, _nn(str(PROV.wasDerivedFrom)), doc)
        add(node, _h("sentence"), _lit(ev.sentence))
        add(node, _h("startChar"), _lit(ev.start, "integer"))
        add(node, _h("endChar"), _lit(ev.end, "integer"))
        add(node, _h("extractor"), _lit(ev.rule))
        add(node, _h("confidence"), _decimal(Decimal(str(round(ev.confidence, 3)))))

    for r in ex.relations:
        if r.subj in ents and r.obj in ents:
            s, p, o = ents[r.subj], _h(r.pred), ents[r.obj]
            add(s, p, o)
            evidence(s, p, o, r.evidence)
    for a in ex.attributes:
        if a.subj in ents:
            lit = _lit(a.value, a.datatype)
            add(ents[a.subj], _h(a.pred), lit)
            evidence(ents[a.subj], _h(a.pred), lit, a.evidence)
    for p in ex.posts:
        if p.holder in ents and all(o in ents for o in p.orgs):
            slug_of = lambda n: n.value.split("/")[-1]  # noqa: E731
            post = _nn(iri_.resource_iri("post", " ".join([slug_of(ents[p.holder]),
                                                          *(slug_of(ents[o]) for o in p.orgs), p.role])))
            add(post, T_TYPE, _h("Post"))
            add(post, _h("holder"), ents[p.holder])
            for o in p.orgs:
                add(post, _h("postIn"), ents[o])
            add(post, _h("role"), _lit(p.role))
            evidence(post, _h("role"), _lit(p.role), p.evidence)
    for t in ex.targets:
        if t.plan not in ents:
            continue
        node = _nn(iri_.resource_iri("target", f"{d.id} {t.metric} {t.year} {t.value}"))
        add(ents[t.plan], _h("hasTarget"), node)
        add(node, T_TYPE, _h("Target"))
        add(node, _h("metric"), _lit(t.metric))
        add(node, _h("value"), _decimal(Decimal(str(t.value)).normalize()))
        add(node, _h("unit"), _lit(t.unit))
        add(node, _h("targetYear"), _lit(str(t.year), "gYear"))
        add(node, T_MENTIONED, doc)
        evidence(ents[t.plan], _h("hasTarget"), node, t.evidence)

    g = _nn(names_graph(doc_iri))
    names: list[ox.Quad] = []
    for e in ex.entities.values():
        if not e.iri:
            continue
        s = _nn(e.iri)
        names.append(ox.Quad(s, S_CLASS, _h(e.cls), g))
        names.append(ox.Quad(s, S_LABEL, _lit(e.label), g))
        for n in sorted(e.names()):
            names.append(ox.Quad(s, S_NAME, _lit(n), g))
    return _dedup(out), _dedup(names)


def _rdflib_str(term) -> str:
    # the evidence key hashes terms the way rdflib printed them (IRI or lexical form)
    return term.value


def _dedup(quads: list[ox.Quad]) -> list[ox.Quad]:
    seen, out = set(), []
    for q in quads:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


@dataclass
class _Support:
    """What the documents that mention one entity say of it."""
    classes: set = field(default_factory=set)
    labels: set = field(default_factory=set)
    names: set = field(default_factory=set)


def _label_key(n: str):
    return (len(n.split()), len(n), n)


def entity_facts(entity: ox.NamedNode, support: _Support) -> set[ox.Quad]:
    """The shared facts of one entity: class, the fullest label any document gives,
    every other name as an alias (names equal to the label after normalisation dropped)."""
    if not support.labels:
        return set()
    label = max(support.labels, key=_label_key)
    cls = sorted(c.value for c in support.classes)[0]
    facts = {ox.Quad(entity, T_TYPE, _nn(cls), G_ENTITIES),
             ox.Quad(entity, T_LABEL, _lit(label), G_ENTITIES)}
    for n in (support.names | support.labels) - {label}:
        if norm(n) != norm(label):
            facts.add(ox.Quad(entity, T_ALT, _lit(n), G_ENTITIES))
    return facts


# ---------------------------------------------------------------------------
# Backends: where the quads live
# ---------------------------------------------------------------------------

@dataclass
class Change:
    """One transaction: graphs dropped, then quads deleted, then quads inserted."""
    drop: list[ox.NamedNode] = field(default_factory=list)
    delete: list[ox.Quad] = field(default_factory=list)
    insert: list[ox.Quad] = field(default_factory=list)

    def sparql(self) -> str:
        """The change as one SPARQL 1.1 Update request."""
        ops = [f"DROP SILENT GRAPH {g}" for g in self.drop]
        for verb, quads in (("DELETE DATA", self.delete), ("INSERT DATA", self.insert)):
            if quads:
                ops.append(f"{verb} {{\n{_quad_block(quads)}}}")
        return " ;\n".join(ops)


def _quad_block(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = defaultdict(list)
    for q in quads:
        by_graph[str(q.graph_name)].append(f"{q.subject} {q.predicate} {q.object} .")
    return "".join(f" GRAPH {g} {{\n  " + "\n  ".join(lines) + "\n }\n"
                   for g, lines in by_graph.items())


class _Backend:
    kind = "?"
    read_only = False

    def query(self, sparql: str, *, union: bool = True):
        """(kind, vars, rows | bool | triples) with pyoxigraph terms."""
        raise NotImplementedError

    def commit(self, change: Change) -> None:
        raise NotImplementedError

    def quads(self) -> Iterator[ox.Quad]:
        raise NotImplementedError

    def match(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        """Quads matching a pattern (None matches anything; ``g`` a named graph)."""
        raise NotImplementedError

    def rdflib_dataset(self) -> Dataset:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _solutions(result) -> tuple[str, list[str], object]:
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return "select", names, [tuple(sol[v] for v in names) for sol in result]
    if isinstance(result, ox.QueryBoolean):
        return "ask", [], bool(result)
    return "graph", [], list(result)


class _OxigraphBackend(_Backend):
    """pyoxigraph on disk (or in memory when ``path`` is None)."""
    kind = "oxigraph"

    def __init__(self, path: Path | None, read_only: bool = False, private: bool = False):
        self.path = path
        self.read_only = read_only
        #: a store no one else sees until it is complete (a build's, swapped in at the end):
        #: changes are applied through the API rather than parsed SPARQL Update text
        self.private = private
        self._unflushed = 0
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(path))
            else:
                self.store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def query(self, sparql: str, *, union: bool = True):
        try:
            result = self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union)
            return _solutions(result)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None

    #: RocksDB keeps written quads in memory tables until they are flushed to disk: flushed
    #: every this many quads, a long build's memory stays flat (measured: 3,000 articles
    #: +515 MB unflushed, +105 MB flushed, same time).
    FLUSH_EVERY = 50_000

    def commit(self, change: Change) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")
        self._unflushed += len(change.insert)
        try:
            self._apply(change)
        finally:
            if self._unflushed >= self.FLUSH_EVERY and self.path is not None:
                self.store.flush()
                self._unflushed = 0

    def _apply(self, change: Change) -> None:
        if self.private:
            for g in change.drop:
                self.store.remove_graph(g)
            for q in change.delete:
                self.store.remove(q)
            self.store.extend(change.insert)
            return
        # One update request = one RocksDB transaction: all of it or none of it.
        self.store.update(change.sparql())

    def quads(self) -> Iterator[ox.Quad]:
        return self.store.quads_for_pattern(None, None, None, None)

    def match(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        return self.store.quads_for_pattern(s, p, o, g)

    def rdflib_dataset(self) -> Dataset:
        from oxrdflib import OxigraphStore
        ds = Dataset(store=OxigraphStore(store=self.store), default_union=True)
        for p, ns in PREFIXES.items():
            ds.bind(p, ns)
        return ds

    def close(self) -> None:
        if getattr(self, "store", None) is not None:
            try:
                if not self.read_only and self.path is not None:
                    self.store.flush()
            finally:
                self.store = None
                gc.collect()   # RocksDB closes when the last reference goes


class _RdflibBackend(_Backend):
    """rdflib's in-memory Dataset: slow, but plain Python, for tests and small jobs."""
    kind = "memory"

    def __init__(self):
        self.ds = new_dataset()

    def query(self, sparql: str, *, union: bool = True):
        from pyparsing import ParseException
        try:
            res = self.ds.query(sparql, initNs=PREFIXES)
        except ParseException as exc:
            raise QuerySyntaxError(str(exc)) from None
        except Exception as exc:  # rdflib reports unknown prefixes and the like this way
            if type(exc).__name__ in ("ParseException", "ParseSyntaxException"):
                raise QuerySyntaxError(str(exc)) from None
            raise
        if res.type == "SELECT":
            names = [str(v) for v in res.vars]
            return "select", names, [tuple(to_ox(row[i]) for i in range(len(names))) for row in res]
        if res.type == "ASK":
            return "ask", [], bool(res.askAnswer)
        return "graph", [], [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in res]

    def commit(self, change: Change) -> None:
        done: list[tuple[str, Graph, tuple]] = []
        try:
            for g in change.drop:
                ctx = self.ds.graph(URIRef(g.value))
                for t in list(ctx.triples((None, None, None))):
                    ctx.remove(t)
                    done.append(("removed", ctx, t))
            for q in change.delete:
                ctx, t = self._ctx_triple(q)
                if t in ctx:
                    ctx.remove(t)
                    done.append(("removed", ctx, t))
            for q in change.insert:
                ctx, t = self._ctx_triple(q)
                if t not in ctx:
                    ctx.add(t)
                    done.append(("added", ctx, t))
        except BaseException:
            for what, ctx, t in reversed(done):        # roll back
                (ctx.add if what == "removed" else ctx.remove)(t)
            raise
        for g in change.drop:
            ctx = self.ds.graph(URIRef(g.value))
            if len(ctx) == 0:
                self.ds.remove_graph(ctx)

    def _ctx_triple(self, q: ox.Quad):
        return (self.ds.graph(URIRef(q.graph_name.value)),
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))

    def quads(self) -> Iterator[ox.Quad]:
        for s, p, o, g in self.ds.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            graph = ox.DefaultGraph() if gid is None or str(gid).startswith("urn:x-rdflib:default") \
                else to_ox(URIRef(gid))
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)

    def match(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        ctx = self.ds.graph(URIRef(g.value)) if g is not None else None
        pattern = (to_rdflib(s), to_rdflib(p), to_rdflib(o))
        if ctx is not None:
            for t in ctx.triples(pattern):
                yield ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]), g)
            return
        for qs, qp, qo, qg in self.ds.quads((*pattern, None)):
            gid = getattr(qg, "identifier", qg)
            if gid is None or str(gid).startswith("urn:x-rdflib:default"):
                continue
            yield ox.Quad(to_ox(qs), to_ox(qp), to_ox(qo), to_ox(URIRef(gid)))

    def rdflib_dataset(self) -> Dataset:
        return self.ds


def _rdflib_quad(q: ox.Quad):
    return (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
            URIRef(q.graph_name.value))


class _SparqlBackend(_Backend):
    """A SPARQL 1.1 server: queries and SPARQL Update over HTTP, exports through the
    Graph Store Protocol.

    ``url`` is the server's base (Oxigraph: ``/query``, ``/update`` and ``/store`` below
    it) or a query endpoint ending in ``/query`` or ``/sparql`` (Fuseki: ``/ds/sparql``,
    ``/ds/update``, ``/ds/data``). Analysts' queries ask for the union of the named graphs
    as the default graph (Oxigraph's ``union-default-graph`` parameter; GraphDB and
    Virtuoso do that by default, Fuseki with ``tdb2:unionDefaultGraph true``); h2kg's own
    bookkeeping queries name their graphs and work anywhere.
    """
    kind = "sparql"

    def __init__(self, url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 timeout: float = 120.0):
        u = url.rstrip("/")
        if u.endswith("/query") or u.endswith("/sparql"):
            base, last = u.rsplit("/", 1)
            self.query_url = u
            self.update_url = update_url or f"{base}/update"
            self.gsp_url = gsp_url or (f"{base}/store" if last == "query" else f"{base}/data")
        else:
            self.query_url, self.update_url = f"{u}/query", update_url or f"{u}/update"
            self.gsp_url = gsp_url or f"{u}/store"
        self.url = url
        self.timeout = timeout

    def _post(self, url: str, form: dict, accept: str) -> bytes:
        data = urllib.parse.urlencode(form, doseq=True).encode("utf-8")
        req = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        return self._send(req)

    def _send(self, req) -> bytes:
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            if exc.code == 400 and "update" not in req.full_url.rsplit("/", 1)[-1]:
                raise QuerySyntaxError(body or str(exc)) from None
            raise StoreError(f"{req.full_url}: HTTP {exc.code}: {body[:500]}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.url}: "
                             f"{getattr(exc, 'reason', exc)}") from None

    def query(self, sparql: str, *, union: bool = True):
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        form = {"query": prologue + sparql}
        if union:
            form["union-default-graph"] = ""
        body = self._post(self.query_url, form, "application/sparql-results+json, "
                                                "application/n-triples;q=0.9")
        if body.lstrip().startswith(b"{"):
            data = json.loads(body)
            if "boolean" in data:
                return "ask", [], bool(data["boolean"])
            res = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            return _solutions(res)
        return "graph", [], [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]

    def commit(self, change: Change) -> None:
        self._post(self.update_url, {"update": change.sparql()}, "*/*")

    def quads(self) -> Iterator[ox.Quad]:
        _, _, rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                                union=False)
        for (g,) in rows:
            url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': g.value})}"
            req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
            body = self._send(req)
            for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(q.subject, q.predicate, q.object, g)

    def match(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        terms = [str(t) if t is not None else f"?{v}" for t, v in ((s, "s"), (p, "p"), (o, "o"))]
        graph = str(g) if g is not None else "?g"
        names = [v for t, v in ((s, "s"), (p, "p"), (o, "o"), (g, "g")) if t is None]
        projection = " ".join(f"?{v}" for v in names) or "*"
        _, _, rows = self.query(f"SELECT {projection} WHERE {{ GRAPH {graph} {{ {' '.join(terms)} }} }}",
                                union=False)
        for row in rows:
            bound = dict(zip(names, row))
            yield ox.Quad(s or bound["s"], p or bound["p"], o or bound["o"], g or bound["g"])

    def rdflib_dataset(self) -> Dataset:
        ds = new_dataset()
        for q in self.quads():
            if is_public_graph(q.graph_name):
                ds.add(_rdflib_quad(q))
        return ds


# ---------------------------------------------------------------------------
# The lock
# ---------------------------------------------------------------------------

class _Lock:
    """``flock`` on ``PATH.lock``: one writer (exclusive) or many readers (shared).

    The kernel drops the lock when its holder dies, so a killed process never leaves a
    stale lock behind; the file's text only says who held it last.
    """

    def __init__(self, store_path: Path, exclusive: bool):
        self.path = store_path.with_name(store_path.name + ".lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "another process"
            self.fh.close()
            what = "write to" if exclusive else "read"
            raise StoreLocked(
                f"the store {store_path} is in use ({holder}); cannot {what} it until that "
                f"process finishes (one writer, or any number of readers, at a time)") from None
        if exclusive:
            self.fh.seek(0)
            self.fh.truncate()
            cmd = " ".join(Path(sys.argv[0]).name.split()[:1] + sys.argv[1:3]) if sys.argv else "python"
            self.fh.write(f"pid {os.getpid()}: {cmd}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            self.fh.flush()

        _HELD.add(self)

    def release(self) -> None:
        if not self.fh.closed:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()


#: Locks this process holds. A forked child (a worker running the language model) closes
#: its copies of their files, so that when the parent dies the kernel drops the lock
#: even if a child lives on (closing, unlike LOCK_UN, leaves the parent's lock alone).
_HELD: weakref.WeakSet = weakref.WeakSet()


def _forget_locks_in_child() -> None:
    for lock in list(_HELD):
        try:
            lock.fh.close()
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_forget_locks_in_child)


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------

@dataclass
class DocumentInfo:
    iri: str
    id: str
    source: str
    title: str
    content_hash: str
    date: str | None = None


@dataclass
class AddReport:
    """What :meth:`GraphStore.add` did with each input."""
    added: list[str] = field(default_factory=list)       # new document ids
    replaced: list[str] = field(default_factory=list)    # changed documents, re-extracted
    unchanged: list[str] = field(default_factory=list)   # same content hash: nothing done
    errors: list[InputError] = field(default_factory=list)
    relations: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


class GraphStore:
    """The knowledge graph as a database. Open one with :func:`open_store`."""

    def __init__(self, backend: _Backend, location: str, lock: _Lock | None = None):
        self._backend = backend
        self.location = location
        self._lock = lock

    # -- life cycle ---------------------------------------------------------
    @property
    def kind(self) -> str:
        """``"oxigraph"``, ``"memory"`` or ``"sparql"``."""
        return self._backend.kind

    def close(self) -> None:
        """Flush and release the store (and its lock). The object is unusable after."""
        self._backend.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<GraphStore {self.kind} {self.location}>"

    # -- reading ------------------------------------------------------------
    def query(self, sparql: str, **params):
        """Run a SPARQL 1.1 query over the union of the graphs; returns a
        :class:`kg.query.QueryResult` (iterate it for rows: ``row.name`` or ``row["name"]``).

        ``params`` bind variables to values (strings become literals; use
        ``rdflib.URIRef`` for IRIs): each value, written as an escaped RDF term, stands
        where its variable stood (pre-binding), never pasted in as query text.
        The prefixes h2kg: h2kgr: rdf: rdfs: skos: dcterms: prov: xsd: are pre-bound.
        Raises :class:`QuerySyntaxError` with the parser's message for a bad query.
        """
        from .query import QueryResult, bind_params, sort_rows, split_order
        text = bind_params(sparql, params) if params else sparql
        unordered, order = split_order(text)
        kind, names, payload = self._backend.query(unordered)
        if order and kind == "select":
            if all(var in names for var, _ in order):
                payload = sort_rows(payload, names, order)  # faster here than in Oxigraph
            else:                                           # ordered by what it does not return
                kind, names, payload = self._backend.query(text)
        return QueryResult(kind, names, payload)

    def query_named(self, name: str, **params):
        """Run a canned query of ``kg/queries`` (``members-of``, ``evidence`` ...)."""
        from .query import canned
        q = canned(name)
        return self.query(q.text, **q.check(params))

    def _select(self, sparql: str) -> list[tuple]:
        kind, _, rows = self._backend.query(sparql, union=False)
        return rows

    def documents(self) -> list[DocumentInfo]:
        """Every document in the store, by IRI."""
        rows = self._select("""
            SELECT ?doc ?source ?title ?hash ?date WHERE { GRAPH ?doc {
              ?doc a h2kg:Document ; dcterms:source ?source ; h2kg:contentHash ?hash .
              OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:date ?date } } }""")
        out: dict[str, DocumentInfo] = {}
        for doc, source, title, h, date in rows:
            out.setdefault(doc.value, DocumentInfo(
                iri=doc.value, id=doc.value[len(DOCUMENT_PREFIX):], source=source.value,
                title=title.value if title else "", content_hash=h.value,
                date=date.value if date else None))
        return [out[k] for k in sorted(out)]

    def find_document(self, ref: str) -> DocumentInfo | None:
        """The document whose IRI, id or source path is ``ref`` (None if there is none)."""
        docs = self.documents()
        for match in (
            lambda d: d.iri == ref,
            lambda d: d.id == ref,
            lambda d: d.source == ref,
            lambda d: d.id == iri_.slug(Path(ref).stem),
        ):
            hits = [d for d in docs if match(d)]
            if len(hits) == 1:
                return hits[0]
        if ref and Path(ref).exists():
            absolute = str(Path(ref).resolve())
            hits = [d for d in docs if Path(d.source).exists() and str(Path(d.source).resolve()) == absolute]
            if len(hits) == 1:
                return hits[0]
        return None

    def known_entities(self, *, documents: bool = True) -> list[Canonical]:
        """The store's entities as resolver records (IRI, class, label, aliases, and the
        documents naming each unless ``documents`` is false: finding those reads every
        names graph, which the resolver does not need)."""
        ents: dict[str, Canonical] = {}
        for e, cls, label in self._select(f"""
                SELECT ?e ?cls ?label WHERE {{ GRAPH {G_ENTITIES} {{ ?e a ?cls ; rdfs:label ?label }} }}"""):
            ents[e.value] = Canonical(iri=e.value, cls=cls.value.rsplit("#", 1)[-1], label=label.value)
        for e, alias in self._select(f"""
                SELECT ?e ?alias WHERE {{ GRAPH {G_ENTITIES} {{ ?e skos:altLabel ?alias }} }}"""):
            if e.value in ents:
                ents[e.value].aliases.add(alias.value)
        if documents:
            for e, g in self._select(f"""
                    SELECT DISTINCT ?e ?g WHERE {{ GRAPH ?g {{ ?e {S_LABEL} ?l }} }}"""):
                if e.value in ents:
                    ents[e.value].documents.add(g.value[len(NAMES_GRAPH_PREFIX):])
        return [ents[k] for k in sorted(ents)]

    def resolver(self) -> Resolver:
        """A :class:`~kg.resolve.Resolver` that knows every entity already stored, so new
        articles join them and their IRIs stay stable."""
        r = Resolver()
        for c in self.known_entities(documents=False):
            r.add_known(c)
        return r

    def quads(self, *, public: bool = True) -> Iterator[ox.Quad]:
        """Every quad (pyoxigraph ``Quad``); ``public`` leaves out the names bookkeeping."""
        for q in self._backend.quads():
            if not public or is_public_graph(q.graph_name):
                yield q

    def __len__(self) -> int:
        """Number of quads (bookkeeping included)."""
        _, _, rows = self._backend.query(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", union=False)
        return int(rows[0][0].value)

    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (default graph = union of the named graphs).

        On disk this is oxrdflib over the same Oxigraph store (its SPARQL runs in
        Oxigraph; use ``format="ox-turtle"`` to serialise fast); ``memory`` gives the
        rdflib Dataset itself; a server gives an in-memory copy.
        """
        return self._backend.rdflib_dataset()

    # -- writing ------------------------------------------------------------
    def add(self, inputs: Iterable[str | os.PathLike], *, extractor=None, model: str | None = None,
            on_error: Callable[[InputError], None] | None = None,
            on_document: Callable[[str, str], None] | None = None,
            progress: bool = False, resolver: Resolver | None = None,
            workers: int = 1, batch_size: int = 32) -> AddReport:
        """Add the articles under ``inputs`` (files or folders), extracting only new or
        changed ones (by content hash). A changed article replaces its named graph.

        Articles stream from the files through the extractor into the store: every
        ``batch_size`` documents are written as one transaction (all of them or none, and
        never part of a document). ``on_document(status, doc_id)`` is called once a
        document is stored (status ``added`` or ``replaced``), or found ``unchanged``.
        ``workers`` processes run the model and rules (when no ``extractor`` is given)."""
        from .ingest import read_documents
        report = AddReport()
        stored = {d.iri: d for d in self.documents()}
        by_hash = {d.content_hash: d for d in stored.values()}
        if extractor is None:
            from . import nlp as nlp_
            from .extract import Extractor
            extractor = Extractor(model=model or nlp_.DEFAULT_MODEL, n_process=workers)

        def error(err: InputError) -> None:
            report.errors.append(err)
            if on_error:
                on_error(err)

        def todo() -> Iterator:
            """The inputs to extract, read one by one as the extractor asks for them."""
            for item in read_documents(inputs):
                if isinstance(item, InputError):
                    error(item)
                    continue
                old = stored.get(str(document_iri(item.id)))
                if old is not None and old.content_hash == item.content_hash:
                    report.unchanged.append(item.id)
                    if on_document:
                        on_document("unchanged", item.id)
                    continue
                twin = by_hash.get(item.content_hash)
                if twin is not None and twin.iri != str(document_iri(item.id)):
                    error(InputError(item.source, f"same content as {twin.source} (already in the "
                                                  f"store), skipped"))
                    continue
                yield item

        def failed(doc, exc: Exception) -> None:
            reason = " ".join(str(exc).split())[:300]
            error(InputError(doc.source, f"extraction failed ({type(exc).__name__}: {reason}), skipped"))

        stream = _each_extraction(extractor, todo(), failed)
        if progress:
            from tqdm import tqdm
            stream = tqdm(stream, desc="articles", unit="doc", file=sys.stderr)
        batch: list[Extraction] = []
        # One batch at a time is written by a thread of its own while the next one is
        # extracted (the store's writes mostly run outside the GIL). Batches are written
        # in order, each only once the one before it is stored.
        writer = ThreadPoolExecutor(1, thread_name_prefix="h2kg-store-writer")
        writing: tuple[list[Extraction], Future] | None = None

        def settle() -> None:
            """Wait for the batch being written; report its documents."""
            nonlocal writing
            if writing is None:
                return
            written, future = writing
            writing = None
            for ex, status in zip(written, future.result()):
                (report.added if status == "added" else report.replaced).append(ex.document.id)
                report.relations += len(ex.relations)
                if on_document:
                    on_document(status, ex.document.id)

        def flush() -> None:
            nonlocal writing
            settle()
            if batch:
                writing = (batch[:], writer.submit(self.put_extractions, batch[:]))
                batch.clear()
        try:
            for ex in stream:
                if resolver is None:       # only once there is something to add
                    resolver = self.resolver()
                try:
                    resolver.resolve(ex)
                except Exception as exc:   # noqa: BLE001 - one article must not stop the rest
                    failed(ex.document, exc)
                    continue
                if any(b.document.id == ex.document.id for b in batch):
                    flush()                # the same document twice: the later one replaces it
                batch.append(ex)
                if len(batch) >= batch_size:
                    flush()
            flush()
            settle()
        finally:
            # stopped early (an error, Ctrl-C): the transaction under way completes (it is
            # all or nothing either way) before the store can be closed
            if writing is not None:
                wait([writing[1]])
            writer.shutdown(wait=True)
        return report

    def put_extraction(self, ex: Extraction) -> str:
        """Write one resolved extraction as one transaction, replacing the document's
        previous version if any; returns ``"added"`` or ``"replaced"``."""
        return self.put_extractions([ex])[0]

    def put_extractions(self, extractions: list[Extraction]) -> list[str]:
        """Write resolved extractions (of different documents) as one transaction, each
        replacing its document's previous version if any; returns ``"added"`` or
        ``"replaced"`` for each."""
        statuses = []
        if not extractions:
            return statuses
        with self.transaction() as tx:
            for ex in extractions:
                doc = _nn(str(document_iri(ex.document.id)))
                doc_quads, name_quads = extraction_quads(ex)
                existed = tx.drop_document(doc)
                tx.insert(doc_quads)
                tx.insert(name_quads)
                tx.support_add(name_quads)
                statuses.append("replaced" if existed else "added")
        return statuses

    def remove(self, ref: str) -> DocumentInfo | None:
        """Remove a document (IRI, id or source path) in one transaction; entities no other
        document mentions go with it. Returns what was removed, or None if not found."""
        info = self.find_document(ref)
        if info is None:
            return None
        with self.transaction() as tx:
            tx.drop_document(_nn(info.iri))
        return info

    def transaction(self) -> _Transaction:
        """``with store.transaction() as tx:`` stages changes and commits them as one
        atomic update when the block ends; an exception inside the block leaves the
        store exactly as it was."""
        if self._backend.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        return _Transaction(self)

    def clear(self) -> None:
        """Remove every document (one transaction per document)."""
        for d in self.documents():
            self.remove(d.iri)

    # -- out ----------------------------------------------------------------
    def export(self, fmt: str, path: str | os.PathLike, *, with_standard: bool = False) -> list[Path]:
        """Write the graph as ``turtle``, ``trig``, ``nquads``, ``jsonld``, ``graphml``,
        ``gexf`` or ``csv`` (nodes and edges files); returns the files written."""
        from .export import export
        return export(self, fmt, Path(path), with_standard=with_standard)

    def stats(self, top: int = 10) -> dict:
        """Counts by class and relation, documents, most connected organisations."""
        from .stats import stats
        return stats(self, top=top)


def _each_extraction(extractor, docs: Iterable, failed: Callable) -> Iterator[Extraction]:
    """``extractor.pipe(docs)``, streamed, going on after a document whose extraction
    raises (it is passed to ``failed`` with the exception). h2kg's Extractor reports such
    documents itself (``on_error``); for any other object with a ``pipe`` method the pipe
    is restarted after the document it stopped at."""
    if "on_error" in inspect.signature(extractor.pipe).parameters:
        yield from extractor.pipe(docs, on_error=failed)
        return
    source, pending = iter(docs), deque()

    def feed(replay: list) -> Iterator:
        for d in chain(replay, source):
            pending.append(d)       # handed to the pipe, not yet come back
            yield d
    replay: list = []
    while True:
        try:
            for ex in extractor.pipe(feed(replay)):
                pending.popleft()
                yield ex
            return
        except Exception as exc:   # noqa: BLE001 - the pipe stops here: restart after the doc
            if not pending:
                raise
            failed(pending.popleft(), exc)
            replay = list(pending)
            pending.clear()


class _Transaction:
    """Changes staged for one atomic commit (see :meth:`GraphStore.transaction`)."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.change = Change()
        self._touched: set[ox.NamedNode] = set()
        self._dropped_names: set[str] = set()
        self._dropped_from: set[ox.NamedNode] = set()      # entities a dropped document named
        self._new_support: dict[ox.NamedNode, _Support] = defaultdict(_Support)

    def __enter__(self) -> _Transaction:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            return           # nothing was written: the store is as it was
        self._recompute_entities()
        if self.change.drop or self.change.delete or self.change.insert:
            self.store._backend.commit(self.change)

    def insert(self, quads: Iterable[ox.Quad]) -> None:
        self.change.insert.extend(quads)

    def drop_document(self, doc: ox.NamedNode) -> bool:
        """Stage the removal of a document's graph and names graph; True if it existed."""
        g = names_graph(doc.value)
        backend = self.store._backend
        existed = next(iter(backend.match(doc, T_TYPE, None, doc)), None) is not None
        named = {q.subject for q in backend.match(None, S_LABEL, None, _nn(g))}
        self._touched |= named
        self._dropped_from |= named
        self._dropped_names.add(g)
        self.change.drop += [doc, _nn(g)]
        return existed

    def support_add(self, name_quads: Iterable[ox.Quad]) -> None:
        for q in name_quads:
            self._touched.add(q.subject)
            _support_of(self._new_support[q.subject], q)

    def _recompute_entities(self) -> None:
        """Stage the entity graph's changes for every entity the transaction touches.

        An entity that only gains names (no document of it dropped) is updated from its
        current facts plus the new documents' names: the cost of a new article does not
        grow with the number of articles that already mention its entities. An entity a
        dropped document named, or whose label changes (names that normalise to the old
        label were left out of the aliases), is recomputed from every names graph."""
        if not self._touched:
            return
        touched = sorted(self._touched, key=lambda t: t.value)
        current = self._current_facts(touched)
        wanted: dict[ox.NamedNode, set[ox.Quad]] = {}
        full: list[ox.NamedNode] = []
        for e in touched:
            new, facts = self._new_support.get(e), current.get(e)
            if e in self._dropped_from or new is None:
                full.append(e)
            elif not facts:
                wanted[e] = entity_facts(e, new)
            else:
                have = _Support(classes={q.object for q in facts if q.predicate == T_TYPE},
                                labels={q.object.value for q in facts if q.predicate == T_LABEL},
                                names={q.object.value for q in facts if q.predicate == T_ALT})
                merged = _Support(have.classes | new.classes, have.labels | new.labels,
                                  have.names | new.names | new.labels)
                if max(merged.labels, key=_label_key) in have.labels:
                    wanted[e] = entity_facts(e, merged)
                else:
                    full.append(e)
        wanted.update(self._facts_from_names(full))
        delete, insert = set(), set()
        for e in touched:
            have, want = current.get(e, set()), wanted.get(e, set())
            delete |= have - want
            insert |= want - have
        self.change.delete += sorted(delete, key=str)
        self.change.insert += sorted(insert, key=str)

    def _current_facts(self, entities: list[ox.NamedNode]) -> dict[ox.NamedNode, set[ox.Quad]]:
        """What the entity graph says now of each entity."""
        out: dict[ox.NamedNode, set[ox.Quad]] = defaultdict(set)
        if isinstance(self.store._backend, _SparqlBackend):
            quads = self._about_remote(entities, f"VALUES ?g {{ {G_ENTITIES} }}", (T_TYPE, T_LABEL, T_ALT))
        else:
            quads = (q for e in entities for q in self.store._backend.match(e, None, None, G_ENTITIES))
        for q in quads:
            out[q.subject].add(q)
        return out

    def _facts_from_names(self, entities: list[ox.NamedNode]) -> dict[ox.NamedNode, set[ox.Quad]]:
        """Each entity's facts from what every remaining document (and this transaction's
        new ones) says of it."""
        if not entities:
            return {}
        support: dict[ox.NamedNode, _Support] = defaultdict(_Support)
        backend = self.store._backend
        if isinstance(backend, _SparqlBackend):      # one request per 500 entities, not per entity
            about = self._about_remote(entities, "", (S_CLASS, S_LABEL, S_NAME))
        else:
            about = (q for e in entities for p in (S_CLASS, S_LABEL, S_NAME)
                     for q in backend.match(e, p, None, None))
        for q in about:
            g = q.graph_name.value
            if g.startswith(NAMES_GRAPH_PREFIX) and g not in self._dropped_names:
                _support_of(support[q.subject], q)
        out = {}
        for e in entities:
            sup = support[e]
            new = self._new_support.get(e)
            if new:
                sup.classes |= new.classes
                sup.labels |= new.labels
                sup.names |= new.names
            out[e] = entity_facts(e, sup)
        return out

    def _about_remote(self, entities: list[ox.NamedNode], graphs: str, preds) -> Iterator[ox.Quad]:
        values_p = " ".join(str(p) for p in preds)
        for chunk in (entities[i:i + 500] for i in range(0, len(entities), 500)):
            values = " ".join(str(e) for e in chunk)
            for g, e, p, o in self.store._select(f"""
                    SELECT ?g ?e ?p ?o WHERE {{ VALUES ?e {{ {values} }} VALUES ?p {{ {values_p} }}
                      {graphs} GRAPH ?g {{ ?e ?p ?o }} }}"""):
                yield ox.Quad(e, p, o, g)


def _support_of(sup: _Support, q: ox.Quad) -> None:
    """Add one names-graph quad (h2kgs:class, :label or :name) to an entity's support."""
    if q.predicate == S_CLASS:
        sup.classes.add(q.object)
    elif q.predicate == S_LABEL:
        sup.labels.add(q.object.value)
    elif q.predicate == S_NAME:
        sup.names.add(q.object.value)


# ---------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------

def open_store(location: str | os.PathLike = "out/store", *, read_only: bool = False,
               create: bool = True) -> GraphStore:
    """Open the store at ``location``: a folder (Oxigraph on disk), ``"memory"`` (rdflib,
    in memory) or an ``http(s)://`` SPARQL 1.1 server.

    On disk a writer holds ``LOCATION.lock`` exclusively and readers (``read_only=True``)
    share it: a second writer gets :class:`StoreLocked` with a clear message rather than
    waiting. ``create=False`` raises :class:`StoreError` when there is no store there.
    """
    loc = str(location)
    if loc == "memory":
        return GraphStore(_RdflibBackend(), "memory")
    if loc.startswith(("http://", "https://")):
        return GraphStore(_SparqlBackend(loc), loc)
    path = Path(loc)
    exists = path.is_dir() and any(path.iterdir())
    if not exists and (read_only or not create):
        raise StoreError(f"no store at {path} (make one with `h2kg build INPUT -o OUT` or "
                         f"`h2kg add FILE --store {path}`)")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store folder")
    lock = _Lock(path, exclusive=not read_only)
    try:
        backend = _OxigraphBackend(path, read_only=read_only)
    except BaseException:
        lock.release()
        raise
    return GraphStore(backend, str(path), lock)


# ---------------------------------------------------------------------------
# rdflib helpers kept for callers of the earlier API
# ---------------------------------------------------------------------------

def new_dataset() -> Dataset:
    """An empty rdflib Dataset (default graph = union), the project's prefixes bound."""
    ds = Dataset(default_union=True)
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All quads of the dataset as one graph, prefixes bound."""
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
