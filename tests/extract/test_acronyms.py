"""Acronym definitions found in running text."""

from __future__ import annotations

import pytest

from pockg.extract.acronyms import find_acronym_definitions
from tests.conftest import CORPUS


def defined(text: str) -> list[tuple[str, str]]:
    return [(d.short, d.long) for d in find_acronym_definitions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the Office for the Coordination of Humanitarian Affairs (OCHA) said",
            [("OCHA", "Office for the Coordination of Humanitarian Affairs")],
        ),
        (
            "OCHA Civil-Military Coordination (CMCoord or UN-CMCoord) Officers",
            [("CMCoord", "Civil-Military Coordination")],
        ),
        (
            "members of the Global Protection Cluster (GPC), including the Areas of "
            "Responsibility (AoRs) on Child Protection",
            [("GPC", "Global Protection Cluster"), ("AoRs", "Areas of Responsibility")],
        ),
        (
            "contributing to a Safe and Secure Environment (C-SASE);",
            [("C-SASE", "contributing to a Safe and Secure Environment")],
        ),
        (
            "UNAMA (United Nations Assistance Mission in Afghanistan) reported",
            [("UNAMA", "United Nations Assistance Mission in Afghanistan")],
        ),
    ],
)
def test_find_acronym_definitions_reads_long_and_short_forms(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert defined(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "in the mission area (see below) and",
        "Operations in Darfur/Sudan), MONUSCO (DRC) and",
        "the results (2017) were mixed",
        "a protection officer (who was new) shared it",
    ],
)
def test_find_acronym_definitions_ignores_other_parentheses(text: str) -> None:
    assert defined(text) == []


def test_find_acronym_definitions_offsets_point_at_the_long_form() -> None:
    text = "Trained by the Inter-Agency Standing Committee (IASC) in 2016."
    (definition,) = find_acronym_definitions(text)
    assert text[definition.start : definition.end] == "Inter-Agency Standing Committee"


def test_find_acronym_definitions_in_the_round_table_report() -> None:
    text = (CORPUS / "gpc-2017-civil-military-coordination-round-table.txt").read_text()
    found = set(defined(text))
    assert {
        ("OCHA", "Office for the Coordination of Humanitarian Affairs"),
        ("IASC", "Inter-Agency Standing Committee"),
        ("NATO", "North Atlantic Treaty Organization"),
        ("HuMiCC", "Humanitarian Military Coordination Cell"),
        ("UNAMA", "United Nations Assistance Mission in Afghanistan"),
        ("NHRC", "Nigeria Human Rights Commission"),
        ("CIMIC", "Civil-Military Co-operation"),
    } <= found
