"""Tests for kg.views: the self-contained HTML views."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Dataset, Graph, URIRef

from kg.views import _layout, write_focus, write_views

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"

TTL = r"""
@prefix h2kg:  <https://w3id.org/h2kg/ontology#> .
@prefix h2kgr: <https://w3id.org/h2kg/id/> .
@prefix doc: <https://w3id.org/h2kg/id/document/> .
@prefix all: <https://w3id.org/h2kg/id/alliance/> .
@prefix co: <https://w3id.org/h2kg/id/company/> .
@prefix ri: <https://w3id.org/h2kg/id/research-institution/> .
@prefix gov: <https://w3id.org/h2kg/id/government-body/> .
@prefix per: <https://w3id.org/h2kg/id/person/> .
@prefix post: <https://w3id.org/h2kg/id/post/> .
@prefix pl: <https://w3id.org/h2kg/id/place/> .
@prefix ev: <https://w3id.org/h2kg/id/evidence/> .
@prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:  <http://www.w3.org/ns/prov#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .

doc:shanghai a h2kg:Document ;
    dcterms:title "Shanghai Fuel Cell Industry Innovation Alliance established" ;
    dcterms:source "seeds/shanghai-fuel-cell-alliance-2023.txt" ;
    dcterms:date "2023-02-17"^^xsd:date .
doc:chongqing a h2kg:Document ;
    dcterms:title "Chongqing hydrogen alliance <b>grows</b>" ;
    dcterms:source "seeds/chongqing-hydrogen-alliance-2026.txt" .

all:shanghai-fuel-cell-industry-innovation-alliance a h2kg:Alliance ;
    rdfs:label "Shanghai Fuel Cell Industry Innovation Alliance" ;
    skos:altLabel "SFCIIA" ;
    h2kg:foundingDate "2023-02-17"^^xsd:date ;
    h2kg:mentionedIn doc:shanghai ;
    h2kg:foundedBy co:refire , ri:tongji-university ;
    h2kg:guidedBy gov:shanghai-municipal-commission-of-economy-and-informatization .

all:chongqing-hydrogen-industry-ecological-alliance a h2kg:Alliance ;
    rdfs:label "Chongqing Hydrogen Industry Ecological Alliance" ;
    h2kg:memberCount 45 ;
    h2kg:mentionedIn doc:chongqing ;
    h2kg:guidedBy gov:jiulongpo-district-government .

co:refire a h2kg:Company ;
    rdfs:label "Shanghai REFIRE Group" ; skos:altLabel "REFIRE", "Refire Technology" ;
    h2kg:mentionedIn doc:shanghai , doc:chongqing ;
    h2kg:memberOf all:shanghai-fuel-cell-industry-innovation-alliance ,
                  all:chongqing-hydrogen-industry-ecological-alliance ;
    h2kg:headquarteredIn pl:shanghai .

ri:tongji-university a h2kg:ResearchInstitution ;
    rdfs:label "Tongji University" ; h2kg:mentionedIn doc:shanghai .

co:qingling-motors a h2kg:Company ;
    rdfs:label "Qingling Motors" ; h2kg:mentionedIn doc:chongqing ;
    h2kg:memberOf all:chongqing-hydrogen-industry-ecological-alliance ;
    h2kg:partnerOf co:refire .

gov:shanghai-municipal-commission-of-economy-and-informatization a h2kg:GovernmentBody ;
    rdfs:label "Shanghai Municipal Commission of Economy and Informatization" ;
    skos:altLabel "SHEITC" ; h2kg:mentionedIn doc:shanghai .

gov:jiulongpo-district-government a h2kg:GovernmentBody ;
    rdfs:label "Jiulongpo District Government" ; h2kg:mentionedIn doc:chongqing ;
    h2kg:locatedIn pl:chongqing .

per:ju-xinjue a h2kg:Person ;
    rdfs:label "Ju Xinjue" ; h2kg:mentionedIn doc:shanghai ;
    h2kg:worksFor gov:shanghai-municipal-commission-of-economy-and-informatization ;
    h2kg:participatedIn all:shanghai-fuel-cell-industry-innovation-alliance .

post:ju-xinjue-deputy-director a h2kg:Post ;
    h2kg:holder per:ju-xinjue ;
    h2kg:postIn gov:shanghai-municipal-commission-of-economy-and-informatization ;
    h2kg:role "Deputy Director" .

