"""A read-only SPARQL 1.1 Protocol endpoint over an on-disk store.

``h2kg serve --store out/store`` answers ``GET/POST /query`` (also ``/sparql``) the way
SPARQL tools expect (``query=`` in the URL or a form, or an ``application/sparql-query``
body; results as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, RDF/XML or
JSON-LD, chosen by the Accept header or ``format=``). The default graph is the union of
the named graphs, and h2kg's prefixes are pre-bound.

It refuses every update (``/update``, an ``update=`` parameter, an
``application/sparql-update`` body, PUT / DELETE / PATCH) with 403 / 405. Each query runs
in a worker process holding a read-only Oxigraph store: a query that runs past the time
limit is stopped (its worker is killed and replaced) and answered 503; a result with more
rows (or triples) than the limit is answered 400 rather than cut silently. The server
shares the store's lock with other readers, so ``h2kg add`` waits for it to stop.
"""
from __future__ import annotations

import json
import multiprocessing
import queue
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_FORMAT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
_GRAPH_TYPES = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
                "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD"}
_GRAPH_FORMAT_NAMES = {"turtle": "text/turtle", "ntriples": "application/n-triples",
                       "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
                       "jsonld": "application/ld+json", "json": "application/ld+json"}


class _TooLarge(Exception):
    pass


