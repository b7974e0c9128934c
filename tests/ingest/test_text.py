"""The text and Markdown parser, on small inputs written by hand."""

from __future__ import annotations

from pockg.ingest.structure import assemble
from pockg.ingest.text import parse_text
from pockg.models import Block, TocEntry
from tests.ingest.kinds import F, H, L, OutlineRow, P, R, T


def outline(text: str) -> list[OutlineRow]:
    drafts, _ = parse_text(text)
    blocks, _ = assemble(drafts, "doc")
    return [(b.kind, b.text, b.section, b.level, b.label) for b in blocks]


def blocks_of(text: str) -> list[Block]:
    drafts, _ = parse_text(text)
    return assemble(drafts, "doc")[0]


def test_markdown_headings_with_emphasis_become_an_outline() -> None:
    text = (
        "# **Guide to Things**\n\n**Draft - July 2013**\n\n### **Introduction**\n\n"
        "Some opening words that run on long enough to be the body of the introduction text.\n\n"
        "## A. First part\n\nBody A.\n\n#### *Detail one*\n\nBody of detail.\n\n"
        "### **B. Second part**\n\n### *Detail two*\n\nMore.\n"
    )
    assert outline(text) == [
        (H, "Guide to Things", (), 0, None),
        (P, "Draft - July 2013", (), 0, None),
        (H, "Introduction", ("Introduction",), 1, None),
        (
            P,
            "Some opening words that run on long enough to be the body of the introduction text.",
            ("Introduction",),
            0,
            None,
        ),
        (H, "A. First part", ("A. First part",), 1, None),
        (P, "Body A.", ("A. First part",), 0, None),
        (H, "Detail one", ("A. First part", "Detail one"), 2, None),
        (P, "Body of detail.", ("A. First part", "Detail one"), 0, None),
        (H, "B. Second part", ("B. Second part",), 1, None),
        (H, "Detail two", ("B. Second part", "Detail two"), 2, None),
        (P, "More.", ("B. Second part", "Detail two"), 0, None),
    ]


def test_plain_headings_ranked_by_toc_numbering_and_caps() -> None:
    text = (
        "A REPORT TITLE\n\nCONTENTS\n\nOVERVIEW.....\t3\n1. FIRST PART.....\t4\n"
        "1.1 A sub-part\t5\n\nOVERVIEW\n\n"
        "The overview paragraph is long enough to count as the start of the body of it.\n\n"
        "1. FIRST PART\n\n1.1 A sub-part\n\nIRAQ\n\nText about Iraq.\n\nAFGHANISTAN\n\n"
        "Text about Afghanistan.\n"
    )
    _, toc = parse_text(text)
    assert toc == [
        TocEntry("OVERVIEW", 1, 3),
        TocEntry("1. FIRST PART", 1, 4),
        TocEntry("1.1 A sub-part", 2, 5),
    ]
    sections = [(b.text, b.section, b.level) for b in blocks_of(text) if b.kind is H]
    assert sections == [
        ("A REPORT TITLE", (), 0),
        ("OVERVIEW", ("OVERVIEW",), 1),
        ("1. FIRST PART", ("1. FIRST PART",), 1),
        ("1.1 A sub-part", ("1. FIRST PART", "1.1 A sub-part"), 2),
        ("IRAQ", ("1. FIRST PART", "1.1 A sub-part", "IRAQ"), 3),
        ("AFGHANISTAN", ("1. FIRST PART", "1.1 A sub-part", "AFGHANISTAN"), 3),
    ]


def test_toc_lines_are_not_body_text() -> None:
    text = (
        "Title of it\n\nContents\n\nI. Introduction.....\t1\nAnnex 1: Sources\t7\n\n"
        "I. Introduction\n\nBody.\n"
    )
    kinds_texts = [(b.kind, b.text) for b in blocks_of(text)]
    assert (P, "Contents") not in kinds_texts
    assert all("....." not in t for _, t in kinds_texts)
    assert kinds_texts == [(H, "Title of it"), (H, "I. Introduction"), (P, "Body.")]


def test_bullet_glyphs_and_enumerators_are_list_items_without_markers() -> None:
    text = (
        "Lead-in:\n\n- ❖ Articulate risks;\n• Identify activities;\n➔ Analyse resources;\n"
        "❖ Clarify roles;\n - 1 Establish dialogue;\n  - nested item\n(2) Second point.\n"
    )
    assert outline(text) == [
        (P, "Lead-in:", (), 0, None),
        (L, "Articulate risks;", (), 1, None),
        (L, "Identify activities;", (), 1, None),
        (L, "Analyse resources;", (), 1, None),
        (L, "Clarify roles;", (), 1, None),
        (L, "Establish dialogue;", (), 1, "1"),
        (L, "nested item", (), 2, None),
        (L, "Second point.", (), 1, "2"),
    ]


