"""Tools, mechanisms and frameworks named in a text (eval/gold/README.md, section 2.7)."""

from __future__ import annotations

from pockg.models import EntityRef, EntityType
from tests.extract.test_organisations import extract, label_and_aliases, reference_ref, scores

INSTRUMENTS = (EntityType.TOOL, EntityType.FRAMEWORK)


def test_instruments_acronym_defined_once_is_found_in_every_block() -> None:
    found = extract(
        "The Joint Incident Tracking System (JITS) records incidents.\n\n"
        "Staff share the JITS weekly."
    )
    system = found.entity("Joint Incident Tracking System", INSTRUMENTS)
    assert system.ref == EntityRef(EntityType.TOOL, "joint incident tracking system")
    assert system.aliases == {"JITS"}
    assert found.where(system.ref) == [
        (0, 4, 34, "Joint Incident Tracking System"),
        (0, 36, 40, "JITS"),
        (1, 16, 20, "JITS"),
    ]


def test_instruments_named_by_a_capitalised_head_noun() -> None:
    found = extract(
        "Staff use the Civil Protection Field Handbook and the Community Engagement Toolkit."
    )
    handbook = found.entity("Civil Protection Field Handbook", INSTRUMENTS)
    assert (handbook.ref.type, handbook.subtype) == (EntityType.TOOL, "Handbook")
    assert found.where(handbook.ref) == [(0, 14, 45, "Civil Protection Field Handbook")]
    assert found.entity("Community Engagement Toolkit", INSTRUMENTS).subtype == "Tool"


def test_instruments_acronym_followed_by_its_head_noun() -> None:
    found = extract("They applied the Rapid Protection Assessment (RPA) tool in two districts.")
    tool = found.entity("Rapid Protection Assessment tool", INSTRUMENTS)
    assert tool.aliases == {"RPA", "Rapid Protection Assessment (RPA) tool"}
    assert found.where(tool.ref) == [(0, 17, 55, "Rapid Protection Assessment (RPA) tool")]


def test_instruments_acronym_followed_by_a_preposition_takes_no_head() -> None:
    # From the GPC forum note: "(MRM) on children" is not an instrument called "... on".
    found = extract(
        "The monitoring and reporting mechanism (MRM) on children affected by armed conflict "
        "was established in 2005."
    )
    labels = {e.label for e in found.of(INSTRUMENTS)}
    assert not any(label.lower().endswith(" on") for label in labels), labels
    assert "monitoring and reporting mechanism" in {label.lower() for label in labels}


def test_instruments_reference_names_keep_their_reference_identity() -> None:
    found = extract("The Monitoring and Reporting Mechanism (MRM) covers grave violations.")
    assert found.entity("Monitoring and Reporting Mechanism", INSTRUMENTS).ref == reference_ref(
        "MRM"
    )


def test_instruments_cited_guidance_is_a_framework_with_its_issuer_left_out() -> None:
    found = extract(
        "# References\n\n"
        "- OCHA, Handbook on Community Liaison (2015) http://example.org/liaison.pdf\n"
        "- OHCHR/DPKO Policy Directive on Field Reporting (2008)\n"
    )
    handbook = found.entity("Handbook on Community Liaison", INSTRUMENTS)
    assert (handbook.ref.key, handbook.subtype) == ("handbook on community liaison", "Handbook")
    assert found.where(handbook.ref) == [(1, 6, 35, "Handbook on Community Liaison")]
    directive = found.entity("Policy Directive on Field Reporting", INSTRUMENTS)
    assert directive.aliases == {"OHCHR/DPKO Policy Directive on Field Reporting"}
    assert directive.subtype == "Policy"


def test_instruments_generic_classes_and_studies_are_not_named_instruments() -> None:
    found = extract(
        "Early warning systems and protection strategies were discussed with the strategy.\n\n"
        "# References\n\n"
        "- ICRC, Study on Customary Humanitarian Rules (2005)\n"
    )
    assert found.of(INSTRUMENTS) == []


def test_instruments_name_cut_by_lower_case_words_is_not_recorded() -> None:
    found = extract("They followed the Field Policy on mainstreaming the protection of children.")
    assert found.of(INSTRUMENTS) == []


def test_instruments_same_name_in_two_documents_is_one_entity() -> None:
    first = extract("The Community Engagement Toolkit was revised.")
    second = extract("Partners used the Community Engagement Toolkit.")
    label = "Community Engagement Toolkit"
    assert first.entity(label, INSTRUMENTS).ref == second.entity(label, INSTRUMENTS).ref


def test_corpus_tools_and_frameworks_reach_the_targets() -> None:
    recall, precision = scores("tools_and_mechanisms", INSTRUMENTS, label_and_aliases)
    assert recall >= 0.80
    assert precision >= 0.75
