"""The PDF parser, on real PDFs that `tests/pdf_render.py` typesets in each test's directory.

The round trip is the main check: each seed document's text version is parsed, its blocks
are typeset as a PDF (running header, page numbers, footnotes at the page bottom, a
contents page, paragraphs flowing across pages) and the PDF must give back the same blocks.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from pockg.ingest.errors import IngestError
from pockg.ingest.pdf import parse_pdf
from pockg.ingest.structure import assemble
from pockg.ingest.text import parse_text
from pockg.models import Block, BlockKind, ParsedSource, TocEntry
from tests.conftest import CORPUS
from tests.ingest.kinds import F, H, L, OutlineRow, P, T
from tests.pdf_render import (
    BODY,
    FIRST_LINE_INDENT,
    SOFT_HYPHEN,
    WIDTH,
    Item,
    blocks_from_items,
    corrupt_pdf_bytes,
    render_blocks_to_pdf,
    truncated_pdf_bytes,
    wrap,
    write_image_only_pdf,
    write_justified_pdf,
    write_lines_pdf,
    write_word_processor_pdf,
)

SEEDS = Path(os.environ.get("POCKG_SEEDS_DIR", str(CORPUS)))
SEED_FILES = sorted(
    path for path in SEEDS.iterdir() if path.suffix in {".txt", ".md"} and path.stem != "README"
)
Row = tuple[BlockKind, str, tuple[str, ...], int, str | None, int | None]


def parse(path: Path) -> ParsedSource:
    return parse_pdf(path.read_bytes(), path)


def blocks(parsed: ParsedSource) -> list[Block]:
    return assemble(parsed.drafts, "doc", parsed.rejoin_split_paragraphs)[0]


def rows(parsed: ParsedSource) -> list[Row]:
    return [(b.kind, b.text, b.section, b.level, b.label, b.page) for b in blocks(parsed)]


def text_breaking_after(lead: str, rest: str, line_end: str) -> str:
    """Return the first words of `lead` then `rest`, just enough words that a line of the
    typeset paragraph ends in `line_end` (a word hyphenated at one of its soft hyphens)."""
    words = lead.split()
    for count in range(len(words) + 1):
        text = " ".join([*words[:count], rest])
        if any(
            line.endswith(line_end) for line in wrap(text, BODY, WIDTH - FIRST_LINE_INDENT, WIDTH)
        ):
            return text
    raise AssertionError(f"no line of the paragraph ends in {line_end!r}")


LEAD = (
    "During the rainy season the teams of the mission visited camps, villages and markets in the"
    " eastern districts, met displaced families and local leaders, and asked what"
)
PROTECTION = f"pro{SOFT_HYPHEN}tec{SOFT_HYPHEN}tion"
COMPOUND = f"civil-{SOFT_HYPHEN}military"
BROKEN_WORD = text_breaking_after(LEAD, f"{PROTECTION} they expected from the mission.", "protec-")
BROKEN_COMPOUND = text_breaking_after(
    LEAD, f"{COMPOUND} coordination could change for them.", "civil-"
)
FILLER = " ".join(
    f"Joint team {n} visited the camps and recorded the concerns of displaced families."
    for n in range(1, 46)
)
TITLE = "Field Guide on the Protection of Civilians"
HAND_BUILT: list[Item] = [
    ("title", TITLE),
    ("h1", "1. Context"),
    (
        "p",
        "Armed conflict exposes civilians to violence, displacement and the loss of"
        " livelihoods.¹ This guide sets out how missions work with protection clusters.",
        "1",
    ),
    ("fn", "Security Council resolution 1894 (2009), operative paragraph 24.", "¹"),
    ("h2", "1.1 Threats"),
    ("p", "Threats against civilians recorded by the mission include:"),
    ("li", "attacks on villages and camps;"),
    ("li", "forced recruitment of children;"),
    ("li2", "in particular by armed groups in the east;", "a"),
    ("li", "sexual violence against women and girls.²"),
    ("fn", "See the report of the Secretary-General on conflict-related sexual violence.", "²"),
    ("h3", "Early warning"),
    ("p", BROKEN_WORD),
    ("p", FILLER),
    ("h1", "2. Response"),
    ("p", "Civil-military coordination supports the response of the mission.³"),
    ("fn", "OCHA, Guidance Note on CMCoord support to protection outcomes (2020).", "³"),
    ("p", BROKEN_COMPOUND),
    ("row", "Threat | Lead | Timeline"),
    ("row", "Attacks on villages | Force | Immediate"),
]
HAND_BUILT_TOC = [
    TocEntry("1. Context", 1, 2),
    TocEntry("1.1 Threats", 2, 2),
    TocEntry("Early warning", 3, 2),
    TocEntry("2. Response", 1, 3),
]


def test_parse_pdf_recovers_the_outline_of_a_typeset_report(tmp_path: Path) -> None:
    path = render_blocks_to_pdf(
        blocks_from_items(HAND_BUILT), tmp_path / "guide.pdf", toc=HAND_BUILT_TOC
    )
    context, threats, warning, response = (
        ("1. Context",),
        ("1. Context", "1.1 Threats"),
        ("1. Context", "1.1 Threats", "Early warning"),
        ("2. Response",),
    )
    parsed = parse(path)

    assert rows(parsed) == [
        (H, TITLE, (), 0, None, 1),
        (H, "1. Context", context, 1, None, 2),
        (P, HAND_BUILT[2][1], context, 0, "1", 2),
        (H, "1.1 Threats", threats, 2, None, 2),
        (P, "Threats against civilians recorded by the mission include:", threats, 0, None, 2),
        (L, "attacks on villages and camps;", threats, 1, None, 2),
        (L, "forced recruitment of children;", threats, 1, None, 2),
        (L, "in particular by armed groups in the east;", threats, 2, "a", 2),
        (L, "sexual violence against women and girls.²", threats, 1, None, 2),
        (H, "Early warning", warning, 3, None, 2),
        (P, BROKEN_WORD.replace(SOFT_HYPHEN, ""), warning, 0, None, 2),
        (P, FILLER, warning, 0, None, 2),
        (F, "Security Council resolution 1894 (2009), operative paragraph 24.", warning, 0, "¹", 2),
        (F, HAND_BUILT[10][1], warning, 0, "²", 2),
        (H, "2. Response", response, 1, None, 3),
        (
            P,
            "Civil-military coordination supports the response of the mission.³",
            response,
            0,
            None,
            3,
        ),
        (P, BROKEN_COMPOUND.replace(SOFT_HYPHEN, ""), response, 0, None, 3),
        (T, "Threat | Lead | Timeline", response, 0, None, 3),
        (T, "Attacks on villages | Force | Immediate", response, 0, None, 3),
        (F, HAND_BUILT[16][1], response, 0, "³", 3),
    ]
    assert parsed.toc == HAND_BUILT_TOC
    assert (parsed.media_type, parsed.page_count, parsed.warnings) == ("application/pdf", 3, [])


def test_parse_pdf_hand_built_report_has_what_the_parser_must_undo(tmp_path: Path) -> None:
    """The PDF of the test above does have headers, page numbers, hyphens and a split paragraph."""
    path = render_blocks_to_pdf(
        blocks_from_items(HAND_BUILT), tmp_path / "guide.pdf", toc=HAND_BUILT_TOC
    )
    pages = [page.extract_text() for page in PdfReader(path).pages]
    page_two, page_three = pages[1].splitlines(), pages[2].splitlines()

    assert all(text.startswith(f"{TITLE}\nPage {n} of 3\n") for n, text in enumerate(pages, 1))
    assert "protec-" in [line.split()[-1] for line in page_two]
    assert "civil-" in [line.split()[-1] for line in page_three]
    assert "Joint team 45" not in pages[1] and "Joint team 45" in pages[2]
    # drafts straight from the parser: the split paragraph is already one block
    parsed = parse(path)
    assert [d.text for d in parsed.drafts].count(FILLER) == 1
    assert len(parsed.drafts) == len(blocks(parsed))


# Paragraphs as typeset, one string per line: "protec-tion" is a word broken by hyphenation,
# "civil-military" a compound the document writes whole elsewhere, "medium- and" a suspended
# hyphen, "Non-State" a compound whose second part starts with a capital.
JUSTIFIED = [
    "The mission agrees with humanitarian partners on measures that ensure the protec-\n"
    "tion of civilians under imminent threat of physical violence, in dialogue with the civil-\n"
    "military coordination officers of the humanitarian country team.",
    "Humanitarian civil-military coordination is the essential dialogue between civilian\n"
    "and military actors in humanitarian emergencies.",
    "Protection clusters set short-, medium- and long-term objectives that fit the medium-\n"
    "and long-term plans of the mission, and engage in dialogue with representatives of Non-\n"
    "State armed groups only where security permits.",
]


def test_parse_pdf_joins_hyphenated_words_and_keeps_real_compounds(tmp_path: Path) -> None:
    lines = [paragraph.split("\n") for paragraph in JUSTIFIED]
    path = write_justified_pdf(tmp_path / "hyphens.pdf", lines)

    assert [d.text for d in parse(path).drafts] == [
        "The mission agrees with humanitarian partners on measures that ensure the protection of"
        " civilians under imminent threat of physical violence, in dialogue with the"
        " civil-military coordination officers of the humanitarian country team.",
        "Humanitarian civil-military coordination is the essential dialogue between civilian and"
        " military actors in humanitarian emergencies.",
        "Protection clusters set short-, medium- and long-term objectives that fit the medium- and"
        " long-term plans of the mission, and engage in dialogue with representatives of"
        " Non-State armed groups only where security permits.",
    ]


def test_parse_pdf_reads_word_spacing_text_rise_and_tabbed_markers(tmp_path: Path) -> None:
    lines = [
        "Protection monitoring gathers information on threats against civilians and on the",
        "capacities of communities to cope with them, in line with the policy^1 of the cluster,",
        "and informs the response.",
    ]
    note = "IASC Policy on Protection in Humanitarian Action (2016)."
    path = write_word_processor_pdf(tmp_path / "w.pdf", "Protection Monitoring", lines, note)

    assert [(d.kind, d.text, d.level, d.label) for d in parse(path).drafts] == [
        (H, "Protection Monitoring", 0, None),
        (P, " ".join(lines).replace("^1", "¹"), 0, None),
        (L, "First bullet point.", 1, None),
        (L, "Second bullet point.", 1, None),
        (F, note, 0, "¹"),
    ]


@pytest.mark.parametrize("footer", ["{page}", "- {page} -", "Page {page}", "{roman}"])
def test_parse_pdf_drops_page_numbers_in_any_common_form(tmp_path: Path, footer: str) -> None:
    items: list[Item] = [
        ("title", "Monitoring Report"),
        ("h1", "Findings"),
        ("p", FILLER),
        ("p", FILLER),
    ]
    path = render_blocks_to_pdf(blocks_from_items(items), tmp_path / "r.pdf", footer=footer)

    assert [(b.kind, b.text) for b in blocks(parse(path))] == [
        (H, "Monitoring Report"),
        (H, "Findings"),
        (P, FILLER),
        (P, FILLER),
    ]


def test_parse_pdf_takes_short_bold_lines_at_body_size_as_headings(tmp_path: Path) -> None:
    items: list[Item] = [
        ("title", "Country Notes"),
        ("h1", "IRAQ"),
        ("p", "Humanitarian actors meet the military every week in Baghdad and Erbil."),
        ("h1", "NIGERIA"),
        ("p", "Access negotiations continue in Borno State."),
    ]
    path = render_blocks_to_pdf(
        blocks_from_items(items), tmp_path / "n.pdf", heading_sizes=(16.0, 10.0)
    )

    assert [(b.kind, b.text, b.section, b.level) for b in blocks(parse(path))] == [
        (H, "Country Notes", (), 0),
        (H, "IRAQ", ("IRAQ",), 1),
        (P, items[2][1], ("IRAQ",), 0),
        (H, "NIGERIA", ("NIGERIA",), 1),
        (P, items[4][1], ("NIGERIA",), 0),
    ]


def test_parse_pdf_finds_an_untitled_contents_list_but_leaves_tables_alone(tmp_path: Path) -> None:
    toc = [TocEntry("Context", 1, 2), TocEntry("Threats", 1, 3), TocEntry("Response", 1, 5)]
    items: list[Item] = [
        ("title", "Annual Report"),
        ("h1", "Context"),
        ("row", "Attacks on villages | Force | 2019"),
        ("row", "Looting of markets | Police | 2020"),
        ("row", "Arbitrary arrests | Police | 2021"),
    ]
    path = render_blocks_to_pdf(blocks_from_items(items), tmp_path / "a.pdf", toc=toc, toc_title="")

    parsed = parse(path)
    assert parsed.toc == toc
    assert [(d.kind, d.text) for d in parsed.drafts] == [
        (H, "Annual Report"),
        (H, "Context"),
        (T, "Attacks on villages | Force | 2019"),
        (T, "Looting of markets | Police | 2020"),
        (T, "Arbitrary arrests | Police | 2021"),
    ]


def test_seeds_folder_holds_the_five_seed_documents() -> None:
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.name)
def test_parse_pdf_round_trip_gives_back_the_blocks_of_the_text_version(
    tmp_path: Path, seed: Path
) -> None:
    drafts, toc = parse_text(seed.read_text(encoding="utf-8"))
    expected, _ = assemble(drafts, "doc")
    path = render_blocks_to_pdf(expected, tmp_path / f"{seed.stem}.pdf", toc=toc)

    parsed = parse(path)
    found = blocks(parsed)

    def body(outline: list[Block]) -> list[OutlineRow]:
        return [(b.kind, b.text, b.section, b.level, b.label) for b in outline if b.kind is not F]

    def notes(outline: list[Block]) -> list[tuple[str | None, str]]:
        return [(b.label, b.text) for b in outline if b.kind is F]

    assert body(found) == body(expected)
    assert notes(found) == notes(expected)
    assert parsed.toc == toc
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"hello, world", "not a readable PDF: "),
        (corrupt_pdf_bytes(), "not a readable PDF: "),
    ],
    ids=["not-a-pdf", "corrupt"],
)
def test_parse_pdf_rejects_bytes_that_are_not_a_readable_pdf(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    with pytest.raises(IngestError) as caught:
        parse_pdf(data, tmp_path / "bad.pdf")
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value)


def test_parse_pdf_rejects_a_truncated_pdf(tmp_path: Path) -> None:
    items: list[Item] = [("title", "Monitoring Report"), ("p", FILLER)]
    path = render_blocks_to_pdf(blocks_from_items(items), tmp_path / "whole.pdf")

    with pytest.raises(IngestError) as caught:
        parse_pdf(truncated_pdf_bytes(path, 0.6), tmp_path / "cut.pdf")
    assert caught.value.reason.startswith("not a readable PDF: ")


def test_parse_pdf_rejects_a_password_protected_pdf(tmp_path: Path) -> None:
    path = write_lines_pdf(tmp_path / "locked.pdf", [["Secret text."]], user_password="s3cret")

    with pytest.raises(IngestError) as caught:
        parse(path)
    assert caught.value.reason == (
        "the PDF is encrypted (password-protected); ingest a copy without a password"
    )


def test_parse_pdf_reads_a_pdf_encrypted_with_an_empty_password(tmp_path: Path) -> None:
    path = write_lines_pdf(tmp_path / "open.pdf", [["Joint protection teams visited Gao."]], "")

    assert PdfReader(path).is_encrypted
    assert [(d.kind, d.text) for d in parse(path).drafts] == [
        (P, "Joint protection teams visited Gao.")
    ]


def test_parse_pdf_asks_for_ocr_when_no_page_has_a_text_layer(tmp_path: Path) -> None:
    path = write_image_only_pdf(tmp_path / "scan.pdf", page_count=3)

    with pytest.raises(IngestError) as caught:
        parse(path)
    assert caught.value.reason == (
        "the PDF has no text layer (scanned images?); it needs OCR before ingestion"
    )


def test_parse_pdf_keeps_the_text_pages_and_warns_about_a_page_without_text(tmp_path: Path) -> None:
    path = write_lines_pdf(
        tmp_path / "gap.pdf", [["Joint protection teams visited Gao."], [], ["They met elders."]]
    )

    parsed = parse(path)
    assert [(d.text, d.page) for d in parsed.drafts] == [
        ("Joint protection teams visited Gao.", 1),
        ("They met elders.", 3),
    ]
    assert parsed.warnings == ["page 2 without a text layer (scanned images?) left out"]
    assert parsed.page_count == 3
