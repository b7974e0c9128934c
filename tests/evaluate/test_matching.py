"""The matching rules, one behaviour at a time, with scores worked out by hand."""

from __future__ import annotations

import pytest

from pockg.evaluate.gold import GoldCitation, GoldEntity, GoldStatement
from pockg.evaluate.matching import (
    Span,
    framework_keys,
    greedy_match,
    match_citations,
    match_entities,
    match_frameworks,
    match_resolutions,
    match_statements,
    name_key,
    norm,
    role_agrees,
    span_score,
    title_score,
    token_f1,
    years_agree,
)
from pockg.evaluate.predictions import PredictedEntity, PredictedStatement


def entity(*names: str) -> PredictedEntity:
    return PredictedEntity(f"urn:x:{names[0]}", names)


def statement(text: str) -> PredictedStatement:
    return PredictedStatement(f"urn:s:{text}", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Donors<sup>12</sup> must   act", "donors must act"),
        ("the Council¹² decided", "the council decided"),
        ("see [the guidance](#g1) now", "see the guidance now"),
        ("**Uncoordinated** engagement*", "uncoordinated engagement"),
        (
            "\u201cdo no harm\u201d \u2013 OCHA\u2019s view \u2014 ok",
            '"do no harm" - ocha\'s view - ok',
        ),
        ("  Line\nbreak\tand  tabs ", "line break and tabs"),
    ],
)
def test_norm_matches_the_gold_validator(text: str, expected: str) -> None:
    assert norm(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Global Protection Cluster", "global protection cluster"),
        ("U.S. Department of Defense", "us department of defense"),
        ("UN-CMCoord", "un cmcoord"),
        ("DPKO/DFS", "dpko dfs"),
        ("Beadle & Kjeksrud, 2014", "beadle kjeksrud 2014"),
        ("Theatre of operations", "theatre of operations"),
        ("Office of the High Commissioner", "office of the high commissioner"),
        ("ICRC \u201cegg\u201d model", "icrc egg model"),
    ],
)
def test_name_key_case_folds_strips_punctuation_and_a_leading_the(name: str, expected: str) -> None:
    assert name_key(name) == expected


def test_token_f1_counts_shared_tokens_over_both_lengths() -> None:
    # 3 shared tokens, 5 + 5 tokens: 2 * 3 / 10
    assert token_f1(Span.of("a b c d e"), Span.of("a b c x y")) == 0.6


def test_span_matches_at_token_f1_of_exactly_0_6() -> None:
    gold = Span.of("alpha beta gamma delta epsilon")
    # 3 of 5 tokens shared, 5 predicted: F1 = 6/10 = 0.6, the threshold itself
    assert span_score(Span.of("alpha beta gamma zeta eta"), gold) == 0.6


def test_span_does_not_match_just_below_token_f1_0_6() -> None:
    gold = Span.of("alpha beta gamma delta epsilon")
    # 3 of 5 tokens shared, 6 predicted: F1 = 6/11 = 0.545
    assert span_score(Span.of("alpha beta gamma zeta eta theta"), gold) is None


def test_span_matches_by_containment_either_way_whatever_the_f1() -> None:
    sentence = Span.of("Clusters should share analysis.")
    paragraph = Span.of(
        "Clusters should share analysis. Missions should listen to them, every week, always."
    )
    # 4 shared tokens, 4 + 12 tokens: F1 = 8/16, below 0.6, yet one contains the other
    assert span_score(paragraph, sentence) == 0.5
    assert span_score(sentence, paragraph) == 0.5


def test_span_matching_ignores_footnote_marks_and_emphasis() -> None:
    gold = Span.of("Donors must fund the <sup>3</sup> coordinators.")
    assert span_score(Span.of("**Donors must fund the coordinators.**"), gold) == 1.0


def test_empty_span_never_matches() -> None:
    assert span_score(Span.of("  "), Span.of("anything")) is None


def test_greedy_match_takes_the_best_pair_first_and_uses_each_side_once() -> None:
    scores = {(0, 0): 0.56, (1, 0): 0.76, (1, 1): 0.9}
    # gold 1 takes prediction 1 (0.9); prediction 0 then goes to gold 0 (0.56)
    assert greedy_match(2, 2, lambda g, p: scores.get((g, p))) == {1: 1, 0: 0}


def test_one_prediction_cannot_match_two_gold_items() -> None:
    golds = [
        GoldStatement(("Protection Clusters should engage early with missions.",)),
        GoldStatement(("The Security Council should renew the mandate with clear language.",)),
    ]
    paragraph = statement(
        "Protection Clusters should engage early with missions. "
        "The Security Council should renew the mandate with clear language."
    )
    # both gold sentences are contained; the one with the higher token F1 (the second,
    # 10 of 17 tokens: 20/27 against 14/24) takes the only prediction
    assert match_statements(golds, [paragraph]) == {1: 0}


