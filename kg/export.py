"""Exports: the store as RDF files (Turtle, TriG, N-Quads, JSON-LD) and as networks for
Gephi, yEd and spreadsheets (GraphML, GEXF, CSV node and edge lists through networkx).

RDF output is sorted (graph, subject, ``rdf:type`` first, predicate, object) and written
by pyoxigraph's serialisers, so two exports of the same store are byte-identical and a
million triples take seconds. Resource IRIs (``https://w3id.org/h2kg/id/company/...``)
are written in full rather than as ``h2kgr:company\\/...``; ontology terms use ``h2kg:``.
The RDF formats are streamed from the store (:func:`write_rdf`: a subject or a graph at a
time), so memory does not grow with the store; ``with_standard`` exports and the networks
read the store into memory.

``with_standard=True`` adds, beside each h2kg triple, the triples of the W3C ORG,
schema.org, PROV-O and FOAF terms it is aligned to in ``ontology/h2kg.ttl``
(``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` targets, followed through h2kg's own
hierarchy; ``rdfs:subPropertyOf [ owl:inverseOf X ]`` adds ``X`` the other way round), so
tools that know those vocabularies and not h2kg's read the graph.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .store import (G_ENTITIES, NAMES_GRAPH_PREFIX, PREFIXES, T_ALT, T_LABEL, T_MENTIONED, T_TYPE, atomic_write,
                    is_public_graph)

FORMATS = ("turtle", "trig", "nquads", "jsonld", "graphml", "gexf", "csv")
RELATIONS = ("memberOf", "foundedBy", "guidedBy", "issuedBy", "partnerOf", "worksFor",
             "headquarteredIn", "locatedIn", "subOrganizationOf", "participatedIn")
ONT = PREFIXES["h2kg"]
_STANDARD_PREFIXES = {"org": "http://www.w3.org/ns/org#", "schema": "https://schema.org/",
                      "foaf": "http://xmlns.com/foaf/0.1/", "owl": "http://www.w3.org/2002/07/owl#"}


def ontology_path() -> Path:
    """``ontology/h2kg.ttl`` (or ``$H2KG_ONTOLOGY``)."""
    env = os.environ.get("H2KG_ONTOLOGY")
    path = Path(env) if env else Path(__file__).resolve().parent.parent / "ontology" / "h2kg.ttl"
    if not path.exists():
        raise FileNotFoundError(f"the ontology is not at {path}; set H2KG_ONTOLOGY to its path")
    return path


# ---------------------------------------------------------------------------
# Sorting and serialising
# ---------------------------------------------------------------------------

def _term_key(t) -> tuple:
    if isinstance(t, ox.NamedNode):
        return (0, t.value)
    if isinstance(t, ox.BlankNode):
        return (1, t.value)
    return (2, t.value, str(t))


def _quad_key(q: ox.Quad) -> tuple:
    g = q.graph_name
    p = q.predicate.value
    return ("" if isinstance(g, ox.DefaultGraph) else g.value, _term_key(q.subject),
            p != T_TYPE.value, p, _term_key(q.object))


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=_quad_key)


def _triple_key(t: ox.Triple) -> tuple:
    p = t.predicate.value
    return (_term_key(t.subject), p != T_TYPE.value, p, _term_key(t.object))


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the quads' triples, without duplicates, in output order."""
    return sorted({q.triple for q in quads}, key=_triple_key)


def _prefixes(with_standard: bool) -> dict[str, str]:
    pre = {k: v for k, v in PREFIXES.items()}
    if with_standard:
        pre.update(_STANDARD_PREFIXES)
    return pre


