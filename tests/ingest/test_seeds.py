"""The five seed documents in `corpus/`: their section structure is recovered."""

from __future__ import annotations

from pathlib import Path

import pytest

from pockg.ingest.reader import read_document
from pockg.models import BlockKind, SourceDocument
from tests.conftest import CORPUS

DIAGNOSTIC_TOOL = "gpc-2013-diagnostic-tool-protection-clusters-un-missions.md"
ROUND_TABLE = "gpc-2017-civil-military-coordination-round-table.txt"
FORUM_NOTE = "gpc-2020-global-protection-forum-summary-note.txt"
FRAMEWORK = "dpko-dfs-2011-framework-poc-strategies.txt"
CMCOORD_NOTE = "ocha-2020-cmcoord-guidance-note-protection-outcomes.txt"


def seed(name: str) -> SourceDocument:
    path = CORPUS / name
    return read_document(path, path.read_bytes())


def sections_of(document: SourceDocument) -> list[tuple[str, ...]]:
    return [b.section for b in document.headings() if b.level > 0]


def test_diagnostic_tool_has_parts_a_b_c_with_their_subsections() -> None:
    sections = sections_of(seed(DIAGNOSTIC_TOOL))
    a, b, c = (
        "A. Questions for Consideration",
        "B. Implications and Parameters for Engagement",
        "C. Types of Interaction with UN Missions",
    )
    assert (a,) in sections and (b,) in sections and (c,) in sections
    assert [s[1] for s in sections if s[0] == b and len(s) == 2] == [
        "Broader mandated tasks",
        "The Principle of Integration",
        "Non-United Nations Security Forces",
    ]
    assert [s[1] for s in sections if s[0] == c and len(s) == 2] == [
        "Participation in coordination forums",
        "Information Sharing",
        "Advocacy and Communication",
        "Training",
        "Protection Assessments, Monitoring and Analysis",
        "Strategy Development",
        "Contingency Planning",
    ]


def test_round_table_country_subsections_sit_under_2_1_to_2_3() -> None:
    sections = sections_of(seed(ROUND_TABLE))
    part = "2. CIVIL-MILITARY COORDINATION: PERSPECTIVES FROM THE FIELD"
    expected = {
        "2.1 Civil-Military Coordination for protection analysis": [
            "IRAQ",
            "AFGHANISTAN",
            "WHOLE OF SYRIA",
            "NIGERIA",
            "PHILIPPINES",
        ],
        "2.2 Information gathering and sharing for protection outcomes": [
            "AFGHANISTAN",
            "AFGHANISTAN AND CENTRAL AFRICAN REPUBLIC (CAR)",
            "NIGERIA",
            "IRAQ",
        ],
        "2.3 Humanitarian coordination with peacekeeping operations with protection mandates": [
            "CENTRAL AFRICAN REPUBLIC (CAR)",
            "DEMOCRATIC REPUBLIC OF THE CONGO (DRC)",
            "SOUTH SUDAN",
        ],
    }
    for subsection, countries in expected.items():
        found = [s[2] for s in sections if s[:2] == (part, subsection) and len(s) == 3]
        assert [name for name in found if name in countries] == countries


def test_round_table_toc_is_recognised_and_kept_out_of_the_body() -> None:
    document = seed(ROUND_TABLE)
    assert [(e.title, e.level, e.page) for e in document.toc][:3] == [
        ("OVERVIEW", 1, 3),
        ("1. ADDRESSING DIFFERING PERCEPTIONS ON COORDINATION FOR PROTECTION OUTCOMES", 1, 6),
        ("1.1 Humanitarian perception on coordination", 2, 7),
    ]
    assert len(document.toc) == 9
    assert "....." not in document.text
    assert not any(b.text == "CONTENTS" for b in document.blocks)


