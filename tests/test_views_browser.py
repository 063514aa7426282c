"""kg.views pages driven in headless Chromium (skipped when it is not installed).

Every page carries a guard script that runs first and records on <html>:
data-xss (set to "alert"/"confirm"/"prompt" if such a call ever happens) and
data-csp-violations (count of Content-Security-Policy violations). The app
records on <body>: data-app="ready", data-rendered="1" after vis-network's
first drawing, data-drawn-pixels (sampled non-transparent canvas pixels),
data-visible-nodes / -edges, data-search-result (IRI found by the search).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from rdflib import Graph

from kg.views import write_focus, write_views
from test_views import HOSTILE_IMG, HOSTILE_SCRIPT, make_graph

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or ""
if not CHROMIUM:
    pytest.skip("Chromium is not installed (apt-get install -y chromium); browser tests skipped",
                allow_module_level=True)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=10000"]
REFIRE = "https://w3id.org/h2kg/id/company/refire"
HOSTILE = "https://w3id.org/h2kg/id/company/hostile"


def chromium(url: str, *extra: str, timeout: int = 180) -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def dump(path: Path, fragment: str = "") -> str:
    dom = chromium(path.resolve().as_uri() + fragment, "--dump-dom")
    assert "<body" in dom, dom[:500]
    return dom


def attrs(dom: str, tag: str) -> dict[str, str]:
    m = re.search(rf"<{tag}\b([^>]*)>", dom)
    assert m, f"no <{tag}>"
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', m.group(1))}


def assert_no_script_ran(dom: str) -> None:
    h = attrs(dom, "html")
    assert h.get("data-xss") == "none", h          # the guard ran, nothing called alert()
    assert "data-csp-violations" not in h, h        # nothing was blocked by the CSP either
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", dom, flags=re.S | re.I)
    assert not re.search(r"<img\b", markup, re.IGNORECASE)  # no element was injected


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    paths = write_views(make_graph(), out)
    paths["focus"] = write_focus(make_graph(), "REFIRE", out / "focus.html")
    return paths


@pytest.mark.parametrize("name,nodes,edges", [("alliances", 9, 8), ("graph", 11, 13), ("focus", 5, 6)])
def test_view_renders(site, name, nodes, edges):
    dom = dump(site[name])
    body = attrs(dom, "body")
    assert body.get("data-app") == "ready", body
    assert body.get("data-rendered") == "1", body
    assert int(body["data-drawn-pixels"]) > 200, body   # the canvas has ink on it
    assert body["data-visible-nodes"] == str(nodes) and body["data-visible-edges"] == str(edges)
    assert re.search(r'<div id="network"[^>]*>.*?<canvas', dom, re.S)
    legend = re.search(r'<section id="legend".*?</section>', dom, re.S).group(0)
    assert legend.count("<li") >= 4
    assert re.search(r'<input id="search"', dom) and 'data-filter-class="' in dom
    assert_no_script_ran(dom)


def test_focus_page_selects_centre(site):
    dom = dump(site["focus"])
    assert attrs(dom, "body").get("data-selected") == REFIRE
    details = re.search(r'<aside id="details".*?</aside>', dom, re.S).group(0)
    assert "<h2>Shanghai REFIRE Group</h2>" in details and "REFIRE; Refire Technology" in details


def test_search_by_alias_focuses_node(site):
    dom = dump(site["graph"], "#search=refire")
    body = attrs(dom, "body")
    assert body.get("data-search-result") == REFIRE
    details = re.search(r'<aside id="details".*?</aside>', dom, re.S).group(0)
    assert "<h2>Shanghai REFIRE Group</h2>" in details
    assert "Shanghai Fuel Cell Industry Innovation Alliance established (2023-02-17)" in details
    dom = dump(site["graph"], "#search=no-such-thing")
    assert attrs(dom, "body").get("data-search-result") == "none"
    assert "No entity matches" in dom


def test_index_page(site):
    dom = dump(site["index"])
    assert 'href="alliances.html"' in dom and 'href="graph.html"' in dom
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom
    assert_no_script_ran(dom)


def strip_csp(page: str) -> str:
    out, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", page)
    assert n == 1
    return out


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "csp-removed"])
def test_hostile_label_runs_no_script(site, tmp_path, csp):
    """The hostile entity is searched for (by its label and by its alias), so its
    strings reach the details panel, the status line and the datalist. Without
    the CSP, escaping alone must keep them inert."""
    for name in ("graph", "alliances"):
        page = site[name].read_text(encoding="utf-8")
        target = tmp_path / f"{name}.html"
        target.write_text(page if csp else strip_csp(page), encoding="utf-8")
        for query in (HOSTILE_IMG, HOSTILE_SCRIPT):
            dom = dump(target, "#search=" + urllib.parse.quote(query, safe=""))
            assert attrs(dom, "body").get("data-search-result") == HOSTILE, (name, query)
            assert_no_script_ran(dom)
            details = re.search(r'<aside id="details".*?</aside>', dom, re.S).group(0)
            assert "<h2>&lt;img src=x onerror=alert(1)&gt;</h2>" in details
            assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in details


DRIVER = """<script>
(function(){var b=document.body;
function set(box,on){box.checked=on;box.dispatchEvent(new Event('change'));}
function seen(){return b.getAttribute('data-visible-nodes')+'/'+b.getAttribute('data-visible-edges');}
var company=document.querySelector('input[data-filter-class="%(company)d"]');
set(company,false);b.setAttribute('data-t-class-off',seen());set(company,true);
var member=document.querySelector('input[data-filter-kind="0"]');
set(member,false);b.setAttribute('data-t-kind-off',seen());set(member,true);
b.setAttribute('data-t-restored',seen());
var btn=[].slice.call(document.querySelectorAll('#details ul.rel button')).filter(function(x){
  return x.textContent.indexOf('%(relation)s')>=0;})[0];
if(btn){btn.click();b.setAttribute('data-t-clicked',btn.textContent);}
})();
</script>
"""


def driven(site, tmp_path, name: str, relation: str) -> Path:
    """A copy of a page (CSP removed) with a test driver appended that toggles
    the first filters and clicks a relation in the details panel."""
    page = strip_csp(site["graph"].read_text(encoding="utf-8"))
    page = page.replace("</body>", DRIVER % {"company": 1, "relation": relation} + "</body>")
    out = tmp_path / name
    out.write_text(page, encoding="utf-8")
    return out


def test_filters_and_edge_evidence_panel(site, tmp_path):
    dom = dump(driven(site, tmp_path, "driven.html", "founded by"), "#search=refire")
    body = attrs(dom, "body")
    assert body["data-t-class-off"] == "8/6"     # 3 companies and their 7 relations hidden
    assert body["data-t-kind-off"] == "11/9"     # the 4 memberOf edges hidden
    assert body["data-t-restored"] == "11/13"
    assert body["data-t-clicked"].startswith("Shanghai Fuel Cell Industry Innovation Alliance")
    assert body["data-selected"].startswith("edge:")
    details = re.search(r'<aside id="details".*?</aside>', dom, re.S).group(0)
    assert "<blockquote>The alliance was established by REFIRE and Tongji University.</blockquote>" in details
    assert "Shanghai Fuel Cell Industry Innovation Alliance established (2023-02-17)" in details
    assert "rule:founded-by-passive" in details and "confidence 0.9" in details and "chars 120\u2013181" in details
    assert_no_script_ran(dom)


def test_hostile_evidence_sentence_stays_text(site, tmp_path):
    target = driven(site, tmp_path, "hostile.html", "member of")
    dom = dump(target, "#search=" + urllib.parse.quote(HOSTILE_IMG, safe=""))
    assert attrs(dom, "body")["data-selected"].startswith("edge:")
    details = re.search(r'<aside id="details".*?</aside>', dom, re.S).group(0)
    assert "<blockquote>&lt;script&gt;alert(2)&lt;/script&gt; joined &amp; left</blockquote>" in details
    assert_no_script_ran(dom)


HOVER = """<script>
(function(){var net=window.h2kgNetwork,c=document.querySelector('#network canvas');
var data=JSON.parse(document.getElementById('h2kg-data').textContent);
var n=data.nodes.filter(function(n){return n.iri==='%(iri)s';})[0];
var e=data.edges.filter(function(e){return e.from===n.id;})[0];
setTimeout(function(){var pos=net.getPositions([e.from,e.to]),a=pos[e.from],b=pos[e.to];
  var p=net.canvasToDOM(%(edge)s?{x:(a.x+b.x)/2,y:(a.y+b.y)/2}:a),r=c.getBoundingClientRect();
  c.dispatchEvent(new MouseEvent('mousemove',{clientX:r.left+p.x,clientY:r.top+p.y,bubbles:true}));},300);})();
