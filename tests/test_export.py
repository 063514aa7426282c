"""Exports: every format parses back to what the store holds; --with-standard adds the
aligned W3C ORG / schema.org / PROV-O terms; output is the same bytes every time."""
import csv

import networkx as nx
import pytest
from rdflib import RDF, Dataset, Graph, Namespace, URIRef

from storekit import SGIC, run_h2kg

from kg.export import FORMATS, alignment, csv_paths
from kg.store import open_store

H2KG = Namespace("https://w3id.org/h2kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ALLIANCE = URIRef("https://w3id.org/h2kg/id/alliance/shanghai-fuel-cell-industry-innovation-alliance")


@pytest.fixture(scope="module")
def seeds(seed_build):
    with open_store(seed_build.files["store"], read_only=True) as kg:
        yield kg


@pytest.fixture(scope="module")
def store_triples(seeds):
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in seeds.quads()}


def n3(g) -> set:
    return {(s.n3(), p.n3(), o.n3()) for s, p, o in g}


def test_turtle_is_the_union_and_the_same_as_graph_ttl(seeds, seed_build, tmp_path, store_triples):
    [path] = seeds.export("turtle", tmp_path / "g.ttl")
    g = Graph().parse(path)
    assert len(g) == len(store_triples)
    assert path.read_bytes() == seed_build.graph_path.read_bytes()
    text = path.read_text()
    assert "@prefix h2kg: <https://w3id.org/h2kg/ontology#> ." in text
    assert "@prefix h2kgr: <https://w3id.org/h2kg/id/> ." in text and "\\/" not in text


def test_trig_and_nquads_keep_one_graph_per_document(seeds, tmp_path):
    docs = {d.iri for d in seeds.documents()}
    for fmt, name in (("trig", "g.trig"), ("nquads", "g.nq")):
        [path] = seeds.export(fmt, tmp_path / name)
        ds = Dataset()
        ds.parse(path, format=fmt)
        graphs = {str(c.identifier) for c in ds.contexts() if len(c)}
        assert graphs == docs | {"https://w3id.org/h2kg/id/graph/entities"}, fmt
        assert not any("/graph/names/" in g for g in graphs)        # bookkeeping stays inside


def test_jsonld_parses_back_to_the_same_quads(seeds, tmp_path):
    [path] = seeds.export("jsonld", tmp_path / "g.jsonld")
    ds = Dataset()
    ds.parse(path, format="json-ld")
    [nq] = seeds.export("nquads", tmp_path / "g.nq")
    ref = Dataset()
    ref.parse(nq, format="nquads")
    quads = {(s, p, o, str(c)) for s, p, o, c in ds.quads()}
    assert len(quads) > 500 and quads == {(s, p, o, str(c)) for s, p, o, c in ref.quads()}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_for_gephi_and_yed_carry_labels_and_classes(seeds, tmp_path, fmt):
    [path] = seeds.export(fmt, tmp_path / f"g.{fmt}")
    G = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    node = G.nodes[SGIC]
    assert node["label"] == "SGIC" and node["class"] == "Company"
    assert G.nodes[str(ALLIANCE)]["class"] == "Alliance"
    founded = [d for s, o, d in G.edges(data=True) if s == str(ALLIANCE) and o == SGIC]
    assert founded and founded[0]["relation"] == "foundedBy"
    n_rel = len(seeds.query("""SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { h2kg:memberOf h2kg:foundedBy
        h2kg:guidedBy h2kg:issuedBy h2kg:partnerOf h2kg:worksFor h2kg:headquarteredIn h2kg:locatedIn
        h2kg:subOrganizationOf h2kg:participatedIn } ?s ?p ?o }"""))
    assert G.number_of_edges() == n_rel


def test_csv_node_and_edge_lists(seeds, tmp_path):
    paths = seeds.export("csv", tmp_path / "kg.csv")
    assert paths == list(csv_paths(tmp_path / "kg.csv"))
    nodes = list(csv.DictReader(paths[0].open()))
    edges = list(csv.DictReader(paths[1].open()))
    by_id = {n["id"]: n for n in nodes}
    assert by_id[SGIC]["label"] == "SGIC" and by_id[SGIC]["class"] == "Company"
    assert {"source": str(ALLIANCE), "target": SGIC, "relation": "foundedBy"}.items() <= \
        next(e for e in edges if e["target"] == SGIC and e["relation"] == "foundedBy").items()
    assert all(e["source"] in by_id and e["target"] in by_id for e in edges)


def test_with_standard_adds_the_aligned_org_schema_and_prov_terms(seeds, tmp_path, store_triples):
    classes, props, inverses = alignment()
    assert ORG.memberOf in map(URIRef, props[str(H2KG.memberOf)])
    [path] = seeds.export("turtle", tmp_path / "std.ttl", with_standard=True)
    g = Graph().parse(path)
    assert (ALLIANCE, RDF.type, ORG.OrganizationalCollaboration) in g
    assert (ALLIANCE, RDF.type, ORG.Organization) in g            # through h2kg:Organization
    assert (ALLIANCE, RDF.type, SCHEMA.Organization) in g
    assert (ALLIANCE, SCHEMA.founder, URIRef(SGIC)) in g
    for s, o in g.subject_objects(H2KG.memberOf):
        assert (s, ORG.memberOf, o) in g and (s, SCHEMA.memberOf, o) in g
    doc = g.value(ALLIANCE, H2KG.mentionedIn)
    assert (doc, RDF.type, PROV.Entity) in g
    assert (doc, SCHEMA.mentions, ALLIANCE) in g       # mentionedIn is the inverse of schema:mentions
    assert len(g) > len(store_triples)
    [gx] = seeds.export("graphml", tmp_path / "std.graphml", with_standard=True)
    G = nx.read_graphml(gx)
    assert "org:Organization" in G.nodes[str(ALLIANCE)]["standard_types"]


def test_exports_are_byte_identical_every_time(seeds, tmp_path):
    for fmt in FORMATS:
        a = seeds.export(fmt, tmp_path / "a" / f"x.{fmt}")
        b = seeds.export(fmt, tmp_path / "b" / f"x.{fmt}")
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b], fmt


def test_export_and_stats_commands(seed_build, tmp_path):
    store = seed_build.files["store"]
    out = run_h2kg("export", "--store", store, "--format", "gexf", "-o", tmp_path / "g.gexf")
    assert out.returncode == 0 and "wrote" in out.stdout and (tmp_path / "g.gexf").exists()
    stats = run_h2kg("stats", "--store", store)
    assert stats.returncode == 0
    assert "3 documents" in stats.stdout and "most connected organisations" in stats.stdout
    import json
    s = json.loads(run_h2kg("stats", "--store", store, "--json").stdout)
    assert s["classes"]["Alliance"] >= 2 and s["relations"]["foundedBy"] == 3
    top = s["organisations"][0]
    assert top["label"] == "Shanghai Fuel Cell Industry Innovation Alliance" and top["betweenness"] > 0