@pytest.mark.parametrize(
    ("name", "annex", "count", "example"),
    [
        (
            DIAGNOSTIC_TOOL,
            "Annex I: Useful References",
            35,
            "ICRC, Professional Standards for Protection Work (2013) "
            "http://www.icrc.org/eng/assets/files/other/icrc-002-0999.pdf",
        ),
        (
            ROUND_TABLE,
            "ANNEX: RELEVANT RESOURCES",
            11,
            "ICRC: Professional Standards for Protection Work, March 2018",
        ),
        (FRAMEWORK, "ANNEX II: REFERENCES", 30, "Refugee Law"),
        (CMCOORD_NOTE, "Annex 2: Reference Documents", 25, "The Sphere Handbook (2018)"),
        (FORUM_NOTE, "5. Select resources", 9, "ICRC, The Roots of Restraint in War"),
    ],
)
def test_annex_reference_lists_are_reference_entries(
    name: str, annex: str, count: int, example: str
) -> None:
    references = [b for b in seed(name).blocks if b.kind is BlockKind.REFERENCE]
    assert len(references) == count
    assert all(b.section[0] == annex for b in references)
    assert example in [b.text for b in references]


def test_cmcoord_note_footnotes_are_separated_from_body_text() -> None:
    document = seed(CMCOORD_NOTE)
    footnotes = {b.label: b.text for b in document.blocks if b.kind is BlockKind.FOOTNOTE}
    assert footnotes["⁷"] == "UN-CMCoord Field Handbook, v. 2.0. OCHA. 2019. p.20."
    assert footnotes["¹⁵"] == "https://peacekeeping.un.org/en/un-police"
    body = [b.text for b in document.blocks if b.kind is not BlockKind.FOOTNOTE]
    assert not any(text.startswith("UN-CMCoord Field Handbook, v. 2.0. OCHA") for text in body)


def test_framework_template_headings_and_numbered_paragraphs() -> None:
    document = seed(FRAMEWORK)
    first = document.blocks[2]
    assert (first.kind, first.label, first.section) == (
        BlockKind.PARAGRAPH,
        "1",
        ("I. Purpose of the Framework and POC Strategies",),
    )
    assert first.text.startswith("This Framework provides the parameters")
    levels = {b.text: b.level for b in document.headings()}
    assert levels["H. Coordination mechanisms"] == levels["I. Expectations Management"]


@pytest.mark.parametrize(
    ("name", "title", "publisher", "date", "document_type"),
    [
        (
            CMCOORD_NOTE,
            "Guidance Note on OCHA CMCoord Support to Protection Outcomes",
            "OCHA Civil Military Coordination Service (CMCS)",
            "2020-10",
            "guidance",
        ),
        (
            DIAGNOSTIC_TOOL,
            "Diagnostic Tool and Guidance on the Interaction between field Protection Clusters "
            "and UN Missions",
            "Global Protection Cluster",
            "2013-07",
            "diagnostic tool",
        ),
        (
            FORUM_NOTE,
            "GLOBAL PROTECTION CLUSTER 2020 GLOBAL PROTECTION FORUM",
            "OCHA, UNHCR, InterAction and ICRC",
            "2020-10-07",
            "meeting report",
        ),
        (
            ROUND_TABLE,
            "CIVIL-MILITARY COORDINATION FOR PROTECTION OUTCOMES",
            "Global Protection Cluster",
            "2017-10",
            "round-table report",
        ),
    ],
)
def test_metadata_is_inferred_from_the_document_without_a_manifest(
    tmp_path: Path, name: str, title: str, publisher: str, date: str, document_type: str
) -> None:
    copy = tmp_path / name
    copy.write_bytes((CORPUS / name).read_bytes())
    metadata = read_document(copy, copy.read_bytes()).metadata
    assert (metadata.title, metadata.publisher, metadata.date, metadata.document_type) == (
        title,
        publisher,
        date,
        document_type,
    )
    assert set(metadata.inferred) == {"title", "publisher", "date", "document_type"}
