"""Ingest: files and folders in, :class:`~kg.records.Document` records out.

Reads ``.txt``, ``.md`` and ``.html`` articles, detects their encoding, takes the
article body out of HTML (trafilatura), removes boilerplate (:mod:`kg.boilerplate`),
finds the title (a text article's first non-empty line) and the publication date.
An input that cannot be used yields an :class:`~kg.records.InputError` with a one-line
reason; the rest go on.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from . import boilerplate
from .iri import slug
from .records import Document, InputError

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_BYTES = 20 * 1024 * 1024


def find_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[Path | InputError]:
    """Every article file under the given files and folders, sorted, each once."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(root) / f for f in files
                          if Path(f).suffix.lower() in SUFFIXES and not f.startswith(".")]
            candidates = sorted(found)
        elif path.exists():
            candidates = [path]
        else:
            yield InputError(str(path), "no such file or folder")
            continue
        for c in candidates:
            real = c.resolve()
            if real not in seen:
                seen.add(real)
                yield c


def read_documents(paths: Iterable[str | os.PathLike]) -> Iterator[Document | InputError]:
    """Documents from files and folders, in a stable order; errors are yielded, not raised."""
    hashes: dict[str, str] = {}
    ids: set[str] = set()
    for item in find_inputs(paths):
        if isinstance(item, InputError):
            yield item
            continue
        result = read_document(item)
        if isinstance(result, Document):
            if result.content_hash in hashes:
                yield InputError(str(item), f"same content as {hashes[result.content_hash]}, skipped")
                continue
            hashes[result.content_hash] = str(item)
            doc_id, n = result.id, 2
            while doc_id in ids:   # two files with one name in different folders
                doc_id, n = f"{result.id}-{n}", n + 1
            ids.add(doc_id)
            if doc_id != result.id:
                result = Document(**{**result.__dict__, "id": doc_id})
        yield result


def read_document(path: Path, source: str | None = None) -> Document | InputError:
    """One file as a Document, or an InputError naming the reason."""
    name = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputError(name, f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_BYTES:
        return InputError(name, f"too large ({len(data) // (1024 * 1024)} MB; the limit is "
                                f"{MAX_BYTES // (1024 * 1024)} MB)")
    try:
        raw, encoding = decode(data)
    except ValueError as exc:
        return InputError(name, str(exc))
    is_html = path.suffix.lower() in {".html", ".htm"} or _looks_like_html(raw)
    title, body = html_to_text(raw) if is_html else (None, raw)
    doc = make_document(body, doc_id=slug(path.stem), source=name, title=title,
                        content_hash=hashlib.sha256(data).hexdigest(), encoding=encoding,
                        markdown=path.suffix.lower() in {".md", ".markdown"})
    if not doc.text.strip():
        return InputError(name, "no article text (empty, or only boilerplate)")
    return doc


def make_document(text: str, *, doc_id: str, source: str, title: str | None = None,
                  content_hash: str | None = None, encoding: str = "utf-8",
                  markdown: bool = False) -> Document:
    """A Document from article text: title, boilerplate removed, date found."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[\u200b\ufeff]", "", text)
    lines = text.split("\n")
    if markdown:
        lines = [re.sub(r"^\s{0,3}#{1,6}\s+", "", ln) for ln in lines]
    if title is None:
        # the first line that is neither blank nor page furniture ("Home > News", a cookie notice)
        skipped = []
        while lines and (not lines[0].strip() or boilerplate.is_boilerplate_line(lines[0].strip())):
            skipped.append(lines.pop(0))
        title = lines.pop(0).strip() if lines else ""
        lines = [ln for ln in skipped if ln.strip()] + lines   # dropped again below, and shown
    title = re.sub(r"\s+", " ", title).strip()
    published = None
    for ln in lines[:12]:
        found = boilerplate.published_line(ln)
        if not found and "|" in ln and boilerplate.is_boilerplate_line(ln.strip()):
            found = ln                           # "2025-06-27 16:42 | Source: ... | Reporter: ..."
        if found:
            published = parse_date(found)
            if published:
                break
    kept, dropped = boilerplate.split_boilerplate(lines)
    kept = [_AGENCY_CREDIT.sub(r"\g<head> \g<dash>", ln, count=1) if i < 6 else ln for i, ln in enumerate(kept)]
    if published is None:
        published = _dateline(kept[:6])
    kept = _split_datelines(kept)
    body = "\n".join(kept)
    full = f"{title}\n\n{body}" if body else title
    return Document(id=doc_id, source=source, title=title, text=full, date=published,
                    content_hash=content_hash or hashlib.sha256(full.encode()).hexdigest(),
                    encoding=encoding, removed=tuple(dropped))


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text with the encoding found; ValueError for binary or undecodable data."""
    if not data.strip():
        raise ValueError("empty file")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ValueError("binary or unknown encoding, not an article")
    text = str(best)
    if sum(not (c.isprintable() or c.isspace()) for c in text) > max(5, len(text) // 100):
        raise ValueError(f"binary file (undecodable as {best.encoding}), not an article")
    return text, best.encoding


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def html_to_text(html: str) -> tuple[str | None, str]:
    """Title and main text of an HTML page (trafilatura; a plain tag stripper if that fails)."""
    import trafilatura
    title = None
    meta = trafilatura.extract_metadata(html)
    if meta is not None and meta.title:
        title = meta.title
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=True)
    if not text:
        from html.parser import HTMLParser

        class _Strip(HTMLParser):
            def __init__(self):
                super().__init__()
                self.parts: list[str] = []
                self._skip = 0

            def handle_starttag(self, tag, attrs):
                self._skip += tag in ("script", "style", "noscript", "template")

            def handle_endtag(self, tag):
                if tag in ("script", "style", "noscript", "template") and self._skip:
                    self._skip -= 1
                elif tag in ("p", "div", "br", "li", "h1", "h2", "h3", "section", "article"):
                    self.parts.append("\n\n")

            def handle_data(self, data):
                if not self._skip:
                    self.parts.append(data)

        stripper = _Strip()
        stripper.feed(html)
        text = re.sub(r"\n{3,}", "\n\n", "".join(stripper.parts)).strip()
    # trafilatura keeps one line per paragraph: make each a paragraph of its own
    text = re.sub(r"\n(?!\n)", "\n\n", text or "")
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    return title, text


_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH_NUMBER = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(rf"\b(?P<mon>(?:{_MONTHS})[a-z]*)\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I), "mdy"),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>(?:{_MONTHS})[a-z]*)\.?,?\s+(?P<year>\d{{4}})\b", re.I), "dmy"),
    (re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b"), "ymd"),
]


