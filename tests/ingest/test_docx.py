"""The Word (.docx) parser, on documents built with python-docx in each test's directory.

python-docx cannot write footnotes, numbering levels, outline levels or TOC fields through its
API, so the helpers below add them as Word writes them: a footnotes part with its relationship
and content type, `w:footnoteReference` runs, `w:numPr` and `w:outlineLvl` properties.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx.oxml.styles import CT_Style
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph

from pockg.ingest.docx import MEDIA_TYPE, parse_docx
from pockg.ingest.errors import IngestError
from pockg.ingest.structure import assemble
from pockg.models import ParsedSource, TocEntry
from tests.ingest.kinds import F, H, L, OutlineRow, P, T

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Outline = list[OutlineRow]


def saved(document: Document, tmp_path: Path) -> bytes:
    """Save the document as a file in `tmp_path` and return the file's bytes."""
    path = tmp_path / "document.docx"
    document.save(str(path))
    return path.read_bytes()


def parse(document: Document, tmp_path: Path) -> ParsedSource:
    return parse_docx(saved(document, tmp_path), tmp_path / "document.docx")


def outline(parsed: ParsedSource) -> Outline:
    blocks, _ = assemble(parsed.drafts, "key", parsed.rejoin_split_paragraphs)
    return [(b.kind, b.text, b.section, b.level, b.label) for b in blocks]


def add_run_xml(paragraph: Paragraph, inner: str) -> None:
    """Append a run written as WordprocessingML (`inner` is the run's content)."""
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W}">{inner}</w:r>'))


def cite(paragraph: Paragraph, note_id: int, kind: str = "footnote") -> None:
    """Append a note reference run, styled as Word styles it, to the paragraph."""
    mark = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    add_run_xml(paragraph, f'{mark}<w:{kind}Reference w:id="{note_id}"/>')


def add_notes(document: Document, notes: dict[int, str], kind: str = "footnote") -> None:
    """Give the document a footnotes (or endnotes) part holding `notes`, as Word writes it."""
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>"
    )
    bodies = "".join(
        f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
        f"</w:p></w:{kind}>"
        for note_id, text in notes.items()
    )
    xml = f'<w:{kind}s xmlns:w="{W}">{separators}{bodies}</w:{kind}s>'
    content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
    reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, reltype)


