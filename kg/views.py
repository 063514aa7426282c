"""Self-contained interactive HTML views of an h2kg graph.

Reads an rdflib ``Graph`` (or a ``Dataset`` with ``default_union=True``, or a
:class:`StoreGraph` over an h2kg store) in the model of ``docs/rdf-model.md`` and
writes:

* ``index.html``: links to the views, a table of entities (label, class,
  aliases, number of documents, degree) and a table of documents;
* ``alliances.html``: every ``h2kg:Alliance`` with its founders, members,
  guiding government bodies and participants;
* ``graph.html``: every entity and relation, with class/relation filters and a
  search box;
* and, through :func:`write_focus`, the neighbourhood of one entity.

Design points:

* Self-contained: vis-network's JS and CSS (shipped inside the ``pyvis``
  package) are inlined; no page refers to any external URL, and a
  Content-Security-Policy (``default-src 'none'`` plus the hashes of the
  page's own scripts) forbids network access and any injected script.
* Safe: every string from the graph is untrusted. HTML text is escaped, data
  reach JavaScript as JSON in a ``<script type="application/json">`` block with
  ``<``, ``>`` and ``&`` written as ``\\u003c`` etc., tooltips are plain text
  and the details panel is built with ``textContent`` only.
* Readable and scalable: positions are computed here (physics is off in the
  browser). The alliances view is clustered: each alliance amid its founders
  (nearest) and members, organisations in several alliances between them.
  The graph and focus views fold leaves into sunflowers around their hub,
  lay out each connected component by stress majorization (networkx
  shortest paths + numpy SMACOF; a sampled Fruchterman-Reingold in numpy for
  components over 700 nodes, no scipy needed) and pack the components. Up to
  800 nodes, node + label footprints are then pushed apart so that no labels
  overlap. Two drawings are shipped (landscape and portrait); the page shows
  the one that fits. Ordinary labels appear as one zooms in; the most
  connected nodes keep a legible label at overview zoom. 5,000 nodes open in
  a few seconds.
* Deterministic: everything is sorted and seeded; the same graph gives
  byte-identical files.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import importlib.resources
import json
import math
import pathlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

import networkx as nx
import numpy as np
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

__all__ = ["StoreGraph", "write_views", "write_focus"]

H2KG = Namespace("https://w3id.org/h2kg/ontology#")

# --------------------------------------------------------------------------
# Vocabulary: classes and relations, with their look.
# --------------------------------------------------------------------------

# (key, display label, colour, vis shape); order = legend / sort order.
_CLASSES: tuple[tuple[str, str, str, str], ...] = (
    ("Alliance", "Alliance", "#d62728", "hexagon"),
    ("Company", "Company", "#1f77b4", "dot"),
    ("GovernmentBody", "Government body", "#2ca02c", "square"),
    ("Association", "Association", "#9467bd", "diamond"),
    ("ResearchInstitution", "Research institution", "#ff7f0e", "triangle"),
    ("Person", "Person", "#e377c2", "star"),
    ("Place", "Place", "#8c564b", "triangleDown"),
    ("Plan", "Plan", "#bcbd22", "diamond"),
    ("UnnamedPlan", "Unnamed plan", "#dbdb8d", "diamond"),
    ("Project", "Project", "#17becf", "triangle"),
    ("Other", "Other / untyped", "#9e9e9e", "dot"),
)
_CLASS_INDEX = {c[0]: i for i, c in enumerate(_CLASSES)}
# When a resource carries several of these types, the first in this order wins.
_TYPE_PRIORITY = ("UnnamedPlan",) + tuple(c[0] for c in _CLASSES if c[0] not in ("UnnamedPlan", "Other"))

# (property local name, phrase, colour, dashes, width, directed)
_RELATIONS: tuple[tuple[str, str, str, object, float, bool], ...] = (
    ("memberOf", "member of", "#1f77b4", False, 1.5, True),
    ("foundedBy", "founded by", "#d62728", False, 2.5, True),
    ("guidedBy", "guided by", "#2ca02c", [8, 5], 2.0, True),
    ("issuedBy", "issued by", "#a5a51b", [8, 5], 1.5, True),
    ("partnerOf", "partner of", "#9467bd", False, 1.5, False),
    ("worksFor", "works for", "#e377c2", False, 1.5, True),
    ("headquarteredIn", "headquartered in", "#8c564b", [2, 4], 1.5, True),
    ("locatedIn", "located in", "#b08d7d", [2, 4], 1.5, True),
    ("subOrganizationOf", "sub-organisation of", "#616161", False, 1.5, True),
    ("participatedIn", "participated in", "#ff7f0e", [4, 4], 1.5, True),
)
_REL_NAMES = tuple(r[0] for r in _RELATIONS)

# Edge kinds of the alliances view: (key, phrase, colour, dashes, width, legend text)
_ALLIANCE_KINDS: tuple[tuple[str, str, str, object, float, str], ...] = (
    ("founder", "founded by", "#d62728", False, 4.0, "founder"),
    ("member", "has member", "#1f77b4", False, 1.5, "member (not a founder)"),
    ("guide", "guided by", "#2ca02c", [10, 6], 2.5, "guided by"),
    ("participant", "has participant", "#ff7f0e", [3, 5], 1.5, "participant"),
)

_BRIDGE_BORDER = "#111111"
_FONT = 16        # label size of ordinary nodes (canvas units)
_FONT_BIG = 20    # alliances in the alliances view, the centre of a focus view
_LABEL_WRAP = 170  # vis widthConstraint.maximum of labels below nodes
_BOX_WRAP = 190    # ... of labels inside box nodes


# --------------------------------------------------------------------------
# Reading the graph
# --------------------------------------------------------------------------


@dataclass
class _Evidence:
    sentence: str
    doc: str | None
    extractor: str
    confidence: str
    start: int | None
    end: int | None
    prop: str


@dataclass
class _Doc:
    iri: str
    title: str
    source: str
    date: str


@dataclass
class _Entity:
    iri: str
    label: str
    cls: str
    aliases: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    info: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Model:
    entities: dict[str, _Entity]
    docs: dict[str, _Doc]
    relations: list[tuple[str, str, str]]  # (subject iri, property local name, object iri)
    evidence: dict[tuple[str, str, str], list[_Evidence]]
    roles: dict[tuple[str, str], list[str]]  # (person, org) -> roles


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value) -> str:
    """A str safe to encode as UTF-8: no lone surrogates, no C0 control characters."""
    s = str(value)
    s = s.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", s)


def _local_name(iri: str) -> str:
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return tail or iri


def _pick_literal(values) -> str | None:
    """Deterministic choice among literals: untagged/English first, then by text."""
    best = None
    for v in values:
        if not isinstance(v, Literal):
            continue
        lang = (v.language or "").lower()
        key = (0 if lang in ("", "en") or lang.startswith("en-") else 1, _clean(v))
        if best is None or key < best:
            best = key
    return best[1] if best else None


def _entity_class(types: set) -> str | None:
    for name in _TYPE_PRIORITY:
        if H2KG[name] in types:
            return name
    return None


class StoreGraph:
    """An h2kg store (``kg.store.GraphStore``) read as the union of its public graphs
    through the part of rdflib's ``Graph`` API the views use (``triples``, ``subjects``,
    ``subject_objects``, ``predicate_objects``, ``objects``, ``value``), each triple once.

    Every call is an index lookup in the store: nothing is copied into Python, so the
    views of a large store need memory for what they show, not for the whole graph.
    The names bookkeeping graphs are left out, as in the exports.
    """

    def __init__(self, store):
        import pyoxigraph as ox

        from .store import is_public_graph, to_ox, to_rdflib
        self._match = store._backend.match
        named = ox.NamedNode

        def as_ox(term):
            return named(str(term)) if type(term) is URIRef else to_ox(term)

        @functools.lru_cache(maxsize=65_536)     # IRIs, classes, dates recur: made once each
        def as_rdflib(term):
            return URIRef(term.value) if type(term) is named else to_rdflib(term)
        self._ox, self._rdf = as_ox, as_rdflib
        self._public_graph = functools.lru_cache(maxsize=65_536)(is_public_graph)

    def triples(self, pattern):
        s, p, o = pattern
        rdf = self._rdf
        seen = set()
        public = self._public_graph
        for q in self._match(self._ox(s), self._ox(p), self._ox(o), None):
            t = q.triple
            if t in seen or not public(q.graph_name):
                continue
            seen.add(t)
            yield (s if s is not None else rdf(t.subject), p if p is not None else rdf(t.predicate),
                   o if o is not None else rdf(t.object))

    def subjects(self, predicate, obj):
        for s, _, _ in self.triples((None, predicate, obj)):
            yield s

    def subject_objects(self, predicate):
        for s, _, o in self.triples((None, predicate, None)):
            yield s, o

    def predicate_objects(self, subject):
        for _, p, o in self.triples((subject, None, None)):
            yield p, o

    def objects(self, subject, predicate):
        for _, _, o in self.triples((subject, predicate, None)):
            yield o

    def value(self, subject, predicate):
        return next(self.objects(subject, predicate), None)


def _properties(graph, node) -> defaultdict:
    """predicate -> objects of ``node``, in one lookup."""
    out: defaultdict = defaultdict(list)
    for p, o in graph.predicate_objects(node):
        out[p].append(o)
    return out


def _load(graph) -> _Model:
    # The types the views use (not every typed resource of the graph).
    types: dict[URIRef, set] = defaultdict(set)
    for cls in sorted({H2KG[n] for n in _TYPE_PRIORITY} | {H2KG.Document, H2KG.Evidence, H2KG.Post}):
        for s in graph.subjects(RDF.type, cls):
            if isinstance(s, URIRef):
                types[s].add(cls)

    def labels_of(pred) -> dict[URIRef, list]:
        out: dict[URIRef, list] = defaultdict(list)
        for s, o in graph.subject_objects(pred):
            if isinstance(s, URIRef):
                out[s].append(o)
        return out

    rdfs_labels = labels_of(RDFS.label)
    alt_labels = labels_of(SKOS.altLabel)
    mentions = labels_of(H2KG.mentionedIn)

    # Documents: typed ones, and anything entities or evidence point to as one.
    doc_iris: set[URIRef] = {s for s, t in types.items() if H2KG.Document in t}
    for objs in mentions.values():
        doc_iris.update(o for o in objs if isinstance(o, URIRef))
    evidence_nodes = sorted((s for s, t in types.items() if H2KG.Evidence in t), key=str)
    for ev in evidence_nodes:
        d = graph.value(ev, PROV.wasDerivedFrom)
        if isinstance(d, URIRef):
            doc_iris.add(d)
    docs: dict[str, _Doc] = {}
    for d in sorted(doc_iris, key=str):
        props = _properties(graph, d)
        title = _pick_literal(props[DCTERMS.title]) or _local_name(str(d))
        source = _pick_literal(props[DCTERMS.source])
        if source is None:
            src = next(iter(props[DCTERMS.source]), None)
            source = _clean(src) if src is not None else ""
        date = _pick_literal(props[DCTERMS.date]) or ""
        docs[str(d)] = _Doc(_clean(d), title, source, date)

    # Entities.
    entities: dict[str, _Entity] = {}

    def make_entity(iri: URIRef, cls: str) -> _Entity:
        label = _pick_literal(rdfs_labels.get(iri, ())) or _local_name(str(iri))
        aliases = sorted(
            {_clean(a) for a in alt_labels.get(iri, ()) if isinstance(a, Literal)} - {label},
            key=lambda a: (a.casefold(), a),
        )
        ent_docs = sorted({str(d) for d in mentions.get(iri, ()) if str(d) in docs})
        return _Entity(_clean(iri), label, cls, aliases, ent_docs)

    for iri, t in types.items():
        cls = _entity_class(t)
        if cls is not None:
            entities[str(iri)] = make_entity(iri, cls)

    # Relations; untyped end points become "Other" entities.
    relations: set[tuple[str, str, str]] = set()
    for rel in _REL_NAMES:
        for s, o in graph.subject_objects(H2KG[rel]):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            for end in (s, o):
                if str(end) not in entities:
                    entities[str(end)] = make_entity(end, "Other")
            if rel == "partnerOf" and str(o) < str(s):
                s, o = o, s  # symmetric: one undirected edge
            if s == o:
                continue
            relations.add((str(s), rel, str(o)))

    # Evidence records, indexed by (subject, property local name, object).
    evidence: dict[tuple[str, str, str], list[_Evidence]] = defaultdict(list)
    for ev in evidence_nodes:
        props = _properties(graph, ev)

        def value(pred):
            return next(iter(props[pred]), None)
        s, p, o = value(RDF.subject), value(RDF.predicate), value(RDF.object)
        if s is None or p is None or o is None or isinstance(o, BNode):
            continue
        prop = str(p)
        if not prop.startswith(str(H2KG)):
            continue
        prop = prop[len(str(H2KG)):]
        sentence = _pick_literal(props[H2KG.sentence]) or ""
        d = value(PROV.wasDerivedFrom)
        extractor = _pick_literal(props[H2KG.extractor]) or ""
        conf = value(H2KG.confidence)
        start = value(H2KG.startChar)
        end = value(H2KG.endChar)

        def as_int(v):
            try:
                return int(v.toPython()) if isinstance(v, Literal) else None
            except (TypeError, ValueError):
                return None

        record = _Evidence(
            sentence=sentence,
            doc=str(d) if isinstance(d, URIRef) and str(d) in docs else None,
            extractor=extractor,
            confidence=_clean(conf) if conf is not None else "",
            start=as_int(start),
            end=as_int(end),
            prop=prop,
        )
        s_key, o_key = str(s), str(o)
        if prop == "partnerOf" and o_key < s_key:
            s_key, o_key = o_key, s_key
        evidence[(s_key, prop, o_key)].append(record)
    for recs in evidence.values():
        recs.sort(key=lambda r: (docs[r.doc].title if r.doc else "\uffff", r.doc or "",
                                 r.start if r.start is not None else -1, r.sentence, r.extractor,
                                 r.confidence))
        # Identical records (same sentence, document and offsets) shown once.
        seen, unique = set(), []
        for r in recs:
            key = (r.doc, r.start, r.end, r.sentence, r.extractor, r.confidence)
            if key not in seen:
                seen.add(key)
                unique.append(r)
        recs[:] = unique

    # Posts (roles) and extra attributes shown in the details panel.
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    post_lines: dict[str, list[str]] = defaultdict(list)
    for post in sorted((s for s, t in types.items() if H2KG.Post in t), key=str):
        holders = [h for h in graph.objects(post, H2KG.holder) if isinstance(h, URIRef)]
        orgs = sorted((o for o in graph.objects(post, H2KG.postIn) if isinstance(o, URIRef)), key=str)
        role = _pick_literal(graph.objects(post, H2KG.role)) or "post"
        for h in holders:
            for o in orgs or [None]:
                org_label = entities[str(o)].label if o is not None and str(o) in entities else (
                    _local_name(str(o)) if o is not None else "")
                post_lines[str(h)].append(f"{role}, {org_label}" if org_label else role)
                if o is not None:
                    roles[(str(h), str(o))].append(role)
    for key in roles:
        roles[key] = sorted(set(roles[key]))

    target_lines: dict[str, list[str]] = defaultdict(list)
    for plan, tgt in graph.subject_objects(H2KG.hasTarget):
        if not isinstance(plan, URIRef):
            continue
        parts = []
        metric = _pick_literal(graph.objects(tgt, H2KG.metric))
        value = graph.value(tgt, H2KG.value)
        unit = _pick_literal(graph.objects(tgt, H2KG.unit))
        year = graph.value(tgt, H2KG.targetYear)
        if metric:
            parts.append(metric + ":")
        if value is not None:
            parts.append(_clean(value))
        if unit:
            parts.append(unit)
        if year is not None:
            parts.append("by " + _clean(year))
        target_lines[str(plan)].append(" ".join(parts) or _local_name(str(tgt)))

    def numeric_first(v: str):
        try:
            return (0, float(v), v)
        except ValueError:
            return (1, 0.0, v)

    for iri, ent in entities.items():
        node = URIRef(iri)
        founded = sorted({_clean(x) for x in graph.objects(node, H2KG.foundingDate)})
        if founded:
            ent.info.append(("Founded", "; ".join(founded)))
        counts = sorted({_clean(x) for x in graph.objects(node, H2KG.memberCount)}, key=numeric_first)
        if counts:
            ent.info.append(("Member count (stated)", "; ".join(counts)))
        for line in sorted(set(post_lines.get(iri, ()))):
            ent.info.append(("Post", line))
        for line in sorted(set(target_lines.get(iri, ()))):
            ent.info.append(("Target", line))

    return _Model(
        entities=dict(sorted(entities.items())),
        docs=docs,
        relations=sorted(relations, key=lambda r: (r[0], _REL_NAMES.index(r[1]), r[2])),
        evidence=dict(evidence),
        roles=dict(roles),
    )


# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------


def _fast_layout(n: int, edges: list[tuple[int, int]], seed: int, iterations: int = 80,
                 sample: int = 256, gravity: float = 2.0) -> np.ndarray:
    """Fruchterman-Reingold with repulsion estimated from a random sample of nodes.

    O(n * sample) per iteration in numpy, no scipy; deterministic for a seed.
    A weak pull to the centre keeps isolated nodes and small components from
    drifting far away from the rest.
    """
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    t = 0.1
    dt = t / (iterations + 1)
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    src, dst = e[:, 0], e[:, 1]
    m = min(sample, n)
    for _ in range(iterations):
        chosen = rng.choice(n, size=m, replace=False)
        d = pos[:, None, :] - pos[chosen][None, :, :]
        d2 = np.einsum("ijk,ijk->ij", d, d)
        np.maximum(d2, 1e-6, out=d2)
        disp = np.einsum("ijk,ij->ik", d, (k * k) / d2) * (n / m)
        if len(e):
            d = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", d, d))
            f = d * (dist / k)[:, None]
            np.add.at(disp, src, -f)
            np.add.at(disp, dst, f)
        disp -= gravity * (pos - pos.mean(axis=0))
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    lim = np.abs(pos).max()
    if lim > 0:
        pos /= lim
    return pos


_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
_STRESS_LIMIT = 700   # connected components up to this size get the stress layout
_OVERLAP_LIMIT = 800  # above this many nodes, overlaps are left for zooming to resolve


def _remove_overlaps(pos: np.ndarray, hw: np.ndarray, hh: np.ndarray, cy: np.ndarray) -> np.ndarray:
    """Push apart nodes whose footprints (node + label rectangles) overlap.

    Rectangles are centred at (x, y + cy) with half sizes (hw, hh). The pairs
    that are close (found with numpy, O(n^2), now and then) are checked round
    after round; each overlapping one is separated along the axis that needs
    the smaller relative move. Should overlaps persist, the drawing is spread
    out a little (which only reduces them) and the rounds go on: the result
    has none.
    """
    x = pos[:, 0].astype(float).copy()
    y = (pos[:, 1] + cy).astype(float)
    sum_w = hw[:, None] + hw[None, :]
    sum_h = hh[:, None] + hh[None, :]

    def close_pairs(margin: float):
        ii, jj = np.nonzero((np.abs(x[:, None] - x[None, :]) < sum_w + margin)
                            & (np.abs(y[:, None] - y[None, :]) < sum_h + margin))
        keep = ii < jj
        return ii[keep], jj[keep]

    for sweep in range(1, 500):
        ii, jj = close_pairs(40.0)
        sw, sh = sum_w[ii, jj], sum_h[ii, jj]
        for _ in range(10):
            hit = np.nonzero((np.abs(x[ii] - x[jj]) < sw) & (np.abs(y[ii] - y[jj]) < sh))[0]
            if len(hit) == 0:
                break
            for k in hit.tolist():
                i, j = int(ii[k]), int(jj[k])
                dx, dy = x[i] - x[j], y[i] - y[j]
                ox, oy = sw[k] - abs(dx), sh[k] - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                if ox / sw[k] < oy / sh[k]:
                    step = (ox / 2 + 0.5) * (1.0 if dx > 0 or (dx == 0 and i < j) else -1.0)
                    x[i] += step
                    x[j] -= step
                else:
                    step = (oy / 2 + 0.5) * (1.0 if dy > 0 or (dy == 0 and i < j) else -1.0)
                    y[i] += step
                    y[j] -= step
        if len(close_pairs(0.0)[0]) == 0:
            break
        if sweep % 3 == 0:
            x = x.mean() + (x - x.mean()) * 1.06
            y = y.mean() + (y - y.mean()) * 1.06
    return np.column_stack([x, y - cy])


def _smacof(dist: np.ndarray, iterations: int = 150) -> np.ndarray:
    """Stress majorization (weights 1/d^2) from a classical-MDS start; numpy only."""
    n = len(dist)
    d2 = dist ** 2
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ d2 @ j
    vals, vecs = np.linalg.eigh(b)
    top = np.argsort(vals)[::-1][:2]
    x = vecs[:, top] * np.sqrt(np.maximum(vals[top], 1e-9))
    for k in range(2):  # eigenvector signs are arbitrary: fix them
        if x[np.argmax(np.abs(x[:, k])), k] < 0:
            x[:, k] = -x[:, k]
    x += np.column_stack([np.sin(np.arange(n) * 1.7), np.cos(np.arange(n) * 2.3)]) * 1e-3 * (dist.max() or 1)
    with np.errstate(divide="ignore"):
        w = np.where(dist > 0, 1.0 / d2, 0.0)
    v = -w
    np.fill_diagonal(v, w.sum(axis=1))
    v_pinv = np.linalg.pinv(v)
    for _ in range(iterations):
        diff = x[:, None, :] - x[None, :, :]
        cur = np.sqrt((diff ** 2).sum(-1))
        with np.errstate(divide="ignore", invalid="ignore"):
            bm = np.where(cur > 1e-9, -w * dist / cur, 0.0)
        np.fill_diagonal(bm, 0.0)
        np.fill_diagonal(bm, -bm.sum(axis=1))
        x = v_pinv @ (bm @ x)
    return x


def _principal(x: np.ndarray) -> np.ndarray:
    """Rotate points so that their long axis is horizontal (deterministic sign)."""
    if len(x) < 2:
        return x - x.mean(axis=0)
    x = x - x.mean(axis=0)
    _, vecs = np.linalg.eigh(x.T @ x)
    x = x @ vecs[:, ::-1]
    for k in range(2):
        if x[np.argmax(np.abs(x[:, k])), k] < 0:
            x[:, k] = -x[:, k]
    return x


def _cluster_positions(n: int, edges: list[tuple[int, int]], hw: np.ndarray, hh: np.ndarray,
                       seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Layout of the graph and focus views: (landscape, portrait) positions.

    Leaves (degree-1 nodes hanging off a node of degree >= 2) are set in a
    sunflower around their node; the remaining "core" is laid out per
    connected component, by stress majorization with edge lengths that leave
    room for those sunflowers (components up to _STRESS_LIMIT nodes) or by
    the sampled Fruchterman-Reingold (larger ones). Each component is turned
    so that its long axis runs along the drawing's long axis, and components,
    isolated nodes included, are packed in rows, largest first.
    """
    adj: list[set[int]] = [set() for _ in range(n)]
    for a, b in edges:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    deg = [len(x) for x in adj]
    leaves: dict[int, list[int]] = defaultdict(list)
    for v in range(n):
        if deg[v] == 1:
            (u,) = adj[v]
            if deg[u] >= 2:
                leaves[u].append(v)
    in_leaf = {v for vs in leaves.values() for v in vs}
    core = [v for v in range(n) if v not in in_leaf]
    cell = 1.1 * float(np.median(4 * hw * hh))
    r0 = {c: max(hw[c], hh[c]) + 12 for c in core}
    reach = {c: (math.sqrt(r0[c] ** 2 + cell * len(leaves[c]) / math.pi) + 10 if leaves[c]
                 else max(hw[c], hh[c]) + 10) for c in core}
    g = nx.Graph()
    g.add_nodes_from(core)
    g.add_edges_from((a, b, {"w": reach[a] + reach[b] + 10}) for a, b in edges
                     if a != b and a not in in_leaf and b not in in_leaf)
    components = []
    for comp in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c))):
        nodes = sorted(comp)
        if len(nodes) == 1:
            local = np.zeros((1, 2))
        elif len(nodes) <= _STRESS_LIMIT:
            lengths = dict(nx.all_pairs_dijkstra_path_length(g.subgraph(nodes), weight="w"))
            dist = np.array([[lengths[a][b] for b in nodes] for a in nodes], dtype=float)
            local = _principal(_smacof(dist))
        else:
            where = {v: k for k, v in enumerate(nodes)}
            sub = sorted({(where[a], where[b]) for a, b in g.subgraph(nodes).edges()})
            spacing = float(np.median([reach[c] for c in nodes]))
            local = _principal(_fast_layout(len(nodes), sub, seed) * spacing * math.sqrt(len(nodes)) * 0.6)
        components.append((nodes, local))

    def arrange(portrait: bool) -> np.ndarray:
        blocks = []
        for nodes, local in components:
            if portrait:
                local = local[:, ::-1]
            pts = {c: local[k] for k, c in enumerate(nodes)}
            for k0, c in enumerate(nodes):
                for k, leaf in enumerate(leaves[c]):
                    r = math.sqrt(r0[c] ** 2 + cell * (k + 0.5) / math.pi)
                    t = -math.pi / 2 + k * _GOLDEN_ANGLE
                    pts[leaf] = local[k0] + (r * math.cos(t), r * math.sin(t))
            members = sorted(pts)
            arr = np.array([pts[m] for m in members])
            lo = (arr - np.column_stack([hw[members], hh[members]])).min(axis=0)
            hi = (arr + np.column_stack([hw[members], hh[members]])).max(axis=0)
            blocks.append((members, arr - lo, hi - lo))
        # shelf packing, aiming at a 4:3 (or 3:4) drawing
        total = sum(float(size[0] * size[1]) for _, _, size in blocks)
        width = max(max(size[0] for _, _, size in blocks), math.sqrt(total * (0.75 if portrait else 4 / 3)))
        pos = np.zeros((n, 2))
        x = y = row_h = 0.0
        for members, arr, size in blocks:
            if x > 0 and x + size[0] > width:
                x, y, row_h = 0.0, y + row_h + 30, 0.0
            pos[members] = arr + (x, y)
            x += size[0] + 30
            row_h = max(row_h, size[1])
        return pos

    return arrange(False), arrange(True)