def _header(prefixes: dict[str, str]) -> str:
    """The sorted prefix header (``h2kgr:`` declared for readers), one line each."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))


class _Tidy:
    """pyoxigraph's Turtle / TriG lines without its prefixes, four-space indents and a blank
    line before each subject (and each graph), line by line, so a stream can go through it."""

    def __init__(self, trig: bool):
        self.trig = trig
        self.prev = ""

    def lines(self, text: str) -> Iterator[str]:
        for ln in text.split("\n"):
            if not ln or ln.startswith("@prefix "):
                continue
            stripped = ln.lstrip("\t")
            depth = len(ln) - len(stripped)
            if (depth == 0 and stripped != "}") or (self.trig and depth == 1 and not self.prev.endswith("{")):
                yield ""
            yield "    " * depth + stripped
            self.prev = ln


def _tidy(data: bytes, prefixes: dict[str, str], *, trig: bool = False) -> bytes:
    """pyoxigraph's output with a sorted prefix header (``h2kgr:`` declared for readers),
    four-space indents and a blank line before each subject."""
    body = "".join(ln + "\n" for ln in _Tidy(trig).lines(data.decode("utf-8")))
    return (_header(prefixes) + body).encode("utf-8")


class _TidyWriter:
    """The binary file ``ox.serialize`` streams into: each complete line goes through
    :class:`_Tidy` on its way to ``out``."""

    def __init__(self, out, trig: bool):
        self.out = out
        self.tidy = _Tidy(trig)
        self.rest = b""

    def write(self, data) -> int:
        n = len(data)
        data = self.rest + bytes(data)
        cut = data.rfind(b"\n") + 1            # b"\n" never occurs inside a UTF-8 character
        self.rest = data[cut:]
        if cut:
            self.out.write("".join(ln + "\n" for ln in self.tidy.lines(data[:cut].decode("utf-8")))
                           .encode("utf-8"))
        return n

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.rest:
            self.write(b"\n")


def _ox_prefixes(prefixes: dict[str, str]) -> dict[str, str]:
    # h2kgr: would give h2kgr:company\/refire; full IRIs read better
    return {k: v for k, v in prefixes.items() if k != "h2kgr"}


def turtle_bytes(quads: Iterable[ox.Quad], *, with_standard: bool = False) -> bytes:
    pre = _prefixes(with_standard)
    data = ox.serialize(sorted_triples(quads), format=ox.RdfFormat.TURTLE, prefixes=_ox_prefixes(pre))
    return _tidy(data, pre)


def trig_bytes(quads: Iterable[ox.Quad], *, with_standard: bool = False) -> bytes:
    pre = _prefixes(with_standard)
    data = ox.serialize(sorted_quads(quads), format=ox.RdfFormat.TRIG, prefixes=_ox_prefixes(pre))
    return _tidy(data, pre, trig=True)


def nquads_bytes(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(sorted_quads(quads), format=ox.RdfFormat.N_QUADS)


def jsonld_bytes(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(sorted_quads(quads), format=ox.RdfFormat.JSON_LD)


# ---------------------------------------------------------------------------
# Streaming a store
# ---------------------------------------------------------------------------
#
# A store's public graphs are read a graph or a subject at a time, in output order, and
# serialised as they come: Python holds the names of the subjects (Turtle) or graphs (TriG)
# and one graph's or one subject's quads, never the whole graph. The bytes are those of
# turtle_bytes / trig_bytes / nquads_bytes / jsonld_bytes over ``store.quads()`` (the named
# graphs: h2kg writes nothing to the default graph).

#: Quads of one named graph sorted in memory; a bigger graph (``h2kgr:graph/entities`` of a
#: large corpus) is read again subject by subject.
GRAPH_IN_MEMORY = 50_000
#: Subjects per query on a SPARQL server (elsewhere each subject is one index lookup).
SUBJECTS_PER_QUERY = 200


def _public_graphs(backend) -> list[ox.NamedNode]:
    _, _, rows = backend.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
    return sorted((g for (g,) in rows if is_public_graph(g)), key=lambda g: g.value)


def _public_subjects(backend) -> list:
    _, _, rows = backend.query(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(!STRSTARTS(STR(?g), \"{NAMES_GRAPH_PREFIX}\")) }}", union=False)
    return sorted((s for (s,) in rows), key=_term_key)


def _by_subject(backend, subjects: list, g: ox.NamedNode | None = None) -> Iterator[list[ox.Quad]]:
    """For each subject in turn, its quads in ``g`` (None: in every public graph)."""
    if backend.kind != "sparql":
        for s in subjects:
            yield [q for q in backend.match(s, None, None, g) if g is not None or is_public_graph(q.graph_name)]
        return
    for i in range(0, len(subjects), SUBJECTS_PER_QUERY):
        chunk = subjects[i:i + SUBJECTS_PER_QUERY]
        _, _, rows = backend.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {' '.join(str(s) for s in chunk)} }} "
            f"GRAPH {g if g is not None else '?g'} {{ ?s ?p ?o }} }}", union=False)
        found: dict = defaultdict(list)
        for s, p, o, gr in rows:
            found[s].append(ox.Quad(s, p, o, g if g is not None else gr))
        for s in chunk:
            yield [q for q in found.get(s, ()) if g is not None or is_public_graph(q.graph_name)]


def stream_triples(store) -> Iterator[ox.Triple]:
    """The union of the store's public graphs, each triple once, in Turtle output order."""
    for quads in _by_subject(store._backend, _public_subjects(store._backend)):
        yield from sorted({q.triple for q in quads}, key=_triple_key)


