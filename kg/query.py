"""Queries: results, their formats, parameters bound safely, and the canned analyst queries.

``GraphStore.query`` returns a :class:`QueryResult`; iterate it for :class:`Row` objects
(``row.org`` / ``row["org"]`` / tuple unpacking give rdflib terms), or call
``result.format("table" | "csv" | "json" | "tsv")``.

Parameters (``store.query(q, alliance="...")``) are never pasted into the query as text:
each value becomes an RDF term, serialised with N-Triples escaping by pyoxigraph, that
stands where the variable stood (pre-binding, as SPARQL's SEP-0007 substitution does), so
no value can change the query's structure.

Canned queries are ``kg/queries/NAME.rq`` files, runnable in any SPARQL tool too. Their
header says what they do and which parameters they take::

    # members-of: members and founders of an alliance named by its label or an alias
    # param alliance: the alliance's label or alias (any case)
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources

import pyoxigraph as ox

_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

class Row(tuple):
    """One solution: a tuple of rdflib terms (None when unbound), also by variable name."""
    _index: dict[str, int] = {}

    def __new__(cls, values, index):
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getattr__(self, name):
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def asdict(self) -> dict:
        return {k: self[i] for k, i in self._index.items()}


class QueryResult:
    """The answer to a query: ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT /
    DESCRIBE). ``vars`` names the columns; ``ask`` is the boolean of an ASK query;
    ``triples`` the pyoxigraph triples of a graph query."""

    def __init__(self, kind: str, vars: list[str], payload):
        self.kind = kind
        self.vars = list(vars)
        self._rows = payload if kind == "select" else []
        self.ask = payload if kind == "ask" else None
        self.triples = payload if kind == "graph" else []
        self._index = {v: i for i, v in enumerate(self.vars)}

    def __len__(self) -> int:
        return len(self._rows) if self.kind == "select" else len(self.triples)

    def __iter__(self):
        from .store import to_rdflib
        for r in self._rows:
            yield Row(tuple(to_rdflib(t) for t in r), self._index)

    def __bool__(self) -> bool:
        return bool(self.ask) if self.kind == "ask" else len(self) > 0

    @property
    def raw_rows(self) -> list[tuple]:
        """Rows of pyoxigraph terms (None when unbound)."""
        return self._rows

    def to_python(self) -> list[dict]:
        """Rows as dicts of plain Python values (IRIs as str, literals converted)."""
        out = []
        for row in self:
            out.append({k: (v.toPython() if hasattr(v, "toPython") else v) if v is not None else None
                        for k, v in row.asdict().items()})
        return out

    def format(self, fmt: str = "table") -> str:
        """The result as ``table`` (aligned, prefixed names), ``csv`` / ``tsv`` / ``json``
        (the SPARQL 1.1 results formats). Graph results come as Turtle (``table``) or
        N-Triples."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
        if self.kind == "ask":
            if fmt == "json":
                return json.dumps({"head": {}, "boolean": bool(self.ask)}) + "\n"
            return ("true" if self.ask else "false") + "\n"
        if self.kind == "graph":
            from .store import PREFIXES
            if fmt == "table":
                return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE,
                                    prefixes={k: v for k, v in PREFIXES.items() if k != "h2kgr"}).decode()
            return ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES).decode()
        return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}[fmt](self)


FORMATS = ("table", "csv", "json", "tsv")


def _short(term) -> str:
    from .store import PREFIXES
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return f"{p}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table(res: QueryResult, max_width: int = 100) -> str:
    def cell(t) -> str:
        s = " ".join(_short(t).split())
        return s if len(s) <= max_width else s[:max_width - 1] + "\u2026"
    rows = [[cell(t) for t in r] for r in res.raw_rows]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(res.vars)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(res.vars), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _csv(res: QueryResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(res.vars)
    for r in res.raw_rows:
        w.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                    for t in r])
    return buf.getvalue()


def _tsv(res: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in res.vars)]
    for r in res.raw_rows:
        lines.append("\t".join("" if t is None else str(t).replace("\t", "\\t") for t in r))
    return "\n".join(lines) + "\n"


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        d["datatype"] = t.datatype.value
    return d


