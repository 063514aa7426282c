"""Why an edge exists: the evidence records behind a statement in a built graph.

``explain(Path("out/graph.trig"), "REFIRE", "headquarteredIn", "Shanghai")`` returns, for
each evidence record, the statement, the article and rule, and the sentence.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, URIRef

from .resolve import norm
from .store import H2KG

_QUERY = """
SELECT ?s ?o ?sentence ?rule ?conf ?title ?source ?start WHERE {
  ?ev a h2kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      h2kg:sentence ?sentence ; h2kg:extractor ?rule ; h2kg:confidence ?conf ;
      h2kg:startChar ?start ; prov:wasDerivedFrom ?doc .
  ?doc dcterms:title ?title ; dcterms:source ?source .
} ORDER BY ?source ?start
"""


def load(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(str(path), format="trig" if str(path).endswith(".trig") else "turtle")
    return ds


def find_entity(ds: Dataset, name: str) -> set[URIRef]:
    """Entities whose IRI, label or alias is ``name`` (compared as the scorer does)."""
    if name.startswith("http"):
        return {URIRef(name)}
    want = norm(name)
    q = "SELECT DISTINCT ?e ?n WHERE { { ?e rdfs:label ?n } UNION { ?e skos:altLabel ?n } }"
    return {row.e for row in ds.query(q) if norm(str(row.n)) == want}


def explain(path: Path, subject: str, predicate: str, obj: str) -> list[str]:
    """Lines describing each piece of evidence for SUBJECT PREDICATE OBJECT (empty if none)."""
    ds = load(path)
    subjects, objects = find_entity(ds, subject), find_entity(ds, obj)
    pred = H2KG[predicate]
    lines: list[str] = []
    for row in ds.query(_QUERY, initBindings={"p": pred}):
        forward = row.s in subjects and row.o in objects
        backward = predicate == "partnerOf" and row.s in objects and row.o in subjects
        if not (forward or backward):
            continue
        lines.append(f"{subject} {predicate} {obj}")
        lines.append(f"  in \u201c{row.title}\u201d ({row.source}), {row.rule}, confidence {row.conf}")
        lines.append(f"  \u201c{row.sentence}\u201d")
    return lines
