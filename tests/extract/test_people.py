"""People named in a text, with their roles and affiliations (eval/gold/README.md, 2.3)."""

from __future__ import annotations

from typing import Any

from pockg.models import EntityRef, EntityType
from tests.extract.test_organisations import extract, norm, reference_ref, scores

PEOPLE = (EntityType.PERSON,)


def facts(markdown: str) -> dict[str, tuple[str | None, list[EntityRef]]]:
    """Return each person found, by name, with their role and affiliations."""
    found = extract(markdown)
    return {
        p.label: (p.attributes.get("role"), p.links.get("affiliation", []))
        for p in found.of(PEOPLE)
    }


def test_people_panel_names_roles_and_affiliations() -> None:
    found = facts(
        "- Moderator: Victoria Metcalfe-Hough, Research Associate, Humanitarian Policy Group, "
        "Overseas Development Institute\n"
        "- Panellists: Ann Lee, Coordinator of the Protection Cluster in Mali; Paul White, Senior "
        "Protection Officer, representing the Protection Cluster in Afghanistan; and Jenny McAvoy, "
        "Director of Protection, InterAction\n"
    )
    assert found == {
        "Victoria Metcalfe-Hough": (
            "Research Associate, Humanitarian Policy Group",
            [reference_ref("Overseas Development Institute")],
        ),
        "Ann Lee": (
            "Coordinator of the Protection Cluster in Mali",
            [EntityRef(EntityType.CLUSTER, "mali protection cluster")],
        ),
        "Paul White": (
            "Senior Protection Officer, representing the Protection Cluster in Afghanistan",
            [EntityRef(EntityType.CLUSTER, "afghanistan protection cluster")],
        ),
        "Jenny McAvoy": ("Director of Protection", [reference_ref("InterAction")]),
    }


def test_people_role_ends_where_the_sentence_goes_on() -> None:
    found = facts("Jane Roe, Head of the Field Liaison Section, UNHCR, spoke first.")
    assert found == {"Jane Roe": ("Head of the Field Liaison Section", [reference_ref("UNHCR")])}


def test_people_role_printed_before_the_name() -> None:
    found = facts(
        "I came across a statement from the first Assistant High Commissioner (Protection) for "
        "UNHCR, Erika Feller from 2006, when the clusters were being rolled out."
    )
    assert found == {
        "Erika Feller": (
            "first Assistant High Commissioner (Protection) for UNHCR",
            [reference_ref("UNHCR")],
        )
    }


def test_people_contacts() -> None:
    found = facts(
        "Contacts OCHA: Dina Abou Samra, abousamrad@un.org, UNHCR: Sam Cheung, cheung@unhcr.org\n\n"
        "Please send feedback to: Michael Marx (marxm@un.org)."
    )
    assert found == {
        "Dina Abou Samra": ("contact", [reference_ref("OCHA")]),
        "Sam Cheung": ("contact", [reference_ref("UNHCR")]),
        "Michael Marx": ("contact", []),
    }


def test_people_authors_of_cited_works_and_their_mentions() -> None:
    found = extract(
        "Six metrics were suggested (Beadle & Kjeksrud, 2014).\n\n"
        "¹ V. Metcalfe, S. Haysom and S. Gordon, Trends and challenges in humanitarian "
        "civil-military coordination, HPG Working Paper (May 2012), p. 26."
    )
    people = {p.label: p for p in found.of(PEOPLE)}
    assert set(people) == {"Beadle", "Kjeksrud", "V. Metcalfe", "S. Haysom", "S. Gordon"}
    assert {p.attributes["role"] for p in people.values()} == {"author"}
    metcalfe = people["V. Metcalfe"]
    assert metcalfe.ref == EntityRef(EntityType.PERSON, "v metcalfe")
    assert found.where(metcalfe.ref) == [(1, 0, 11, "V. Metcalfe")]


def test_people_surname_alone_is_the_initialled_author() -> None:
    found = extract(
        "¹ V. Metcalfe, A. Giffen and S. Elhawary, UN Integration and Humanitarian Space, "
        "(December 2011), p.3\n\n"
        "# References\n\n"
        "- Metcalfe, Giffen and Elhawary, UN Integration and Humanitarian Space (2011)\n"
    )
    giffen = [p for p in found.of(PEOPLE) if "Giffen" in p.label]
    assert [(p.label, p.aliases) for p in giffen] == [("A. Giffen", {"Giffen"})]


def test_people_places_organisations_and_post_holders_are_not_people() -> None:
    found = facts(
        "In Afghanistan, the Protection Cluster met the Secretary-General.\n\n"
        "Opening remarks by the Head of Office, OCHA."
    )
    assert found == {}


def role_names(item: dict[str, Any]) -> set[str]:
    return {norm(item["name"]), *(norm(a) for a in item.get("aliases", []))}


def test_corpus_people_with_roles_reach_the_target() -> None:
    recall, _ = scores("people", PEOPLE, role_names, keep=lambda p: bool(p.attributes.get("role")))
    assert recall >= 0.90