def test_footnotes_in_sup_and_superscript_forms_share_one_mark() -> None:
    text = (
        "The paragraph cites a source.<sup>11</sup> And another.²\n\n"
        "<sup>11</sup> V. Metcalfe, *UN Integration*, (2011), p.3\n\n"
        "² IASC Policy, 2016.\n\n*Source: OCHA\n"
    )
    assert outline(text) == [
        (P, "The paragraph cites a source.¹¹ And another.²", (), 0, None),
        (F, "V. Metcalfe, UN Integration, (2011), p.3", (), 0, "¹¹"),
        (F, "IASC Policy, 2016.", (), 0, "²"),
        (F, "Source: OCHA", (), 0, "*"),
    ]


def test_paragraph_split_by_page_break_and_footnote_is_rejoined() -> None:
    text = (
        "The mission shared the results with the cluster, and the\n\n---\n\n"
        "¹ A footnote at the foot of the page.\n\n"
        "cluster used them in its advocacy.\n\nNext paragraph.\n"
    )
    assert outline(text) == [
        (
            P,
            "The mission shared the results with the cluster, and the cluster used them in its "
            "advocacy.",
            (),
            0,
            None,
        ),
        (F, "A footnote at the foot of the page.", (), 0, "¹"),
        (P, "Next paragraph.", (), 0, None),
    ]


def test_wrapped_lines_of_one_paragraph_are_joined() -> None:
    text = "This paragraph was\nhard-wrapped over\nthree lines.\n\nSecond one.\n"
    assert [b.text for b in blocks_of(text)] == [
        "This paragraph was hard-wrapped over three lines.",
        "Second one.",
    ]


def test_numbered_paragraph_keeps_its_number_as_label() -> None:
    text = "I. Purpose\n\n1. This Framework provides the parameters for drafting strategies.\n"
    assert outline(text)[1] == (
        P,
        "This Framework provides the parameters for drafting strategies.",
        ("I. Purpose",),
        0,
        "1",
    )


def test_references_section_items_are_reference_entries() -> None:
    text = (
        "# Guide\n\n## Annex I: Useful References\n\n### General\n\n"
        "- IASC, *Growing the Sheltering Tree* (2002)  \n<http://example.org/tree.pdf>\n"
        "- ICRC, *Professional Standards for Protection Work* (2013)\n\n## Next part\n\n- a point\n"
    )
    assert outline(text)[2:] == [
        (H, "General", ("Annex I: Useful References", "General"), 2, None),
        (
            R,
            "IASC, Growing the Sheltering Tree (2002) http://example.org/tree.pdf",
            ("Annex I: Useful References", "General"),
            1,
            None,
        ),
        (
            R,
            "ICRC, Professional Standards for Protection Work (2013)",
            ("Annex I: Useful References", "General"),
            1,
            None,
        ),
        (H, "Next part", ("Next part",), 1, None),
        (L, "a point", ("Next part",), 1, None),
    ]


def test_tab_separated_and_pipe_rows_are_table_rows() -> None:
    text = "POC risks\tActivities\tLead\n\n| Country | Mission |\n|---|---|\n| Mali | MINUSMA |\n"
    assert [(b.kind, b.text) for b in blocks_of(text)] == [
        (T, "POC risks | Activities | Lead"),
        (T, "Country | Mission"),
        (T, "Mali | MINUSMA"),
    ]


def test_letter_i_after_h_is_not_roman_one() -> None:
    text = (
        "Framework title\n\nI. Purpose\n\nA. Scope\n\nText.\n\nH. Coordination mechanisms\n\n"
        "Text.\n\nI. Expectations Management\n\nText.\n"
    )
    headings = [(b.text, b.level) for b in blocks_of(text) if b.kind is H]
    assert headings == [
        ("Framework title", 0),
        ("I. Purpose", 1),
        ("A. Scope", 2),
        ("H. Coordination mechanisms", 2),
        ("I. Expectations Management", 2),
    ]


def test_block_ids_are_stable_and_content_derived() -> None:
    text = "Heading One\n\nSame text.\n\nSame text.\n\nOther text.\n"
    first = [b.id for b in blocks_of(text)]
    again = [b.id for b in blocks_of(text)]
    edited = [b.id for b in blocks_of(text.replace("Other text.", "Edited text."))]
    assert first == again
    assert len(set(first)) == len(first), "a repeated paragraph still gets its own id"
    assert edited[:3] == first[:3] and edited[3] != first[3]


def test_offsets_index_the_normalised_text() -> None:
    drafts, _ = parse_text("# Title\n\nA **bold** word.\n\n- item [link](#)\n")
    blocks, text = assemble(drafts, "doc")
    assert text == "Title\n\nA bold word.\n\nitem link"
    assert [text[b.start : b.end] for b in blocks] == [b.text for b in blocks]
