"""Themes: the SKOS concepts of ontology/themes.ttl a passage and a statement treat."""

from __future__ import annotations

from pockg.extract.sentences import load_patterns
from pockg.extract.themes import theme_labels
from pockg.models import StatementKind
from tests.extract.test_recommendations import extract


def passage_themes(markdown: str) -> list[list[str]]:
    return list(extract(markdown).passage_themes.values())


def test_theme_labels_read_every_concept_of_the_scheme_file() -> None:
    labels = theme_labels()
    assert "Information sharing" in labels["information-sharing"]
    assert "information-sharing protocol" in labels["information-sharing"]
    assert "GBV" in labels["gender-based-violence"]


def test_theme_cues_name_only_themes_of_the_scheme_file() -> None:
    assert {line["label"] for line in load_patterns("theme_cues")} <= set(theme_labels())


def test_find_themes_matches_labels_in_any_case() -> None:
    assert passage_themes("The cluster signed an Information-Sharing Protocol.") == [
        ["information-sharing"]
    ]


def test_find_themes_matches_acronyms_in_exact_case_only() -> None:
    assert passage_themes("Survivors of GBV need referral pathways.") == [["gender-based-violence"]]
    assert passage_themes("The word gbv in lower case is no acronym.") == []


def test_find_themes_matches_cue_patterns() -> None:
    assert passage_themes("UNHCR shared the information with the civil-military unit.") == [
        ["information-sharing", "civil-military-coordination"]
    ]


def test_find_themes_ignores_one_word_labels_shared_with_other_themes() -> None:
    # "Analysis" is the CMCoord task area's label, but also a word of "protection analysis".
    assert passage_themes("The analysis was finished late.") == []


def test_find_themes_gives_statements_the_themes_inside_their_span() -> None:
    extraction = extract(
        "The cluster ran joint trainings last year. Missions should strengthen early "
        "warning systems."
    )
    (statement,) = [s for s in extraction.statements if s.kind is StatementKind.RECOMMENDATION]
    assert statement.themes == ["early-warning"]
    assert list(extraction.passage_themes.values()) == [["training", "early-warning"]]
