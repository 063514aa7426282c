"""The whole build, stage by stage: ingest -> extract -> resolve -> store -> views.

This is the Python API the command line is built on::

    from kg import build
    report = build(["seeds"], "out")
    report.graph_path   # out/graph.ttl
    report.files["store"]   # out/store, the Oxigraph store graph.ttl was written from

``build`` makes a new store from its inputs (out/store, replaced whole at the end, so an
interrupted build leaves the previous store and files as they were); to grow a store
article by article use :meth:`kg.store.GraphStore.add` (``h2kg add``).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .records import InputError
from .resolve import Resolver
from .store import (G_ENTITIES, GraphStore, StoreError, _Lock, _OxigraphBackend,
                    open_store)


@dataclass
class BuildReport:
    """What a build read, wrote and could not use."""
    out_dir: Path
    documents: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def graph_path(self) -> Path:
        return self.files["graph.ttl"]

    @property
    def ok(self) -> bool:
        return not self.errors


def write_outputs(store: GraphStore, out: Path, *, views: bool = True, workers: int = 1) -> dict[str, Path]:
    """graph.ttl, graph.trig (and the HTML views) of a store, into ``out``.

    The files are streamed from the store a subject or a graph at a time and the views
    read it through index lookups (a SPARQL server's graph is copied for them): no copy
    of the graph is held in Python, only what the views show. With ``workers`` > 1 and
    a store on disk open read-only, the views are written by a second process (which
    opens the store read-only too) while this one writes the graph files."""
    from .export import write_rdf
    out.mkdir(parents=True, exist_ok=True)

    def graph_files() -> dict[str, Path]:
        return {"graph.ttl": write_rdf(store, "turtle", out / "graph.ttl"),
                "graph.trig": write_rdf(store, "trig", out / "graph.trig")}
    if views and workers > 1 and store.kind == "oxigraph" and store._backend.read_only:
        from multiprocessing import get_context
        # spawned, not forked: a forked child must not use RocksDB (its threads stay behind)
        with get_context("spawn").Pool(1) as pool:      # terminated on the way out
            beside = pool.apply_async(_views_of, (str(store._backend.path), str(out)))
            files = graph_files()
            files.update({name: Path(p) for name, p in beside.get().items()})
        return files
    files = graph_files()
    if views:
        from .views import StoreGraph, write_views
        files.update(write_views(store.dataset() if store.kind == "sparql" else StoreGraph(store), out))
    return files


def _views_of(path: str, out: str) -> dict[str, str]:
    """In a process of its own: the HTML views of the store at ``path`` (opened read-only)."""
    from .extract import _die_with_parent
    from .views import StoreGraph, write_views
    _die_with_parent()
    store = GraphStore(_OxigraphBackend(Path(path), read_only=True), path)
    try:
        return {name: str(p) for name, p in write_views(StoreGraph(store), Path(out)).items()}
    finally:
        store.close()


def build(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *,
          model: str | None = None, workers: int = 1, views: bool = True,
          progress: bool = False, on_error=None, store: str | os.PathLike | None = None,
          batch_size: int = 32) -> BuildReport:
    """Build the graph of the articles under ``inputs`` into ``out_dir``.

    Extracts every article into a new store (``store``: a folder, default
    ``OUT/store``, or ``"memory"``), then writes ``graph.ttl``, ``graph.trig`` and (with
    ``views``) the HTML views from it. ``workers`` processes run the language model and
    the rules; every ``batch_size`` articles go into the store as one transaction. The
    store is built beside the old one and swapped in at the end. Inputs that cannot be used are reported in ``BuildReport.errors`` (and
    passed to ``on_error``); the rest still build.
    """
    from . import nlp as nlp_
    from .extract import Extractor

    out = Path(out_dir)
    report = BuildReport(out_dir=out)
    location = str(store) if store is not None else str(out / "store")
    if location.startswith(("http://", "https://")):
        raise StoreError("build makes a new store; to write to a SPARQL server use "
                         "`h2kg add FILE... --store URL`")
    final = Path(location)
    tmp: Path | None = None
    if location == "memory":
        st = open_store("memory")
    else:
        lock = _Lock(final, exclusive=True)          # no build under a running reader/writer
        try:
            for stale in final.parent.glob(f".{final.name}-build-*"):
                shutil.rmtree(stale, ignore_errors=True)
            for name in ("graph.ttl", "graph.trig"):     # what a killed build was writing
                for stale in out.glob(f".{name}.*.tmp"):
                    stale.unlink(missing_ok=True)
            tmp = final.parent / f".{final.name}-build-{os.getpid()}"
            # nobody sees this store before it is swapped in: no need for update transactions
            st = GraphStore(_OxigraphBackend(tmp, private=True), str(final), lock)
        except BaseException:
            lock.release()
            raise
    try:
        extractor = Extractor(model=model or nlp_.DEFAULT_MODEL, n_process=workers)
        added = st.add(inputs, extractor=extractor, resolver=Resolver(), progress=progress,
                       on_error=lambda e: on_error(e) if on_error else None, batch_size=batch_size)
        report.errors = added.errors
        report.documents = added.added + added.replaced
        report.relations = added.relations
        report.entities = len(st._select(
            f"SELECT DISTINCT ?e WHERE {{ GRAPH {G_ENTITIES} {{ ?e a ?c }} }}"))
        if tmp is not None:               # complete: read-only from here on, by any process
            st._backend.close()
            _give_back_memory()
            st._backend = _OxigraphBackend(tmp, read_only=True)
        report.files = write_outputs(st, out, views=views, workers=workers)
        if tmp is not None:
            st._backend.close()
            old = final.parent / f".{final.name}-old-{os.getpid()}"
            if final.exists():
                os.replace(final, old)
            os.replace(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
            report.files["store"] = final
    finally:
        st.close()
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    report.files["report.json"] = write_report(report, out / "report.json")
    return report


def _give_back_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's ``malloc_trim``): once the
    build's store is closed, what its writes used is free but still counted in the
    process's memory, and writing the outputs would grow on top of it (the store's writer
    thread keeps a heap of its own, which the main thread does not reuse)."""
    import gc
    gc.collect()
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):   # not glibc: nothing to do
        pass


def write_report(report: BuildReport, path: Path) -> Path:
    """The build report beside the graph: articles built, inputs that failed and why, counts."""
    import json

    from .store import atomic_write
    data = {"documents": sorted(report.documents), "entities": report.entities,
            "relations": report.relations,
            "errors": [{"source": e.source, "reason": e.reason} for e in report.errors]}
    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path
