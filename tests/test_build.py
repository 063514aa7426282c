"""The whole build, as a user runs it: files written, graph valid, scores held."""
import re
import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, Dataset, Graph, Namespace

from conftest import CORPUS, ROOT, SEEDS, score

H2KG = Namespace("https://w3id.org/h2kg/ontology#")


def test_build_writes_turtle_trig_and_views(seed_build):
    out = seed_build.out_dir
    for name in ("graph.ttl", "graph.trig", "index.html"):
        assert (out / name).stat().st_size > 0, name
    assert seed_build.documents and not seed_build.errors


def test_two_workers_write_the_same_files_as_one(seed_build, tmp_path):
    """With two workers the model runs in two processes and the views are written beside
    the graph files by a process of their own: the files are the same, byte for byte."""
    from kg import build
    two = build([SEEDS], tmp_path / "two", workers=2)
    assert sorted(two.files) == sorted(seed_build.files) and two.documents == seed_build.documents
    for name in ("graph.ttl", "graph.trig", "index.html", "alliances.html", "graph.html"):
        assert (two.out_dir / name).read_bytes() == (seed_build.out_dir / name).read_bytes(), name
    assert not list(tmp_path.glob("two/.*"))          # no temporary file or store left behind


def test_graph_conforms_to_the_shapes(seed_build):
    g = Graph().parse(seed_build.out_dir / "graph.ttl")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes, inference="none")
    assert conforms, text[:3000]


def test_every_relation_in_the_trig_has_its_evidence(seed_build):
    ds = Dataset(default_union=True)
    ds.parse(seed_build.out_dir / "graph.trig", format="trig")
    relations = ["memberOf", "foundedBy", "guidedBy", "issuedBy", "partnerOf", "worksFor",
                 "headquarteredIn", "locatedIn", "subOrganizationOf", "participatedIn"]
    edges = [(s, H2KG[p], o) for p in relations for s, o in ds.subject_objects(H2KG[p])]
    assert len(edges) > 20
    for s, p, o in edges:
        q = """ASK { ?e a h2kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                      h2kg:sentence ?t ; h2kg:startChar ?a ; h2kg:endChar ?b ; h2kg:extractor ?r }"""
        assert ds.query(q, initNs={"h2kg": H2KG, "rdf": RDF}, initBindings={"s": s, "p": p, "o": o}).askAnswer


def test_two_builds_are_byte_identical(seed_build, tmp_path):
    from kg import build
    again = build([SEEDS], tmp_path, views=False)
    assert again.graph_path.read_bytes() == seed_build.graph_path.read_bytes()


def test_the_turtle_parses_with_an_independent_parser(seed_build):
    import shutil
    if not shutil.which("rapper"):
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    out = subprocess.run(["rapper", "-q", "-i", "turtle", "-c", str(seed_build.graph_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_views_reference_no_network(seed_build):
    html = (seed_build.out_dir / "index.html").read_text()
    assert not re.search(r"(src|href)\s*=\s*[\"']https?://", html)


def test_seed_scores(seed_build):
    r = score(ROOT.parent / "shared" / "gold", seed_build.graph_path)
    assert r["entity"]["f1"] >= 0.95, r.get("missed_entities")
    assert r["entity_typed"]["f1"] >= 0.90, r.get("mistyped_entities")
    assert r["duplicates"] <= 1
    assert r["relation"]["f1"] >= 0.85, (r.get("missed_relations"), r.get("false_relations"))
    assert r["attributes"]["found"] == r["attributes"]["gold"]
    assert r["roles"]["found"] == r["roles"]["gold"]
    assert r["targets"]["found"] == r["targets"]["gold"]
    # nothing from the Related News block or the contact lines
    names = " ".join(r.get("false_entities", []))
    assert "smm" not in names and "media" not in names


def test_own_articles_scores(tmp_path):
    """The test articles of tests/corpus (other regions, invented names, boilerplate)."""
    from kg import build
    report = build([CORPUS / "articles"], tmp_path, views=False)
    r = score(CORPUS / "gold", report.graph_path)
    assert r["entity"]["f1"] >= 0.90, r.get("missed_entities")
    assert r["entity_typed"]["f1"] >= 0.85, r.get("mistyped_entities")
    assert r["relation"]["f1"] >= 0.75, r.get("missed_relations")
    assert r["relation"]["p"] >= 0.90, r.get("false_relations")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          cwd=ROOT)


def test_cli_exit_status_and_messages(tmp_path):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Kestrel joins alliance\n\nKestrel Fuel Systems joined the Nordhavn Hydrogen Alliance.")
    (tmp_path / "in" / "empty.txt").write_text("")
    out = run_cli("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-views")
    assert out.returncode == 1
    assert "empty.txt: empty file" in out.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()
    assert run_cli("build").returncode == 2
    assert "build" in run_cli("--help").stdout
    explained = run_cli("explain", "Kestrel Fuel Systems", "memberOf", "Nordhavn Hydrogen Alliance",
                        "--graph", str(tmp_path / "out" / "graph.trig"))
    assert explained.returncode == 0 and "joined the Nordhavn" in explained.stdout


def test_the_build_report_names_each_input_that_failed(tmp_path):
    import json

    from kg import build
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Kestrel news\n\nKestrel Fuel Systems joined the Nordhavn Hydrogen Alliance.")
    (tmp_path / "in" / "empty.txt").write_text("")
    report = build([tmp_path / "in"], tmp_path / "out", views=False)
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["documents"] == ["good"]
    assert [(Path(e["source"]).name, e["reason"]) for e in data["errors"]] == [("empty.txt", "empty file")]
    assert data["entities"] == report.entities >= 2


def test_documents_record_the_encoding_they_were_read_in(tmp_path):
    from kg import build
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gb.txt").write_bytes("上海氢能联盟成立\n\nShanghai Hydrogen Alliance 成立于上海。".encode("gb18030"))
    report = build([tmp_path / "in"], tmp_path / "out", views=False)
    g = Graph().parse(report.graph_path)
    assert {str(o) for o in g.objects(None, H2KG.encoding)} == {"gb18030"}