def add_list_definition(document: Document, num_id: int, formats: list[tuple[str, str]]) -> None:
    """Add a multilevel list `num_id` whose levels have the given (numFmt, lvlText)."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(formats)
    )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{num_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    # Definitions come before list instances in numbering.xml.
    numbering.insert(0, abstract)
    numbering.append(
        parse_xml(
            f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'
        )
    )


def number(paragraph: Paragraph, num_id: int, ilvl: int) -> Paragraph:
    """Put the paragraph at level `ilvl` of list `num_id`, as Word does."""
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def set_outline_level(element: CT_P | CT_Style, level: int) -> None:
    """Set the outline level in a paragraph's or a style's paragraph properties."""
    element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W}" w:val="{level}"/>'))


def handbook() -> Document:
    """Return a document with a title, three heading levels, lists, a table and footnotes."""
    document = docx.Document()
    document.add_heading("Protection of Civilians Handbook", 0)
    document.add_heading("Introduction", 1)
    cited = document.add_paragraph("Missions must report on protection outcomes")
    cite(cited, 1)
    cited.add_run(".")
    tiers = document.add_paragraph("Three tiers:")
    tiers.add_run().add_tab()
    run = tiers.add_run("dialogue,")
    run.add_break()
    tiers.add_run("physical   protection and a protective environment.")
    document.add_paragraph("")
    document.add_paragraph("12. Missions should brief every new contingent.")
    document.add_paragraph().add_run("Key messages").bold = True
    document.add_heading("Tier one", 2)
    document.add_paragraph("Engage with communities.", style="List Bullet")
    document.add_paragraph("Hold community meetings.", style="List Bullet 2")
    document.add_paragraph("Support local mediation.", style="List Bullet")
    document.add_paragraph("• Share early-warning alerts.")
    add_list_definition(document, 20, [("decimal", "%1."), ("lowerLetter", "%2)")])
    for text, ilvl in [
        ("Assess threats.", 0),
        ("Map armed actors.", 1),
        ("Map risks to civilians.", 1),
        ("Plan the response.", 0),
        ("Set priorities.", 1),
    ]:
        number(document.add_paragraph(text, style="List Paragraph"), 20, ilvl)
    document.add_heading("Early warning", 3)
    alerts = document.add_paragraph("Alerts go to the Joint Operations Centre.")
    cite(alerts, 2)
    document.add_heading("Tools", 1)
    add_tools_table(document)
    document.add_paragraph("All tools are reviewed every year.")
    add_notes(
        document,
        {
            1: "See the 2019 DPO Policy on the Protection of Civilians.",
            2: "JOC standard operating procedures.",
            3: "Civil Affairs Handbook, chapter 4.",
        },
    )
    return document


def add_tools_table(document: Document) -> None:
    """Add a table with a header, a cited cell, a horizontal and a vertical merge."""
    table = document.add_table(rows=4, cols=3)
    for column, text in enumerate(["Tool", "Owner", "Status"]):
        table.cell(0, column).text = text
    table.cell(1, 0).text = "Threat matrix"
    owner = table.cell(1, 1).paragraphs[0]
    owner.add_run("Civil Affairs")
    cite(owner, 3)
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Community alert networks"
    table.cell(2, 2).merge(table.cell(3, 2)).text = "Pilot"
    table.cell(3, 0).text = "Protection strategy"
    table.cell(3, 1).text = "Mission leadership"


def test_parse_docx_recovers_headings_lists_tables_and_footnotes(tmp_path: Path) -> None:
    parsed = parse(handbook(), tmp_path)
    intro, tier = ("Introduction",), ("Introduction", "Tier one")
    warning, tools = (*tier, "Early warning"), ("Tools",)
    assert outline(parsed) == [
        (H, "Protection of Civilians Handbook", (), 0, None),
        (H, "Introduction", intro, 1, None),
        (P, "Missions must report on protection outcomes¹.", intro, 0, None),
        (F, "See the 2019 DPO Policy on the Protection of Civilians.", intro, 0, "¹"),
        (
            P,
            "Three tiers: dialogue, physical protection and a protective environment.",
            intro,
            0,
            None,
        ),
        (P, "Missions should brief every new contingent.", intro, 0, "12"),
        (P, "Key messages", intro, 0, None),
        (H, "Tier one", tier, 2, None),
        (L, "Engage with communities.", tier, 1, None),
        (L, "Hold community meetings.", tier, 2, None),
        (L, "Support local mediation.", tier, 1, None),
        (L, "Share early-warning alerts.", tier, 1, None),
        (L, "Assess threats.", tier, 1, "1"),
        (L, "Map armed actors.", tier, 2, "a"),
        (L, "Map risks to civilians.", tier, 2, "b"),
        (L, "Plan the response.", tier, 1, "2"),
        (L, "Set priorities.", tier, 2, "a"),
        (H, "Early warning", warning, 3, None),
        (P, "Alerts go to the Joint Operations Centre.²", warning, 0, None),
        (F, "JOC standard operating procedures.", warning, 0, "²"),
        (H, "Tools", tools, 1, None),
        (T, "Tool | Owner | Status", tools, 0, None),
        (T, "Threat matrix | Civil Affairs³", tools, 0, None),
        (F, "Civil Affairs Handbook, chapter 4.", tools, 0, "³"),
        (T, "Community alert networks | Pilot", tools, 0, None),
        (T, "Protection strategy | Mission leadership", tools, 0, None),
        (P, "All tools are reviewed every year.", tools, 0, None),
    ]
    assert (parsed.media_type, parsed.page_count, parsed.toc, parsed.warnings) == (
        MEDIA_TYPE,
        None,
        [],
        [],
    )


def test_parse_docx_fixture_declares_its_footnotes_part_as_word_does(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(saved(handbook(), tmp_path))) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert f'PartName="/word/footnotes.xml" ContentType="{CT.WML_FOOTNOTES}"' in types
    assert f'Type="{RT.FOOTNOTES}" Target="footnotes.xml"' in rels


def test_parse_docx_custom_style_based_on_heading_2_ranks_as_heading_2(tmp_path: Path) -> None:
    document = docx.Document()
    section_style = document.styles.add_style("PoC Section", WD_STYLE_TYPE.PARAGRAPH)
    section_style.base_style = document.styles["Heading 2"]
    country_style = document.styles.add_style("Country Heading", WD_STYLE_TYPE.PARAGRAPH)
    set_outline_level(country_style.element, 2)
    document.add_heading("Country Guidance", 0)
    document.add_heading("Context", 1)
    document.add_paragraph("Threats to civilians", style="PoC Section")
    document.add_paragraph("Armed groups operate in the north.")
    document.add_paragraph("North Kivu", style="Country Heading")
    demoted = document.add_heading("Not a heading after all", 1)
    set_outline_level(demoted._p, 9)
    set_outline_level(document.add_paragraph("Annex A: Contacts")._p, 0)
    document.add_paragraph("Field office numbers.")
    threats = ("Context", "Threats to civilians")
    assert outline(parse(document, tmp_path)) == [
        (H, "Country Guidance", (), 0, None),
        (H, "Context", ("Context",), 1, None),
        (H, "Threats to civilians", threats, 2, None),
        (P, "Armed groups operate in the north.", threats, 0, None),
        (H, "North Kivu", (*threats, "North Kivu"), 3, None),
        (P, "Not a heading after all", (*threats, "North Kivu"), 0, None),
        (H, "Annex A: Contacts", ("Annex A: Contacts",), 1, None),
        (P, "Field office numbers.", ("Annex A: Contacts",), 0, None),
    ]


def test_parse_docx_numbered_heading_style_shows_its_number(tmp_path: Path) -> None:
    document = docx.Document()
    add_list_definition(document, 30, [("upperRoman", "%1."), ("decimal", "%1.%2")])
    number(document.add_heading("Background", 1), 30, 0)
    number(document.add_heading("Mandate", 2), 30, 1)
    number(document.add_heading("Threats", 1), 30, 0)
    number(document.add_heading("Actors", 2), 30, 1)
    assert outline(parse(document, tmp_path)) == [
        (H, "I. Background", ("I. Background",), 1, None),
        (H, "I.1 Mandate", ("I. Background", "I.1 Mandate"), 2, None),
        (H, "II. Threats", ("II. Threats",), 1, None),
        (H, "II.1 Actors", ("II. Threats", "II.1 Actors"), 2, None),
    ]


def add_field_toc(document: Document, entries: list[tuple[str, int]]) -> None:
    """Add a TOC field whose result is one Normal paragraph per (title, page) entry."""
    for index, (title, page) in enumerate(entries):
        paragraph = document.add_paragraph()
        if index == 0:
            add_run_xml(paragraph, '<w:fldChar w:fldCharType="begin"/>')
            add_run_xml(
                paragraph, '<w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText>'
            )
            add_run_xml(paragraph, '<w:fldChar w:fldCharType="separate"/>')
        paragraph.add_run(title)
        paragraph.add_run().add_tab()
        paragraph.add_run(str(page))
        if index == len(entries) - 1:
            add_run_xml(paragraph, '<w:fldChar w:fldCharType="end"/>')


def test_parse_docx_toc_styles_and_toc_field_become_toc_entries(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Protection Report", 0)
    document.add_paragraph("Contents", style="TOC Heading")
    for text, style in [("Introduction\t3", "TOC 1"), ("Tier one\t4", "TOC 2")]:
        document.add_paragraph(
            text, style=document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
        )
    document.add_paragraph("Contents")
    add_field_toc(document, [("1. Tools", 7), ("2. Annexes", 9)])
    document.add_heading("Introduction", 1)
    document.add_paragraph("The report covers 2024.")
    parsed = parse(document, tmp_path)
    assert parsed.toc == [
        TocEntry("Introduction", 1, 3),
        TocEntry("Tier one", 2, 4),
        TocEntry("1. Tools", 1, 7),
        TocEntry("2. Annexes", 1, 9),
    ]
    assert outline(parsed) == [
        (H, "Protection Report", (), 0, None),
        (H, "Introduction", ("Introduction",), 1, None),
        (P, "The report covers 2024.", ("Introduction",), 0, None),
    ]


def bold_paragraph(document: Document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def test_parse_docx_bold_lines_are_headings_when_no_heading_style_is_used(tmp_path: Path) -> None:
    document = docx.Document()
    bold_paragraph(document, "Protection Strategy for the Eastern Region")
    bold_paragraph(document, "1. Background")
    document.add_paragraph(
        "The mission adopted this strategy after a year of consultations with communities, "
        "local authorities and humanitarian partners across the region."
    )
    bold_paragraph(document, "This bold line ends like a sentence.")
    bold_paragraph(document, "2. Threats")
    document.add_paragraph("Armed groups attack villages.")
    background, threats = ("1. Background",), ("2. Threats",)
    parsed = parse(document, tmp_path)
    assert parsed.warnings == ["no heading styles: headings guessed from bold one-line paragraphs"]
    assert outline(parsed) == [
        (H, "Protection Strategy for the Eastern Region", (), 0, None),
        (H, "1. Background", background, 1, None),
        (
            P,
            "The mission adopted this strategy after a year of consultations with communities, "
            "local authorities and humanitarian partners across the region.",
            background,
            0,
            None,
        ),
        (P, "This bold line ends like a sentence.", background, 0, None),
        (H, "2. Threats", threats, 1, None),
        (P, "Armed groups attack villages.", threats, 0, None),
    ]


def test_parse_docx_endnotes_follow_the_paragraph_that_cites_them(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Lessons", 1)
    first = document.add_paragraph("Patrols deter attacks")
    cite(first, 5, "endnote")
    first.add_run(" near camps.")
    second = document.add_paragraph("Early warning saves lives.")
    cite(second, 6, "endnote")
    add_notes(document, {5: "Evaluation of 2021.", 6: "Survey of 2022."}, "endnote")
    assert outline(parse(document, tmp_path)) == [
        (H, "Lessons", ("Lessons",), 1, None),
        (P, "Patrols deter attacks¹ near camps.", ("Lessons",), 0, None),
        (F, "Evaluation of 2021.", ("Lessons",), 0, "¹"),
        (P, "Early warning saves lives.²", ("Lessons",), 0, None),
        (F, "Survey of 2022.", ("Lessons",), 0, "²"),
    ]


def reason(data: bytes, tmp_path: Path) -> str:
    """Return the reason parse_docx gives for refusing `data`."""
    with pytest.raises(IngestError) as error:
        parse_docx(data, tmp_path / "bad.docx")
    return error.value.reason


def test_parse_docx_rejects_bytes_that_are_not_a_zip(tmp_path: Path) -> None:
    assert reason(b"this is not a Word file", tmp_path) == (
        "not a readable Word file: File is not a zip file"
    )


def test_parse_docx_rejects_a_truncated_file(tmp_path: Path) -> None:
    data = saved(handbook(), tmp_path)
    assert reason(data[: len(data) // 2], tmp_path) == (
        "not a readable Word file: File is not a zip file"
    )


def test_parse_docx_rejects_a_document_part_that_is_not_xml(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved(handbook(), tmp_path))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content[:200] if name == "word/document.xml" else content)
    assert reason(buffer.getvalue(), tmp_path).startswith("not a readable Word file: ")


def test_parse_docx_rejects_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "protection of civilians")
    assert reason(buffer.getvalue(), tmp_path) == (
        "a zip archive but not a Word document (no word/document.xml)"
    )


def test_parse_docx_rejects_an_encrypted_document(tmp_path: Path) -> None:
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert reason(ole_header, tmp_path) == (
        "an encrypted (password-protected) Word file or a legacy .doc, not a plain .docx: "
        "remove the password or save it as .docx"
    )


def test_parse_docx_rejects_a_document_without_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    document.add_table(rows=1, cols=2)
    assert reason(saved(document, tmp_path), tmp_path) == "no text found in the Word document"