def stream_quads(store) -> Iterator[ox.Quad]:
    """The quads of the store's public graphs in TriG output order."""
    backend = store._backend
    for g in _public_graphs(backend):
        quads: list | None = []
        subjects = set()
        for q in backend.match(None, None, None, g):
            subjects.add(q.subject)
            if quads is not None:
                quads.append(q)
                if len(quads) > GRAPH_IN_MEMORY:
                    quads = None
        if quads is not None:
            yield from sorted(set(quads), key=_quad_key)
            continue
        for part in _by_subject(backend, sorted(subjects, key=_term_key), g):
            yield from sorted(set(part), key=_quad_key)


@contextmanager
def _replacing(path: Path):
    """A binary file that replaces ``path`` when the block ends (fsync'd first), so readers
    see the old or the new content, never half of it; nothing is left behind on error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_rdf(store, fmt: str, path: Path) -> Path:
    """Stream the store's public graphs to ``path`` as ``turtle``, ``trig``, ``nquads`` or
    ``jsonld``: the bytes of :func:`turtle_bytes` (etc.) over ``store.quads()``, without
    holding the graph in memory."""
    path = Path(path)
    formats = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
               "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
    source = stream_triples(store) if fmt == "turtle" else stream_quads(store)
    with _replacing(path) as fh:
        if fmt in ("turtle", "trig"):
            pre = _prefixes(False)
            fh.write(_header(pre).encode("utf-8"))
            out = _TidyWriter(fh, trig=fmt == "trig")
            ox.serialize(source, out, formats[fmt], prefixes=_ox_prefixes(pre))
            out.close()
        else:
            ox.serialize(source, fh, formats[fmt])
    return path


# ---------------------------------------------------------------------------
# Alignment to the standard vocabularies
# ---------------------------------------------------------------------------

def alignment(path: Path | None = None) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """(class -> standard classes, property -> standard properties, property -> standard
    properties it is the inverse of), read from the ontology."""
    path = path or ontology_path()
    g = ox.Store()
    g.load(path=str(path), format=ox.RdfFormat.TURTLE)
    sub_c = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    sub_p = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
    inverse = "http://www.w3.org/2002/07/owl#inverseOf"

    def direct(pred: str) -> dict[str, set]:
        out: dict[str, set] = defaultdict(set)
        for q in g.quads_for_pattern(None, ox.NamedNode(pred), None, None):
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ONT):
                out[q.subject.value].add(q.object)
        return out

    def close(direct_map: dict[str, set]) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {}
        for term in direct_map:
            seen, todo, std = set(), [term], set()
            while todo:
                t = todo.pop()
                for o in direct_map.get(t, ()):
                    if isinstance(o, ox.NamedNode):
                        if o.value.startswith(ONT):
                            if o.value not in seen:
                                seen.add(o.value)
                                todo.append(o.value)
                        else:
                            std.add(o.value)
            result[term] = std
        return result

    classes = close(direct(sub_c))
    props_direct = direct(sub_p)
    props = close(props_direct)
    inverses: dict[str, set[str]] = defaultdict(set)
    for p, objs in props_direct.items():
        for o in objs:
            if isinstance(o, ox.BlankNode):
                for q in g.quads_for_pattern(o, ox.NamedNode(inverse), None, None):
                    inverses[p].add(q.object.value)
    return classes, props, dict(inverses)


def standard_quads(quads: list[ox.Quad], path: Path | None = None) -> list[ox.Quad]:
    """The aligned standard triples implied by ``quads``, each in its source's graph."""
    classes, props, inverses = alignment(path)
    out = []
    for q in quads:
        p = q.predicate.value
        if p == T_TYPE.value and isinstance(q.object, ox.NamedNode):
            for c in classes.get(q.object.value, ()):
                out.append(ox.Quad(q.subject, T_TYPE, ox.NamedNode(c), q.graph_name))
        for sp in props.get(p, ()):
            out.append(ox.Quad(q.subject, ox.NamedNode(sp), q.object, q.graph_name))
        if isinstance(q.object, (ox.NamedNode, ox.BlankNode)):
            for ip in inverses.get(p, ()):
                out.append(ox.Quad(q.object, ox.NamedNode(ip), q.subject, q.graph_name))
    return out


# ---------------------------------------------------------------------------
# Networks
# ---------------------------------------------------------------------------

def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if iri.startswith(ONT) else iri


def _short(iri: str) -> str:
    for p, ns in {**PREFIXES, **_STANDARD_PREFIXES}.items():
        if iri.startswith(ns) and p != "h2kgr":
            return f"{p}:{iri[len(ns):]}"
    return iri


