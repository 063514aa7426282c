"""Store: the only stage that speaks RDF.

Resolved :class:`~kg.records.Extraction` records become quads in an rdflib ``Dataset``:

* ``h2kgr:graph/entities`` holds what every document shares: each entity's class, label
  and aliases (rewritten from the resolver, so no document's removal orphans them);
* one named graph per document, named by the document's IRI, holds the document itself,
  its ``h2kg:mentionedIn`` links, relations, attributes, posts, targets and the evidence
  record of each statement.

``graph.ttl`` is the union of all of it; ``graph.trig`` keeps the named graphs.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from . import iri as iri_
from .records import Evidence, Extraction
from .resolve import Canonical

H2KG = Namespace(iri_.ONTOLOGY)
H2KGR = Namespace(iri_.RESOURCE)
ENTITY_GRAPH = URIRef(iri_.RESOURCE + "graph/entities")
PREFIXES = {"h2kg": H2KG, "h2kgr": H2KGR, "skos": SKOS, "dcterms": DCTERMS, "prov": PROV,
            "rdfs": RDFS, "xsd": XSD}


def document_iri(doc_id: str) -> URIRef:
    return URIRef(iri_.resource_iri("document", doc_id))


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    return ds


def _lit(value, datatype=None) -> Literal:
    return Literal(value, datatype=datatype)


class GraphWriter:
    """Adds resolved extractions and canonical entities to a Dataset."""

    def __init__(self, dataset: Dataset | None = None):
        self.ds = dataset if dataset is not None else new_dataset()

    def add_extraction(self, ex: Extraction) -> URIRef:
        """One document's statements into its own named graph; returns the graph's IRI."""
        d = ex.document
        doc = document_iri(d.id)
        g = self.ds.graph(doc)
        g.add((doc, RDF.type, H2KG.Document))
        g.add((doc, DCTERMS.title, _lit(d.title)))
        g.add((doc, DCTERMS.source, _lit(d.source)))
        g.add((doc, H2KG.contentHash, _lit(d.content_hash)))
        if d.date:
            g.add((doc, DCTERMS.date, _lit(d.date, XSD.date)))
        ents = {k: URIRef(e.iri) for k, e in ex.entities.items() if e.iri}
        for e in ex.entities.values():
            if e.iri:
                g.add((URIRef(e.iri), H2KG.mentionedIn, doc))
        for key, description in sorted(ex.unnamed_plans.items()):
            plan = URIRef(iri_.resource_iri("plan", f"unnamed {d.id} {key.rsplit('#', 1)[-1]}"))
            ents[key] = plan
            g.add((plan, RDF.type, H2KG.UnnamedPlan))
            g.add((plan, RDFS.label, _lit(description)))
            g.add((plan, H2KG.mentionedIn, doc))
        for r in ex.relations:
            if r.subj in ents and r.obj in ents:
                s, o = ents[r.subj], ents[r.obj]
                g.add((s, H2KG[r.pred], o))
                self._evidence(g, doc, s, H2KG[r.pred], o, r.evidence)
        for a in ex.attributes:
            if a.subj in ents:
                dt = {"date": XSD.date, "gYear": XSD.gYear, "integer": XSD.integer}[a.datatype]
                lit = _lit(a.value, dt)
                g.add((ents[a.subj], H2KG[a.pred], lit))
                self._evidence(g, doc, ents[a.subj], H2KG[a.pred], lit, a.evidence)
        for p in ex.posts:
            if p.holder in ents and all(o in ents for o in p.orgs):
                post = URIRef(iri_.resource_iri("post", " ".join([ents[p.holder].split("/")[-1],
                                                                  *(ents[o].split("/")[-1] for o in p.orgs), p.role])))
                g.add((post, RDF.type, H2KG.Post))
                g.add((post, H2KG.holder, ents[p.holder]))
                for o in p.orgs:
                    g.add((post, H2KG.postIn, ents[o]))
                g.add((post, H2KG.role, _lit(p.role)))
                self._evidence(g, doc, post, H2KG.role, _lit(p.role), p.evidence)
        for t in ex.targets:
            if t.plan not in ents:
                continue
            node = URIRef(iri_.resource_iri("target", f"{d.id} {t.metric} {t.year} {t.value}"))
            g.add((ents[t.plan], H2KG.hasTarget, node))
            g.add((node, RDF.type, H2KG.Target))
            g.add((node, H2KG.metric, _lit(t.metric)))
            g.add((node, H2KG.value, _lit(Decimal(str(t.value)).normalize(), XSD.decimal)))
            g.add((node, H2KG.unit, _lit(t.unit)))
            g.add((node, H2KG.targetYear, _lit(str(t.year), XSD.gYear)))
            g.add((node, H2KG.mentionedIn, doc))
            self._evidence(g, doc, ents[t.plan], H2KG.hasTarget, node, t.evidence)
        return doc

    def _evidence(self, g: Graph, doc: URIRef, s, p, o, ev: Evidence) -> None:
        key = hashlib.sha1(f"{doc}|{s}|{p}|{o}|{ev.start}|{ev.rule}".encode()).hexdigest()[:16]
        node = URIRef(iri_.RESOURCE + f"evidence/{key}")
        g.add((node, RDF.type, H2KG.Evidence))
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, doc))
        g.add((node, H2KG.sentence, _lit(ev.sentence)))
        g.add((node, H2KG.startChar, _lit(ev.start, XSD.integer)))
        g.add((node, H2KG.endChar, _lit(ev.end, XSD.integer)))
        g.add((node, H2KG.extractor, _lit(ev.rule)))
        g.add((node, H2KG.confidence, _lit(Decimal(str(round(ev.confidence, 3))), XSD.decimal)))

    def set_entities(self, entities: Iterable[Canonical]) -> None:
        """(Re)write the shared entity facts: class, label, aliases."""
        g = self.ds.graph(ENTITY_GRAPH)
        g.remove((None, None, None))
        for c in entities:
            if not c.documents:
                continue
            s = URIRef(c.iri)
            g.add((s, RDF.type, H2KG[c.cls]))
            g.add((s, RDFS.label, _lit(c.label)))
            for a in sorted(c.aliases):
                g.add((s, SKOS.altLabel, _lit(a)))


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


def write_turtle(ds: Dataset, path: Path) -> None:
    atomic_write(path, union_graph(ds).serialize(format="turtle").encode("utf-8"))


def write_trig(ds: Dataset, path: Path) -> None:
    atomic_write(path, ds.serialize(format="trig").encode("utf-8"))