pl:shanghai a h2kg:Place ; rdfs:label "Shanghai" ; h2kg:mentionedIn doc:shanghai .
pl:chongqing a h2kg:Place ; rdfs:label "Chongqing" ; h2kg:mentionedIn doc:chongqing .

co:hostile a h2kg:Company ;
    rdfs:label "<img src=x onerror=alert(1)>" ;
    skos:altLabel "</script><script>alert(1)</script>" ;
    h2kg:mentionedIn doc:chongqing ;
    h2kg:memberOf all:chongqing-hydrogen-industry-ecological-alliance .

ev:e1 a h2kg:Evidence, rdf:Statement ;
    rdf:subject all:shanghai-fuel-cell-industry-innovation-alliance ;
    rdf:predicate h2kg:foundedBy ; rdf:object co:refire ;
    prov:wasDerivedFrom doc:shanghai ;
    h2kg:sentence "The alliance was established by REFIRE and Tongji University." ;
    h2kg:startChar 120 ; h2kg:endChar 181 ;
    h2kg:extractor "rule:founded-by-passive" ; h2kg:confidence 0.9 .

ev:e2 a h2kg:Evidence, rdf:Statement ;
    rdf:subject co:qingling-motors ;
    rdf:predicate h2kg:memberOf ; rdf:object all:chongqing-hydrogen-industry-ecological-alliance ;
    prov:wasDerivedFrom doc:chongqing ;
    h2kg:sentence "Qingling Motors joined the alliance as one of the member units." ;
    h2kg:startChar 10 ; h2kg:endChar 72 ;
    h2kg:extractor "rule:member-units" ; h2kg:confidence 0.8 .

ev:e3 a h2kg:Evidence, rdf:Statement ;
    rdf:subject co:hostile ;
    rdf:predicate h2kg:memberOf ; rdf:object all:chongqing-hydrogen-industry-ecological-alliance ;
    prov:wasDerivedFrom doc:chongqing ;
    h2kg:sentence "<script>alert(2)</script> joined & left" ;
    h2kg:startChar 80 ; h2kg:endChar 120 ;
    h2kg:extractor "rule:member-units" ; h2kg:confidence 0.5 .
