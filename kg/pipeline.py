"""The whole build, stage by stage: ingest -> extract -> resolve -> store -> views.

This is the Python API the command line is built on::

    from kg import build
    report = build(["seeds"], "out")
    report.graph_path   # out/graph.ttl
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import nlp as nlp_
from .ingest import read_documents
from .records import Document, InputError
from .resolve import Resolver
from .store import GraphWriter, write_trig, write_turtle


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


def _documents(inputs: Iterable[str | os.PathLike], errors: list[InputError],
               on_error=None) -> Iterator[Document]:
    for item in read_documents(inputs):
        if isinstance(item, InputError):
            errors.append(item)
            if on_error:
                on_error(item)
        else:
            yield item


def build(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *,
          model: str = nlp_.DEFAULT_MODEL, workers: int = 1, views: bool = True,
          progress: bool = False, on_error=None) -> BuildReport:
    """Build the graph of the articles under ``inputs`` into ``out_dir``.

    Writes ``graph.ttl``, ``graph.trig`` and (with ``views``) the HTML views. Inputs that
    cannot be used are reported in ``BuildReport.errors`` (and passed to ``on_error``);
    the rest still build.
    """
    from .extract import Extractor

    out = Path(out_dir)
    report = BuildReport(out_dir=out)
    extractor = Extractor(model=model, n_process=workers)
    resolver = Resolver()
    writer = GraphWriter()
    docs = _documents(inputs, report.errors, on_error)
    stream = extractor.pipe(docs)
    if progress:
        from tqdm import tqdm
        stream = tqdm(stream, desc="articles", unit="doc", file=sys.stderr)
    for extraction in stream:
        resolver.resolve(extraction)
        writer.add_extraction(extraction)
        report.documents.append(extraction.document.id)
        report.relations += len(extraction.relations)
    writer.set_entities(resolver.entities.values())
    report.entities = sum(1 for c in resolver.entities.values() if c.documents)
    out.mkdir(parents=True, exist_ok=True)
    report.files["graph.ttl"] = out / "graph.ttl"
    report.files["graph.trig"] = out / "graph.trig"
    write_turtle(writer.ds, report.files["graph.ttl"])
    write_trig(writer.ds, report.files["graph.trig"])
    if views:
        from .views import write_views
        report.files.update(write_views(writer.ds, out))
    return report
