"""Bad input, crashes and hostile text: h2kg keeps working, loses nothing, runs nothing.

Each bad input gets one line (file and reason) and the rest of the build goes on; encodings
are found and recorded, never guessed into mojibake; HTML gives its article text and
nothing else; a killed build leaves the previous files whole; every IRI is valid and every
literal escaped, whatever the article says.
"""
from __future__ import annotations

import gzip
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from conftest import ROOT
from kg import ingest
from kg.ingest import MAX_BYTES, MAX_CHARS, MAX_RUN, decode, make_document, read_document, read_documents
from kg.records import Document, Extraction, InputError

GOOD = ("Kestrel joins Nordhavn alliance\n\nKestrel Fuel Systems GmbH joined the Nordhavn Hydrogen "
        "Alliance in Oslo on Monday, the alliance said.\n")


def run_cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, **kw)


def errors_of(results) -> dict[str, str]:
    return {Path(r.source).name: r.reason for r in results if isinstance(r, InputError)}


def garbage(seed: int, n: int = 3000) -> bytes:
    """Random bytes without NUL (NUL alone would give them away)."""
    r = random.Random(seed)
    return bytes(r.randrange(1, 256) for _ in range(n))


def only(result) -> Document:
    assert isinstance(result, Document), result
    return result


# ---------------------------------------------------------------------------
# Inputs: each bad one named with its reason, the rest read
# ---------------------------------------------------------------------------

def test_an_empty_file_and_a_file_of_whitespace_are_empty(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n   \n")
    (tmp_path / "blank16.txt").write_bytes(" \n\u3000\u00a0\n".encode("utf-16"))
    errors = errors_of(read_documents([tmp_path]))
    assert errors["empty.txt"] == "empty file"
    assert errors["blank.txt"] == "empty file (only whitespace)"
    assert "no article text" in errors["blank16.txt"]


@pytest.mark.parametrize("name,data,kind", [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "PNG image"),
    ("archive.txt", None, "zip archive"),
    ("paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\nendobj\n", "PDF document"),
    ("page.html", gzip.compress(b"<html><body><p>compressed</p></body></html>"), "gzip archive"),
    ("blob.txt", bytes(range(256)) * 8, "NUL bytes"),
])
def test_binary_files_are_refused_by_what_they_are(tmp_path, name, data, kind):
    if data is None:                        # a real zip archive renamed .txt
        shutil.make_archive(str(tmp_path / "a"), "zip", ROOT / "tests" / "corpus" / "gold")
        data = (tmp_path / "a.zip").read_bytes()
    (tmp_path / name).write_bytes(data)
    err = read_document(tmp_path / name)
    assert isinstance(err, InputError)
    assert err.reason.startswith("binary file") and kind in err.reason and "\n" not in err.reason