def test_statement_matches_any_of_its_gold_spans() -> None:
    gold = GoldStatement(("First sentence here.", "The database was shared widely."))
    assert match_statements([gold], [statement("The database was shared widely.")]) == {0: 0}


def test_statement_matching_honours_an_extra_condition() -> None:
    golds = [GoldStatement(("Same text.",))]
    assert match_statements(golds, [statement("Same text.")], lambda g, p: False) == {}


def test_entity_matches_on_any_name_against_label_or_alias() -> None:
    golds = [
        GoldEntity("Office for the Coordination of Humanitarian Affairs", ("OCHA",)),
        GoldEntity("Global Protection Cluster", ("GPC",)),
    ]
    predictions = [entity("the Global Protection Cluster"), entity("ocha"), entity("UNHCR")]
    assert match_entities(golds, predictions) == {0: 1, 1: 0}


def test_entity_prefers_the_gold_item_sharing_more_names() -> None:
    golds = [GoldEntity("OCHA"), GoldEntity("OCHA Civil-Military Coordination Service", ("OCHA",))]
    predicted = [entity("OCHA", "OCHA Civil-Military Coordination Service")]
    # overlap 1/2 with the first, 2/2 with the second
    assert match_entities(golds, predicted) == {1: 0}


def test_mission_matches_by_acronym_among_its_names() -> None:
    golds = [GoldEntity("MINUSMA"), GoldEntity("UNAMA")]
    predicted = [entity("United Nations Assistance Mission in Afghanistan", "UNAMA")]
    assert match_entities(golds, predicted) == {1: 0}


def test_resolution_matches_by_number_only() -> None:
    predicted = [entity("2344"), entity("1894")]
    assert match_resolutions(["1894", "1612"], predicted) == {0: 1}


def test_title_similarity_threshold_is_0_85() -> None:
    gold = ["Handbook for the Protection of Internally Displaced Persons"]
    # 8 gold tokens; one extra token: 8/9 = 0.889; two extra: 8/10 = 0.8
    assert title_score([gold[0] + ", 2010"], gold) == pytest.approx(8 / 9)
    assert title_score([gold[0] + " (Global Cluster)"], gold) is None


def test_citation_only_items_match_when_one_token_set_holds_the_other() -> None:
    gold = ["Beadle & Kjeksrud, 2014"]
    assert title_score(["Beadle and Kjeksrud 2014"], gold) is None
    assert title_score(["Beadle and Kjeksrud 2014"], gold, lenient=True) == 0.75


def test_citation_needs_the_same_year_when_both_have_one() -> None:
    gold = [GoldCitation("Professional Standards for Protection Work", (), (2018,), False)]
    title = "Professional Standards for Protection Work"
    assert match_citations(gold, [PredictedEntity("urn:d", (title,), years=(2009,))]) == {}
    assert match_citations(gold, [PredictedEntity("urn:d", (title,), years=())]) == {0: 0}
    assert match_citations(gold, [PredictedEntity("urn:d", (title,), years=(2018,))]) == {0: 0}


def test_citation_matches_through_a_gold_alias() -> None:
    gold = [GoldCitation("Diagnostic Tool and Guidance", ("GPC Diagnostic Tool",), (2013,), False)]
    predicted = [PredictedEntity("urn:d", ("Diagnostic tool", "GPC Diagnostic Tool"))]
    assert match_citations(gold, predicted) == {0: 0}


def test_years_agree_when_either_side_has_none() -> None:
    assert years_agree([], [2013])
    assert years_agree([2018, 2019], [2019])
    assert not years_agree([2012], [2013])


def test_framework_keys_include_the_text_without_brackets_and_the_bracketed_part() -> None:
    assert framework_keys("International Humanitarian Law (IHL)") == {
        "international humanitarian law ihl",
        "international humanitarian law",
        "ihl",
    }


def test_related_frameworks_match_one_to_one_by_name() -> None:
    gold = ["Monitoring and Reporting Mechanism (MRM)", "Security Council resolution 2344"]
    predicted = [("MRM",), ("International Humanitarian Law", "IHL")]
    assert match_frameworks(gold, predicted) == {0: 0}


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        (
            ["Coordinator of the Protection Cluster in Mali"],
            "Coordinator, Protection Cluster",
            False,
        ),
        (
            ["Coordinator of the Protection Cluster in Mali"],
            "coordinator of the protection cluster",
            True,
        ),
        (["Head"], "Head of Policy Advice and Planning Section", True),
        ([], "author", False),
        (["author"], "", False),
    ],
)
def test_role_agrees_by_normalised_containment(
    predicted: list[str], gold: str, expected: bool
) -> None:
    assert role_agrees(predicted, gold) is expected
