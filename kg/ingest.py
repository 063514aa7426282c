"""Ingest: files and folders in, :class:`~kg.records.Document` records out.

Reads ``.txt``, ``.md`` and ``.html`` articles, detects their encoding, takes the
article body out of HTML (trafilatura), removes boilerplate (:mod:`kg.boilerplate`),
finds the title (a text article's first non-empty line) and the publication date.
An input that cannot be used yields an :class:`~kg.records.InputError` with a one-line
reason; the rest go on.

Inputs come from scrapers, e-mail, PDFs turned into text and sites with their own
encodings, so nothing here trusts them:

* a file is opened once, checked to be a regular file (a named pipe or a device would
  block or never end) and refused by its size before anything is read;
* bytes are decoded by their byte-order mark, as UTF-8, or by charset-normalizer
  (GB18030, Big5, Windows-1252, ...), and the encoding found is kept on the Document;
  binary files (known signatures, NUL bytes, control characters) and undecodable bytes
  are refused; UTF-8 text that was once read as Windows-1252 ("â€™", "Ã©") is repaired
  rather than stored as mojibake;
* HTML loses scripts, styles, templates, comments and embedded documents before
  trafilatura takes the article body out of it;
* control characters, bidirectional overrides and runs of more than ``MAX_RUN``
  characters without a space (inline images, hashes, minified code) never reach the text;
* any other failure on one file becomes an InputError for that file, never a crash.
"""
from __future__ import annotations

import codecs
import copy
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from . import boilerplate
from .iri import slug
from .records import Document, InputError

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
#: Largest file read, in bytes (checked on the file's size before reading it).
MAX_BYTES = 20 * 1024 * 1024
#: Longest article text, in characters: about 80,000 words, ten times a long feature. The
#: language model needs about 1 GB per 300,000 characters, and refuses a million.
MAX_CHARS = 500_000
#: Longest run of printable ASCII characters without a space that counts as text.
MAX_RUN = 200


# ---------------------------------------------------------------------------
# Finding the inputs
# ---------------------------------------------------------------------------

def find_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[Path | InputError]:
    """Every article file under the given files and folders, sorted, each once.

    Symbolic links to folders are followed, but never round a loop; a link that loops or
    points nowhere, and a second name for a file or folder already read, yield an
    InputError. The same path given twice is read once, silently.
    """
    seen: dict[str, tuple[str, str]] = {}     # real path -> (absolute path, path as shown)
    folders: dict[str, str] = {}              # real path of each folder walked -> as shown
    reported: set[str] = set()                # each problem path named once
    for raw in paths:
        path = Path(raw)
        problem = _link_problem(path)
        if problem:
            if os.path.abspath(path) not in reported:
                reported.add(os.path.abspath(path))
                yield InputError(str(path), problem)
            continue
        if path.is_dir():
            real = os.path.realpath(path)
            if real in folders:
                if os.path.abspath(folders[real]) != os.path.abspath(path):
                    yield InputError(str(path), f"same folder as {folders[real]}, skipped")
                continue
            folders[real] = str(path)
            items = sorted(_walk(path, folders), key=lambda x: x.source if isinstance(x, InputError) else str(x))
        elif os.path.lexists(path):
            items = [path]
        else:
            yield InputError(str(path), "no such file or folder")
            continue
        for c in items:
            if isinstance(c, InputError):
                if os.path.abspath(c.source) not in reported:
                    reported.add(os.path.abspath(c.source))
                    yield c
                continue
            real, here = os.path.realpath(c), os.path.abspath(c)
            if real not in seen:
                seen[real] = (here, str(c))
                yield c
            elif seen[real][0] != here:
                yield InputError(str(c), f"same file as {seen[real][1]}, skipped")