def test_a_50_mb_file_is_refused_by_its_size_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        line = b"Kestrel Fuel Systems joined the Nordhavn Hydrogen Alliance in Oslo on Monday.\n"
        block = line * (1 << 20 // len(line) + 1)
        while fh.tell() < 50 * 2**20:
            fh.write(block)
    tracemalloc.start()
    err = read_document(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(err, InputError) and err.reason.startswith("too large (50.")
    assert f"the limit is {MAX_BYTES // 2**20} MB" in err.reason
    assert peak < 1 << 20                           # decided on the size: nothing read


def test_text_longer_than_the_language_model_takes_is_refused_as_too_long(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("A long report\n\n" + "Kestrel Fuel Systems builds stacks in Linz. " * (MAX_CHARS // 40))
    err = read_document(p)
    assert isinstance(err, InputError) and err.reason.startswith("too long (")


def test_very_long_lines_are_read_in_linear_time():
    lines = ["x" * 100_000, " " * 100_000 + "x", "Tel" + " " * 100_000, "a@" * 50_000, "|" * 100_000,
             "Kestrel Fuel Systems joined the alliance and " * 2_000]
    t0 = time.perf_counter()
    for line in lines:
        doc = make_document(f"Title\n\n{line}\n\nLast line.", doc_id="l", source="l.txt")
        assert doc.text.endswith("Last line.")
    assert time.perf_counter() - t0 < 5       # one quadratic pattern took minutes here


def test_runs_without_spaces_are_not_article_text():
    blob = "data:image/png;base64," + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB" * 200
    doc = make_document(f"Title\n\nKestrel opened a plant. {blob} It employs 40 people.", doc_id="r",
                        source="r.txt")
    assert doc.text == "Title\n\nKestrel opened a plant.  It employs 40 people."
    assert any(line.startswith(f"[{len(blob):,} characters without a space") for line in doc.removed)
    # Chinese runs have no spaces either, and are text
    zh = "上海燃料电池汽车产业创新联盟" * 40
    assert zh in make_document(f"Title\n\n{zh}", doc_id="z", source="z.txt").text
    assert MAX_RUN >= 200     # a URL with a long query string is still cut, a word never


def test_a_file_that_vanishes_after_the_folder_was_listed_is_reported(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(GOOD.replace("Oslo", name))
    results = []
    for r in read_documents([tmp_path]):
        results.append(r)
        if len(results) == 1:
            (tmp_path / "b.txt").unlink()          # mid-build
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    assert results[1].reason == "cannot read: No such file or directory"


def test_a_file_that_cannot_be_opened_is_reported(tmp_path, monkeypatch):
    # chmod 000 does not stop root, so the refusal is simulated where the file is opened
    (tmp_path / "locked.txt").write_text(GOOD)
    (tmp_path / "open.txt").write_text(GOOD.replace("Oslo", "Bergen"))
    real_open = os.open

    def refuse(path, *args, **kw):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kw)
    monkeypatch.setattr(ingest.os, "open", refuse)
    results = list(read_documents([tmp_path]))
    assert errors_of(results) == {"locked.txt": "cannot read: Permission denied"}
    assert [Path(d.source).name for d in results if isinstance(d, Document)] == ["open.txt"]


def test_a_folder_named_like_an_article_is_not_read_as_a_file(tmp_path):
    (tmp_path / "x.txt").mkdir()
    err = read_document(tmp_path / "x.txt")
    assert isinstance(err, InputError) and err.reason == "is a folder, not a file"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    t0 = time.perf_counter()
    err = read_document(tmp_path / "pipe.txt")
    assert isinstance(err, InputError) and err.reason == "not a regular file (a named pipe), not read"
    assert time.perf_counter() - t0 < 1


def test_broken_and_looping_symbolic_links_are_reported_once(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "broken.txt").symlink_to("gone.txt")
    (tmp_path / "self.txt").symlink_to("self.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")                 # a folder loop
    results = list(read_documents([tmp_path, tmp_path / "self.txt"]))
    errors = [r for r in results if isinstance(r, InputError)]
    assert {Path(e.source).name: e.reason for e in errors} == {
        "broken.txt": "broken symbolic link (to gone.txt)",
        "self.txt": "symbolic link loop, not followed",
        "up": f"symbolic link loop (back to {os.path.realpath(tmp_path)}), not followed"}
    assert len(errors) == 3
    assert [Path(d.source).name for d in results if isinstance(d, Document)] == ["good.txt"]


def test_a_linked_folder_is_read(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(GOOD)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "linked").symlink_to(tmp_path / "real")
    docs = list(read_documents([tmp_path / "corpus"]))
    assert [Path(d.source).name for d in docs if isinstance(d, Document)] == ["a.txt"]


def test_the_same_article_under_two_names_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b-copy.txt").write_text(GOOD)                          # same bytes
    (tmp_path / "c-utf16.txt").write_bytes(GOOD.encode("utf-16"))     # same text, other bytes
    (tmp_path / "d-link.txt").symlink_to("a.txt")                      # same file
    results = list(read_documents([tmp_path, tmp_path / "a.txt"]))     # a.txt given twice: silent
    docs = [r for r in results if isinstance(r, Document)]
    assert [Path(d.source).name for d in docs] == ["a.txt"]
    errors = errors_of(results)
    assert errors == {"b-copy.txt": f"same content as {tmp_path / 'a.txt'}, skipped",
                      "c-utf16.txt": f"same article text as {tmp_path / 'a.txt'}, skipped",
                      "d-link.txt": f"same file as {tmp_path / 'a.txt'}, skipped"}


def test_an_unexpected_failure_on_one_file_is_that_file_s_error(tmp_path, monkeypatch):
    (tmp_path / "page.html").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "good.txt").write_text(GOOD)

    def boom(html):
        raise RecursionError("maximum recursion depth exceeded\nwhile parsing")
    monkeypatch.setattr(ingest, "html_to_text", boom)
    results = list(read_documents([tmp_path]))
    assert errors_of(results) == {"page.html": "cannot be read as an article (RecursionError: "
                                               "maximum recursion depth exceeded while parsing)"}
    assert any(isinstance(r, Document) for r in results)


def test_the_command_line_names_each_bad_input_goes_on_and_exits_1(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "good.txt").write_text(GOOD)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_bytes(b"   \n\n  ")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (bad / "garbage.txt").write_bytes(garbage(1))
    (bad / "copy.txt").write_text(GOOD)
    (bad / "long-line.txt").write_text("A long line\n\n" + "Kestrel Fuel Systems said so, and " * 600)
    (bad / "broken.txt").symlink_to("nowhere.txt")
    (bad / "sub").mkdir()
    (bad / "sub" / "loop").symlink_to("..")
    os.mkfifo(bad / "pipe.txt")
    with open(bad / "huge.txt", "wb") as fh:                   # sparse: 50 MB on no disk
        fh.truncate(50 * 2**20)
    out = run_cli("build", bad, "-o", tmp_path / "out", "--no-views", timeout=120)
    assert out.returncode == 1, out.stderr
    lines = out.stderr.strip().splitlines()
    reasons = dict(re.match(r"h2kg: .*/([^/]+): (.*)$", ln).groups() for ln in lines)
    assert reasons == {
        "blank.txt": "empty file (only whitespace)",
        "broken.txt": "broken symbolic link (to nowhere.txt)",
        "empty.txt": "empty file",
        "garbage.txt": "binary or unknown encoding, not an article",
        "good.txt": f"same content as {bad / 'copy.txt'}, skipped",
        "huge.txt": "too large (50.0 MB; the limit is 20 MB)",
        "image.txt": "binary file (a PNG image), not an article",
        "pipe.txt": "not a regular file (a named pipe), not read",
        "loop": f"symbolic link loop (back to {os.path.realpath(bad)}), not followed",
    }
    assert len(lines) == len(reasons)
    assert "2 articles" in out.stdout and "9 inputs failed" in out.stdout
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "Nordhavn Hydrogen Alliance" in ttl


def test_the_build_report_lists_the_failed_inputs(tmp_path):
    from kg import build
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    seen = []
    report = build([tmp_path, tmp_path / "missing.txt"], tmp_path / "out", views=False,
                   store="memory", on_error=seen.append)
    assert [(Path(e.source).name, e.reason) for e in report.errors] == [
        ("empty.txt", "empty file"), ("missing.txt", "no such file or folder")]
    assert seen == report.errors and not report.ok and len(report.documents) == 1


def test_the_command_line_exits_0_when_every_input_is_read(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD)
    (tmp_path / "in" / "b.txt").write_bytes(
        "Nordhavn alliance grows\n\nBergen Harbour Authority joined the Nordhavn Hydrogen "
        "Alliance on Tuesday, the alliance said.\n".encode("utf-16"))
    out = run_cli("build", tmp_path / "in", "-o", tmp_path / "out", "--no-views", "-q", timeout=120)
    assert out.returncode == 0 and out.stderr == ""


# ---------------------------------------------------------------------------
# Encodings: found, recorded, never guessed into mojibake
# ---------------------------------------------------------------------------

ZH_HANS = ("上海燃料电池汽车产业创新联盟成立\n\n2023年6月，上海市经济和信息化委员会指导成立了上海燃料电池汽车"
           "产业创新联盟。联盟由上海重塑能源集团、上海汽车集团股份有限公司等企业共同发起。")
ZH_HANT = ("高雄氫能產業聯盟正式成立\n\n經濟部指導成立的高雄氫能產業聯盟，由中油公司、台灣電力公司與國立中山大學"
           "共同發起，推動氫燃料電池車輛與加氫站建設。")
WESTERN = ("Kestrel signs \u201cgreen hydrogen\u201d deal \u2014 \u20ac40 million\n\nKestrel Fuel Systems "
           "GmbH and Na\u00efve Energie S.A. signed the agreement in Z\u00fcrich on Monday \u2013 the "
           "company\u2019s first in Switzerland, said Fran\u00e7ois Lef\u00e8vre.")
LATIN1 = ("Wasserstoffb\u00fcndnis in M\u00fcnchen gegr\u00fcndet\n\nDas B\u00fcndnis wurde am Montag "
          "von der Stra\u00dfenbahn AG gegr\u00fcndet; Fran\u00e7ois Lef\u00e8vre \u00e9tait pr\u00e9sent.")
CZECH = ("Vodíková aliance založena v Ostravě\n\nSdružení pro vodíkové technologie bylo založeno v "
         "pondělí v Ostravě společností Vítkovice. Předseda řekl, že žádné příležitosti nezmeškáme.")


@pytest.mark.parametrize("text,data,encoding", [
    (ZH_HANS, ZH_HANS.encode("utf-8"), "utf-8"),
    (ZH_HANS, ZH_HANS.encode("utf-8-sig"), "utf-8-sig"),
    (ZH_HANS, b"\xff\xfe" + ZH_HANS.encode("utf-16-le"), "utf-16-le"),
    (ZH_HANS, b"\xfe\xff" + ZH_HANS.encode("utf-16-be"), "utf-16-be"),
    (ZH_HANS, ZH_HANS.encode("utf-32"), "utf-32-le"),
    (ZH_HANS, ZH_HANS.encode("gb18030"), "gb18030"),
    (ZH_HANS, ZH_HANS.encode("gbk"), "gb18030"),          # GBK is a subset of GB18030
    (ZH_HANT, ZH_HANT.encode("big5"), "big5"),
    (WESTERN, WESTERN.encode("cp1252"), "cp1252"),
    (LATIN1, LATIN1.encode("latin-1"), "iso8859-1"),
    (CZECH, CZECH.encode("cp1250"), "cp1250"),
    (WESTERN, WESTERN.encode("utf-8"), "utf-8"),           # never Latin-1 for valid UTF-8
])
def test_encodings_are_detected_and_recorded_on_the_document(tmp_path, text, data, encoding):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    doc = only(read_document(p))
    assert doc.encoding == encoding
    assert doc.text == text


def test_utf16_without_a_byte_order_mark_is_read():
    assert decode(WESTERN.encode("utf-16-le")) == (WESTERN, "utf-16-le")
    assert decode(WESTERN.encode("utf-16-be")) == (WESTERN, "utf-16-be")


def test_mojibake_in_a_utf8_file_is_repaired_and_the_repair_recorded(tmp_path):
    p = tmp_path / "m.txt"
    # UTF-8 read as Windows-1252 by some earlier tool (bytes it leaves undefined kept as
    # Latin-1 control characters, as browsers do) and saved again as UTF-8
    misread = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in WESTERN.encode())
    assert "â€œgreen hydrogenâ€" in misread
    p.write_bytes(misread.encode("utf-8"))
    doc = only(read_document(p))
    assert doc.text == WESTERN
    n = sum(1 for c in WESTERN if ord(c) > 127)
    assert doc.encoding == f"utf-8 ({n} mojibake sequences repaired)"


def test_text_that_only_looks_like_mojibake_once_is_left_alone():
    assert decode("\u00abCAF\u00c9\u00bb opened in Paris".encode("utf-8")) == \
        ("\u00abCAF\u00c9\u00bb opened in Paris", "utf-8")


def test_stray_windows_1252_bytes_in_a_utf8_file_are_read_and_counted():
    data = "Kestrel\u2019s caf\u00e9 in Z\u00fcrich".encode("utf-8") + b" said \x93yes\x94."
    assert decode(data) == ("Kestrel\u2019s caf\u00e9 in Z\u00fcrich said \u201cyes\u201d.",
                            "utf-8 (2 stray bytes read as cp1252)")


def test_undecodable_garbage_is_an_error_not_text():
    for seed in range(5):
        with pytest.raises(ValueError, match="binary|unknown encoding"):
            decode(garbage(seed))
    with pytest.raises(ValueError, match="not valid utf-16-le"):
        decode(b"\xff\xfe" + b"\x00\xd8" + "text".encode("utf-16-le"))   # a lone surrogate


def test_control_characters_and_bidirectional_overrides_never_reach_the_text():
    doc = make_document("Kestrel\u202e GmbH\x1b[31m\n\nKestrel\x00 Fuel\x07 Systems\u2066 opened\ufeff a "
                        "plant.\x0cPage two.\u2028Line three.", doc_id="c", source="c.txt")
    assert doc.title == "Kestrel GmbH[31m"
    assert doc.text == "Kestrel GmbH[31m\n\nKestrel Fuel Systems opened a plant.\nPage two.\nLine three."


# ---------------------------------------------------------------------------
# HTML: the article body and nothing else
# ---------------------------------------------------------------------------

HOSTILE_PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html><html><head><base href="http://evil.example/">
<title>Kestrel joins Nordhavn Partnership</title>
<style>body::after { content: "Stylevale Energy" }</style>
<script>var t = "Scriptvale Holdings </p><p>";</script>
<script type="application/ld+json">{"headline": "Jsonvale Corp"}</script>
<!-- Commentvale Group was founded by Evilcorp -->
</head><body onload="Attrvale()">
<nav><a href="/">Home</a> &gt; <a href="news/">News</a></nav>
<article><h1>Kestrel joins Nordhavn Partnership</h1>
<p>Kestrel Fuel Systems GmbH has joined the <a href="../partners/nordhavn.html">Nordhavn Hydrogen
Partnership</a>, the partnership said on Monday in Copenhagen, adding a supplier of stacks.
<p>The partnership was founded in 2023 by four port operators <b>and <i>now counts twelve
members</b> across Denmark</i> and Sweden.<script>document.write("Inlinevale AG")</script>
<noscript>Noscriptvale Ltd</noscript><template><p>Templatevale Inc</p></template>
<svg><script>Svgvale</script><text>Svgtextvale</text></svg><iframe srcdoc="Iframevale">Iframetextvale</iframe>
<p>Its chair, Mette Holm, said the group would build three refuelling stations in Esbjerg by 2027.
</article><footer>Copyright 2025 Example Media.</footer></body></html>"""
NEVER = ("Stylevale", "Scriptvale", "Jsonvale", "Commentvale", "Evilcorp", "Attrvale", "Inlinevale",
         "Noscriptvale", "Templatevale", "Svgvale", "Svgtextvale", "Iframevale", "Iframetextvale",
         "evil.example", "nordhavn.html", "href", "<")


def test_only_the_article_body_of_a_hostile_page_is_read(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HOSTILE_PAGE, encoding="utf-8")
    doc = only(read_document(p))
    assert doc.title == "Kestrel joins Nordhavn Partnership"
    for kept in ("Nordhavn Hydrogen Partnership", "now counts twelve members across Denmark and Sweden",
                 "Mette Holm"):
        assert kept in " ".join(doc.text.split())
    for word in NEVER:
        assert word not in doc.text, word


def test_a_page_the_extractor_gives_up_on_is_stripped_without_its_scripts():
    title, text = ingest.html_to_text(
        "<html><body><script>Scriptvale</script><p>Short text<style>Stylevale</style>"
        "<!-- Commentvale --><p>More <b>bold</p><template>Templatevale</template><p>Unclosed <script>x")
    assert text == "Short text\n\nMore bold\n\nUnclosed"


def test_a_paragraph_repeated_across_pages_is_kept_in_each(tmp_path):
    para = ("The Nordhavn Hydrogen Partnership was founded in 2023 by four port operators and now "
            "counts twelve members across Denmark and Sweden, according to its annual report.")
    for i in range(4):       # trafilatura's shared cache used to drop it from the third page on
        p = tmp_path / f"p{i}.html"
        p.write_text(f"<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1>"
                     f"<p>Item {i}: Kestrel Fuel Systems GmbH opened a plant in Linz on Monday, the "
                     f"company said in a statement.</p><p>{para}</p></article></body></html>")
        assert para in only(read_document(p)).text


# ---------------------------------------------------------------------------
# Outputs: a killed build leaves the previous files whole
# ---------------------------------------------------------------------------

_KILL_WHILE_WRITING = """
import os, signal, sys
def fsync(fd):                      # the file's bytes are written, not yet renamed into place
    os.kill(os.getpid(), signal.SIGKILL)
os.fsync = fsync
from kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_killed_while_writing_graph_ttl_leaves_the_previous_one_whole(tmp_path):
    # the store tests kill builds during extraction (test_store.py); this one dies inside
    # the write of graph.ttl itself, over a larger generated corpus
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(30):
        (corpus / f"a{i:02d}.txt").write_text(
            f"Alliance news {i}\n\nKestrel Fuel Systems {i} GmbH joined the Nordhavn Hydrogen Alliance "
            f"in Oslo on Monday. Bergen Harbour Authority {i} founded the Fjord Hydrogen Alliance {i}.\n")
    out = tmp_path / "out"
    first = run_cli("build", corpus / "a00.txt", "-o", out, "--no-views", "-q", timeout=120)
    assert first.returncode == 0, first.stderr
    before = (out / "graph.ttl").read_bytes()
    proc = subprocess.run([sys.executable, "-c", _KILL_WHILE_WRITING, "build", str(corpus), "-o",
                           str(out), "--no-views", "-q"], cwd=ROOT, capture_output=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL
    partial = list(out.glob(".graph.ttl.*.tmp"))
    assert partial and partial[0].stat().st_size > 0        # it died half-way through the write
    assert (out / "graph.ttl").read_bytes() == before
    Graph().parse(out / "graph.ttl", format="turtle")
    # the next build finishes the job and leaves nothing of the killed one behind
    again = run_cli("build", corpus, "-o", out, "--no-views", "-q", timeout=300)
    assert again.returncode == 0, again.stderr
    assert not list(out.glob(".graph.*.tmp"))
    assert len(set(Graph().parse(out / "graph.ttl", format="turtle").subjects(DCTERMS.source))) == 30


def test_an_article_the_extractor_chokes_on_is_reported_and_the_rest_stored(tmp_path):
    from kg.store import open_store

    class Choking:
        """Extracts nothing, and raises on one article, as a rule with a bug would."""
        def pipe(self, docs):
            for d in docs:
                if "Chokevale" in d.text:
                    raise IndexError("list index out of range")
                yield Extraction(document=d)
    for name in ("a.txt", "b-choke.txt", "c.txt"):
        (tmp_path / name).write_text(GOOD.replace("Oslo", "Chokevale" if "choke" in name else name))
    seen = []
    with open_store("memory") as kg:
        report = kg.add([tmp_path], extractor=Choking(), on_error=seen.append)
        assert sorted(report.added) == ["a", "c"]
        assert [str(e) for e in report.errors] == [
            f"{tmp_path / 'b-choke.txt'}: extraction failed (IndexError: list index out of range), skipped"]
        assert seen == report.errors and sorted(d.id for d in kg.documents()) == ["a", "c"]


# ---------------------------------------------------------------------------
# IRIs and literals: valid and escaped, whatever the article says
# ---------------------------------------------------------------------------

HOSTILE_NAMES = [
    'Kestrel "Quoted" Fuel Systems', "Bracket <Energy> & Co", "Space Name   Hydrogen", "Emoji 🚀🔋 Power",
    "上海燃料电池汽车产业创新联盟", "\u202eRTL override\u202c Alliance", "שלום Hydrogen Alliance \u200f",
    "Back\\slash \\u0041 Holdings", "Tab\tand\x0bcontrol\x1f chars", "N" * 10_000,
    '"""Triple""" \'\'\'quotes\'\'\' ; . # % {braces} ^caret` |pipe',
]
HOSTILE_ARTICLE = ('"Kestrel" <script>alert(1)</script> \\ """ \'\'\' 🚀 上海 \u202e RTL \u200f joins\n\n'
                   + "\n".join(f"{n} joined the Nordhavn Hydrogen Alliance in Oslo on Monday." for n in HOSTILE_NAMES))
HOSTILE_FILES = ['quote " and <angle> & amp.txt', "emoji 🚀 name.txt", "上海 联盟.txt", "\u202eevil.txt",
                 "percent %41 #hash ?q=1.txt", "x" * 200 + ".txt"]

_IRI = re.compile(r"https://w3id\.org/h2kg/(ontology#[A-Za-z]+|id/[a-z-]+/[a-z0-9-]+(/[a-z0-9-]+)*)|"
                  r"http://www\.w3\.org/[\w./#-]+|http://purl\.org/dc/terms/\w+")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    from kg import build
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    for i, name in enumerate(HOSTILE_FILES):
        (root / "in" / name).write_text(HOSTILE_ARTICLE.replace("Oslo", f"Oslo {i}"), encoding="utf-8")
    (root / "in" / "page.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    report = build([root / "in"], root / "out")
    assert not report.errors, report.errors
    return report


def test_every_iri_of_a_hostile_build_is_valid(hostile_build):
    ds = Dataset()
    ds.parse(hostile_build.out_dir / "graph.trig", format="trig")
    iris = {t for q in ds.quads((None, None, None, None)) for t in q if isinstance(t, URIRef)}
    assert len(iris) > 50
    for iri in iris:
        if str(iri).startswith("urn:x-rdflib:"):
            continue
        assert _IRI.fullmatch(str(iri)), iri
        ox.NamedNode(str(iri))                   # Oxigraph validates IRIs strictly


def test_every_hostile_string_round_trips_through_turtle_and_trig(hostile_build):
    g = Graph().parse(hostile_build.out_dir / "graph.ttl", format="turtle")
    titles = {str(o) for o in g.objects(None, DCTERMS.title)}
    title = make_document(HOSTILE_ARTICLE, doc_id="x", source="x").title
    assert title in titles and '<script>alert(1)</script> \\ """' in title
    sources = {Path(str(o)).name for o in g.objects(None, DCTERMS.source)}
    assert sources >= {make_document("t", doc_id="x", source=n).source for n in HOSTILE_FILES[:-1]}
    ds = Dataset()
    ds.parse(hostile_build.out_dir / "graph.trig", format="trig")
    assert {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))} == set(g)
    literals = {str(o) for o in g.objects() if isinstance(o, Literal)}
    for hostile in ('"', "\\", "<script>", "🚀", "上海", "\u200f"):
        assert any(hostile in lit for lit in literals), hostile


def test_no_script_text_of_an_html_article_reaches_the_graph(hostile_build):
    for name in ("graph.ttl", "graph.trig", "index.html", "graph.html", "alliances.html"):
        text = (hostile_build.out_dir / name).read_text(encoding="utf-8")
        for word in NEVER[:-3]:
            assert word not in text, (name, word)


@pytest.mark.parametrize("name,fmt", [("graph.ttl", "turtle"), ("graph.trig", "trig")])
def test_the_hostile_build_parses_with_an_independent_parser(hostile_build, name, fmt):
    if not shutil.which("rapper"):
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    out = subprocess.run(["rapper", "-q", "-i", fmt, "-c", str(hostile_build.out_dir / name)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