def _rounded(pos: np.ndarray) -> list[tuple[float, float]]:
    if len(pos):
        pos = pos - (pos.max(axis=0) + pos.min(axis=0)) / 2
    return [(round(float(x), 1) + 0.0, round(float(y), 1) + 0.0) for x, y in pos]


def _layout(n: int, edges: list[tuple[int, int]], seed: int) -> list[tuple[float, float]]:
    """Landscape positions (x, y), rounded, for nodes 0..n-1 all with a typical
    label footprint, before overlap removal (the layout step alone)."""
    if n < 2:
        return [(0.0, 0.0)] * n
    return _rounded(_cluster_positions(n, edges, np.full(n, 93.0), np.full(n, 36.0), seed)[0])


def _text_width(text: str, font: float) -> float:
    """Rough rendered width of a label: wide (CJK) characters count double."""
    units = sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.56 for ch in text)
    return units * font


# --------------------------------------------------------------------------
# HTML pieces
# --------------------------------------------------------------------------


def _esc(s) -> str:
    return html.escape(_clean(s), quote=True)


def _json_for_script(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (newest version)."""
    lib = importlib.resources.files("pyvis") / "lib"
    candidates = []
    for entry in lib.iterdir():
        m = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", entry.name)
        if m and (entry / "vis-network.min.js").is_file() and (entry / "vis-network.css").is_file():
            candidates.append((tuple(int(x) for x in m.groups()), entry))
    if not candidates:
        raise RuntimeError("vis-network not found inside the pyvis package")
    folder = max(candidates, key=lambda c: c[0])[1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # Nothing inside may close the element it is inlined in.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    script_src = hashes if hashes else "'none'"
    return (f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


# Runs first: records any alert()/confirm()/prompt() call and any CSP violation
# on <html> (data-xss, data-csp-violations), so injected script is detectable.
_GUARD_JS = """(function(){var d=document.documentElement;d.setAttribute('data-xss','none');
function hit(k){return function(){d.setAttribute('data-xss',k);document.title='XSS: '+k;};}
window.alert=hit('alert');window.confirm=hit('confirm');window.prompt=hit('prompt');
document.addEventListener('securitypolicyviolation',function(e){
var n=Number(d.getAttribute('data-csp-violations')||0)+1;d.setAttribute('data-csp-violations',String(n));
d.setAttribute('data-csp-last',String(e.violatedDirective));});})();"""

_BASE_CSS = """
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;color:#1d2327;background:#f6f7f9}
header{background:#17324d;color:#fff;padding:8px 16px;display:flex;align-items:baseline;gap:18px;flex-wrap:wrap}
header h1{font-size:18px;margin:0;font-weight:600}
header nav a{color:#cfe3ff;margin-right:12px;text-decoration:none}
header nav a:hover,header nav a:focus{text-decoration:underline}
header nav a[aria-current=page]{color:#fff;font-weight:600}
header .sub{color:#cbd5df;font-size:13px}
h2{font-size:15px;margin:14px 0 6px}
h3{font-size:13px;margin:12px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:#4a5561}
button.link{background:none;border:0;padding:0;color:#0b5cad;cursor:pointer;font:inherit;text-align:left}
button.link:hover,button.link:focus{text-decoration:underline}
"""

_VIEW_CSS = """
html,body{height:100%}
body{display:flex;flex-direction:column;overflow:hidden}
main{flex:1;display:grid;grid-template-columns:250px minmax(0,1fr) 270px;min-height:0}
#sidebar{font-size:13px}
#sidebar,#details{overflow:auto;padding:8px 14px;background:#fff}
#sidebar{border-right:1px solid #d8dde3}
#details{border-left:1px solid #d8dde3;word-wrap:break-word;overflow-wrap:anywhere}
#network{position:relative;min-width:0;min-height:0;background:#fff}
#search-form{display:flex;gap:6px}
#search{flex:1;min-width:0;padding:5px 7px;border:1px solid #9aa5b1;border-radius:4px;font:inherit}
#search-form button{padding:5px 10px;border:1px solid #17324d;background:#17324d;color:#fff;border-radius:4px;font:inherit;cursor:pointer}
#search-status{min-height:1.3em;margin:4px 0 0;font-size:12px;color:#4a5561}
#legend ul,#filters ul{list-style:none;margin:0;padding:0}
#legend li{display:flex;align-items:center;gap:8px;margin:3px 0}
#legend svg{flex:none}
#filters li{margin:2px 0}
#filters label{display:flex;gap:6px;align-items:center;cursor:pointer}
#filters .n,#legend .n{color:#6b7682;font-size:12px}
#stats{font-size:12px;color:#4a5561;margin:10px 0}
#details .kind{margin:6px 0 0;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#4a5561}
#details h2{font-size:17px;margin:2px 0 8px}
#details dl{margin:0}
#details dt{color:#4a5561;font-size:12px;margin-top:6px}
#details dd{margin:0}
#details ul{margin:0;padding-left:18px}
#details li{margin:2px 0}
#details ul.rel{list-style:none;padding-left:0}
#details ul.rel li{margin:4px 0}
#details ul.rel button{display:block;width:100%}
#details blockquote{margin:6px 0 2px;padding:4px 8px;border-left:3px solid #9aa5b1;background:#f3f5f7}
#details .src{font-size:12px;color:#4a5561;margin:0 0 8px}
#details .hint{color:#6b7682}
div.vis-tooltip{white-space:pre-wrap;max-width:26em;font:13px/1.4 system-ui,sans-serif;background:#fffef5;color:#1d2327;padding:6px 8px}
@media (max-width:900px){body{overflow:auto}main{grid-template-columns:1fr;grid-auto-rows:auto}#network{height:70vh}}
"""

_INDEX_CSS = """
main{max-width:1200px;margin:0 auto;padding:8px 20px 40px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}
.cards a{display:block;padding:12px 16px;background:#fff;border:1px solid #d8dde3;border-radius:6px;color:#0b5cad;text-decoration:none;min-width:220px}
.cards a strong{display:block;font-size:15px}
.cards a span{color:#4a5561;font-size:13px}
.cards a:hover,.cards a:focus{border-color:#0b5cad}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 24px;border:1px solid #d8dde3}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e9ed;vertical-align:top}
th{background:#eef1f4;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafbfc}
td a{color:#0b5cad}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
.counts{color:#4a5561}
"""

# The viewer. Reads only the JSON block; puts graph strings into the page with
# textContent / vis titles as plain strings (vis shows string titles via innerText).
_APP_JS = r"""(function(){
'use strict';
var DATA=JSON.parse(document.getElementById('h2kg-data').textContent);
var body=document.body, details=document.getElementById('details');
var classes=DATA.classes, kinds=DATA.kinds, docs=DATA.docs, opts=DATA.options;
var nodeById=new Map(), edgeById=new Map(), adj=new Map();
DATA.nodes.forEach(function(n){nodeById.set(n.id,n);adj.set(n.id,[]);});
DATA.edges.forEach(function(e){edgeById.set(e.id,e);adj.get(e.from).push(e.id);if(e.to!==e.from)adj.get(e.to).push(e.id);});
function el(tag,text,cls){var e=document.createElement(tag);if(text!==undefined&&text!==null)e.textContent=String(text);if(cls)e.className=cls;return e;}
function clip(s,n){s=String(s);return s.length>n?s.slice(0,n-1)+'\u2026':s;}
function docLine(i){var d=docs[i];return d.title+(d.date?' ('+d.date+')':'');}
function plural(n,w){return n+' '+w+(n===1?'':'s');}
function nodeTitle(n){
  var lines=[n.label,classes[n.cls].label];
  if(n.aliases.length)lines.push('Also: '+n.aliases.join('; '));
  n.info.forEach(function(p){lines.push(p[0]+': '+p[1]);});
  lines.push(plural(n.docs.length,'document')+(n.docs.length?':':''));
  n.docs.slice(0,3).forEach(function(i){lines.push('\u2022 '+clip(docLine(i),90));});
  if(n.docs.length>3)lines.push('\u2022 \u2026 '+(n.docs.length-3)+' more');
  return lines.join('\n');}
function edgeHead(e){return nodeById.get(e.from).label+' \u2014 '+kinds[e.kind].phrase+' \u2192 '+nodeById.get(e.to).label;}
function edgeTitle(e){
  var lines=[edgeHead(e)];
  if(e.roles.length)lines.push('Role: '+e.roles.join('; '));
  if(!e.ev.length)lines.push('(no evidence record)');
  e.ev.slice(0,2).forEach(function(v){lines.push('\u201c'+clip(v.sentence,260)+'\u201d');
    if(v.doc>=0)lines.push('\u2014 '+clip(docLine(v.doc),90));});
  if(e.ev.length>2)lines.push('(+'+(e.ev.length-2)+' more)');
  return lines.join('\n');}
/* Two drawings come with the data: landscape (x, y) and portrait (x2, y2).
   Show the one that fits the canvas at the larger scale (until the user moves the view). */
var netBox=document.getElementById('network'),flipped=false,userMoved=false;
function box(alt){var x0=Infinity,x1=-Infinity,y0=Infinity,y1=-Infinity;
  DATA.nodes.forEach(function(n){var x=alt?n.x2:n.x,y=(alt?n.y2:n.y)+n.fc;
    x0=Math.min(x0,x-n.fw);x1=Math.max(x1,x+n.fw);y0=Math.min(y0,y-n.fh);y1=Math.max(y1,y+n.fh);});
  return [Math.max(1,x1-x0),Math.max(1,y1-y0)];}
var boxes=[box(false),box(true)];
function wantFlip(){var W=netBox.clientWidth,H=netBox.clientHeight;if(!W||!H||DATA.nodes.length<2)return flipped;
  var s0=Math.min(W/boxes[0][0],H/boxes[0][1]),s1=Math.min(W/boxes[1][0],H/boxes[1][1]);
  return s1>s0*1.05?true:(s0>s1*1.05?false:flipped);}
flipped=wantFlip();
function px(n){return flipped?n.x2:n.x;}function py(n){return flipped?n.y2:n.y;}
var classOn=classes.map(function(){return true;}), kindOn=kinds.map(function(){return true;});
var visNodes=new vis.DataSet(DATA.nodes.map(function(n){
  var c=classes[n.cls];
  var item={id:n.id,x:px(n),y:py(n),fw:n.fw,fh:n.fh,fc:n.fc,cls:n.cls,label:n.label,shape:c.shape,size:n.size,
    title:nodeTitle(n),font:{size:n.font},
    color:{background:c.color,border:n.ring?'#111111':c.border,
      highlight:{background:c.color,border:'#000000'},hover:{background:c.color,border:'#000000'}},
    borderWidth:n.ring?4:1.5,borderWidthSelected:n.ring?5:3};
  item.widthConstraint={maximum:n.wrap};
  if(c.shape==='box'){item.font={size:n.font,color:'#ffffff',strokeWidth:0};item.margin=9;
    item.shapeProperties={borderRadius:5};item.scaling={label:{drawThreshold:1}};}
  return item;}));
var visEdges=new vis.DataSet(DATA.edges.map(function(e){
  var k=kinds[e.kind];
  return {id:e.id,from:e.from,to:e.to,kind:e.kind,title:edgeTitle(e),width:k.width,dashes:k.dashes,
    color:{color:k.color,highlight:k.color,hover:k.color,opacity:0.9},
    smooth:e.bend?{enabled:true,type:e.bend>0?'curvedCW':'curvedCCW',roundness:Math.abs(e.bend)}:false,
    arrows:{to:{enabled:k.directed&&opts.arrows,scaleFactor:0.55}}};}));
var nodesView=new vis.DataView(visNodes,{filter:function(n){return classOn[n.cls];}});
var edgesView=new vis.DataView(visEdges,{filter:function(e){
  return kindOn[e.kind]&&classOn[nodeById.get(e.from).cls]&&classOn[nodeById.get(e.to).cls];}});
var big=DATA.nodes.length>1500;
var network=new vis.Network(document.getElementById('network'),{nodes:nodesView,edges:edgesView},{
  autoResize:true,physics:{enabled:false},layout:{improvedLayout:false,randomSeed:1},
  interaction:{hover:!big,tooltipDelay:150,hideEdgesOnDrag:big,hideEdgesOnZoom:big,multiselect:false,zoomSpeed:0.6},
  nodes:{font:{size:16,face:'system-ui, sans-serif',color:'#1d2327',strokeWidth:4,strokeColor:'#ffffff'},
    scaling:{label:{drawThreshold:8,maxVisible:26}}},
  edges:{smooth:false,selectionWidth:2,hoverWidth:1.5}});
network.on('dragStart',function(){userMoved=true;});network.on('zoom',function(){userMoved=true;});
function fitView(){var W=netBox.clientWidth,H=netBox.clientHeight,x0=Infinity,x1=-Infinity,y0=Infinity,y1=-Infinity;
  if(!W||!H)return null;
  nodesView.forEach(function(n){/* footprint of node and label */
    x0=Math.min(x0,n.x-n.fw);x1=Math.max(x1,n.x+n.fw);y0=Math.min(y0,n.y+n.fc-n.fh);y1=Math.max(y1,n.y+n.fc+n.fh);});
  if(x0>x1)return null;
  var s=Math.max(0.01,Math.min(Math.max(40,W-24)/Math.max(1,x1-x0),Math.max(40,H-24)/Math.max(1,y1-y0),1.3));
  return {position:{x:(x0+x1)/2,y:(y0+y1)/2},scale:s};}
function refit(){if(userMoved)return;
  if(DATA.nodes.length<=3000&&wantFlip()!==flipped){flipped=!flipped;
    visNodes.update(DATA.nodes.map(function(n){return {id:n.id,x:px(n),y:py(n)};}));}
  var v=fitView();if(!v)return;var p=network.getViewPosition();
  if(Math.abs(network.getScale()-v.scale)>1e-6||Math.abs(p.x-v.position.x)>0.5||Math.abs(p.y-v.position.y)>0.5)
    network.moveTo({position:v.position,scale:v.scale,animation:false});}
/* When zoomed out so far that ordinary labels vanish, the hubs'
   labels are resized to stay legible, most connected first, skipping any that
   would cover one already shown. */
var hubs=DATA.nodes.filter(function(n){return n.hub>=0&&classes[n.cls].shape!=='box';})
  .sort(function(a,b){return a.hub-b.hub;}),hubScale=0;
var boxed=DATA.nodes.filter(function(n){return classes[n.cls].shape==='box';});
function labelRect(n,p,f){var lines=Math.max(1,Math.ceil(n.lw*n.font/n.wrap)),w=Math.min(n.lw*f,n.wrap*f/n.font);
  return [p.x-w/2,p.x+w/2,p.y+n.size,p.y+n.size+lines*1.25*f];}
function hits(r,list){return list.some(function(q){return !(r[1]<q[0]||r[0]>q[1]||r[3]<q[2]||r[2]>q[3]);});}
function scaleHubs(){if(!hubs.length)return;var s=network.getScale();
  if(hubScale&&Math.abs(s-hubScale)/hubScale<0.15)return;hubScale=s;
  var placed=[],size={},pos=network.getPositions();
  if(s<0.44){
    boxed.forEach(function(n){var p=pos[n.id];if(p)placed.push([p.x-n.fw,p.x+n.fw,p.y-n.fh,p.y+n.fh]);});
    hubs.forEach(function(n){var p=pos[n.id];if(p&&n.font*s>=7)placed.push(labelRect(n,p,n.font));});
    hubs.forEach(function(n){var p=pos[n.id],f=Math.min(14/s,n.font*25),r;
      if(!p||n.font*s>=7)return;r=labelRect(n,p,f);
      if(!hits(r,placed)){placed.push(r);size[n.id]=f;}});}
  visNodes.update(hubs.map(function(n){var f=size[n.id]||n.font;
    return {id:n.id,font:{size:f},widthConstraint:{maximum:n.wrap*f/n.font}};}));}
refit();scaleHubs();
network.on('resize',refit);network.on('afterDrawing',function(){refit();scaleHubs();});
network.on('zoom',scaleHubs);
function counts(){body.setAttribute('data-visible-nodes',String(nodesView.length));
  body.setAttribute('data-visible-edges',String(edgesView.length));
  var s=document.getElementById('stats');
  if(s)s.textContent=nodesView.length+(nodesView.length===1?' entity':' entities')+' \u00b7 '+plural(edgesView.length,'relation')+' shown';}
function refresh(){nodesView.refresh();edgesView.refresh();counts();hubScale=0;scaleHubs();}
document.querySelectorAll('input[data-filter-class]').forEach(function(box){
  box.addEventListener('change',function(){classOn[Number(box.getAttribute('data-filter-class'))]=box.checked;refresh();});});
document.querySelectorAll('input[data-filter-kind]').forEach(function(box){
  box.addEventListener('change',function(){kindOn[Number(box.getAttribute('data-filter-kind'))]=box.checked;refresh();});});
function ensureVisible(id){var n=nodeById.get(id);if(!classOn[n.cls]){classOn[n.cls]=true;
  var box=document.querySelector('input[data-filter-class="'+n.cls+'"]');if(box)box.checked=true;refresh();}}
function clear(){while(details.firstChild)details.removeChild(details.firstChild);}
function row(dl,k,v){dl.appendChild(el('dt',k));var dd=el('dd');if(v instanceof Node)dd.appendChild(v);else dd.textContent=String(v);dl.appendChild(dd);}
function nodeButton(id){var b=el('button',nodeById.get(id).label,'link');b.type='button';
  b.addEventListener('click',function(){focusNode(id);});return b;}
function showNode(id){
  var n=nodeById.get(id);clear();
  details.appendChild(el('p',classes[n.cls].label,'kind'));details.appendChild(el('h2',n.label));
  var dl=el('dl');
  if(n.aliases.length)row(dl,'Also known as',n.aliases.join('; '));
  n.info.forEach(function(p){row(dl,p[0],p[1]);});
  row(dl,'Relations',String(adj.get(id).length));row(dl,'IRI',n.iri);
  details.appendChild(dl);
  details.appendChild(el('h3','Documents ('+n.docs.length+')'));
  var ul=el('ul');n.docs.forEach(function(i){ul.appendChild(el('li',docLine(i)));});details.appendChild(ul);
  var eids=adj.get(id);
  if(eids.length){details.appendChild(el('h3','Relations'));var rl=el('ul','','rel');
    eids.slice(0,300).forEach(function(eid){var e=edgeById.get(eid),li=el('li');
      var b=el('button',e.from===id?kinds[e.kind].phrase+' \u2192 '+nodeById.get(e.to).label
        :nodeById.get(e.from).label+' \u2014 '+kinds[e.kind].phrase,'link');
      b.type='button';b.addEventListener('click',function(){network.selectEdges([eid]);showEdge(eid);});
      li.appendChild(b);rl.appendChild(li);});
    if(eids.length>300)rl.appendChild(el('li','\u2026 '+(eids.length-300)+' more'));
    details.appendChild(rl);}
  body.setAttribute('data-selected',n.iri);}
function showEdge(id){
  var e=edgeById.get(id),k=kinds[e.kind];clear();
  details.appendChild(el('p','Relation: '+k.phrase,'kind'));
  var h=el('h2');h.appendChild(nodeButton(e.from));h.appendChild(document.createTextNode(' \u2014 '+k.phrase+' \u2192 '));
  h.appendChild(nodeButton(e.to));details.appendChild(h);
  var dl=el('dl');row(dl,'Property',e.props.join(', '));
  if(e.roles.length)row(dl,'Role',e.roles.join('; '));details.appendChild(dl);
  details.appendChild(el('h3','Evidence ('+e.ev.length+')'));
  if(!e.ev.length)details.appendChild(el('p','No evidence record for this statement.','hint'));
  e.ev.forEach(function(v){details.appendChild(el('blockquote',v.sentence||'(no sentence)'));
    var meta=[];if(v.doc>=0)meta.push(docLine(v.doc));meta.push(v.prop);
    if(v.extractor)meta.push(v.extractor);if(v.confidence)meta.push('confidence '+v.confidence);
    if(v.start!==null&&v.end!==null)meta.push('chars '+v.start+'\u2013'+v.end);
    details.appendChild(el('p',meta.join(' \u00b7 '),'src'));});
  body.setAttribute('data-selected','edge:'+id);}
function focusNode(id){userMoved=true;ensureVisible(id);network.selectNodes([id]);
  network.focus(id,{scale:Math.max(network.getScale(),1.0),animation:{duration:300,easingFunction:'easeInOutQuad'}});
  showNode(id);}
network.on('click',function(p){if(p.nodes.length)showNode(p.nodes[0]);else if(p.edges.length)showEdge(p.edges[0]);});
var names=[];
DATA.nodes.forEach(function(n){names.push([n.label.toLowerCase(),n.id,0]);
  n.aliases.forEach(function(a){names.push([a.toLowerCase(),n.id,1]);});});
(function(){var dlst=document.getElementById('search-names');if(!dlst)return;var seen=new Set();
  DATA.nodes.forEach(function(n){[n.label].concat(n.aliases).forEach(function(s){if(!seen.has(s)){seen.add(s);var o=document.createElement('option');o.value=s;dlst.appendChild(o);}});});})();
function find(q){q=q.trim().toLowerCase();if(!q)return null;
  var tests=[function(s,a){return a===0&&s===q;},function(s){return s===q;},
    function(s){return s.indexOf(q)===0;},function(s){return s.indexOf(q)>=0;}];
  for(var t=0;t<tests.length;t++){for(var i=0;i<names.length;i++){if(tests[t](names[i][0],names[i][2]))return names[i][1];}}
  return null;}
var search=document.getElementById('search'),status=document.getElementById('search-status');
function runSearch(q){var id=find(q);
  if(id===null){status.textContent=q.trim()?'No entity matches \u201c'+q.trim()+'\u201d.':'';body.setAttribute('data-search-result','none');return false;}
  focusNode(id);status.textContent='Showing '+nodeById.get(id).label;body.setAttribute('data-search-result',nodeById.get(id).iri);return true;}
document.getElementById('search-form').addEventListener('submit',function(ev){ev.preventDefault();runSearch(search.value);});
function fromHash(){var m=/^#search=(.*)$/.exec(location.hash);if(!m)return;var q;
  try{q=decodeURIComponent(m[1]);}catch(err){return;}search.value=q;runSearch(q);}
window.addEventListener('hashchange',fromHash);
network.once('afterDrawing',function(ctx){var inked=0;
  try{var c=ctx.canvas,img=ctx.getImageData(0,0,c.width,c.height).data;
    for(var i=3;i<img.length;i+=4*7){if(img[i]>0)inked++;}}catch(err){inked=-1;}
  body.setAttribute('data-drawn-pixels',String(inked));
  body.setAttribute('data-rendered','1');});
counts();
if(opts.focus!==null&&opts.focus!==undefined){network.selectNodes([opts.focus]);showNode(opts.focus);}
fromHash();
window.h2kgNetwork=network;  /* for scripting and tests */
body.setAttribute('data-app','ready');
})();"""


def _shape_svg(shape: str, color: str, border: str = "#333333", ring: bool = False) -> str:
    sw = "2.5" if ring else "1"
    bc = _BRIDGE_BORDER if ring else border
    common = f'fill="{color}" stroke="{bc}" stroke-width="{sw}"'
    if shape == "dot":
        body = f'<circle cx="9" cy="9" r="6.5" {common}/>'
    elif shape == "box":
        body = f'<rect x="1" y="4" width="16" height="10" rx="2.5" {common}/>'
    elif shape == "square":
        body = f'<rect x="3" y="3" width="12" height="12" {common}/>'
    elif shape == "diamond":
        body = f'<polygon points="9,1.5 16.5,9 9,16.5 1.5,9" {common}/>'
    elif shape == "triangle":
        body = f'<polygon points="9,2 16,15.5 2,15.5" {common}/>'
    elif shape == "triangleDown":
        body = f'<polygon points="2,2.5 16,2.5 9,16" {common}/>'
    elif shape == "star":
        pts = []
        for i in range(10):
            r = 7.5 if i % 2 == 0 else 3.2
            a = math.pi / 2 + i * math.pi / 5
            pts.append(f"{9 + r * math.cos(a):.1f},{9 - r * math.sin(a):.1f}")
        body = f'<polygon points="{" ".join(pts)}" {common}/>'
    else:  # hexagon
        pts = " ".join(f"{9 + 7 * math.cos(math.pi / 6 + i * math.pi / 3):.1f},"
                       f"{9 + 7 * math.sin(math.pi / 6 + i * math.pi / 3):.1f}" for i in range(6))
        body = f'<polygon points="{pts}" {common}/>'
    return f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'


def _line_svg(color: str, dashes, width: float, directed: bool) -> str:
    dash = f' stroke-dasharray="{",".join(str(d) for d in dashes)}"' if dashes else ""
    arrow = f'<polygon points="28,6 22,2.5 22,9.5" fill="{color}"/>' if directed else ""
    return (f'<svg width="30" height="12" viewBox="0 0 30 12" aria-hidden="true">'
            f'<line x1="1" y1="6" x2="{24 if directed else 29}" y2="6" stroke="{color}" '
            f'stroke-width="{max(1.5, width)}"{dash}/>{arrow}</svg>')


def _darker(hex_color: str, f: float = 0.7) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * f), int(g * f), int(b * f))


def _page(title: str, heading: str, subtitle: str, nav_current: str | None, css: str,
          body_html: str, scripts: list[str], data_json: str | None, view: str) -> str:
    """Assemble one page; every script is inline and listed in the CSP by hash."""
    nav = ""
    if nav_current is not None:
        links = [("index.html", "Index", "index"), ("alliances.html", "Alliances", "alliances"),
                 ("graph.html", "Full graph", "graph")]
        nav = "<nav>" + "".join(
            f'<a href="{href}"{" aria-current=page" if key == nav_current else ""}>{text}</a>'
            for href, text, key in links) + "</nav>"
    head_scripts = f"<script>{scripts[0]}</script>\n" if scripts else ""
    tail_scripts = "".join(f"<script>{s}</script>\n" for s in scripts[1:])
    data_block = (f'<script type="application/json" id="h2kg-data">{data_json}</script>\n'
                  if data_json is not None else "")
    sub = f'<span class="sub">{subtitle}</span>' if subtitle else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(scripts)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{title}</title>\n"
        f"{head_scripts}"
        f"<style>{css}</style>\n"
        "</head>\n"
        f'<body data-view="{view}">\n'
        f"<header><h1>{heading}</h1>{nav}{sub}</header>\n"
        f"{body_html}\n"
        f"{data_block}{tail_scripts}"
        "</body>\n</html>\n"
    )


@dataclass
class _Kind:
    key: str
    phrase: str
    color: str
    dashes: object
    width: float
    directed: bool
    legend: str


@dataclass
class _ViewEdge:
    a: str  # from iri
    b: str  # to iri
    kind: int
    props: list[str]
    triples: list[tuple[str, str, str]]  # underlying RDF statements, for evidence
    roles: list[str] = field(default_factory=list)


def _edge_payload(model: _Model, doc_index: dict[str, int], e: _ViewEdge) -> dict:
    ev = []
    for t in e.triples:
        for r in model.evidence.get(t, ()):
            ev.append({
                "sentence": r.sentence,
                "doc": doc_index.get(r.doc, -1) if r.doc else -1,
                "extractor": r.extractor,
                "confidence": r.confidence,
                "start": r.start,
                "end": r.end,
                "prop": r.prop,
            })
    return {"props": e.props, "roles": e.roles, "ev": ev}


def _network_page(model: _Model, *, view: str, title: str, heading: str, subtitle: str,
                  nav_current: str | None, node_iris: list[str], node_cls: dict[str, str],
                  edges: list[_ViewEdge], kinds: list[_Kind], seed: int,
                  emphasis: dict[str, dict] | None = None, focus: str | None = None,
                  extra_legend: str = "", arrows: bool = True,
                  shapes: dict[str, str] | None = None, placer=None) -> str:
    """One network page. ``placer(index, hw, hh)``, if given, returns initial
    positions (n x 2) from the node index and footprint half sizes; otherwise a
    force-directed layout is used."""
    emphasis = emphasis or {}
    index = {iri: i for i, iri in enumerate(node_iris)}
    n = len(node_iris)
    degree = [0] * n
    pairs = []
    for e in edges:
        ia, ib = index[e.a], index[e.b]
        degree[ia] += 1
        degree[ib] += 1
        pairs.append((min(ia, ib), max(ia, ib)))
    shapes = shapes or {}
    sizes, fonts, wraps, boxed = [], [], [], []
    for i, iri in enumerate(node_iris):
        emph = emphasis.get(iri, {})
        sizes.append(emph.get("size", round(min(34.0, 9.0 + 3.2 * math.sqrt(degree[i])), 1)))
        fonts.append(float(emph.get("font", _FONT)))
        boxed.append(shapes.get(node_cls[iri]) == "box")
        wraps.append(float(_BOX_WRAP if boxed[-1] else _LABEL_WRAP))
    label_w = [_text_width(model.entities[iri].label, 1.0) for iri in node_iris]

    def footprints():
        """Half width, half height and vertical centre offset of node + label."""
        hw, hh, cy = np.zeros(n), np.zeros(n), np.zeros(n)
        for i in range(n):
            raw = label_w[i] * fonts[i]
            lines = max(1, math.ceil(raw / wraps[i]))
            text_w, text_h = min(raw, wraps[i]), lines * fonts[i] * 1.2
            if boxed[i]:
                hw[i], hh[i] = text_w / 2 + 17, text_h / 2 + 17
            else:
                hw[i] = max(sizes[i], text_w / 2) + 8
                hh[i] = (2 * sizes[i] + 3 + text_h) / 2 + 6
                cy[i] = (3 + text_h) / 2
        return hw, hh, cy

    # Two drawings: landscape (pos) and portrait (alt); the page shows the one
    # that fits its canvas best. Both are made free of overlaps below.
    if placer is not None and n:
        hw0, hh0, _ = footprints()
        pos = placer(index, hw0, hh0)
        alt = pos[:, ::-1].copy()
    elif n > 1:
        hw0, hh0, _ = footprints()
        pos, alt = _cluster_positions(n, pairs, hw0, hh0, seed)
    else:
        pos = alt = np.zeros((n, 2))
    if 1 < n <= _OVERLAP_LIMIT:
        pos = _remove_overlaps(pos, *footprints())

    def overview_scale(p) -> float:
        """Rough zoom at which the page will first show drawing p (either way up)."""
        hw, hh, cy = footprints()
        ex, ey = ((p + np.column_stack([hw, cy + hh])).max(axis=0)
                  - (p - np.column_stack([hw, hh - cy])).min(axis=0))
        ex, ey = max(1.0, float(ex)), max(1.0, float(ey))
        return min(1.0, max(min(640.0 / ex, 700.0 / ey), min(640.0 / ey, 700.0 / ex)))

    # Labels: every node carries one, drawn once the zoom makes it legible.
    # The most connected nodes (and forced ones: the alliances) keep theirs
    # legible at overview zoom: up to _OVERLAP_LIMIT nodes with a larger font
    # and room made for it (making room shrinks the overview, so a second
    # pass corrects the first); and, should that not do, or beyond that
    # size, the page resizes them to the zoom where they do not collide.
    hubs: list[int] = []
    if n > 1:
        forced = [i for i in range(n) if emphasis.get(node_iris[i], {}).get("hub")]
        ranked = forced + sorted(
            (i for i in range(n) if degree[i] >= 2 and i not in set(forced)),
            key=lambda i: (-degree[i], model.entities[node_iris[i]].label.casefold(), node_iris[i]))
        if n > _OVERLAP_LIMIT:
            hubs = ranked[:max(20, len(forced))]
        elif n > 40 and overview_scale(pos) < 0.55:
            top = hubs = ranked[:max(12 + n // 25, len(forced))]
            base = {i: (fonts[i], wraps[i]) for i in top}
            for _ in range(2):
                scale = overview_scale(pos)
                for i in top:
                    f = min(4.0 * base[i][0], max(base[i][0], 13.0 / scale))
                    wraps[i] = round(base[i][1] * f / base[i][0], 1)
                    fonts[i] = round(f, 1)
                pos = _remove_overlaps(pos, *footprints())
    hw1, hh1, cy1 = footprints() if n else (np.zeros(0), np.zeros(0), np.zeros(0))
    if 1 < n <= _OVERLAP_LIMIT:
        alt = _remove_overlaps(alt, hw1, hh1, cy1)
    positions, positions_alt = _rounded(pos), _rounded(alt)

    doc_index = {d: i for i, d in enumerate(model.docs)}
    present_classes = sorted({node_cls[i] for i in node_iris}, key=lambda c: _CLASS_INDEX[c])
    class_payload = [{"key": c[0], "label": c[1], "color": c[2], "shape": shapes.get(c[0], c[3]),
                      "border": _darker(c[2])} for c in _CLASSES]

    nodes_payload = []
    for i, iri in enumerate(node_iris):
        ent = model.entities[iri]
        emph = emphasis.get(iri, {})
        info = list(ent.info) + emph.get("info", [])
        nodes_payload.append({
            "id": i, "iri": ent.iri, "label": ent.label, "cls": _CLASS_INDEX[node_cls[iri]],
            "aliases": ent.aliases, "docs": [doc_index[d] for d in ent.docs], "info": info,
            "x": positions[i][0], "y": positions[i][1],
            "x2": positions_alt[i][0], "y2": positions_alt[i][1], "deg": degree[i], "size": sizes[i],
            "font": fonts[i], "wrap": wraps[i], "hub": hubs.index(i) if i in hubs else -1,
            "lw": round(label_w[i], 2),
            "fw": round(float(hw1[i]), 1), "fh": round(float(hh1[i]), 1), "fc": round(float(cy1[i]), 1),
            "ring": bool(emph.get("ring")),
        })
    # Several edges between the same two nodes are bent apart (bend: signed
    # roundness, relative to the edge's own direction; 0 = straight).
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j, e in enumerate(edges):
        groups[(min(index[e.a], index[e.b]), max(index[e.a], index[e.b]))].append(j)
    bend = [0.0] * len(edges)
    for (u, _v), members in groups.items():
        for k, j in enumerate(members):
            side = (k - (len(members) - 1) / 2) * 0.3
            bend[j] = round(side if index[edges[j].a] == u else -side, 3) + 0.0
    edges_payload = []
    for j, e in enumerate(edges):
        p = _edge_payload(model, doc_index, e)
        p.update({"id": j, "from": index[e.a], "to": index[e.b], "kind": e.kind, "bend": bend[j]})
        edges_payload.append(p)
    kind_payload = [{"key": k.key, "phrase": k.phrase, "color": k.color, "dashes": k.dashes,
                     "width": k.width, "directed": k.directed} for k in kinds]
    data = {
        "classes": class_payload, "kinds": kind_payload,
        "docs": [{"title": d.title, "source": d.source, "date": d.date} for d in model.docs.values()],
        "nodes": nodes_payload, "edges": edges_payload,
        "options": {"focus": index[focus] if focus is not None else None, "arrows": arrows},
    }

    class_count = defaultdict(int)
    for iri in node_iris:
        class_count[node_cls[iri]] += 1
    kind_count = defaultdict(int)
    for e in edges:
        kind_count[e.kind] += 1
    present_kinds = [i for i in range(len(kinds)) if kind_count[i]]

    legend = ['<section id="legend" aria-label="Legend"><h2>Legend</h2><ul>']
    for c in present_classes:
        key, label, color, shape = _CLASSES[_CLASS_INDEX[c]]
        shape = shapes.get(key, shape)
        legend.append(f'<li data-legend-class="{key}">{_shape_svg(shape, color, _darker(color))}'
                      f'<span>{html.escape(label)}</span></li>')
    legend.append("</ul><ul>")
    for i in present_kinds:
        k = kinds[i]
        legend.append(f'<li data-legend-kind="{k.key}">'
                      f'{_line_svg(k.color, k.dashes, k.width, k.directed and arrows)}'
                      f'<span>{html.escape(k.legend)}</span></li>')
    legend.append(f"</ul>{extra_legend}</section>")

    filters = ['<section id="filters" aria-label="Filters"><h2>Show</h2>'
               '<fieldset id="class-filters"><legend>Classes</legend><ul>']
    for c in present_classes:
        ci = _CLASS_INDEX[c]
        filters.append(f'<li><label><input type="checkbox" checked data-filter-class="{ci}">'
                       f'{html.escape(_CLASSES[ci][1])} <span class="n">{class_count[c]}</span></label></li>')
    filters.append('</ul></fieldset><fieldset id="relation-filters"><legend>Relations</legend><ul>')
    for i in present_kinds:
        filters.append(f'<li><label><input type="checkbox" checked data-filter-kind="{i}">'
                       f'{html.escape(kinds[i].legend)} <span class="n">{kind_count[i]}</span></label></li>')
    filters.append("</ul></fieldset></section>")

    body_html = (
        "<main>\n"
        '<aside id="sidebar">'
        '<section id="search-box" aria-label="Search"><h2><label for="search">Find an entity</label></h2>'
        '<form id="search-form" role="search" autocomplete="off">'
        '<input id="search" type="search" list="search-names" placeholder="name or alias" spellcheck="false">'
        '<button type="submit">Find</button></form><datalist id="search-names"></datalist>'
        '<p id="search-status" role="status" aria-live="polite"></p></section>'
        + "".join(legend) + "".join(filters) +
        '<p id="stats"></p></aside>\n'
        '<div id="network" role="img" aria-label="Network diagram"></div>\n'
        '<aside id="details" aria-live="polite"><p class="hint">Hover over a node or an edge for a summary; '
        "click one to see its details here.</p></aside>\n"
        "</main>"
    )
    vis_js, vis_css = _vis_assets()
    return _page(title, heading, subtitle, nav_current, _BASE_CSS + vis_css + _VIEW_CSS, body_html,
                 [_GUARD_JS, vis_js, _APP_JS], _json_for_script(data), view)


def _graph_kinds() -> list[_Kind]:
    return [_Kind(r[0], r[1], r[2], r[3], r[4], r[5], f"{r[1]} ({r[0]})") for r in _RELATIONS]


def _relation_edges(model: _Model, keep: set[str] | None = None) -> list[_ViewEdge]:
    out = []
    for s, rel, o in model.relations:
        if keep is not None and (s not in keep or o not in keep):
            continue
        triples = [(s, rel, o)]
        roles: list[str] = []
        if rel == "worksFor":
            roles = model.roles.get((s, o), [])
        out.append(_ViewEdge(s, o, _REL_NAMES.index(rel), [rel], triples, list(roles)))
    return out


# --------------------------------------------------------------------------
# The views
# --------------------------------------------------------------------------


def _graph_html(model: _Model, seed: int) -> str:
    iris = list(model.entities)
    edges = _relation_edges(model)
    return _network_page(
        model, view="graph", title="h2kg \u2014 full graph", heading="h2kg knowledge graph",
        subtitle=f"{len(iris)} entities \u00b7 {len(edges)} relations \u00b7 {len(model.docs)} documents",
        nav_current="graph", node_iris=iris, node_cls={i: model.entities[i].cls for i in iris},
        edges=edges, kinds=_graph_kinds(), seed=seed)


def _alliance_positions(alliances: list[str], edges: list[_ViewEdge], index: dict[str, int],
                        hw: np.ndarray, hh: np.ndarray) -> np.ndarray:
    """Clustered layout of the alliances view.

    Each alliance sits at the centre of a sunflower of the entities tied to it
    alone (founders nearest, then guiding bodies, participants, members);
    alliances stand on a circle, ordered so that those sharing members are
    neighbours; entities tied to several alliances sit between them.
    """
    n = len(index)
    pos = np.zeros((n, 2))
    kind_rank = {0: 0, 2: 1, 3: 2, 1: 3}
    ties: dict[str, dict[str, int]] = defaultdict(dict)  # entity -> alliance -> best kind rank
    for e in edges:
        if e.b in index and e.a in index and e.b not in set(alliances):
            r = kind_rank[e.kind]
            ties[e.b][e.a] = min(r, ties[e.b].get(e.a, 9))
    own: dict[str, list[str]] = defaultdict(list)
    shared: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for ent, alls in sorted(ties.items()):
        if len(alls) == 1:
            a = next(iter(alls))
            own[a].append(ent)
        else:
            shared[tuple(sorted(alls))].append(ent)
    cell = float(np.median(4 * hw * hh)) if n else 1.0  # area taken by a typical node
    radius: dict[str, float] = {}
    inner: dict[str, float] = {}
    for a in alliances:
        ai = index[a]
        r0 = max(hw[ai], hh[ai]) + 24
        own[a] = sorted(own[a], key=lambda x: (ties[x][a], x))
        inner[a] = r0
        radius[a] = (math.sqrt(r0 * r0 + cell * len(own[a]) / math.pi) if own[a] else r0) + 30

    # Order alliances: greedy chain by number of shared entities, ties by IRI.
    weight: dict[tuple[str, str], int] = defaultdict(int)
    for key, ents in shared.items():
        for x in key:
            for y in key:
                if x < y:
                    weight[(x, y)] += len(ents)

    def w(x, y):
        return weight.get((min(x, y), max(x, y)), 0)

    remaining = sorted(alliances)
    order: list[str] = []
    if remaining:
        first = max(remaining, key=lambda a: (sum(w(a, b) for b in remaining if b != a), len(own[a]), a))
        order.append(first)
        remaining.remove(first)
        while remaining:
            nxt = max(remaining, key=lambda b: (w(order[-1], b), len(own[b]), b))
            order.append(nxt)
            remaining.remove(nxt)
    gap = 150.0 if shared else 40.0
    centres: dict[str, tuple[float, float]] = {}
    k = len(order)
    if k == 1:
        centres[order[0]] = (0.0, 0.0)
    elif k == 2:
        d = radius[order[0]] + radius[order[1]] + gap
        centres[order[0]], centres[order[1]] = (-d / 2, 0.0), (d / 2, 0.0)
    elif k >= 3:
        chords = [radius[order[i]] + radius[order[(i + 1) % k]] + gap for i in range(k)]

        def total_angle(rc):
            return sum(2 * math.asin(min(1.0, c / (2 * rc))) for c in chords)

        lo, hi = max(chords) / 2, sum(chords)
        for _ in range(60):
            mid = (lo + hi) / 2
            if total_angle(mid) > 2 * math.pi:
                lo = mid
            else:
                hi = mid
        rc = hi
        t = -math.pi / 2
        for i, a in enumerate(order):
            centres[a] = (rc * math.cos(t), rc * math.sin(t))
            t += 2 * math.asin(min(1.0, chords[i] / (2 * rc)))
    for a in order:
        cx, cy = centres[a]
        pos[index[a]] = (cx, cy)
        # the sunflower starts (founders first) on the side away from the other alliances
        start = math.atan2(cy, cx) if k > 1 else -math.pi / 2
        for j, m in enumerate(own[a]):
            r = math.sqrt(inner[a] ** 2 + cell * (j + 0.5) / math.pi)
            t = start + j * _GOLDEN_ANGLE
            pos[index[m]] = (cx + r * math.cos(t), cy + r * math.sin(t))
    for key, ents in sorted(shared.items()):
        c = np.mean([centres[a] for a in key], axis=0)
        if len(key) == 2:
            v = np.array(centres[key[1]]) - np.array(centres[key[0]])
            perp = np.array([-v[1], v[0]]) / (np.hypot(*v) or 1.0)
        else:
            perp = np.array([0.0, 1.0])
        step = 2 * float(np.median([hh[index[x]] for x in ents])) + 10
        for j, x in enumerate(ents):
            pos[index[x]] = c + perp * (j - (len(ents) - 1) / 2) * step
    return pos


def _alliances_html(model: _Model, seed: int) -> str:
    ents = model.entities
    alliances = [i for i, e in ents.items() if e.cls == "Alliance"]
    aset = set(alliances)
    founders = {(s, o) for s, r, o in model.relations if r == "foundedBy" and s in aset}
    members = {(s, o) for s, r, o in model.relations if r == "memberOf" and o in aset}
    kinds = [_Kind(k[0], k[1], k[2], k[3], k[4], False, k[5]) for k in _ALLIANCE_KINDS]
    edges: list[_ViewEdge] = []
    # founder: Alliance -> org (foundedBy), also covering memberOf(org, Alliance).
    for a, o in sorted(founders):
        triples = [(a, "foundedBy", o)]
        props = ["foundedBy"]
        if (o, a) in members:
            triples.append((o, "memberOf", a))
            props.append("memberOf")
        edges.append(_ViewEdge(a, o, 0, props, triples))
    for o, a in sorted(members):
        if (a, o) in founders:
            continue
        edges.append(_ViewEdge(a, o, 1, ["memberOf"], [(o, "memberOf", a)]))
    for s, r, o in model.relations:
        if r == "guidedBy" and s in aset:
            edges.append(_ViewEdge(s, o, 2, ["guidedBy"], [(s, "guidedBy", o)]))
        elif r == "participatedIn" and o in aset:
            edges.append(_ViewEdge(o, s, 3, ["participatedIn"], [(s, "participatedIn", o)]))
    edges.sort(key=lambda e: (e.a, e.kind, e.b))

    # The kind phrase reads from the alliance's side: "A — founded by → O",
    # "A — has member → O", "A — guided by → G", "A — has participant → P".
    nodes = set(alliances)
    for e in edges:
        nodes.update((e.a, e.b))
    node_iris = sorted(nodes)

    in_alliances: dict[str, dict[str, str]] = defaultdict(dict)
    for e in edges:
        if e.kind in (0, 1):
            in_alliances[e.b][e.a] = "founder" if e.kind == 0 else "member"
    emphasis: dict[str, dict] = {}
    for a in alliances:
        deg = sum(1 for e in edges if e.a == a)
        emphasis[a] = {"size": round(min(44.0, 24.0 + 2.0 * math.sqrt(deg)), 1), "font": _FONT_BIG, "hub": True}
    bridges = 0
    for o, alls in in_alliances.items():
        if len(alls) >= 2:
            bridges += 1
            emph = emphasis.setdefault(o, {})
            emph["ring"] = True
            emph["info"] = [("Bridges alliances", "; ".join(
                f"{ents[a].label} ({role})" for a, role in sorted(alls.items(),
                                                                  key=lambda x: ents[x[0]].label.casefold())))]
    extra = ""
    if bridges:
        extra = (f'<ul><li data-legend-bridge="1">{_shape_svg("dot", "#ffffff", ring=True)}'
                 f"<span>black ring: in several alliances "
                 f'<span class="n">{bridges}</span></span></li></ul>')
    subtitle = (f"{len(alliances)} alliance{'s' if len(alliances) != 1 else ''} \u00b7 "
                f"{len(node_iris) - len(alliances)} connected entities \u00b7 {bridges} bridging")
    return _network_page(
        model, view="alliances", title="h2kg \u2014 alliances", heading="Alliances",
        subtitle=subtitle, nav_current="alliances", node_iris=node_iris,
        node_cls={i: ents[i].cls for i in node_iris}, edges=edges, kinds=kinds, seed=seed,
        emphasis=emphasis, extra_legend=extra, arrows=False, shapes={"Alliance": "box"},
        placer=lambda index, hw, hh: _alliance_positions(alliances, edges, index, hw, hh))


def _index_html(model: _Model) -> str:
    degree: dict[str, int] = defaultdict(int)
    for s, _, o in model.relations:
        degree[s] += 1
        degree[o] += 1
    ents = sorted(model.entities.values(),
                  key=lambda e: (_CLASS_INDEX[e.cls], e.label.casefold(), e.label, e.iri))
    class_count: dict[str, int] = defaultdict(int)
    for e in ents:
        class_count[e.cls] += 1
    alliances = class_count.get("Alliance", 0)

    parts = ["<main>",
             '<div class="cards">'
             f'<a href="alliances.html"><strong>Alliances</strong><span>{alliances} alliance'
             f'{"s" if alliances != 1 else ""} with founders, members, guides and participants</span></a>'
             f'<a href="graph.html"><strong>Full graph</strong><span>{len(ents)} entities, '
             f'{len(model.relations)} relations; filter and search</span></a></div>',
             '<p class="counts">' + " \u00b7 ".join(
                 f'<span class="swatch" style="background:{_CLASSES[_CLASS_INDEX[c]][2]}"></span>'
                 f"{html.escape(_CLASSES[_CLASS_INDEX[c]][1])}: {class_count[c]}"
                 for c in sorted(class_count, key=lambda c: _CLASS_INDEX[c])) + "</p>",
             f'<h2 id="entities">Entities ({len(ents)})</h2>',
             '<table id="entity-table"><thead><tr><th scope="col">Label</th><th scope="col">Class</th>'
             '<th scope="col">Aliases</th><th scope="col" class="num">Documents</th>'
             '<th scope="col" class="num">Degree</th></tr></thead><tbody>']
    for e in ents:
        href = "graph.html#search=" + quote(e.label, safe="")
        color = _CLASSES[_CLASS_INDEX[e.cls]][2]
        parts.append(
            f'<tr><td><a href="{_esc(href)}">{_esc(e.label)}</a></td>'
            f'<td><span class="swatch" style="background:{color}"></span>'
            f"{html.escape(_CLASSES[_CLASS_INDEX[e.cls]][1])}</td>"
            f"<td>{_esc('; '.join(e.aliases))}</td>"
            f'<td class="num">{len(e.docs)}</td><td class="num">{degree.get(e.iri, 0)}</td></tr>')
    parts.append("</tbody></table>")
    parts.append(f'<h2 id="documents">Documents ({len(model.docs)})</h2>'
                 '<table id="document-table"><thead><tr><th scope="col">Title</th><th scope="col">Source</th>'
                 '<th scope="col">Date</th></tr></thead><tbody>')
    docs = sorted(model.docs.values(), key=lambda d: (d.date or "\uffff", d.title.casefold(), d.iri))
    for d in docs:
        parts.append(f"<tr><td>{_esc(d.title)}</td><td>{_esc(d.source)}</td><td>{_esc(d.date)}</td></tr>")
    parts.append("</tbody></table></main>")
    subtitle = f"{len(ents)} entities \u00b7 {len(model.relations)} relations \u00b7 {len(model.docs)} documents"
    return _page("h2kg \u2014 index", "h2kg knowledge graph", subtitle, "index", _BASE_CSS + _INDEX_CSS,
                 "\n".join(parts), [_GUARD_JS], None, "index")


def _write(path: pathlib.Path, text: str) -> pathlib.Path:
    """Write a page whole or not at all (an interrupted build leaves the previous page)."""
    from .store import atomic_write
    atomic_write(path, text.encode("utf-8"))
    return path


def write_views(graph, out_dir: pathlib.Path, *, seed: int = 7) -> dict[str, pathlib.Path]:
    """Write index.html, alliances.html and graph.html into out_dir; return {name: path}.

    ``graph`` is an rdflib Graph, a Dataset/ConjunctiveGraph with
    ``default_union=True`` or a :class:`StoreGraph`, in the model of docs/rdf-model.md. The returned dict
    maps ``"index"``, ``"alliances"`` and ``"graph"`` to the written files. The
    pages are self-contained (no external URL), treat every string from the
    graph as untrusted, and are byte-identical for the same graph and seed.
    """
    out_dir = pathlib.Path(out_dir)
    model = _load(graph)
    return {
        "index": _write(out_dir / "index.html", _index_html(model)),
        "alliances": _write(out_dir / "alliances.html", _alliances_html(model, seed)),
        "graph": _write(out_dir / "graph.html", _graph_html(model, seed)),
    }


def _norm_name(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).split()).casefold()


def write_focus(graph, name: str, out_path: pathlib.Path, *, depth: int = 1, seed: int = 7) -> pathlib.Path:
    """Neighbourhood of the entity whose rdfs:label or skos:altLabel equals name (case-insensitive); raise KeyError(name) if none.

    Writes one self-contained page to ``out_path`` showing the entity and every
    entity within ``depth`` relation hops of it (relations taken either way),
    with the relations among them, and returns ``out_path``. If several entities
    match, one whose label matches is preferred over one whose alias matches,
    then the first by IRI.
    """
    out_path = pathlib.Path(out_path)
    model = _load(graph)
    wanted = _norm_name(name)
    by_label = [i for i, e in model.entities.items() if _norm_name(e.label) == wanted]
    by_alias = [i for i, e in model.entities.items() if any(_norm_name(a) == wanted for a in e.aliases)]
    matches = by_label or by_alias
    if not matches:
        raise KeyError(name)
    centre = matches[0]

    g = nx.Graph()
    g.add_nodes_from(model.entities)
    g.add_edges_from((s, o) for s, _, o in model.relations)
    keep = set(nx.single_source_shortest_path_length(g, centre, cutoff=max(0, int(depth))))
    node_iris = sorted(keep)
    edges = _relation_edges(model, keep)
    ent = model.entities[centre]
    emphasis = {centre: {"size": 30.0, "font": _FONT_BIG, "ring": True}}
    label = _esc(ent.label)
    return _write(out_path, _network_page(
        model, view="focus", title=f"h2kg \u2014 {label}", heading=label,
        subtitle=f"{html.escape(_CLASSES[_CLASS_INDEX[ent.cls]][1])} \u00b7 neighbourhood within "
                 f"{int(depth)} hop{'s' if int(depth) != 1 else ''} \u00b7 {len(node_iris)} entities \u00b7 "
                 f"{len(edges)} relations",
        nav_current=None, node_iris=node_iris, node_cls={i: model.entities[i].cls for i in node_iris},
        edges=edges, kinds=_graph_kinds(), seed=seed, emphasis=emphasis, focus=centre))