def parse_date(text: str) -> str | None:
    """The first full date in text as ISO yyyy-mm-dd ("Feb 5, 2026 15:20" -> "2026-02-05")."""
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                if kind == "ymd":
                    y, mo, d = (int(x) for x in m.groups())
                else:
                    mo = _MONTH_NUMBER[m.group("mon")[:3].lower()]
                    y, d = int(m.group("year")), int(m.group("day"))
                return date(y, mo, d).isoformat()
            except ValueError:
                continue
    return None


_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'()-]{1,60}?,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|"
                       r"\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})\s*(?:[-\u2013\u2014/]|\(|$)")


# "CHENGDU, Nov. 3 (Xinhua) -- ...": a wire agency's credit is not part of the story.
_AGENCY_CREDIT = re.compile(r"^(?P<head>[A-Z][A-Za-z .'-]{1,40},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)\s*"
                            r"\([A-Z][A-Za-z .&]{1,30}\)\s*(?P<dash>[-\u2013\u2014]+)")


# "SINES, Portugal, 4 February 2025 – Eight companies ...", "TOKYO -- Japanese trading house ...":
# the dateline goes on a line of its own, so it is not parsed as part of the first sentence.
_DATELINE_PREFIX = re.compile(r"^(?P<line>(?:[A-Z][A-Za-z .'()-]{1,40}?|[A-Z][A-Z .'-]{2,40}),"
                              r"(?:\s+[A-Z][A-Za-z .'-]{1,30},)?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|"
                              r"\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)(?:\s*/[^/]{1,30}/)?\s*[-\u2013\u2014]+|"
                              r"[A-Z][A-Z .'-]{2,30}\s+[-\u2013\u2014]{1,2})\s+(?=[A-Z\"\u201c])")


def _split_datelines(lines: list[str]) -> list[str]:
    out = []
    for i, ln in enumerate(lines):
        m = _DATELINE_PREFIX.match(ln) if i < 6 else None
        if m:
            out += [m.group("line").rstrip(), "", ln[m.end():]]
        else:
            out.append(ln)
    return out


def _dateline(lines: list[str]) -> str | None:
    """A press-release dateline ("BERLIN, March 3, 2025 -- ...") at the top of the body."""
    for ln in lines:
        m = _DATELINE.match(ln.strip())
        if m:
            return parse_date(m.group("date"))
    return None

