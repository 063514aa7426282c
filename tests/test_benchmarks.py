"""Smoke test of benchmarks/: the corpus generator is deterministic and its articles build.

No timing is asserted here; `make bench` measures.
"""
import hashlib
import importlib.util
import json
import subprocess
import sys

import pytest

from conftest import ROOT

BENCH = ROOT / "benchmarks"


def _load(name):
    if f"bench_{name}" in sys.modules:
        return sys.modules[f"bench_{name}"]
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _digest(folder):
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


@pytest.fixture(scope="module")
def corpus20(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus20")
    _load("corpus").generate(20, out, seed=1)
    return out


def test_same_seed_same_bytes(corpus20, tmp_path):
    again = tmp_path / "again"
    proc = subprocess.run([sys.executable, str(BENCH / "corpus.py"), "20", str(again), "--seed", "1"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert _digest(again) == _digest(corpus20)
    other = tmp_path / "other"
    _load("corpus").generate(20, other, seed=2)
    assert _digest(other) != _digest(corpus20)


def test_articles_look_like_news(corpus20):
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus20.iterdir())]
    assert len(texts) == 20
    for t in texts:
        assert 120 <= len(t.split()) <= 1000
        title = t.split("\n", 1)[0]
        assert title and not title.endswith(".")
    assert len({t.split("\n", 1)[0] for t in texts}) >= 15          # varied headlines
    assert any("Related" in t or "More News" in t or "You may also like" in t or "Latest News" in t
               or "Recommended" in t for t in texts)                  # boilerplate blocks occur


def test_corpus_builds_without_errors(corpus20, tmp_path):
    from kg import build
    report = build([corpus20], tmp_path / "out")
    assert not report.errors, report.errors
    assert len(report.documents) == 20
    assert report.entities > 20 and report.relations > 10
    assert report.graph_path.stat().st_size > 0


def test_two_workers_build_the_same_graph(corpus20, tmp_path):
    """workers=2 runs spaCy in child processes (which must register h2kg's component)."""
    from kg import build
    one = build([corpus20], tmp_path / "one", views=False)
    two = build([corpus20], tmp_path / "two", views=False, workers=2)
    assert not two.errors
    assert two.graph_path.read_bytes() == one.graph_path.read_bytes()


def test_benchmark_table_and_ratios():
    run = _load("run")
    runs = []
    for n, rss in ((1000, 400_000), (10000, 480_000)):
        for mode, wps in (("bare", 5000.0), ("build", 4200.0)):
            for w, speed in ((1, 1.0), (2, 1.6)):
                runs.append({"n": n, "mode": mode, "workers": w, "words": n * 500, "seconds": n * 500 / (wps * speed),
                             "articles_per_s": 1.0, "words_per_s": wps * speed, "cpu_seconds": 1.0,
                             "rss_main_kb": rss, "rss_workers_kb": 0, "pss_tree_peak_kb": rss,
                             "load_before": 0.0, "batch_size": 32, "phases": {}, "entities": 1, "relations": 1})
    ratios = {r["ratio"]: r for r in run.ratios(runs)}
    assert ratios["build / bare throughput, N=1,000, 1 worker"]["value"] == 0.84
    assert ratios["2 workers / 1 worker, build, N=10,000"]["met"]
    assert ratios["peak RSS N=10,000 / N=1,000, build, 1 worker"]["value"] == 1.2
    doc = {"date": "2026-11-22", "machine": run.machine(), "versions": {}, "model": "m", "no_views": False,
           "runs": runs, "ratios": list(ratios.values())}
    md = run.markdown(doc)
    assert md.count("\n| 10,000 |") == 4 and "| ratio | value | target | met |" in md
    json.dumps(doc)


def test_repeated_rounds_are_averaged():
    """With --rounds 2 each kind runs twice (bare, build, build, bare); a ratio uses the
    mean time of each kind, so a machine that slowed down halfway weighs on both."""
    run = _load("run")

    def one(mode, seconds, rss):
        return {"n": 1000, "mode": mode, "workers": 1, "words": 500_000, "seconds": seconds,
                "articles_per_s": 1000 / seconds, "words_per_s": 500_000 / seconds, "cpu_seconds": seconds,
                "rss_main_kb": rss, "rss_workers_kb": 0, "pss_tree_peak_kb": rss}
    runs = [one("bare", 80.0, 400), one("build", 100.0, 500), one("build", 130.0, 520), one("bare", 104.0, 410)]
    by = run.combined(runs)
    assert by[(1000, "build", 1)]["seconds"] == 115.0 and by[(1000, "build", 1)]["rss_main_kb"] == 520
    ratios = {r["ratio"]: r["value"] for r in run.ratios(runs)}
    assert ratios["build / bare throughput, N=1,000, 1 worker"] == 0.8      # 92 s / 115 s


def test_store_checks_are_reported_against_their_targets(tmp_path):
    run = _load("run")
    doc = {"date": "2026-11-22", "machine": run.machine(), "versions": {}, "model": "m", "no_views": False,
           "runs": [], "ratios": [],
           "store_checks": {"n": 10000, "workers": 1, "add_seconds": 30.0, "alone_seconds": 24.0,
                            "query_ms": {"evidence": 7.5, "members-of": 80.0},
                            "query_rows": {"evidence": 2, "members-of": 3000}}}
    md = run.save(doc, tmp_path)
    ratios = {r["ratio"]: r for r in doc["ratios"]}
    add = ratios["add 100 new articles to the N=10,000 store / build those 100 alone"]
    assert (add["value"], add["met"]) == (1.25, True)
    slowest = ratios["slowest canned query's median on the N=10,000 store (ms)"]
    assert (slowest["value"], slowest["met"]) == (80.0, False)
    assert "| members-of | 80.0 | 3,000 |" in md and (tmp_path / "latest.json").exists()
