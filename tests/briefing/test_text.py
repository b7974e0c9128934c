"""The small text rules of briefings: sentences, names, cues and recurring recommendations."""

from __future__ import annotations

from pockg.briefing.recommendations import group_recurring
from pockg.briefing.statements import Source, Statement
from pockg.briefing.text import HARM, NameMatcher, is_question, sentences


def statement(iri: str, text: str) -> Statement:
    return Statement(iri, text, Source(passage=f"{iri}-p", document="d", title="T"))


def test_sentences_are_cut_verbatim_past_abbreviations_and_footnote_marks() -> None:
    text = (
        "Officers work with missions (e.g. MINUSMA). The protocol should ensure the highest "
        "standard.¹⁵ Mr. White agreed. What next?"
    )
    assert sentences(text) == [
        "Officers work with missions (e.g. MINUSMA).",
        "The protocol should ensure the highest standard.¹⁵",
        "Mr. White agreed.",
        "What next?",
    ]
    assert sentences("First line\nSecond line.") == ["First line", "Second line."]


def test_questions_and_harm_cues() -> None:
    assert is_question("How do we continue to strengthen self-protection?")
    assert not is_question("They asked how.")
    assert HARM.search("including kidnaping, forced recruitment, sexual violence")
    assert HARM.search("The context in Mali is of great concern")
    assert not HARM.search("Partners strengthened their analysis and monitoring systems.")


def test_name_matcher_prefers_the_longest_name_and_keeps_acronyms_exact() -> None:
    matcher = NameMatcher(
        {
            "sdn": ["Sudan", "the Sudan"],
            "ssd": ["South Sudan"],
            "cod": ["Democratic Republic of the Congo", "DRC"],
        }
    )
    assert matcher.find("SOUTH SUDAN") == {"ssd"}
    assert matcher.find("UNAMID (Darfur/Sudan) and South Sudan") == {"sdn", "ssd"}
    assert matcher.find("DRC Protection Cluster") == {"cod"}
    assert matcher.find("drc") == set()
    assert matcher.find("Sudanese refugees") == set()


def test_name_matcher_gives_the_end_of_each_name_in_order() -> None:
    matcher = NameMatcher({"mli": ["Mali"], "cod": ["DRC"], "tur": ["İstanbul"]})
    # "İ" lower-cases to two characters; the offsets still count the text's own.
    assert matcher.spans("İstanbul, Mali and the DRC; Malian and drc are not names.") == [
        (8, {"tur"}),
        (14, {"mli"}),
        (26, {"cod"}),
    ]
    assert matcher.spans("mali_2020 and 2020mali") == []


def test_recurring_recommendations_are_grouped_and_distinct_ones_are_not() -> None:
    items = [
        statement(
            "a",
            "Supporting community-based and grassroots mechanisms should be at the core of any "
            "protection of civilians' strategy.",
        ),
        statement("b", "We know what we can and should do."),
        statement("c", "We should never do that."),
    ]
    pool = [
        statement(
            "d",
            "In addition, community-based and grassroots self-protection mechanisms should be at "
            "the core of protection of civilians' strategies.",
        ),
        statement("e", "For actors to engage with us they must understand who we are."),
    ]
    groups = group_recurring(items, pool)
    assert [[s.iri for s in group] for group in groups] == [["a", "d"], ["b"], ["c"]]


def test_pool_statements_never_join_two_groups_or_stand_alone() -> None:
    items = [
        statement("a", "share protection analysis with missions"),
        statement("b", "train peacekeepers on IHL"),
    ]
    pool = [statement("c", "share protection analysis with missions and train peacekeepers on IHL")]
    assert [[s.iri for s in g] for g in group_recurring(items, pool, threshold=0.3)] == [
        ["a", "c"],
        ["b"],
    ]
    assert group_recurring([], pool) == []
