"""Security Council resolutions found in every written form, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pockg.extract.resolutions import find_resolutions
from pockg.ingest.manifest import read_manifest
from tests.conftest import CORPUS, REPO

GOLD = REPO / "eval" / "gold"
# Gold files are named after the seeds' original names, which the manifest keeps as `source`.
SEED_FILES = {
    Path(entry.source).name: entry.file for entry in read_manifest(CORPUS).values() if entry.source
}


def found(text: str) -> list[tuple[str, int | None, str]]:
    return [(m.number, m.year, m.text) for m in find_resolutions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("under resolution 1894 (2009) the mission", [("1894", 2009, "resolution 1894 (2009)")]),
        ("the SCR 1612 Monitoring and Reporting", [("1612", None, "SCR 1612")]),
        ("UNSCR 2344 (2017) asks", [("2344", 2017, "UNSCR 2344 (2017)")]),
        ("such as the SCR 1960 MARA", [("1960", None, "SCR 1960")]),
        ("see S/RES/1325 (2000).", [("1325", 2000, "S/RES/1325 (2000)")]),
        ("stipulated by resolution 1894.", [("1894", None, "resolution 1894")]),
        (
            "resolutions 1265 (1999), 1296 (2000), 1674 (2006) and 1894 (2009) on PoC",
            [
                ("1265", 1999, "resolutions 1265 (1999)"),
                ("1296", 2000, "1296 (2000)"),
                ("1674", 2006, "1674 (2006)"),
                ("1894", 2009, "1894 (2009)"),
            ],
        ),
        (
            "Security Council Resolutions 1894 (2009), operative paragraph 19 and 1674 (2006), "
            "operative paragraph 16.",
            [
                ("1894", 2009, "Security Council Resolutions 1894 (2009)"),
                ("1674", 2006, "1674 (2006)"),
            ],
        ),
        (
            "Security Council Resolutions 1325 (2000) on women, peace and security and "
            "1820 (2008) and 1888 (2009) on sexual violence",
            [
                ("1325", 2000, "Security Council Resolutions 1325 (2000)"),
                ("1820", 2008, "1820 (2008)"),
                ("1888", 2009, "1888 (2009)"),
            ],
        ),
        (
            "Security Council 1894, operative paragraph 33, guidance",
            [("1894", None, "Security Council 1894")],
        ),
    ],
)
def test_find_resolutions_reads_every_written_form(
    text: str, expected: list[tuple[str, int | None, str]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "General Assembly resolution 46/182 on humanitarian assistance",
        "the report S/2020/366 and A/64/19 (2010)",
        "conflict resolution in 2019 and resolution of 300 cases",
        "operative paragraph 149 of the report",
        "resolution 12 of the Human Rights Council",
    ],
)
def test_find_resolutions_ignores_other_numbers(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("gold_file", sorted(SEED_FILES))
def test_find_resolutions_matches_the_gold_numbers_and_years(gold_file: str) -> None:
    gold = json.loads((GOLD / gold_file.replace(".txt", ".json")).read_text(encoding="utf-8"))
    text = (CORPUS / SEED_FILES[gold_file]).read_text(encoding="utf-8")
    mentions = find_resolutions(text)
    assert {m.number for m in mentions} == {
        r["number"] for r in gold["security_council_resolutions"]
    }
    years = {m.number: m.year for m in mentions if m.year}
    for resolution in gold["security_council_resolutions"]:
        if resolution.get("year_in_text"):
            assert years[resolution["number"]] == resolution["year"]
