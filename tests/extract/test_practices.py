"""Field practices: actions done or in place in a country (eval/gold/README.md, section 2.10)."""

from __future__ import annotations

import pytest

from pockg.extract.gazetteer import load_gazetteer
from pockg.models import Statement, StatementKind
from tests.extract.test_recommendations import corpus, match, norm, of_kind, ref, statements


def practices(markdown: str) -> list[Statement]:
    return statements(markdown, StatementKind.FIELD_PRACTICE)


def located(markdown: str) -> list[tuple[str, list[str]]]:
    return [(p.text, [c.key for c in p.countries]) for p in practices(markdown)]


def test_find_field_practices_takes_the_country_named_in_the_sentence() -> None:
    text = "In Mali, UNICEF and local committees identified more than 500 serious violations."
    (found,) = practices(text)
    assert (found.text, found.countries, found.actors) == (text, [ref("Mali")], [ref("UNICEF")])


def test_find_field_practices_locates_a_mission_in_its_country() -> None:
    text = "UNAMA established an electronic database to record civilian casualties."
    assert located(text) == [(text, ["afg"])]


def test_find_field_practices_gives_one_statement_per_country() -> None:
    text = "As of June 2013, UNAMID, UNMISS and UNOCI have mission-wide PoC strategies."
    assert located(text) == [(text, ["sdn"]), (text, ["ssd"]), (text, ["civ"])]


def test_find_field_practices_takes_the_country_of_the_section_heading() -> None:
    markdown = (
        "# Lessons\n\n## IRAQ\n\n"
        "The unit conducted 250 field missions and engaged with field commanders.\n"
    )
    assert located(markdown) == [
        ("The unit conducted 250 field missions and engaged with field commanders.", ["irq"])
    ]


def test_find_field_practices_takes_the_country_of_an_earlier_sentence() -> None:
    markdown = (
        "Nigeria is a difficult context for humanitarians. The protection sector has undertaken "
        "a series of trainings with the national military.\n"
    )
    assert located(markdown)[-1] == (
        "The protection sector has undertaken a series of trainings with the national military.",
        ["nga"],
    )


def test_find_field_practices_keeps_systems_named_as_examples() -> None:
    text = (
        "Monitor systems designed for tracking civilian casualties "
        "(e.g. UNAMA Civilian Casualty Recording)."
    )
    assert located(text) == [(text, ["afg"])]


def test_find_field_practices_records_the_outcome_and_the_instruments() -> None:
    (found,) = practices(
        "In Afghanistan, UNAMA engagement under the Monitoring and Reporting Mechanism led to "
        "a reduction in civilian casualties."
    )
    assert found.outcome == (
        "UNAMA engagement under the Monitoring and Reporting Mechanism led to a reduction in "
        "civilian casualties"
    )
    assert found.instruments == [ref("Monitoring and Reporting Mechanism")]
    assert found.actors == [ref("UNAMA")]


def test_find_field_practices_takes_an_outcome_from_the_next_sentence() -> None:
    markdown = (
        "In Afghanistan, a working group of the cluster and UNAMA shared information. "
        "The result was better protection outcomes.\n"
    )
    assert practices(markdown)[0].outcome == "The result was better protection outcomes."


@pytest.mark.parametrize(
    "text",
    [
        "In Mali, the cluster will train local committees next year.",
        "In Mali, the cluster plans to train local committees.",
        "In Mali, the cluster should train local committees.",
        "Train local committees in Mali.",
        "Did the cluster in Mali train local committees?",
        "The context in Mali and in the Sahel is of great concern.",
        "In Mali, the cluster did not train local committees.",
        "UNSOM, UNMISS, UNAMID, MINUSCA, MONUSCO and MINUSMA work with CMCoord officers.",
        "The cluster trained local committees to identify violations.",
    ],
    ids=[
        "future",
        "plan",
        "modal",
        "imperative",
        "question",
        "threat",
        "negated",
        "inventory",
        "no-country",
    ],
)
def test_find_field_practices_ignores_what_is_not_a_practice_in_a_country(text: str) -> None:
    assert practices(text) == []


