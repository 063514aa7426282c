"""Ingest: files become Documents with a title, a date, and no boilerplate."""
from pathlib import Path

from kg.ingest import decode, make_document, parse_date, read_document, read_documents
from kg.records import Document, InputError

ARTICLE = """Northwind Hydrogen Alliance Launched in Bergen

Published: Mar 4, 2025 10:30

The Northwind Hydrogen Alliance was launched by Fjordkraft Energi and Bergen Harbour Authority.

Media Inquiries:

Tel.: +47 55 12 34 56
Related News
[Weekly Review] Teaser about Sydhavn Metals Group and another company.
Register to Continue Reading
"""


def test_title_is_the_first_line_and_date_comes_from_the_published_line():
    doc = make_document(ARTICLE, doc_id="a", source="a.txt")
    assert doc.title == "Northwind Hydrogen Alliance Launched in Bergen"
    assert doc.date == "2025-03-04"
    assert doc.text.startswith(doc.title + "\n\n")


def test_boilerplate_is_removed_and_kept_for_inspection():
    doc = make_document(ARTICLE, doc_id="a", source="a.txt")
    assert "Fjordkraft Energi" in doc.text
    for junk in ("Sydhavn Metals", "Register to Continue", "Media Inquiries", "+47", "Published:"):
        assert junk not in doc.text
    assert any("Sydhavn Metals" in line for line in doc.removed)


def test_a_long_prose_paragraph_mentioning_subscriptions_is_kept():
    text = ("Title\n\nThe operator said its subscription model for hydrogen buses lets our partners "
            "pay per kilometre, and more than forty cities have already signed up for the scheme "
            "since it began in the spring of last year across the whole region.")
    assert "subscription model" in make_document(text, doc_id="b", source="b.txt").text


def test_dates_in_the_forms_articles_use():
    assert parse_date("Feb 5, 2026 15:20") == "2026-02-05"
    assert parse_date("5 February 2026") == "2026-02-05"
    assert parse_date("2026-02-05") == "2026-02-05"
    assert parse_date("sometime soon") is None
    assert parse_date("Feb 30, 2026") is None


def test_dateline_of_a_press_release():
    doc = make_document("Title\n\nOSLO, March 3, 2025 -- Company X said today ...", doc_id="c", source="c")
    assert doc.date == "2025-03-03"


def test_encodings_are_detected(tmp_path: Path):
    text = "Title\n\n上海燃料电池汽车产业创新联盟 was founded in Shanghai by several companies."
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        p = tmp_path / f"a-{enc}.txt"
        p.write_bytes(text.encode(enc))
        doc = read_document(p)
        assert isinstance(doc, Document), doc
        assert "上海燃料电池" in doc.text


def test_bad_inputs_give_one_line_reasons_and_the_rest_goes_on(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "good.txt").write_text("Good title\n\nA body about hydrogen.")
    (tmp_path / "copy.txt").write_text("Good title\n\nA body about hydrogen.")
    results = list(read_documents([tmp_path, tmp_path / "missing.txt"]))
    errors = {Path(r.source).name: r.reason for r in results if isinstance(r, InputError)}
    docs = [r for r in results if isinstance(r, Document)]
    assert [d.title for d in docs] == ["Good title"]
    assert "empty" in errors["empty.txt"]
    assert "binary" in errors["image.txt"]
    assert "same content" in errors["good.txt"] or "same content" in errors["copy.txt"]
    assert "no such file" in errors["missing.txt"]
    assert all("\n" not in reason for reason in errors.values())


def test_decode_refuses_binary():
    import pytest
    with pytest.raises(ValueError, match="binary"):
        decode(b"PK\x03\x04\x00\x00binary zip")


def test_html_article_body_without_scripts_or_navigation(tmp_path: Path):
    page = """<!doctype html><html><head><title>Kestrel joins Nordhavn Partnership</title>
    <script>var tracker = "Evil Corp";</script></head><body>
    <nav><a href="/">Home</a> &gt; <a href="/news">News</a></nav>
    <article><h1>Kestrel joins Nordhavn Partnership</h1>
    <p>Kestrel Fuel Systems GmbH has joined the Nordhavn Hydrogen Partnership, the partnership said on Monday in Copenhagen, adding a supplier of fuel cell stacks to its members.</p>
    <p>The partnership was founded in 2023 by four port operators and now counts twelve members across Denmark and Sweden, according to its annual report.</p>
    </article><footer>Copyright 2025 Example Media. All rights reserved.</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(page)
    doc = read_document(p)
    assert isinstance(doc, Document)
    assert "Kestrel Fuel Systems GmbH" in doc.text
    assert "Evil Corp" not in doc.text and "All rights reserved" not in doc.text


def test_page_furniture_of_news_sites_is_removed():
    text = ("Title\n\nKestrel Fuel Systems opened a plant in Linz on Monday, the company said.\n"
            "Editor: Zhang Wei\n[Reporter: Li Na]\nFollow us on WeChat\nScan the QR code to read more\n"
            "Previous article: Sydhavn Metals Group opens plant\nNext article: Brenner joins alliance\n"
            "We use cookies to improve your browsing experience. Accept\nTags: hydrogen, fuel cell\n"
            "Other News\nOrvika Group teaser")
    doc = make_document(text, doc_id="d", source="d.txt")
    assert doc.text == "Title\n\nKestrel Fuel Systems opened a plant in Linz on Monday, the company said."
    assert len(doc.removed) == 10


def test_every_month_is_read_right():
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    for n, name in enumerate(months, 1):
        assert parse_date(f"{name} 8, 2025") == f"2025-{n:02d}-08"
        assert parse_date(f"8 {name[:3]} 2025") == f"2025-{n:02d}-08"
    assert parse_date("Sept. 12, 2025") == "2025-09-12"


def test_datelines_stand_on_their_own_line():
    doc = make_document("T\n\nSINES, Portugal, 4 February 2025 – Eight companies announced a consortium.",
                        doc_id="s", source="s.txt")
    assert doc.date == "2025-02-04"
    assert doc.text.endswith("\n\nEight companies announced a consortium.")
    wire = make_document("T\n\nCHENGDU, Nov. 3 (Xinhua) -- The city said.", doc_id="w", source="w.txt")
    assert "Xinhua" not in wire.text and wire.text.endswith("\n\nThe city said.")


def test_captions_author_notes_and_teasers_are_boilerplate():
    text = ("T\n\n[Photo caption: Pictured at the signing are Aoife Keane and Declan Moran. Photo: Seán Ó / Times]\n"
            "Kestrel Fuel Systems covers three markets for its stacks.\n"
            "ALSO READ | Kerala clears hydrogen valley pilot at Kochi shipyard\n"
            "Catherine Liu covers ports and shipping from Beijing for China Freight Weekly.\n"
            "Comments will be moderated. Keep comments relevant to the article.")
    doc = make_document(text, doc_id="c", source="c.txt")
    assert doc.text == "T\n\nKestrel Fuel Systems covers three markets for its stacks."