def to_networkx(quads: Iterable[ox.Quad], *, with_standard: bool = False):
    """The entities and their relations as a ``networkx.MultiDiGraph``.

    Nodes are entity IRIs with ``label``, ``class``, ``aliases`` and ``documents`` (how
    many articles mention it); edges carry ``relation`` (e.g. ``memberOf``) and
    ``evidence`` (how many documents state it). ``with_standard`` adds ``standard_types``
    and ``standard_relations`` (e.g. ``org:memberOf schema:memberOf``)."""
    import networkx as nx
    quads = list(quads)
    classes, props, _ = alignment() if with_standard else ({}, {}, {})
    rel_iris = {ONT + r for r in RELATIONS}
    labels, aliases, types, mentions = {}, defaultdict(set), defaultdict(set), defaultdict(set)
    edges: dict[tuple[str, str, str], set] = defaultdict(set)
    for q in quads:
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == T_LABEL.value:
            if q.graph_name == G_ENTITIES or s.value not in labels:
                labels[s.value] = o.value
        elif p == T_ALT.value:
            aliases[s.value].add(o.value)
        elif p == T_TYPE.value and o.value.startswith(ONT):
            types[s.value].add(_local(o.value))
        elif p == T_MENTIONED.value:
            mentions[s.value].add(o.value)
        elif p in rel_iris and isinstance(o, ox.NamedNode):
            edges[(s.value, _local(p), o.value)].add(getattr(q.graph_name, "value", ""))
    entity_classes = {"Alliance", "Company", "GovernmentBody", "Association", "ResearchInstitution",
                      "Person", "Place", "Plan", "Project", "UnnamedPlan"}
    nodes = {iri for iri, t in types.items() if t & entity_classes}
    nodes |= {s for s, _, _ in edges} | {o for _, _, o in edges}
    G = nx.MultiDiGraph()
    for iri in sorted(nodes):
        cls = sorted(types.get(iri, set()) & entity_classes) or ["Other"]
        attrs = {"label": labels.get(iri, iri.rsplit("/", 1)[-1]), "class": cls[0],
                 "iri": iri, "aliases": "; ".join(sorted(aliases.get(iri, ()))),
                 "documents": len(mentions.get(iri, ()))}
        if with_standard:
            attrs["standard_types"] = " ".join(sorted(_short(c) for k in cls for c in classes.get(ONT + k, ())))
        G.add_node(iri, **attrs)
    for (s, rel, o), graphs in sorted(edges.items()):
        attrs = {"relation": rel, "label": rel, "evidence": len(graphs)}
        if with_standard:
            attrs["standard_relations"] = " ".join(sorted(_short(p) for p in props.get(ONT + rel, ())))
        G.add_edge(s, o, key=rel, **attrs)
    return G


def _csv_bytes(header: list[str], rows: Iterable[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def csv_paths(path: Path) -> tuple[Path, Path]:
    """``x.csv`` -> ``x-nodes.csv``, ``x-edges.csv``."""
    stem = path.name[:-4] if path.name.endswith(".csv") else path.name
    return path.with_name(f"{stem}-nodes.csv"), path.with_name(f"{stem}-edges.csv")


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

def export(store, fmt: str, path: Path, *, with_standard: bool = False) -> list[Path]:
    """Write the store's public graphs as ``fmt`` to ``path``; returns the files written.

    ``csv`` writes two files beside ``path``: ``NAME-nodes.csv`` and ``NAME-edges.csv``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    path = Path(path)
    if fmt in ("turtle", "trig", "nquads", "jsonld") and not with_standard:
        return [write_rdf(store, fmt, path)]
    quads = list(store.quads())
    if with_standard:
        quads += standard_quads(quads)
    if fmt in ("turtle", "trig", "nquads", "jsonld"):
        data = {"turtle": lambda: turtle_bytes(quads, with_standard=with_standard),
                "trig": lambda: trig_bytes(quads, with_standard=with_standard),
                "nquads": lambda: nquads_bytes(quads),
                "jsonld": lambda: jsonld_bytes(quads)}[fmt]()
        atomic_write(path, data)
        return [path]
    import networkx as nx
    G = to_networkx(quads, with_standard=with_standard)
    if fmt == "csv":
        nodes_path, edges_path = csv_paths(path)
        node_cols = ["id", "label", "class", "aliases", "documents"] + (["standard_types"] if with_standard else [])
        edge_cols = ["source", "target", "relation", "source_label", "target_label", "evidence"] + \
            (["standard_relations"] if with_standard else [])
        atomic_write(nodes_path, _csv_bytes(node_cols, (
            [n] + [G.nodes[n].get(c, "") for c in node_cols[1:]] for n in G.nodes)))
        atomic_write(edges_path, _csv_bytes(edge_cols, (
            [s, o, d["relation"], G.nodes[s]["label"], G.nodes[o]["label"], d["evidence"]]
            + ([d["standard_relations"]] if with_standard else [])
            for s, o, d in G.edges(data=True))))
        return [nodes_path, edges_path]
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, buf, encoding="utf-8")
    else:
        nx.write_gexf(G, buf, encoding="utf-8")
    atomic_write(path, buf.getvalue())
    return [path]