def _accepted(accept: str, choices) -> str | None:
    """The first media type of ``choices`` the Accept header allows, by q order."""
    ranked = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, bits[0].lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*", "text/*"):
            return None
        if media in choices:
            return media
    return None


def _xml_results(vars_, rows, boolean=None) -> str:
    import pyoxigraph as ox
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in vars_]
    out.append("</head>")
    if boolean is not None:
        out.append(f"<boolean>{'true' if boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for r in rows:
            out.append("<result>")
            for v, t in zip(vars_, r):
                if t is None:
                    continue
                if isinstance(t, ox.NamedNode):
                    val = f"<uri>{escape(t.value)}</uri>"
                elif isinstance(t, ox.BlankNode):
                    val = f"<bnode>{escape(t.value)}</bnode>"
                elif t.language:
                    val = f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
                else:
                    val = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
                out.append(f"<binding name={quoteattr(v)}>{val}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def evaluate(store, query: str, accept: str, fmt: str | None, max_rows: int) -> tuple[int, str, bytes]:
    """Run one query on a pyoxigraph store: (status, content type, body)."""
    import pyoxigraph as ox

    from .query import QueryResult
    from .store import PREFIXES
    try:
        result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = []
            for sol in result:
                if len(rows) >= max_rows:
                    raise _TooLarge
                rows.append(tuple(sol[v] for v in names))
            kind = (fmt if fmt in _FORMAT_TYPES else None) or _RESULT_TYPES.get(
                _accepted(accept, _RESULT_TYPES) or "", "json")
            if kind == "xml":
                body = _xml_results(names, rows)
            else:
                body = QueryResult("select", names, rows).format(kind)
            return 200, _FORMAT_TYPES[kind], body.encode("utf-8")
        if isinstance(result, ox.QueryBoolean):
            kind = (fmt if fmt in ("json", "xml") else None) or (
                "xml" if _RESULT_TYPES.get(_accepted(accept, _RESULT_TYPES) or "") == "xml" else "json")
            body = _xml_results([], [], bool(result)) if kind == "xml" else \
                json.dumps({"head": {}, "boolean": bool(result)}) + "\n"
            return 200, _FORMAT_TYPES[kind], body.encode("utf-8")
        triples = []
        for t in result:
            if len(triples) >= max_rows:
                raise _TooLarge
            triples.append(t)
        media = _GRAPH_FORMAT_NAMES.get(fmt or "") or _accepted(accept, _GRAPH_TYPES) or "text/turtle"
        rdf_format = getattr(ox.RdfFormat, _GRAPH_TYPES[media])
        body = ox.serialize(triples, format=rdf_format,
                            **({"prefixes": {k: v for k, v in PREFIXES.items() if k != "h2kgr"}}
                               if media == "text/turtle" else {}))
        return 200, media + ("; charset=utf-8" if media.startswith("text/") else ""), body
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"query parse error: {exc}\n".encode()
    except _TooLarge:
        return 400, "text/plain; charset=utf-8", (
            f"the result has more than {max_rows} rows; add a LIMIT (this endpoint answers at most "
            f"{max_rows})\n").encode()
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode()


def _worker_main(path: str, conn, max_rows: int) -> None:
    import pyoxigraph as ox

    from . import query as _  # noqa: F401  (imported before the first query's clock starts)
    store = ox.Store.read_only(path)
    conn.send("ready")
    while True:
        try:
            query, accept, fmt = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(evaluate(store, query, accept, fmt, max_rows))


class _Worker:
    def __init__(self, path: str, max_rows: int):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(path, child, max_rows), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False

    def run(self, query: str, accept: str, fmt: str | None, timeout: float):
        if not self.ready:               # start-up does not count against the query's time
            if not self.conn.poll(120) or self.conn.recv() != "ready":
                raise OSError("the query worker did not start")
            self.ready = True
        self.conn.send((query, accept, fmt))
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class SparqlServer(ThreadingHTTPServer):
    """The endpoint. ``serve_forever()`` runs it; ``url`` is its query endpoint."""
    daemon_threads = True

    def __init__(self, store_path: str | Path, host: str = "127.0.0.1", port: int = 7878, *,
                 timeout: float = 30.0, max_rows: int = 10000, workers: int = 2):
        from .store import open_store
        self.graph_store = open_store(store_path, read_only=True)    # shared lock, checks it exists
        self.store_path = str(store_path)
        self.timeout, self.max_rows = timeout, max_rows
        self.pool: queue.Queue[_Worker] = queue.Queue()
        self._workers_lock = threading.Lock()
        for _ in range(max(1, workers)):
            self.pool.put(_Worker(self.store_path, max_rows))
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/query"

    def run_query(self, query: str, accept: str, fmt: str | None) -> tuple[int, str, bytes]:
        worker = self.pool.get()
        try:
            result = worker.run(query, accept, fmt, self.timeout)
        except TimeoutError:
            worker.stop()
            worker = _Worker(self.store_path, self.max_rows)
            return 503, "text/plain; charset=utf-8", (
                f"the query ran past the time limit of {self.timeout:g} s and was stopped\n").encode()
        except (EOFError, OSError, BrokenPipeError):
            worker.stop()
            worker = _Worker(self.store_path, self.max_rows)
            return 500, "text/plain; charset=utf-8", b"the query worker failed\n"
        finally:
            self.pool.put(worker)
        return result

    def server_close(self) -> None:
        super().server_close()
        while not self.pool.empty():
            self.pool.get().stop()
        self.graph_store.close()


_READ_ONLY = b"this SPARQL endpoint is read-only: updates are refused\n"


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # one line per request on stderr
        sys.stderr.write("h2kg serve: " + (fmt % args) + "\n")

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _path(self) -> tuple[str, dict]:
        u = urllib.parse.urlsplit(self.path)
        return u.path.rstrip("/") or "/", urllib.parse.parse_qs(u.query, keep_blank_values=True)

    def _answer(self, params: dict, body_query: str | None = None) -> None:
        path, _ = self._path()
        if path == "/update" or "update" in params:
            return self._send(403, "text/plain; charset=utf-8", _READ_ONLY)
        if path not in ("/query", "/sparql"):
            if path == "/" and not params and body_query is None:
                text = (f"h2kg read-only SPARQL endpoint over {self.server.store_path}\n"
                        f"query it at {self.server.url}?query=... (GET or POST)\n")
                return self._send(200, "text/plain; charset=utf-8", text.encode())
            return self._send(404, "text/plain; charset=utf-8", b"not found: use /query\n")
        queries = params.get("query", [])
        if body_query is not None:
            queries = [body_query]
        if len(queries) != 1 or not queries[0].strip():
            return self._send(400, "text/plain; charset=utf-8", b"give exactly one query parameter\n")
        fmt = (params.get("format") or [None])[0]
        status, ctype, body = self.server.run_query(queries[0], self.headers.get("Accept", ""), fmt)
        self._send(status, ctype, body)

    def do_GET(self):
        self._answer(self._path()[1])

    do_HEAD = do_GET

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = self._path()[1]
        if ctype == "application/sparql-update":
            return self._send(403, "text/plain; charset=utf-8", _READ_ONLY)
        if ctype == "application/sparql-query":
            return self._answer(params, data)
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(data, keep_blank_values=True)
            return self._answer({**params, **form})
        return self._send(415, "text/plain; charset=utf-8",
                          b"send application/sparql-query or a form with query=\n")

    def _refuse(self):
        self._send(405, "text/plain; charset=utf-8", _READ_ONLY)

    do_PUT = do_DELETE = do_PATCH = _refuse


def serve(store_path: str | Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
          max_rows: int = 10000, workers: int = 2, ready=None) -> None:
    """Serve until interrupted; ``ready(server)`` is called once it listens."""
    server = SparqlServer(store_path, host, port, timeout=timeout, max_rows=max_rows, workers=workers)
    try:
        if ready:
            ready(server)
        server.serve_forever()
    finally:
        server.server_close()
