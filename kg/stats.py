"""What a store holds: counts by class and relation, documents, and the most connected
organisations (networkx degree and betweenness over the relation graph, undirected)."""
from __future__ import annotations

from .records import CLASSES, ORGANISATIONS

_CLASS_COUNTS = """
SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?cls FILTER(STRSTARTS(STR(?cls), STR(h2kg:))) }
GROUP BY ?cls ORDER BY ?cls"""
_RELATION_COUNTS = """
SELECT ?p (COUNT(*) AS ?n) WHERE {
  VALUES ?p { h2kg:memberOf h2kg:foundedBy h2kg:guidedBy h2kg:issuedBy h2kg:partnerOf h2kg:worksFor
              h2kg:headquarteredIn h2kg:locatedIn h2kg:subOrganizationOf h2kg:participatedIn
              h2kg:hasTarget h2kg:holder h2kg:postIn }
  { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } }
GROUP BY ?p ORDER BY ?p"""


def stats(store, top: int = 10) -> dict:
    """``{"documents", "quads", "classes": {cls: n}, "relations": {rel: n},
    "organisations": [{"label", "class", "iri", "degree", "betweenness"}, ...]}``."""
    import networkx as nx

    from .export import to_networkx
    classes = {str(r.cls).rsplit("#", 1)[-1]: int(r.n) for r in store.query(_CLASS_COUNTS)}
    relations = {str(r.p).rsplit("#", 1)[-1]: int(r.n) for r in store.query(_RELATION_COUNTS)}
    G = to_networkx(store.quads())
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    U.add_edges_from((s, o) for s, o in G.edges() if s != o)
    n = U.number_of_nodes()
    if n > 2000:   # exact betweenness is O(nodes x edges): sample sources on big graphs
        between = nx.betweenness_centrality(U, k=500, seed=7)
    else:
        between = nx.betweenness_centrality(U) if n else {}
    orgs = [v for v in U.nodes if G.nodes[v]["class"] in ORGANISATIONS]
    ranked = sorted(orgs, key=lambda v: (-U.degree(v), -between.get(v, 0.0), G.nodes[v]["label"]))[:top]
    return {
        "documents": len(store.documents()),
        "quads": sum(1 for _ in store.quads()),
        "entities": sum(classes.get(c, 0) for c in CLASSES),
        "classes": classes,
        "relations": relations,
        "organisations": [{"label": G.nodes[v]["label"], "class": G.nodes[v]["class"], "iri": v,
                           "degree": U.degree(v), "betweenness": round(between.get(v, 0.0), 4)}
                          for v in ranked],
    }


def format_stats(s: dict) -> str:
    lines = [f"{s['documents']} documents, {s['entities']} entities, {s['quads']} quads", "", "classes:"]
    lines += [f"  {k:22} {v:>8}" for k, v in s["classes"].items()]
    lines += ["", "relations:"]
    lines += [f"  {k:22} {v:>8}" for k, v in s["relations"].items()]
    lines += ["", "most connected organisations (degree, betweenness):"]
    width = max([len(o["label"]) for o in s["organisations"]] + [10])
    lines += [f"  {o['label']:{width}}  {o['class']:20} {o['degree']:>5}  {o['betweenness']:.4f}"
              for o in s["organisations"]]
    return "\n".join(lines) + "\n"