def _walk(root: Path, folders: dict[str, str]) -> Iterator[Path | InputError]:
    """Article files under ``root`` (any order), and the problems met on the way."""
    stack = [(root, (os.path.realpath(root),))]
    while stack:
        folder, chain = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield InputError(str(folder), f"cannot read folder: {exc.strerror or exc}")
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            p = folder / e.name
            suffix = Path(e.name).suffix.lower()
            problem = _link_problem(p) if e.is_symlink() else None
            if problem:
                if suffix in SUFFIXES or not suffix:     # an article, or maybe a folder
                    yield InputError(str(p), problem)
                continue
            try:
                is_dir = e.is_dir()                       # follows links
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(p)
                if real in chain:
                    yield InputError(str(p), f"symbolic link loop (back to {real}), not followed")
                elif real in folders:
                    yield InputError(str(p), f"same folder as {folders[real]}, skipped")
                else:
                    folders[real] = str(p)
                    stack.append((p, chain + (real,)))
            elif suffix in SUFFIXES:
                yield p


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link cannot be followed (None if it is no link or a good one)."""
    if not os.path.islink(path):
        return None
    try:
        os.stat(path)
    except OSError as exc:
        return _os_reason(path, exc)
    return None


def _os_reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop, not followed"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        try:
            return f"broken symbolic link (to {os.readlink(path)})"
        except OSError:
            return "broken symbolic link"
    return f"cannot read: {exc.strerror or exc}"


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def read_documents(paths: Iterable[str | os.PathLike]) -> Iterator[Document | InputError]:
    """Documents from files and folders, in a stable order; errors are yielded, not raised.

    A file with the same bytes, or the same article text, as one read before is skipped
    with an InputError naming the first."""
    hashes: dict[str, str] = {}
    texts: dict[str, str] = {}
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
            text_key = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
            if text_key in texts:
                yield InputError(str(item), f"same article text as {texts[text_key]}, skipped")
                continue
            hashes[result.content_hash] = texts[text_key] = str(item)
            doc_id, n = result.id, 2
            while doc_id in ids:   # two files with one name in different folders
                doc_id, n = f"{result.id}-{n}", n + 1
            ids.add(doc_id)
            if doc_id != result.id:
                result = Document(**{**result.__dict__, "id": doc_id})
        yield result


def read_document(path: Path, source: str | None = None) -> Document | InputError:
    """One file as a Document, or an InputError naming the reason (never an exception)."""
    name = source or str(path)
    try:
        data = _read_bytes(Path(path))
    except ValueError as exc:
        return InputError(name, str(exc))
    try:
        return _document(Path(path), name, data)
    except ValueError as exc:
        return InputError(name, _one_line(str(exc)))
    except Exception as exc:   # noqa: BLE001 - one bad file must not stop the build
        return InputError(name, f"cannot be read as an article ({type(exc).__name__}: {_one_line(str(exc))})")


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file no larger than MAX_BYTES; ValueError with the reason."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)      # non-blocking: opening a named pipe does not wait
    except OSError as exc:
        raise ValueError(_os_reason(path, exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ValueError("is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            kind = ("a named pipe" if stat.S_ISFIFO(st.st_mode) else
                    "a socket" if stat.S_ISSOCK(st.st_mode) else "a device")
            raise ValueError(f"not a regular file ({kind}), not read")
        if st.st_size > MAX_BYTES:
            raise ValueError(_too_large(st.st_size))
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:                 # it grew while being read
            raise ValueError(_too_large(size))
        return b"".join(chunks)
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_large(size: int) -> str:
    return f"too large ({size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)"


def _document(path: Path, name: str, data: bytes) -> Document:
    raw, encoding = decode(data)
    is_html = path.suffix.lower() in {".html", ".htm"} or _looks_like_html(raw)
    if not is_html and len(raw) > MAX_CHARS:
        raise ValueError(_too_long(len(raw)))
    title, body = html_to_text(raw) if is_html else (None, raw)
    doc = make_document(body, doc_id=slug(path.stem), source=name, title=title,
                        content_hash=hashlib.sha256(data).hexdigest(), encoding=encoding,
                        markdown=path.suffix.lower() in {".md", ".markdown"})
    if not doc.text.strip():
        raise ValueError("no article text (empty, or only boilerplate)")
    if len(doc.text) > MAX_CHARS:
        raise ValueError(_too_long(len(doc.text)))
    return doc


def _too_long(n: int) -> str:
    return f"too long ({n:,} characters; the limit is {MAX_CHARS:,} characters of article text)"


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

# Characters that are never article text: C0 and C1 controls but tab and line breaks,
# zero-width space, byte-order marks, bidirectional embeddings, overrides and isolates
# (they make a name read differently from what it is), noncharacters and lone surrogates.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b\u202a-\u202e\u2066-\u2069"
                        "\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LONG_RUN = re.compile(r"[!-~]{%d,}" % (MAX_RUN + 1))


def clean_text(text: str) -> str:
    """Text with every kind of line break made ``\\n``, no-break spaces made spaces, and
    invisible and control characters removed."""
    text = _LINE_BREAKS.sub("\n", str(text)).replace("\u00a0", " ")
    return _INVISIBLE.sub("", text)


def make_document(text: str, *, doc_id: str, source: str, title: str | None = None,
                  content_hash: str | None = None, encoding: str = "utf-8",
                  markdown: bool = False) -> Document:
    """A Document from article text: title, boilerplate removed, date found."""
    text = clean_text(text)
    runs: list[str] = []

    def drop_run(m: re.Match) -> str:
        runs.append(f"[{len(m.group(0)):,} characters without a space: {m.group(0)[:40]}...]")
        return ""
    text = _LONG_RUN.sub(drop_run, text)
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
    title = re.sub(r"\s+", " ", _LONG_RUN.sub("", clean_text(title))).strip()
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
                    encoding=encoding, removed=tuple(dropped + runs))


# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))

# File signatures of the binary formats most often misnamed .txt / .html.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"%PDF-", "a PDF document; convert it to text first"),
    (b"{\\rtf", "an RTF document; convert it to text first"),
    (b"PK\x03\x04", "a zip archive, .docx or .xlsx"), (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls)"),
    (b"\x7fELF", "an executable"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"), (b"\x1aE\xdf\xa3", "a Matroska / WebM video"),
)

# Languages Windows-1252 cannot write: for these a tie with another code page is not
# decided for Windows-1252.
_NOT_WESTERN = {"Czech", "Slovak", "Polish", "Hungarian", "Croatian", "Slovene", "Romanian",
                "Serbian", "Bosnian", "Albanian", "Lithuanian", "Latvian", "Estonian", "Turkish",
                "Vietnamese"}

# Characters that a byte from 0x80 to 0xFF becomes when read as Windows-1252 (or Latin-1,
# for the five bytes Windows-1252 leaves undefined, and the C1 controls).
_SINGLE_BYTE: dict[str, int] = {}
for _b in range(0x80, 0x100):
    try:
        _SINGLE_BYTE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass
    _SINGLE_BYTE.setdefault(chr(_b), _b)


def _byte_class(lo: int, hi: int) -> str:
    return "[" + "".join(re.escape(c) for c, b in _SINGLE_BYTE.items() if lo <= b <= hi) + "]"


_CONT = _byte_class(0x80, 0xBF)
_MOJIBAKE = re.compile(f"{_byte_class(0xC2, 0xDF)}{_CONT}|{_byte_class(0xE0, 0xEF)}{_CONT}{{2}}|"
                       f"{_byte_class(0xF0, 0xF4)}{_CONT}{{3}}")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffd\ufffe\uffff]")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text with the encoding found; ValueError for empty, binary or undecodable data.

    The encoding is a Python codec name, with a note when h2kg repaired the text:
    ``utf-8``, ``utf-8-sig`` (with a byte-order mark), ``utf-16-le``, ``gb18030``, ``big5``,
    ``cp1252``, ``iso8859-1``, ``utf-8 (12 mojibake sequences repaired)`` ..."""
    if not data:
        raise ValueError("empty file")
    if not data.strip():
        raise ValueError("empty file (only whitespace)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise ValueError(f"not valid {enc} although it starts with that byte-order mark "
                                 f"(bad bytes at {exc.start + len(bom)})") from None
            return _checked(text, enc), enc
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ValueError(f"binary file ({kind}), not an article")
    if b"\x00" in data[:4096]:
        enc = _utf16_without_bom(data)
        if enc is None:
            raise ValueError("binary file (contains NUL bytes), not an article")
        return _checked(data.decode(enc), enc), enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        text, repaired = repair_mojibake(text)
        enc = f"utf-8 ({repaired} mojibake sequences repaired)" if repaired else "utf-8"
        return _checked(text, enc), enc
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes
    matches = list(from_bytes(data))
    if not matches or matches[0].encoding is None:
        raise ValueError("binary or unknown encoding, not an article")
    best = matches[0]
    if best.encoding != "cp1252" and best.language not in _NOT_WESTERN:
        # single-byte code pages often tie (cp1250 reads "naïve" as "naďve"): a tie the
        # detected language does not decide goes to the commonest, Windows-1252
        for m in matches[1:]:
            if m.encoding == "cp1252" and abs(m.chaos - best.chaos) < 1e-9 \
                    and abs(m.coherence - best.coherence) < 1e-9:
                best = m
                break
    enc = codecs.lookup(best.encoding).name
    if enc == "cp1252" and not re.search(rb"[\x80-\x9f]", data):
        enc = "iso8859-1"       # the same characters; the narrower name
    text, repaired = repair_mojibake(str(best))   # UTF-8 pieces in a single-byte file
    if repaired:
        enc = f"{enc} ({repaired} UTF-8 sequences read as UTF-8)"
    return _checked(text, enc), enc


