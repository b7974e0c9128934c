"""Gold files: the real annotations load, and broken ones are reported by file and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pockg.evaluate.gold import (
    HEDGED_MODAL,
    GoldDocument,
    GoldFileError,
    load_gold_dir,
    load_gold_file,
)
from tests.conftest import REPO

GOLD = REPO / "eval" / "gold"


def minimal(**changes: object) -> dict[str, object]:
    """Return the smallest valid gold file, with `changes` applied."""
    data: dict[str, object] = {
        "document": "000_x.txt",
        "organisations": [],
        "people": [],
        "un_missions": [],
        "security_council_resolutions": [],
        "other_documents_cited": [],
        "tools_and_mechanisms": [],
        "countries": [],
        "recommendations": [],
        "field_practices": [],
        "challenges": [],
    }
    data.update(changes)
    return data


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def failure(path: Path) -> str:
    with pytest.raises(GoldFileError) as caught:
        load_gold_file(path)
    return str(caught.value)


@pytest.fixture(scope="module")
def real_gold() -> tuple[GoldDocument, ...]:
    loaded = load_gold_dir(GOLD)
    assert loaded.errors == ()
    return loaded.documents


def test_real_gold_files_all_parse(real_gold: tuple[GoldDocument, ...]) -> None:
    assert [gold.document for gold in real_gold] == [
        "000_f521180593b81347.txt",
        "001_61da9f8f51553b79.txt",
        "002_a8ce0d09fca3a73b.txt",
        "003_1c29a2fd4700211c.txt",
        "004_e71bda6446fe6512.txt",
    ]


@pytest.mark.parametrize(
    ("category", "counts"),
    [
        # eval/gold/README.md section 4, per document 000..004
        ("organisations", [21, 34, 46, 29, 25]),
        ("people", [11, 5, 2, 2, 2]),
        ("un_missions", [2, 16, 3, 0, 14]),
        ("resolutions", [0, 14, 1, 13, 0]),
        ("citations", [11, 42, 29, 27, 30]),
        ("tools", [14, 45, 30, 32, 33]),
        ("countries", [3, 19, 12, 0, 12]),
        ("recommendations", [74, 68, 51, 165, 58]),
        ("field_practices", [17, 9, 20, 0, 3]),
        ("challenges", [26, 9, 25, 4, 4]),
    ],
)
def test_real_gold_counts_match_the_gold_readme(
    real_gold: tuple[GoldDocument, ...], category: str, counts: list[int]
) -> None:
    assert [len(getattr(gold, category)) for gold in real_gold] == counts


def test_real_gold_totals_and_breakdowns(real_gold: tuple[GoldDocument, ...]) -> None:
    assert sum(len(gold.recommendations) for gold in real_gold) == 416
    firm = [sum(r.modal != HEDGED_MODAL for r in gold.recommendations) for gold in real_gold]
    assert firm == [66, 54, 43, 160, 55]
    named = [sum(not tool.generic for tool in gold.tools) for gold in real_gold]
    assert named == [10, 38, 29, 26, 31]


def test_real_gold_keeps_aliases_exclusions_and_country_mentions(
    real_gold: tuple[GoldDocument, ...],
) -> None:
    diagnostic = real_gold[1]
    gbv = next(o for o in diagnostic.organisations if o.label.startswith("Gender-Based Violence"))
    assert gbv.excluded
    assert diagnostic.country_names("Democratic Republic of the Congo") == (
        "Democratic Republic of the Congo",
        "DRC",
    )
    handbook = next(c for c in real_gold[4].citations if c.title.startswith("UN-CMCoord"))
    assert handbook.years == (2018, 2019)


def test_field_practice_spans_are_evidence_additional_evidence_and_outcome(tmp_path: Path) -> None:
    practice = {
        "country": "Mali",
        "evidence": "E.",
        "additional_evidence": ["A1.", "A2."],
        "outcome": "O.",
        "related_frameworks": ["MRM"],
    }
    gold = load_gold_file(write(tmp_path / "g.json", minimal(field_practices=[practice])))
    assert gold.field_practices[0].spans == ("E.", "A1.", "A2.", "O.")


def test_invalid_json_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"document": "x.txt",\n  "people": [}', encoding="utf-8")
    message = failure(path)
    assert message.startswith(f"{path}: not valid JSON:")
    assert "(line 2, column 14)" in message


def test_missing_field_names_the_file_the_item_and_the_field(tmp_path: Path) -> None:
    items = [{"text": "Do this.", "modal": "should"}, {"modal": "must"}]
    path = write(tmp_path / "g.json", minimal(recommendations=items))
    assert failure(path) == f'{path}: recommendations[1]: missing field "text"'


def test_missing_category_names_the_field(tmp_path: Path) -> None:
    data = minimal()
    del data["challenges"]
    path = write(tmp_path / "g.json", data)
    assert failure(path) == f'{path}: missing field "challenges"'


def test_mistyped_field_says_what_was_expected(tmp_path: Path) -> None:
    organisation = {"label": "OCHA", "aliases": "Office"}
    path = write(tmp_path / "g.json", minimal(organisations=[organisation]))
    assert failure(path) == (
        f'{path}: organisations[0]: field "aliases" must be a list, got a string'
    )


def test_mistyped_list_item_names_its_index(tmp_path: Path) -> None:
    path = write(tmp_path / "g.json", minimal(countries=["Mali", 7]))
    assert failure(path) == f"{path}: countries[1]: expected a string, got a number"


def test_top_level_must_be_an_object(tmp_path: Path) -> None:
    path = write(tmp_path / "g.json", [1, 2])
    assert failure(path) == f"{path}: expected an object, got a list"


def test_gold_dir_reports_bad_files_and_keeps_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path / "a.json", minimal(document="a.txt"))
    (tmp_path / "b.json").write_text("not json", encoding="utf-8")
    write(tmp_path / "c.json", minimal(document="a.txt"))
    (tmp_path / "README.md").write_text("not a gold file", encoding="utf-8")
    loaded = load_gold_dir(tmp_path)
    assert [gold.document for gold in loaded.documents] == ["a.txt"]
    assert loaded.errors[0].startswith(f"{tmp_path / 'b.json'}: not valid JSON")
    assert loaded.errors[1] == (
        f"{tmp_path / 'c.json'}: \"document\" 'a.txt' is already annotated in a.json"
    )


def test_gold_dir_must_exist_and_hold_json_files(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="no such directory"):
        load_gold_dir(tmp_path / "missing")
    with pytest.raises(GoldFileError, match=r"no gold files \(\*\.json\)"):
        load_gold_dir(tmp_path)