</script>
"""


@pytest.mark.parametrize("edge", [False, True], ids=["node", "edge"])
def test_hover_tooltip_is_text(site, tmp_path, edge):
    """Hovering the hostile node (or its memberOf edge) shows vis-network's
    tooltip; its content must be text, the hostile strings inert."""
    page = strip_csp(site["graph"].read_text(encoding="utf-8"))
    target = tmp_path / "hover.html"
    target.write_text(page.replace("</body>", HOVER % {"iri": HOSTILE, "edge": str(edge).lower()}
                                   + "</body>"), encoding="utf-8")
    dom = chromium(target.resolve().as_uri(), "--dump-dom", "--window-size=1200,900")
    tip = re.search(r'<div class="vis-tooltip"[^>]*visibility: visible[^>]*>(.*?)</div>', dom, re.S)
    assert tip, "no tooltip shown"
    text = tip.group(1)
    assert re.fullmatch(r"[^<]*(?:<br>[^<]*)*", text), text   # only line breaks, no markup
    if edge:
        assert text.startswith("&lt;img src=x onerror=alert(1)&gt; \u2014 member of \u2192 Chongqing")
        assert "\u201c&lt;script&gt;alert(2)&lt;/script&gt; joined &amp; left\u201d" in text
    else:
        assert text.startswith("&lt;img src=x onerror=alert(1)&gt;<br>Company<br>")
        assert "Also: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert_no_script_ran(dom)


def test_detector_catches_injected_script(site, tmp_path):
    """Control: the same checks fail when markup really is injected."""
    page = site["graph"].read_text(encoding="utf-8")
    injected = page.replace('<main>', '<main><div id="evil"><img src=x onerror=alert(1)></div>', 1)
    bad = tmp_path / "bad.html"
    bad.write_text(strip_csp(injected), encoding="utf-8")
    h = attrs(dump(bad), "html")
    assert h.get("data-xss") == "alert", h
    blocked = tmp_path / "blocked.html"
    blocked.write_text(injected, encoding="utf-8")
    h = attrs(dump(blocked), "html")
    assert h.get("data-xss") == "none" and int(h.get("data-csp-violations", "0")) >= 1, h
    with pytest.raises(AssertionError):
        assert_no_script_ran(dump(blocked))


def test_screenshot_alliances(site, tmp_path):
    png = tmp_path / "alliances.png"
    chromium(site["alliances"].resolve().as_uri(), f"--screenshot={png}", "--window-size=1200,900")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def big_graph(n: int = 5000, m: int = 10000) -> Graph:
    import random
    rnd = random.Random(5)
    kinds = ["Company", "ResearchInstitution", "Association", "GovernmentBody", "Place", "Alliance"]
    lines = ["@prefix h2kg: <https://w3id.org/h2kg/ontology#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix e: <https://w3id.org/h2kg/id/e/> ."]
    for i in range(n):
        lines.append(f'e:n{i} a h2kg:{kinds[i % len(kinds)]} ; rdfs:label "Entity {i}" .')
    rels = ["memberOf", "partnerOf", "locatedIn", "subOrganizationOf"]
    seen = set()
    while len(seen) < m:
        a = rnd.randrange(n)
        b = int(rnd.paretovariate(1.2)) % n  # a few hubs
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            lines.append(f"e:n{a} h2kg:{rels[(a + b) % 4]} e:n{b} .")
    return Graph().parse(data="\n".join(lines), format="turtle")


def test_5000_nodes_are_drawn(tmp_path):
    """A 5,000-node graph renders in full (time to write and open: benchmarks/views_bench.py)."""
    paths = write_views(big_graph(), tmp_path)
    dom = dump(paths["graph"])
    body = attrs(dom, "body")
    assert body.get("data-rendered") == "1" and int(body["data-drawn-pixels"]) > 200, body
    assert body["data-visible-nodes"] == "5000"
    assert_no_script_ran(dom)