"""

ENTITY_LABELS = [
    "Shanghai Fuel Cell Industry Innovation Alliance",
    "Chongqing Hydrogen Industry Ecological Alliance",
    "Shanghai REFIRE Group",
    "Tongji University",
    "Qingling Motors",
    "Shanghai Municipal Commission of Economy and Informatization",
    "Jiulongpo District Government",
    "Ju Xinjue",
]

EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|data|poster)\s*=\s*["']?\s*(?:https?:)?//)"""
                      r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""", re.IGNORECASE)


def make_graph() -> Graph:
    g = Graph()
    g.parse(data=TTL, format="turtle")
    return g


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    paths = write_views(make_graph(), out)
    return paths, {k: p.read_text(encoding="utf-8") for k, p in paths.items()}


def data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="h2kg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def test_files_exist(views):
    paths, _ = views
    assert set(paths) == {"index", "alliances", "graph"}
    for name, p in paths.items():
        assert p.name == f"{name}.html"
        assert p.is_file() and p.stat().st_size > 0


def test_index_contents(views):
    _, pages = views
    idx = pages["index"]
    assert 'href="alliances.html"' in idx and 'href="graph.html"' in idx
    for label in ENTITY_LABELS:
        assert label in idx
    # aliases, document titles (escaped), sources, dates
    assert "REFIRE; Refire Technology" in idx
    assert "Chongqing hydrogen alliance &lt;b&gt;grows&lt;/b&gt;" in idx
    assert "seeds/shanghai-fuel-cell-alliance-2023.txt" in idx and "2023-02-17" in idx
    row = re.search(r"<tr><td><a [^>]*>Shanghai REFIRE Group</a></td>(.*?)</tr>", idx).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[-2:] == ["2", "5"]  # 2 documents; degree 5 (2 memberOf, founder, HQ, partner)
    assert idx.lower().count("<script") == 1  # only the guard


def test_graph_contains_every_entity_and_relation(views):
    _, pages = views
    data = data_of(pages["graph"])
    labels = {n["label"] for n in data["nodes"]}
    assert set(ENTITY_LABELS) <= labels and HOSTILE_IMG in labels
    assert len(data["nodes"]) == 11
    kinds = [k["key"] for k in data["kinds"]]
    rels = sorted(kinds[e["kind"]] for e in data["edges"])
    assert rels.count("memberOf") == 4 and rels.count("foundedBy") == 2 and "partnerOf" in rels
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    # legend, class and relation filters, search box, details panel
    page = pages["graph"]
    for marker in ('id="legend"', 'data-filter-class=', 'data-filter-kind=', 'id="search"',
                   'id="details"', 'id="network"'):
        assert marker in page


def test_edge_evidence_and_roles(views):
    _, pages = views
    data = data_of(pages["graph"])
    by_label = {n["label"]: n["id"] for n in data["nodes"]}
    kinds = [k["key"] for k in data["kinds"]]
    founded = [e for e in data["edges"] if kinds[e["kind"]] == "foundedBy"
               and e["to"] == by_label["Shanghai REFIRE Group"]]
    assert len(founded) == 1
    ev = founded[0]["ev"]
    assert ev[0]["sentence"] == "The alliance was established by REFIRE and Tongji University."
    assert data["docs"][ev[0]["doc"]]["title"].startswith("Shanghai Fuel Cell")
    works = [e for e in data["edges"] if kinds[e["kind"]] == "worksFor"]
    assert works[0]["roles"] == ["Deputy Director"]
    ju = next(n for n in data["nodes"] if n["label"] == "Ju Xinjue")
    assert ["Post", "Deputy Director, Shanghai Municipal Commission of Economy and Informatization"] in ju["info"]


def test_alliances_view(views):
    _, pages = views
    data = data_of(pages["alliances"])
    nodes = {n["label"]: n for n in data["nodes"]}
    kinds = [k["key"] for k in data["kinds"]]
    edges = {(nodes_l(data, e["from"]), kinds[e["kind"]], nodes_l(data, e["to"])) for e in data["edges"]}
    sfc = "Shanghai Fuel Cell Industry Innovation Alliance"
    chq = "Chongqing Hydrogen Industry Ecological Alliance"
    assert (sfc, "founder", "Shanghai REFIRE Group") in edges
    assert (sfc, "founder", "Tongji University") in edges
    # memberOf of a founder is folded into the founder edge, not duplicated
    assert (sfc, "member", "Shanghai REFIRE Group") not in edges
    assert (chq, "member", "Shanghai REFIRE Group") in edges
    assert (chq, "member", "Qingling Motors") in edges
    assert (sfc, "guide", "Shanghai Municipal Commission of Economy and Informatization") in edges
    assert (chq, "guide", "Jiulongpo District Government") in edges
    assert (sfc, "participant", "Ju Xinjue") in edges
    # founders and members are drawn differently
    k = {kk["key"]: kk for kk in data["kinds"]}
    assert (k["founder"]["color"], k["founder"]["width"]) != (k["member"]["color"], k["member"]["width"])
    # REFIRE is in both alliances: it bridges them
    assert nodes["Shanghai REFIRE Group"]["ring"] is True
    assert nodes["Qingling Motors"]["ring"] is False
    assert "Place" not in {data["classes"][n["cls"]]["key"] for n in data["nodes"]}
    page = pages["alliances"]
    assert 'id="legend"' in page and "data-legend-bridge" in page
    assert 'data-legend-kind="founder"' in page and 'data-legend-kind="member"' in page


def nodes_l(data, i):
    return next(n["label"] for n in data["nodes"] if n["id"] == i)


def test_no_external_urls(views):
    _, pages = views
    for name, page in pages.items():
        assert not EXTERNAL.search(page), (name, EXTERNAL.search(page).group(0))
        for tag in re.findall(r"<(?:script|link|img|iframe|style)\b[^>]*>", page, re.IGNORECASE):
            assert "http" not in tag.lower(), (name, tag)
        assert "<link" not in page.lower()
        assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_hostile_strings_only_escaped(views):
    _, pages = views
    for name, page in pages.items():
        assert HOSTILE_IMG not in page, name
        assert HOSTILE_SCRIPT not in page, name
        assert "<script>alert(2)</script>" not in page, name
        assert "<b>grows</b>" not in page, name
        # only our own script elements: guard, JSON data block, vis-network, app
        # (index: the guard only);
        # every element starts a line, and each one's content holds no "</script"
        opens = re.findall(r"^<script\b[^>]*>", page, re.IGNORECASE | re.MULTILINE)
        assert len(opens) == (1 if name == "index" else 4), (name, opens)
        assert len(re.findall(r"</script", page, re.IGNORECASE)) == len(opens), name
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["index"]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in pages["index"]
    for name in ("graph", "alliances"):
        page = pages[name]
        assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
        assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
        data = data_of(page)  # and the JSON still decodes to the original strings
        hostile = next(n for n in data["nodes"] if n["label"] == HOSTILE_IMG)
        assert hostile["aliases"] == [HOSTILE_SCRIPT]
    # the app never writes data through innerHTML / insertAdjacentHTML / document.write
    app = re.findall(r"<script>(.*?)</script>", pages["graph"], re.S)[-1]
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in app


def test_byte_identical(tmp_path):
    a = write_views(make_graph(), tmp_path / "a")
    b = write_views(make_graph(), tmp_path / "b", seed=7)
    for name in a:
        assert a[name].read_bytes() == b[name].read_bytes(), name
    fa = write_focus(make_graph(), "refire", tmp_path / "fa.html")
    fb = write_focus(make_graph(), "refire", tmp_path / "fb.html")
    assert fa.read_bytes() == fb.read_bytes()


def test_byte_identical_across_processes(tmp_path):
    """No dependence on str hashing (PYTHONHASHSEED) or any other process state."""
    import os
    import subprocess
    import sys
    script = ("import pathlib, sys; sys.path[:0] = [sys.argv[2], sys.argv[3]]\n"
              "from test_views import make_graph\n"
              "from kg.views import write_views\n"
              "write_views(make_graph(), pathlib.Path(sys.argv[1]))\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / seed), root, os.path.join(root, "tests")],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    for name in ("index.html", "alliances.html", "graph.html"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_dataset_with_named_graphs_gives_same_views(tmp_path):
    ds = Dataset(default_union=True)
    g = make_graph()
    doc_graph = ds.graph(URIRef("https://w3id.org/h2kg/id/document/shanghai"))
    other = ds.graph(URIRef("https://w3id.org/h2kg/id/document/chongqing"))
    for i, t in enumerate(sorted(g)):
        (doc_graph if i % 2 else other).add(t)
        if i % 5 == 0:  # some triples in both named graphs
            doc_graph.add(t)
            other.add(t)
    a = write_views(g, tmp_path / "g")
    b = write_views(ds, tmp_path / "ds")
    for name in a:
        assert a[name].read_bytes() == b[name].read_bytes(), name


def test_write_focus_by_alias_and_unknown(tmp_path):
    out = write_focus(make_graph(), "  refire ", tmp_path / "focus" / "refire.html")
    assert out == tmp_path / "focus" / "refire.html" and out.is_file()
    page = out.read_text(encoding="utf-8")
    data = data_of(page)
    centre = next(n for n in data["nodes"] if n["id"] == data["options"]["focus"])
    assert centre["label"] == "Shanghai REFIRE Group"
    labels = {n["label"] for n in data["nodes"]}
    # depth 1: the alliances, the partner, the HQ place; not Jiulongpo (2 hops)
    assert {"Shanghai Fuel Cell Industry Innovation Alliance", "Qingling Motors", "Shanghai"} <= labels
    assert "Jiulongpo District Government" not in labels
    deeper = data_of(write_focus(make_graph(), "Shanghai REFIRE Group", tmp_path / "d2.html",
                                 depth=2).read_text(encoding="utf-8"))
    assert "Jiulongpo District Government" in {n["label"] for n in deeper["nodes"]}
    assert not EXTERNAL.search(page)
    with pytest.raises(KeyError) as exc:
        write_focus(make_graph(), "No Such Entity", tmp_path / "none.html")
    assert exc.value.args == ("No Such Entity",)
    assert not (tmp_path / "none.html").exists()


def test_write_focus_hostile_name_escaped(tmp_path):
    page = write_focus(make_graph(), HOSTILE_IMG.upper(), tmp_path / "h.html").read_text(encoding="utf-8")
    assert HOSTILE_IMG not in page and HOSTILE_SCRIPT not in page
    assert "<title>h2kg \u2014 &lt;img src=x onerror=alert(1)&gt;</title>" in page


def test_empty_graph(tmp_path):
    paths = write_views(Graph(), tmp_path)
    assert all(p.is_file() for p in paths.values())
    assert data_of(paths["graph"].read_text(encoding="utf-8"))["nodes"] == []


def test_large_layout_is_deterministic():
    """5,000 nodes get a position each, the same every run (speed: benchmarks/views_bench.py)."""
    import networkx as nx
    g = nx.barabasi_albert_graph(5000, 2, seed=3)
    pos = _layout(5000, list(g.edges()), seed=7)
    assert len(pos) == 5000
    assert pos == _layout(5000, list(g.edges()), seed=7)
    assert len(set(pos)) > 4900  # nodes spread out, not collapsed


def test_large_graph_labels_only_for_hubs(tmp_path):
    from kg.views import _FONT
    lines = ["@prefix h2kg: <https://w3id.org/h2kg/ontology#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    for i in range(400):
        lines.append(f"<https://w3id.org/h2kg/id/company/c{i}> a h2kg:Company ; rdfs:label \"Company {i}\" .")
        if i:
            lines.append(f"<https://w3id.org/h2kg/id/company/c{i}> h2kg:partnerOf "
                         f"<https://w3id.org/h2kg/id/company/c{i % 7}> .")
    g = Graph().parse(data="\n".join(lines), format="turtle")
    data = data_of(write_views(g, tmp_path)["graph"].read_text(encoding="utf-8"))
    fonts = sorted((n["font"] for n in data["nodes"]), reverse=True)
    assert fonts[0] > _FONT and fonts[-1] == _FONT
    hub_fonts = {n["label"]: n["font"] for n in data["nodes"]}
    assert hub_fonts["Company 0"] > _FONT and hub_fonts["Company 399"] == _FONT
    assert_no_overlaps(data)


def assert_no_overlaps(data: dict) -> None:
    """No two node + label footprints overlap, in either drawing."""
    import numpy as np
    nodes = data["nodes"]
    hw = np.array([n["fw"] for n in nodes])
    hh = np.array([n["fh"] for n in nodes])
    for kx, ky in (("x", "y"), ("x2", "y2")):
        x = np.array([n[kx] for n in nodes])
        y = np.array([n[ky] + n["fc"] for n in nodes])
        close = ((np.abs(x[:, None] - x[None, :]) < hw[:, None] + hw[None, :] - 0.5)
                 & (np.abs(y[:, None] - y[None, :]) < hh[:, None] + hh[None, :] - 0.5))
        np.fill_diagonal(close, False)
        assert not close.any(), (kx, int(close.sum()) // 2)


def alliance_graph(orgs: int = 60, alliances: int = 3) -> Graph:
    import random
    rnd = random.Random(1)
    lines = ["@prefix h2kg: <https://w3id.org/h2kg/ontology#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix e: <https://w3id.org/h2kg/id/e/> ."]
    for a in range(alliances):
        lines.append(f'e:a{a} a h2kg:Alliance ; rdfs:label "Hydrogen Industry Alliance number {a}" ; '
                     f"h2kg:guidedBy e:g{a} .")
        lines.append(f'e:g{a} a h2kg:GovernmentBody ; rdfs:label "Municipal Commission of Economy {a}" .')
    for o in range(orgs):
        lines.append(f'e:o{o} a h2kg:Company ; rdfs:label "Fuel Cell Technology Company {o}" .')
        for a in rnd.sample(range(alliances), 2 if rnd.random() < 0.1 else 1):
            lines.append(f"e:a{a} h2kg:foundedBy e:o{o} ." if rnd.random() < 0.2 else f"e:o{o} h2kg:memberOf e:a{a} .")
    return Graph().parse(data="\n".join(lines), format="turtle")


def test_labels_do_not_overlap(tmp_path, views):
    _, pages = views
    for name in ("graph", "alliances"):
        assert_no_overlaps(data_of(pages[name]))
    paths = write_views(alliance_graph(), tmp_path)
    for name in ("graph", "alliances"):
        data = data_of(paths[name].read_text(encoding="utf-8"))
        assert_no_overlaps(data)
    # every alliance is a labelled box, ahead of the others in label size
    data = data_of(paths["alliances"].read_text(encoding="utf-8"))
    alliance = next(i for i, c in enumerate(data["classes"]) if c["key"] == "Alliance")
    assert data["classes"][alliance]["shape"] == "box"
    fonts = [n["font"] for n in data["nodes"] if n["cls"] == alliance]
    others = [n["font"] for n in data["nodes"] if n["cls"] != alliance and not n["ring"]]
    assert len(fonts) == 3 and min(fonts) >= max(others)