def _checked(text: str, encoding: str) -> str:
    """The text, unless control characters or replacement characters show it is not text."""
    bad = sum(1 for _ in _CONTROL.finditer(text))
    if bad > max(5, len(text) // 100):
        raise ValueError(f"binary file, or bytes that are not {encoding} text "
                         f"({bad} control or replacement characters), not an article")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for UTF-16 text without a byte-order mark (mostly
    Latin script: every other byte NUL), else None."""
    if len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.6 * half and other <= 0.02 * half:
            try:
                data.decode(enc)
            except UnicodeDecodeError:
                return None
            return enc
    return None


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few stray bytes (a Windows-1252 quote pasted in, a last character cut
    off): the stray bytes read as Windows-1252 and counted in the encoding; None when the
    bytes are not mostly UTF-8."""
    stray = 0

    def handler(exc: UnicodeDecodeError):
        nonlocal stray
        bad = exc.object[exc.start:exc.end]
        if exc.end == len(exc.object) and exc.reason == "unexpected end of data":
            return "", exc.end                # the last character was cut off
        stray += len(bad)
        return bad.decode("cp1252", errors="replace"), exc.end

    name = "h2kg-stray-cp1252"
    try:
        codecs.lookup_error(name)
    except LookupError:
        codecs.register_error(name, lambda exc: _HANDLER[0](exc))
    _HANDLER[0] = handler
    text = data.decode("utf-8", errors=name)
    # Valid multi-byte sequences are rare by chance: at most one in ten characters of GBK,
    # Big5, Shift-JIS or EUC text, almost never in Windows-1252 text. Real UTF-8 with a
    # few pasted bytes has more valid sequences than stray bytes.
    multibyte = sum(1 for c in text if ord(c) > 0x7F) - stray
    if stray > multibyte:
        return None
    text, repaired = repair_mojibake(text)
    notes = [f"{stray} stray bytes read as cp1252" if stray else "last character cut off"]
    if repaired:
        notes.append(f"{repaired} mojibake sequences repaired")
    enc = f"utf-8 ({'; '.join(notes)})"
    return _checked(text, enc), enc


_HANDLER: list = [None]


def repair_mojibake(text: str) -> tuple[str, int]:
    """UTF-8 text that was once read as Windows-1252 or Latin-1 and saved again ("donâ€™t",
    "MÃ¼ller") made right ("don’t", "Müller"); returns the text and the number of
    sequences repaired. One two-character sequence alone ("É»") is left as it is: it
    can be real text."""
    found = []
    for m in _MOJIBAKE.finditer(text):
        try:
            fixed = bytes(_SINGLE_BYTE[c] for c in m.group(0)).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if fixed.isprintable() or fixed.isspace():
            found.append((m.start(), m.end(), fixed))
    if sum(1 if e - s == 2 else 2 for s, e, _ in found) < 2:
        return text, 0
    out, last = [], 0
    for s, e, fixed in found:
        out += [text[last:s], fixed]
        last = e
    out.append(text[last:])
    return "".join(out), len(found)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


#: Elements whose content is never article text.
_NOT_TEXT = ("script", "style", "template", "noscript", "iframe", "frame", "object", "embed",
             "applet", "svg", "math", "canvas", "audio", "video")


def html_to_text(html: str) -> tuple[str | None, str]:
    """Title and main text of an HTML page (trafilatura; a plain tag stripper if that fails).

    Scripts, styles, templates, comments, processing instructions and embedded documents
    are removed first, so none of their text can be taken for the article; links give
    their text only (``<base>`` and ``href`` are never read)."""
    import trafilatura
    from trafilatura.deduplication import LRUCache
    title, text = None, None
    tree = _clean_tree(html)
    if tree is not None:
        try:
            meta = trafilatura.extract_metadata(copy.deepcopy(tree))
            if meta is not None and meta.title:
                title = meta.title
        except Exception:   # noqa: BLE001 - the title is then the first line
            title = None
        try:
            # a cache of this page only: trafilatura's shared one drops paragraphs (and
            # whole pages) it has seen in earlier pages, so the result would depend on them
            text = trafilatura.extract(copy.deepcopy(tree), include_comments=False,
                                       include_tables=False, favor_precision=True,
                                       deduplicate=LRUCache(maxsize=4096))
        except Exception:   # noqa: BLE001 - the tag stripper below
            text = None
    if not text:
        text = _strip_tags(html)
    # trafilatura keeps one line per paragraph: make each a paragraph of its own
    text = re.sub(r"\n(?!\n)", "\n\n", text or "")
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    return title, text


def _clean_tree(html: str):
    """The page as an lxml tree without the elements that are never text (None if it does
    not parse)."""
    from lxml import etree
    from lxml import html as lxml_html
    src = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)   # lxml refuses it in a str
    if not src.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(src)
    except (etree.ParserError, ValueError):
        return None
    junk = list(tree.iter(etree.Comment, etree.ProcessingInstruction)) + list(tree.iter(*_NOT_TEXT))
    for el in junk:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:                                   # keep the text after the element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)
    return tree


def _strip_tags(html: str) -> str:
    """The text of a page by a plain tag stripper that skips what is never text."""
    from html.parser import HTMLParser

    class _Strip(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag, attrs):
            self._skip += tag in _NOT_TEXT

        def handle_endtag(self, tag):
            if tag in _NOT_TEXT and self._skip:
                self._skip -= 1
            elif tag in ("p", "div", "br", "li", "h1", "h2", "h3", "section", "article"):
                self.parts.append("\n\n")

        def handle_data(self, data):
            if not self._skip:
                self.parts.append(data)

    stripper = _Strip()
    stripper.feed(html)
    return re.sub(r"\n{3,}", "\n\n", "".join(stripper.parts)).strip()


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

