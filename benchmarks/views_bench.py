"""Views at scale: time to write the HTML for 5,000 nodes and 10,000 edges, and time until
headless Chromium has drawn them, against the same for a 200-node graph in the same run.

    .venv/bin/python benchmarks/views_bench.py [--nodes 5000] [--edges 10000]

Prints a table and writes benchmarks/results/views.json. Needs Debian's chromium.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_views_browser import attrs, big_graph, dump  # noqa: E402  (the browser tests' helpers)

from kg.views import write_views  # noqa: E402


def measure(nodes: int, edges: int) -> dict:
    g = big_graph(nodes, edges)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = write_views(g, Path(tmp))
        written = time.perf_counter() - t0
        t0 = time.perf_counter()
        body = attrs(dump(paths["graph"]), "body")
        opened = time.perf_counter() - t0
    return {"nodes": nodes, "edges": edges, "write_s": round(written, 2), "open_s": round(opened, 2),
            "drawn": body.get("data-rendered") == "1", "visible_nodes": int(body.get("data-visible-nodes", 0))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=10000)
    a = ap.parse_args()
    if not shutil.which("chromium"):
        print("chromium is not installed (make test installs it where it can)", file=sys.stderr)
        return 2
    ref = measure(200, 400)
    big = measure(a.nodes, a.edges)
    rows = [ref, big]
    print("| nodes | edges | write (s) | open in Chromium (s) | drawn | nodes visible |")
    print("| ---: | ---: | ---: | ---: | --- | ---: |")
    for r in rows:
        print(f"| {r['nodes']:,} | {r['edges']:,} | {r['write_s']} | {r['open_s']} | {r['drawn']} | {r['visible_nodes']:,} |")
    ratio = {"write": round(big["write_s"] / max(ref["write_s"], 1e-3), 1),
             "open": round(big["open_s"] / max(ref["open_s"], 1e-3), 1)}
    print(f"\n{a.nodes:,} nodes against 200: write {ratio['write']}x, open {ratio['open']}x")
    out = ROOT / "benchmarks" / "results" / "views.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "runs": rows, "ratio": ratio}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
