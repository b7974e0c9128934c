"""Documents a text cites: reference lists, footnotes and titles in text (README, 2.6).

The corpus figure uses the README's rule for documents: a predicted title matches a gold title
(or alias) when their token sets are similar enough; here, strictly, when the shared tokens are
at least 85% of the longer title's.
"""

from __future__ import annotations

from pockg.models import Entity, EntityRef, EntityType
from tests.extract.test_organisations import corpus, extract, norm

DOCUMENTS = (EntityType.DOCUMENT,)


def cited(markdown: str) -> dict[str, tuple[str | None, str | None]]:
    """Return each cited document by label, with its title and year attributes."""
    found = extract(markdown)
    return {
        d.label: (d.attributes.get("title"), d.attributes.get("year")) for d in found.of(DOCUMENTS)
    }


def test_citations_reference_entries_in_the_usual_orders() -> None:
    found = cited(
        "# References\n\n"
        "- OCHA, Foreign Military Assets in Support of Operations: What Is Last Resort? (2012)\n"
        "- GPC: Thematic Round-table on “Humanitarian Access under Constraints”, 7 November 2012\n"
        "- Protection Policy, ICRC, 2008 (http://www.icrc.org/policy.pdf)\n"
        "- United Nations Gender Guidelines for Mine Action Programmes UNMAS (2019)\n"
        "- Metcalfe, Giffen and Elhawary, UN Integration and Humanitarian Space (2011)\n"
    )
    assert found == {
        "Foreign Military Assets in Support of Operations: What Is Last Resort?": (
            "Foreign Military Assets in Support of Operations: What Is Last Resort?",
            "2012",
        ),
        "Thematic Round-table on “Humanitarian Access under Constraints”": (
            "Thematic Round-table on “Humanitarian Access under Constraints”",
            "2012",
        ),
        "Protection Policy": ("Protection Policy", "2008"),
        "United Nations Gender Guidelines for Mine Action Programmes": (
            "United Nations Gender Guidelines for Mine Action Programmes",
            "2019",
        ),
        "UN Integration and Humanitarian Space": ("UN Integration and Humanitarian Space", "2011"),
    }


def test_citations_key_is_the_normalised_title_and_year_and_the_mention_its_span() -> None:
    found = extract("# References\n\n- ICRC, Professional Standards for Protection Work (2013)\n")
    document = found.entity("Professional Standards for Protection Work", DOCUMENTS)
    assert document.ref == EntityRef(
        EntityType.DOCUMENT, "professional standards for protection work 2013"
    )
    assert found.where(document.ref) == [(1, 6, 48, "Professional Standards for Protection Work")]


def test_citations_in_footnotes_and_running_text() -> None:
    found = cited(
        "See the IASC Policy on Protection in Humanitarian Action (2016) and ‘Discussion Paper "
        "on Humanitarian Interaction with National Militaries’ (Nov 2014).\n\n"
        "¹ Results-Based Protection: Protection Outcomes. InterAction. 2013.\n"
    )
    assert found == {
        "IASC Policy on Protection in Humanitarian Action": (
            "IASC Policy on Protection in Humanitarian Action",
            "2016",
        ),
        "Discussion Paper on Humanitarian Interaction with National Militaries": (
            "Discussion Paper on Humanitarian Interaction with National Militaries",
            "2014",
        ),
        "Results-Based Protection: Protection Outcomes": (
            "Results-Based Protection: Protection Outcomes",
            "2013",
        ),
    }


def test_citations_author_year_citation_has_no_title() -> None:
    found = cited("Six metrics were suggested (Beadle & Kjeksrud, 2014).")
    assert found == {"Beadle & Kjeksrud, 2014": ("Beadle & Kjeksrud, 2014", "2014")}


def test_citations_resolutions_bodies_of_law_and_prose_are_not_documents() -> None:
    found = cited(
        "# References\n\n"
        "- Security Council resolutions 1265 (1999) and 1296 (2000) on protection of civilians\n"
        "- Human Rights Law\n"
        "- All of the above documents are available at: https://example.org\n"
    )
    assert found == {}


def title_matches(document: Entity, titles: list[str]) -> bool:
    """Return whether the document's title shares 85% of its tokens with a gold title."""
    own = [set(norm(t).split()) for t in (document.label, *document.aliases)]
    gold = [set(norm(t).split()) for t in titles]
    return any(len(a & b) >= 0.85 * max(len(a), len(b)) for a in own for b in gold if a and b)


def test_corpus_documents_cited_are_found() -> None:
    hits = total = 0
    for extraction, gold in corpus().values():
        documents = [e for e in extraction.entities.values() if e.ref.type is EntityType.DOCUMENT]
        for item in gold["other_documents_cited"]:
            titles = [item["title"], *item.get("aliases", [])]
            hits += any(title_matches(d, titles) for d in documents)
            total += 1
    assert hits / total >= 0.75


def test_two_editions_of_a_work_are_two_documents_and_a_bare_title_takes_its_year() -> None:
    found = extract(
        "# References\n\n"
        "- OCHA, UN-CMCoord Field Handbook (2015)\n"
        "- OCHA, UN-CMCoord Field Handbook (2018)\n"
        "- ICRC, Professional Standards for Protection Work (2013)\n\n"
        "# Text\n\nSee the Professional Standards for Protection Work for details.\n"
    )
    keys = {e.ref.key for e in found.of(DOCUMENTS)}
    assert {"un cmcoord field handbook 2015", "un cmcoord field handbook 2018"} <= keys
    assert "professional standards for protection work" not in keys