def _json(res: QueryResult) -> str:
    bindings = [{v: _json_term(t) for v, t in zip(res.vars, r) if t is not None} for r in res.raw_rows]
    return json.dumps({"head": {"vars": res.vars}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

def param_term(value):
    """A parameter value as a pyoxigraph term: rdflib / pyoxigraph terms kept, ``<...>``
    strings from the command line as IRIs, other strings as plain literals, numbers as
    typed literals. IRIs are validated (no spaces, quotes or angle brackets)."""
    from .store import to_ox
    if isinstance(value, str) and len(value) > 2 and value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise ValueError(f"not a valid IRI: {value}: {exc}") from None
    return to_ox(value)


def _skip_string(q: str, i: int) -> int:
    quote = q[i]
    long = q.startswith(quote * 3, i)
    j = i + (3 if long else 1)
    while j < len(q):
        if q[j] == "\\":
            j += 2
            continue
        if long and q.startswith(quote * 3, j):
            return j + 3
        if not long and q[j] == quote:
            return j + 1
        if not long and q[j] == "\n":
            return j + 1
        j += 1
    return j


_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARTOK = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)")


def _tokens(q: str):
    """(start, end, kind, text) of the query's words, variables and punctuation, skipping
    strings, IRIs and comments (kinds: ``var``, ``word``, ``punct``)."""
    i = 0
    while i < len(q):
        c = q[i]
        if c == "#":
            nl = q.find("\n", i)
            i = len(q) if nl < 0 else nl + 1
            continue
        if c in "\"'":
            i = _skip_string(q, i)
            continue
        if c == "<":
            m = _IRI.match(q, i)
            if m:
                i = m.end()
                continue
        if c in "?$":
            m = _VARTOK.match(q, i)
            if m:
                yield i, m.end(), "var", m.group(1)
                i = m.end()
                continue
        m = _WORD.match(q, i)
        if m:
            yield i, m.end(), "word", m.group(0)
            i = m.end()
            continue
        if not c.isspace():
            yield i, i + 1, "punct", c
        i += 1


def bind_params(query: str, params: dict) -> str:
    """``query`` with each ``?name`` of ``params`` replaced by its value as an RDF term.

    The term is written in N-Triples syntax by pyoxigraph (quotes, backslashes and line
    breaks escaped; IRIs validated), so no value can change the query's structure: it is a
    constant where the variable was, as if pre-bound, inside filters, nested groups and
    sub-queries too. A parameter that a SELECT clause projects becomes ``(value AS ?name)``;
    one the query assigns itself (``AS ?name``, ``VALUES ?name``) is refused.
    """
    if not params:
        return query
    for n in params:
        if not _VAR.match(n):
            raise ValueError(f"not a variable name: {n!r}")
    terms = {n: str(param_term(v)) for n, v in params.items()}
    out, last = [], 0
    in_select = False      # inside a SELECT clause's projection
    depth = 0              # parentheses depth within it
    prev = None
    for start, end, kind, text in _tokens(query):
        up = text.upper() if kind == "word" else None
        if up == "SELECT":
            in_select, depth = True, 0
        elif in_select and (up in ("WHERE", "FROM") or (kind == "punct" and text == "{")):
            in_select = False
        elif in_select and kind == "punct" and text in "()":
            depth += 1 if text == "(" else -1
        if kind == "var" and text in terms:
            if prev is not None and prev[2] == "word" and prev[3].upper() in ("AS", "VALUES"):
                raise ValueError(f"?{text} is assigned in the query itself: it cannot be a parameter")
            value = terms[text]
            if in_select and depth == 0:
                value = f"({value} AS ?{text})"
            out.append(query[last:start])
            out.append(value)
            last = end
        prev = (start, end, kind, text)
    out.append(query[last:])
    return "".join(out)


# ---------------------------------------------------------------------------
# Ordering
# ---------------------------------------------------------------------------

#: A query that ends in ``ORDER BY`` over variables only (``?x``, ``ASC(?x)``, ``DESC(?x)``),
#: with no LIMIT, OFFSET or VALUES after it.
_TRAILING_ORDER = re.compile(
    r"\s+ORDER\s+BY((?:\s*(?:(?:ASC|DESC)\s*\(\s*[?$][A-Za-z_]\w*\s*\)|[?$][A-Za-z_]\w*))+)\s*\Z",
    re.IGNORECASE)
_ORDER_KEY = re.compile(r"(?:(ASC|DESC)\s*\(\s*)?[?$]([A-Za-z_]\w*)", re.IGNORECASE)
_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in (
    "integer", "decimal", "float", "double", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}


def split_order(sparql: str) -> tuple[str, list[tuple[str, bool]]]:
    """A query without its final ``ORDER BY`` when that orders by variables only, and the
    order as (variable, descending) pairs; ``(sparql, [])`` when there is none such.

    The store sorts those rows itself (:func:`sort_rows`): Oxigraph's ORDER BY reads each
    compared string back from its dictionary, which made the ordering cost three times the
    query (a listing of 356 rows: 68 ms ordered by Oxigraph, 21 ms sorted here)."""
    m = _TRAILING_ORDER.search(sparql)
    if not m:
        return sparql, []
    order = [(var, (d or "").upper() == "DESC") for d, var in _ORDER_KEY.findall(m.group(1))]
    return sparql[:m.start()] + "\n", order


def term_order_key(term) -> tuple:
    """SPARQL 1.1's ORDER BY order of a pyoxigraph term (15.1): unbound, blank nodes, IRIs,
    then literals: numbers by value, the rest by datatype and then text."""
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMERIC:
            try:
                return (3, 0, float(term.value), "")
            except ValueError:
                pass
        return (3, 1, datatype, term.value, term.language or "")
    return (4, str(term))


def sort_rows(rows: list[tuple], names: list[str], order: list[tuple[str, bool]]) -> list[tuple]:
    """Rows sorted as ``ORDER BY`` ``order`` would sort them (stable: ties keep their order)."""
    rows = list(rows)
    index = {n: i for i, n in enumerate(names)}
    for var, descending in reversed(order):      # least significant key first, stable sorts
        i = index[var]
        rows.sort(key=lambda r: term_order_key(r[i]), reverse=descending)
    return rows


# ---------------------------------------------------------------------------
# Canned queries
# ---------------------------------------------------------------------------

@dataclass
class CannedQuery:
    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)     # name -> description
    optional: set[str] = field(default_factory=set)

    def check(self, params: dict) -> dict:
        """The parameters for this query; raises ValueError naming what is missing or unknown."""
        unknown = set(params) - set(self.params)
        if unknown:
            raise ValueError(f"{self.name} takes no parameter {', '.join(sorted(unknown))}"
                             + (f" (it takes {', '.join(self.params)})" if self.params else ""))
        missing = [p for p in self.params if p not in params and p not in self.optional]
        if missing:
            raise ValueError(f"{self.name} needs " + ", ".join(f"--param {p}=..." for p in missing)
                             + "".join(f"\n  {p}: {self.params[p]}" for p in missing))
        return {k: v for k, v in params.items() if v is not None}


def canned_queries() -> dict[str, CannedQuery]:
    """Every canned query of ``kg/queries``, by name."""
    out = {}
    for entry in sorted(resources.files("kg").joinpath("queries").iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        name = entry.name[:-3]
        description, params, optional = "", {}, set()
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            m = re.match(r"#\s*param\s+(\w+)(\s*\(optional\))?\s*:\s*(.*)", line)
            if m:
                params[m.group(1)] = m.group(3).strip()
                if m.group(2):
                    optional.add(m.group(1))
            elif not description:
                description = re.sub(rf"^#\s*{re.escape(name)}\s*:\s*", "", line).strip()
        out[name] = CannedQuery(name, description, text, params, optional)
    return out


def canned(name: str) -> CannedQuery:
    queries = canned_queries()
    if name not in queries:
        raise ValueError(f"no canned query {name!r}; there are: {', '.join(queries)}")
    return queries[name]
