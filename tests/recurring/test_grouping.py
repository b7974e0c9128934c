"""Grouping near-identical recommendations (`pockg.recurring`) on hand-written texts."""

from __future__ import annotations

import random

from pockg.recurring import (
    THRESHOLD,
    RecommendationRecord,
    Similarity,
    content_words,
    recurring_groups,
)


def rec(key: str, text: str, doc: str, year: int | None, *themes: str) -> RecommendationRecord:
    return RecommendationRecord(f"urn:rec:{key}", text, doc, year, themes)


# Recommendations of four documents; most open with the same "The Protection Cluster
# should" boilerplate, as the corpus's recommendations do.
PROTOCOL_2013 = rec(
    "protocol-2013",
    "The Protection Cluster should agree an information-sharing protocol with the mission "
    "that protects the confidentiality of victims and witnesses.",
    "gpc-2013",
    2013,
    "information-sharing",
)
PROTOCOL_2020 = rec(
    "protocol-2020",
    "Agree a protocol for information sharing with the mission, protecting the "
    "confidentiality of victims and witnesses.",
    "gpc-2020",
    2020,
    "information-sharing",
    "confidentiality",
)
TRAINING = rec(
    "training",
    "The Protection Cluster should ensure that the mission trains its troops on child protection.",
    "gpc-2013",
    2013,
)
ASSESSMENTS = rec(
    "assessments",
    "The Protection Cluster should ensure that the mission shares its security assessments "
    "with humanitarian partners.",
    "gpc-2020",
    2020,
)
BACKGROUND = [
    rec("mapping", "The Protection Cluster should map the armed groups.", "gpc-2016", 2016),
    rec(
        "detention",
        "The Protection Cluster should advocate with the host government for the release of "
        "detained children.",
        "gpc-2016",
        2016,
    ),
    rec("access", "Humanitarian actors should negotiate access with parties.", "ocha-2020", 2020),
    rec("funding", "Donors should fund community-based protection networks.", "ocha-2020", 2020),
]
CORPUS = [PROTOCOL_2013, PROTOCOL_2020, TRAINING, ASSESSMENTS, *BACKGROUND]


def test_content_words_drop_function_words_cues_and_footnote_marks() -> None:
    words = content_words("The Cluster should ensure information-sharing with the mission.¹⁵")
    assert words == ["cluster", "inform", "share", "mission"]


def test_content_words_are_stemmed() -> None:
    assert content_words("sharing") == content_words("shared") == ["share"]


def test_paraphrases_across_years_group_with_their_history() -> None:
    [group] = recurring_groups(CORPUS)
    assert group.members == (PROTOCOL_2013, PROTOCOL_2020)
    assert group.years == (2013, 2020)
    assert group.documents == ("gpc-2013", "gpc-2020")
    assert group.themes == ("confidentiality", "information-sharing")
    assert group.representative == PROTOCOL_2013  # two members tie: the earliest


def test_shared_boilerplate_does_not_make_two_recommendations_one() -> None:
    similarity = Similarity(CORPUS)
    assert similarity.between(TRAINING.iri, ASSESSMENTS.iri) < THRESHOLD
    grouped = {m.iri for g in recurring_groups(CORPUS) for m in g.members}
    assert TRAINING.iri not in grouped and ASSESSMENTS.iri not in grouped


def test_two_shared_rare_words_are_a_topic_not_a_repeat() -> None:
    first = rec("a", "Context-specific guidance.", "doc-a", 2017)
    second = rec("b", "It always needs to be context-specific.", "doc-b", 2020)
    assert Similarity([first, second, *BACKGROUND]).between(first.iri, second.iri) == 0.0


def test_same_document_duplicates_are_one_voice() -> None:
    again = rec("protocol-2013-again", PROTOCOL_2013.text, "gpc-2013", 2013)
    records = [PROTOCOL_2013, again, TRAINING, ASSESSMENTS, *BACKGROUND]
    assert recurring_groups(records) == []
    [group] = [g for g in recurring_groups(records, min_documents=1) if len(g.members) > 1]
    assert group.members == (PROTOCOL_2013, again)
    assert group.documents == ("gpc-2013",)


def test_a_duplicate_in_one_document_joins_the_history_but_counts_once() -> None:
    again = rec("protocol-2013-again", PROTOCOL_2013.text, "gpc-2013", 2013)
    [group] = recurring_groups([*CORPUS, again], min_documents=2)
    assert group.members == (PROTOCOL_2013, again, PROTOCOL_2020)
    assert group.documents == ("gpc-2013", "gpc-2020")
    assert group.representative in (PROTOCOL_2013, again)
    assert recurring_groups([*CORPUS, again], min_documents=3) == []


def test_average_link_does_not_chain_neighbours_of_neighbours() -> None:
    """Dialogue overlaps escorts and escorts overlaps evacuations, but dialogue and
    evacuations share nothing: single link would make one group of the three."""
    dialogue = rec(
        "dialogue",
        "Sustain dialogue with armed forces about civilian harm near convoys.",
        "doc-a",
        2011,
    )
    escorts = rec(
        "escorts",
        "Armed escorts of convoys cause civilian harm; use escorts only as a last resort.",
        "doc-b",
        2013,
    )
    evacuation = rec(
        "evacuation",
        "Plan medical evacuation only as a last resort, using escorts of the mission.",
        "doc-c",
        2020,
    )
    records = [dialogue, escorts, evacuation, *BACKGROUND]
    similarity = Similarity(records)
    assert similarity.between(dialogue.iri, escorts.iri) >= THRESHOLD
    assert similarity.between(escorts.iri, evacuation.iri) >= THRESHOLD
    assert similarity.between(dialogue.iri, evacuation.iri) < THRESHOLD
    groups = recurring_groups(records)
    assert [len(g.members) for g in groups] == [2]


def test_grouping_is_deterministic_whatever_the_input_order() -> None:
    expected = recurring_groups(CORPUS)
    shuffled = list(CORPUS)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert recurring_groups(shuffled) == expected
        assert Similarity(shuffled).pairs(0.0) == Similarity(CORPUS).pairs(0.0)


def test_records_without_a_year_come_last_in_the_history() -> None:
    undated = rec("protocol-undated", PROTOCOL_2020.text, "undated-note", None)
    [group] = recurring_groups([*CORPUS, undated])
    assert group.members[-1] == undated
    assert group.years == (2013, 2020)
