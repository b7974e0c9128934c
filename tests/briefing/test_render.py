"""Writing packs: Markdown and HTML with numbered references linked to passages (and all
text escaped), and Word files with real headings and a numbered sources list."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from docx import Document

from pockg.briefing import (
    BriefingPack,
    BriefingSubject,
    BriefItem,
    BriefSection,
    Citation,
    Named,
    render_docx,
    render_html,
    render_markdown,
    render_pack,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PASSAGE = Citation(
    document_title="A <b>report</b> & notes",
    href="/documents/report-txt#b-0123456789abcdef",
    passage="https://w3id.org/pockg/id/passage/report-txt/0123456789abcdef",
    doc_id="report-txt",
    section="2. Field > MALI",
    page=4,
    year="2020",
)
RECORD = Citation(
    document_title="pockg reference data: missions",
    href="/id/mission/minusma",
    record="https://w3id.org/pockg/id/mission/minusma",
)


def hand_made_pack() -> BriefingPack:
    """A pack written by hand, so rendering is tested apart from the graph."""
    items = (
        BriefItem("Attack on <script>alert(1)</script> & *the* [village].", (PASSAGE,)),
        BriefItem(
            "Second practice.",
            (PASSAGE, RECORD),
            details=(("Actors", "MINUSMA; UNICEF"),),
            variants=(BriefItem("The same, again.", (RECORD,)),),
        ),
    )
    context = BriefSection(
        "context",
        "Context",
        (BriefItem("peacekeeping operation.", (RECORD,), label="MINUSMA", group="UN missions"),),
    )
    practices = BriefSection("practices", "Field practices", items)
    subject = BriefingSubject(countries=(Named("https://w3id.org/pockg/id/country/mli", "Mali"),))
    return BriefingPack(subject, date(2026, 12, 2), (context, practices), (RECORD, PASSAGE))


def test_markdown_has_numbered_references_linked_to_passages() -> None:
    markdown = render_markdown(hand_made_pack())
    assert markdown.startswith("# Briefing pack: Mali\n")
    assert "**Subject:** Mali · **Date:** 2 December 2026" in markdown
    assert "## Field practices" in markdown and "### UN missions" in markdown
    assert (
        "Second practice. [\\[2\\]](/documents/report-txt#b-0123456789abcdef)"
        "[\\[1\\]](/id/mission/minusma)" in markdown
    )
    assert "  - *Also:* The same, again. [\\[1\\]](/id/mission/minusma)" in markdown
    sources = markdown.split("## Sources\n", 1)[1]
    assert re.findall(r"^(\d+)\. ", sources, re.MULTILINE) == ["1", "2"]
    assert (
        "2. A \\<b\\>report\\</b\\> & notes (2020), section “2. Field \\> MALI”, p. 4." in sources
    )


def test_markdown_escapes_markup_in_text() -> None:
    markdown = render_markdown(hand_made_pack())
    assert "Attack on \\<script\\>alert(1)\\</script\\> & \\*the\\* \\[village\\]." in markdown
    assert "<script>" not in markdown


def test_html_escapes_text_and_links_references_to_passages() -> None:
    html = render_html(hand_made_pack())
    assert "<script>" not in html
    assert "Attack on &lt;script&gt;alert(1)&lt;/script&gt; &amp; *the* [village]." in html
    assert html.startswith('<article class="briefing" lang="en">')
    assert "<h2>Briefing pack: Mali</h2>" in html and "<h3>Field practices</h3>" in html
    assert '<a href="/documents/report-txt#b-0123456789abcdef" title="A &lt;b&gt;report' in html
    assert re.search(r'<li id="briefing-source-2">A &lt;b&gt;report&lt;/b&gt; &amp; notes', html)


def test_html_document_variant_is_whole_and_can_link_absolutely() -> None:
    html = render_pack(hand_made_pack(), "html", link_base="http://127.0.0.1:8000/").decode()
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<title>Briefing pack: Mali</title>" in html and "<h1>Briefing pack: Mali</h1>" in html
    assert 'href="http://127.0.0.1:8000/documents/report-txt#b-0123456789abcdef"' in html


def test_word_file_has_title_headings_markers_and_sources() -> None:
    document = Document(BytesIO(render_docx(hand_made_pack(), link_base="http://example.org")))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "Briefing pack: Mali")
    assert styled[1][1] == "Subject: Mali    Date: 2 December 2026"
    headings = [(name, text) for name, text in styled if name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Context"),
        ("Heading 2", "UN missions"),
        ("Heading 1", "Field practices"),
        ("Heading 1", "Sources"),
    ]
    assert ("List Bullet", "MINUSMA: peacekeeping operation. [1]") in styled
    assert ("List Bullet 2", "Actors: MINUSMA; UNICEF") in styled
    sources = [text for name, text in styled[styled.index(headings[-1]) + 1 :]]
    assert sources[0].startswith(
        "[1]\tpockg reference data: missions. Record: http://example.org/id/"
    )
    assert sources[1] == (
        "[2]\tA <b>report</b> & notes (2020), section “2. Field > MALI”, p. 4. Passage: "
        "http://example.org/documents/report-txt#b-0123456789abcdef"
    )
    body = document.element.body
    anchors = {h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink") if h.get(f"{W}anchor")}
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert anchors == {"source_1", "source_2"} <= bookmarks
    assert document.core_properties.title == "Briefing pack: Mali"
    assert document.styles["Normal"].font.name == "Calibri"
    assert not document.tables


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_an_empty_pack_still_has_a_title_and_says_nothing_is_recorded(fmt: str) -> None:
    subject = BriefingSubject(
        themes=(Named("https://w3id.org/pockg/id/theme/training", "Training"),)
    )
    pack = BriefingPack(subject, date(2026, 1, 5), ())
    data = render_pack(pack, fmt)
    if fmt == "docx":
        text = "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)
    else:
        text = data.decode()
    assert "Briefing pack: Training" in text
    assert "Nothing is recorded in the knowledge graph for Training." in text
    assert "Sources" not in text


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(
        ValueError, match="unknown briefing format 'pdf'; use one of md, html, docx"
    ):
        render_pack(hand_made_pack(), "pdf")


def test_word_file_of_a_real_pack_lists_every_source(packs: dict[str, BriefingPack]) -> None:
    pack = packs["Mali"]
    document = Document(BytesIO(render_docx(pack)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    headings = [text for name, text in paragraphs if name == "Heading 1"]
    assert headings == [s.title for s in pack.sections] + ["Sources"]
    start = paragraphs.index(("Heading 1", "Sources")) + 1
    entries = [text for _, text in paragraphs[start:]]
    assert len(entries) == len(pack.sources)
    for number, (entry, source) in enumerate(zip(entries, pack.sources, strict=True), start=1):
        assert entry.startswith(f"[{number}]\t{source.document_title}")
        assert entry.endswith(source.href)
        if source.page is not None:
            assert f"p. {source.page}" in entry
    markers = {
        int(n) for n in re.findall(r"\[(\d+)\]", "\n".join(t for _, t in paragraphs[:start]))
    }
    assert markers == set(range(1, len(pack.sources) + 1))