def test_find_field_practices_merges_the_sentences_that_support_a_practice() -> None:
    markdown = (
        "In Mali, the Protection Cluster set up a network of local committees. They share "
        "flash alerts with the cluster when villages are threatened. As a result, MINUSMA "
        "patrols reached villages sooner.\n"
    )
    (found,) = practices(markdown)
    assert (found.text, found.countries) == (markdown.strip(), [ref("Mali")])
    assert found.outcome == "As a result, MINUSMA patrols reached villages sooner."
    assert ref("MINUSMA") in found.actors


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "In Afghanistan, UNAMA engagement with the air force led to a reduction in civilian "
            "casualties. Similar engagement with armed groups led to a reduction in IED "
            "incidents.",
            [
                "In Afghanistan, UNAMA engagement with the air force led to a reduction in "
                "civilian casualties.",
                "Similar engagement with armed groups led to a reduction in IED incidents.",
            ],
        ),
        (
            "In the DRC, MONUSCO deployed Joint Protection Teams with the police. The "
            "Protection Cluster has developed a prioritisation matrix.",
            [
                "In the DRC, MONUSCO deployed Joint Protection Teams with the police.",
                "The Protection Cluster has developed a prioritisation matrix.",
            ],
        ),
        (
            "In Mali, community networks identified 500 violations against children. In Gao, "
            "for example, five networks identified 100 children associated with armed groups.",
            [
                "In Mali, community networks identified 500 violations against children.",
                "In Gao, for example, five networks identified 100 children associated with "
                "armed groups.",
            ],
        ),
        (
            "In Mali, the cluster trained local committees. The committees identified 500 "
            "violations. Challenges to this system remain, including insecurity. They also "
            "referred cases to MINUSMA.",
            [
                "In Mali, the cluster trained local committees. The committees identified 500 "
                "violations."
            ],
        ),
    ],
    ids=["new-item", "new-named-actor", "new-place", "obstacle-ends-it"],
)
def test_find_field_practices_starts_another_practice_where_the_text_does(
    markdown: str, expected: list[str]
) -> None:
    assert [p.text for p in practices(markdown)] == expected


@pytest.mark.parametrize(
    "markdown",
    [
        "In Mali, the establishment of protection working groups was noted as good practice.",
        "In Mali, the humanitarian community is a diverse group.",
        "This guidance note was drafted by OCHA with inputs from its office in Mali.",
        "In Mali, the activities of the cluster include monitoring and referral.",
        "# Report\n\nStrategies employed by the Protection Cluster in Mali",
        "Coordination in Mali has been weak. This is now changing as the cluster has a new team.",
        "In Mali, several organisations are cataloguing these examples.",
        "In Mali, clear indicators are needed for the cluster's monitoring.",
        "Please send examples from Mali to the Protection Cluster.",
        "Frameworks evolved after the failures of the international response in Rwanda. "
        "UNHCR later trained military officers on protection.",
    ],
    ids=[
        "talk",
        "state",
        "text-describing-itself",
        "inventory",
        "title",
        "pointing-back",
        "unnamed-few",
        "need",
        "request",
        "country-named-in-passing",
    ],
)
def test_find_field_practices_ignores_narrative_and_background(markdown: str) -> None:
    assert practices(markdown + "\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "In Afghanistan one approach has been to identify an NGO close to the armed group and "
        "work through it.",
        "There have been successes in Afghanistan in using casualty data with the mission.",
    ],
    ids=["approach", "successes"],
)
def test_find_field_practices_keeps_practices_told_with_be(text: str) -> None:
    assert located(text) == [(text, ["afg"])]


def test_find_field_practices_takes_the_place_a_sentence_opens_on() -> None:
    text = (
        "In the US context, an airstrike on a hospital in Kunduz, Afghanistan prompted "
        "InterAction members to review US policy."
    )
    assert located(text) == [(text, ["usa"])]


def test_find_field_practices_makes_a_repeated_practice_once() -> None:
    paragraph = (
        "In CAR, the Protection Cluster set up a working group chaired by the mission. The "
        "group brings together military actors and {}protection partners.\n\n"
    )
    markdown = paragraph.format("") + paragraph.format("the ")
    assert [p.text for p in practices(markdown)] == [paragraph.format("").strip()]


def test_corpus_field_practices_meet_the_gold_targets() -> None:
    gazetteer = load_gazetteer()
    found_total = right_country = gold_total = predicted_total = 0
    for gold, extraction in corpus():
        found = of_kind(extraction, StatementKind.FIELD_PRACTICE)
        items = gold["field_practices"]
        variants = [
            [norm(p["evidence"]), *map(norm, p.get("additional_evidence", []))]
            + ([norm(p["outcome"])] if p.get("outcome") else [])
            for p in items
        ]
        countries = [gazetteer.lookup(p["country"]) for p in items]
        refs = [entry.ref if entry else None for entry in countries]

        def agrees(predicted: int, wanted: int) -> bool:
            return refs[wanted] in found[predicted].countries  # noqa: B023 (used at once)

        matched = match([norm(s.text) for s in found], variants, agrees)
        right_country += sum(agrees(p, g) for p, g in matched.items())
        found_total, gold_total = found_total + len(matched), gold_total + len(items)
        predicted_total += len(found)
    assert found_total / gold_total >= 0.90  # recall (measured 0.98)
    assert right_country / found_total >= 0.90  # right country (measured 1.00)
    assert right_country / predicted_total >= 0.70  # precision (measured 0.79)


def test_missions_deployed_elsewhere_are_not_actors_of_a_country_practice() -> None:
    text = "As of June 2013, UNMISS and UNOCI have mission-wide PoC strategies."
    by_country = {p.countries[0].key: [a.key for a in p.actors] for p in practices(text)}
    assert by_country == {"ssd": ["unmiss"], "civ": ["unoci"]}
