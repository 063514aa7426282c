"""The ``h2kg`` command line: a thin layer over :mod:`kg.pipeline` and friends.

Exit status: 0 on success, 1 when some inputs failed (each named on stderr) while the
rest still built, 2 on bad usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .nlp import DEFAULT_MODEL


def _cmd_build(args) -> int:
    from .pipeline import build

    def on_error(err):
        print(f"h2kg: {err}", file=sys.stderr)

    report = build(args.inputs, args.out, model=args.model, workers=args.workers,
                   views=not args.no_views, progress=sys.stderr.isatty() and not args.quiet,
                   on_error=on_error)
    if not args.quiet:
        print(f"{len(report.documents)} articles, {report.entities} entities, "
              f"{report.relations} relations; {len(report.errors)} inputs failed")
        for name, path in sorted(report.files.items()):
            print(f"  wrote {path}")
        if "index.html" in report.files:
            print(f"open {report.files['index.html'].resolve().as_uri()} in a browser")
    return 1 if report.errors else 0


def _cmd_inspect(args) -> int:
    from .extract import Extractor
    from .ingest import read_document
    from .records import InputError

    extractor = Extractor(model=args.model)
    status = 0
    for path in args.files:
        doc = read_document(Path(path))
        if isinstance(doc, InputError):
            print(f"h2kg: {doc}", file=sys.stderr)
            status = 1
            continue
        ex = extractor.extract(doc)
        print(f"# {doc.source}\ntitle: {doc.title}\ndate: {doc.date or '-'}  encoding: {doc.encoding}")
        print(f"\n## kept text ({len(doc.text)} characters)\n{doc.text}")
        print(f"\n## removed as boilerplate ({len(doc.removed)} lines)")
        for line in doc.removed:
            print(f"  - {line.strip()[:120]}")
        print("\n## entities")
        for e in sorted(ex.entities.values(), key=lambda e: (e.cls, e.label)):
            rules = sorted({m.rule for m in e.mentions})
            aliases = f" (aliases: {'; '.join(sorted(e.aliases))})" if e.aliases else ""
            print(f"  {e.cls:20} {e.label}{aliases}  [{', '.join(rules)}]")
        print("\n## statements")
        names = {k: e.label for k, e in ex.entities.items()} | ex.unnamed_plans
        for r in ex.relations:
            print(f"  {names[r.subj]} --{r.pred}--> {names[r.obj]}  [{r.evidence.rule}]")
        for a in ex.attributes:
            print(f"  {names[a.subj]} {a.pred} {a.value}  [{a.evidence.rule}]")
        for p in ex.posts:
            print(f"  post: {names[p.holder]}, {p.role}, {', '.join(names[o] for o in p.orgs)}")
        for t in ex.targets:
            print(f"  target of {names.get(t.plan, t.plan)}: {t.metric} {t.value:g} {t.unit} by {t.year}")
    return status


def _cmd_explain(args) -> int:
    from .explain import explain
    lines = explain(Path(args.graph), args.subject, args.predicate, args.object)
    if not lines:
        print(f"h2kg: no evidence for {args.subject} {args.predicate} {args.object} in {args.graph}",
              file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _cmd_viz(args) -> int:
    from rdflib import Dataset

    from .views import write_focus, write_views
    ds = Dataset(default_union=True)
    ds.parse(args.graph, format="trig" if str(args.graph).endswith(".trig") else "turtle")
    out = Path(args.out)
    if args.focus:
        try:
            path = write_focus(ds, args.focus, out / "focus.html", depth=args.depth)
        except KeyError:
            print(f"h2kg: no entity named {args.focus!r} in {args.graph}", file=sys.stderr)
            return 1
        print(f"wrote {path}")
        return 0
    for name, path in sorted(write_views(ds, out).items()):
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="h2kg",
        description="Build a knowledge graph of the hydrogen and NEV industry from news articles.")
    ap.add_argument("--version", action="version", version=f"h2kg {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", required=True)

    b = sub.add_parser("build", help="articles -> OUT/graph.ttl, graph.trig and HTML views",
                       description="Extract entities and relations from articles (.txt, .md, .html "
                                   "files or folders of them) and write OUT/graph.ttl (Turtle), "
                                   "OUT/graph.trig (one named graph per article, with evidence) and "
                                   "OUT/index.html (interactive views).")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    b.add_argument("-o", "--out", required=True, metavar="OUT", help="output folder")
    b.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline (default {DEFAULT_MODEL})")
    b.add_argument("--workers", type=int, default=1, help="processes for the language model (default 1)")
    b.add_argument("--no-views", action="store_true", help="skip the HTML views")
    b.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    b.set_defaults(func=_cmd_build)

    i = sub.add_parser("inspect", help="show what h2kg reads in one article and why",
                       description="Print the kept text, the boilerplate removed, the entities with "
                                   "their class, aliases and the rule or model that found them, and "
                                   "the statements extracted.")
    i.add_argument("files", nargs="+", metavar="FILE")
    i.add_argument("--model", default=DEFAULT_MODEL)
    i.set_defaults(func=_cmd_inspect)

    e = sub.add_parser("explain", help="why an edge exists: its sentences, articles and rules",
                       description="Show the evidence for SUBJECT PREDICATE OBJECT, where subject and "
                                   "object are labels, aliases or IRIs and predicate a relation name "
                                   "such as memberOf.")
    e.add_argument("subject")
    e.add_argument("predicate")
    e.add_argument("object")
    e.add_argument("--graph", default="out/graph.trig", help="graph.trig or graph.ttl (default out/graph.trig)")
    e.set_defaults(func=_cmd_explain)

    v = sub.add_parser("viz", help="write the HTML views of a built graph",
                       description="Write index.html, alliances.html and graph.html, or with --focus "
                                   "one entity's neighbourhood as focus.html.")
    v.add_argument("--graph", default="out/graph.trig")
    v.add_argument("-o", "--out", default="out")
    v.add_argument("--focus", metavar="NAME", help="an entity's label or alias")
    v.add_argument("--depth", type=int, default=1)
    v.set_defaults(func=_cmd_viz)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("h2kg: interrupted; files already written are complete", file=sys.stderr)
        return 130
    except RuntimeError as exc:
        print(f"h2kg: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
