"""Briefing packs built from the real corpus: what they say, and that every statement is
quoted from the passage it cites. Expected texts are read from the files in `corpus/` and
`ontology/reference/`, never computed with the briefing code."""

from __future__ import annotations

import pytest

from pockg.briefing import BriefingPack, BriefItem, Limits, StoreReader, build_briefing
from pockg.briefing.model import Citation
from pockg.graph.namespace import SPARQL_PREFIXES
from pockg.graph.store import GraphStore
from tests.briefing.conftest import ID_BASE

FORUM_2020 = (
    "Strengthening the Protection of Civilians in armed conflict: the role of Protection "
    "Clusters and operational actors"
)
ROUND_TABLE_2017 = (
    "Civil-Military Coordination for Protection Outcomes: Report of a Global Protection "
    "Cluster Round-Table"
)
DIAGNOSTIC_TOOL_2013 = (
    "Diagnostic Tool and Guidance on the Interaction between field Protection Clusters and UN "
    "Missions"
)
MALI_SPEAKER = (
    "3. Summary of the discussion > Marie-Emilie Dozin, Coordinator of the Protection Cluster "
    "in Mali"
)
# Sections whose items quote a source verbatim (the others state graph facts or name things).
QUOTING = {"concerns", "practices", "recommendations", "challenges", "tools"}


def section(pack: BriefingPack, key: str) -> list[BriefItem]:
    found = [s for s in pack.sections if s.key == key]
    return list(found[0].items) if found else []


def texts(pack: BriefingPack, key: str) -> list[str]:
    return [item.text for item in section(pack, key)]


def texts_and_repeats(pack: BriefingPack, key: str) -> list[str]:
    """Return the texts of a section's items and of the repeats grouped under them."""
    return [i.text for item in section(pack, key) for i in (item, *item.variants)]


def all_items(pack: BriefingPack) -> list[tuple[str, BriefItem]]:
    return [
        (s.key, entry)
        for s in pack.sections
        for item in s.items
        for entry in (item, *item.variants)
    ]


def passage_text(store: GraphStore, passage: str) -> str | None:
    result = store.query(
        SPARQL_PREFIXES + f"SELECT ?text WHERE {{ <{passage}> a pockg:Passage ; pockg:text ?text }}"
    )
    found = [str(row[0]) for row in result]
    return found[0] if found else None


def test_mali_context_names_minusma_and_its_mandating_resolution(
    packs: dict[str, BriefingPack],
) -> None:
    context = section(packs["Mali"], "context")
    mission = next(item for item in context if item.label == "MINUSMA")
    assert (
        "United Nations Multidimensional Integrated Stabilization Mission in Mali" in mission.text
    )
    assert "peacekeeping" in mission.text
    assert "Security Council resolution 2100 (2013)" in mission.text
    assert mission.citations[0].href == "/id/mission/minusma"
    assert mission.citations[0].document_title == "pockg reference data: missions"
    assert "Protection Cluster in Mali" in [item.label for item in context]


def test_mali_context_quotes_the_mission_protection_mandate(
    packs: dict[str, BriefingPack],
) -> None:
    mandate = [
        i.text for i in section(packs["Mali"], "context") if i.group and "mandate" in i.group
    ]
    assert any(
        text.endswith(
            "reach operational partners like MINUSMA who has a mandate to provide "
            "physical protection."
        )
        for text in mandate
    )


def test_mali_pack_reports_harm_practices_and_contacts(packs: dict[str, BriefingPack]) -> None:
    mali = packs["Mali"]
    assert "In Mali, the conflict is driven from the ground, mainly inter-communal violence." in (
        texts(mali, "concerns")
    )
    practice = next(
        item
        for item in section(mali, "practices")
        if item.text == "The MRM Task Force in country is co-led by UNICEF and the MINUSMA."
    )
    assert practice.citations[0].document_title == FORUM_2020
    assert practice.citations[0].section == MALI_SPEAKER
    actors = dict(practice.details)["Actors"]
    assert "MINUSMA" in actors and "United Nations Children's Fund" in actors
    assert "Monitoring and Reporting Mechanism" in dict(practice.details)["Frameworks and tools"]
    contacts = [i for i in section(mali, "references") if i.group == "Contacts"]
    dozin = next(i for i in contacts if i.label == "Marie-Emilie Dozin")
    assert dozin.text == "Coordinator of the Protection Cluster in Mali"
    assert "Paul White" not in [i.label for i in contacts], "he speaks for Afghanistan"


def test_mali_recommendations_group_the_recurring_one(packs: dict[str, BriefingPack]) -> None:
    recommendations = section(packs["Mali"], "recommendations")
    grouped = next(
        item
        for item in recommendations
        if item.text == "Supporting community-based and grassroots mechanisms should be at the "
        "core of any protection of civilians' strategy."
    )
    assert [v.text[:60] for v in grouped.variants] == [
        "In addition, community-based and grassroots self-protection "
    ]
    years = [int(item.year or 0) for item in recommendations]
    assert years == sorted(years, reverse=True), "newest first"


def test_south_sudan_pack_has_unmiss_and_its_field_practice(packs: dict[str, BriefingPack]) -> None:
    south_sudan = packs["South Sudan"]
    unmiss = next(i for i in section(south_sudan, "context") if i.label == "UNMISS")
    assert "Security Council resolution 1996 (2011)" in unmiss.text
    practice = next(
        item
        for item in section(south_sudan, "practices")
        if item.text == "The protection cluster in South Sudan works with the UNMISS in POC sites."
    )
    assert practice.citations[0].document_title == ROUND_TABLE_2017
    assert practice.citations[0].section is not None
    assert practice.citations[0].section.endswith("> SOUTH SUDAN")


def test_drc_pack_has_monusco_and_joint_protection_teams(packs: dict[str, BriefingPack]) -> None:
    drc = packs["DRC"]
    labels = [i.label for i in section(drc, "context") if i.group == "UN missions"]
    assert labels[0] == "MONUSCO", "the current mission first"
    assert "MONUC" in labels
    assert any(
        text.startswith(
            "In the Democratic Republic of the Congo the UN Mission developed Joint "
            "Protection Teams"
        )
        for text in texts(drc, "practices")
    )
    assert "Joint Protection Team" in [i.label for i in section(drc, "tools")]


def test_mission_pack_is_about_the_mission_and_its_country(
    packs: dict[str, BriefingPack],
) -> None:
    unmiss = packs["UNMISS"]
    assert unmiss.title == "Briefing pack: UNMISS"
    assert [i.label for i in section(unmiss, "context") if i.group == "UN missions"] == ["UNMISS"]
    assert "The protection cluster in South Sudan works with the UNMISS in POC sites." in texts(
        unmiss, "practices"
    )


def test_theme_pack_defines_the_theme_and_keeps_to_it(packs: dict[str, BriefingPack]) -> None:
    theme = packs["Information sharing"]
    definition = section(theme, "context")[0]
    assert definition.label == "Information sharing"
    assert definition.text.startswith("Exchange of protection information between a Protection")
    assert definition.citations[0].href == "/id/theme/information-sharing"
    assert (
        "When sharing information, the Protection Cluster should ensure confidentiality and "
        "protection of victims, witnesses, and sources of information, particularly about "
        "individual cases."
    ) in texts_and_repeats(theme, "recommendations")
    assert {i.group for i in section(theme, "practices")} >= {"Afghanistan", "Iraq", "Nigeria"}


def test_country_and_theme_intersect(reader: StoreReader, packs: dict[str, BriefingPack]) -> None:
    both = build_briefing(reader, country="Mali", theme="Community-based protection")
    theme = build_briefing(reader, theme="community-based protection")
    practices = set(texts(both, "practices"))
    assert practices
    assert practices <= set(texts(packs["Mali"], "practices")) | set(
        texts(packs["Mali"], "challenges")
    )
    assert practices <= set(texts(theme, "practices"))
    quoted = set(texts(both, "concerns"))
    assert quoted and quoted <= set(texts(packs["Mali"], "concerns"))
    assert both.title == "Briefing pack: Mali: Community-based protection"


@pytest.mark.parametrize("name", ["Mali", "South Sudan", "DRC", "UNMISS", "Information sharing"])
def test_every_statement_cites_a_source_that_holds_it(
    corpus_store: GraphStore, packs: dict[str, BriefingPack], name: str
) -> None:
    pack = packs[name]
    assert pack.sections
    for key, item in all_items(pack):
        assert item.citations, (key, item.text)
        for citation in item.citations:
            _check_citation(corpus_store, citation)
        if key in QUOTING:
            quoted = passage_text(corpus_store, item.citations[0].passage or "")
            assert quoted is not None and item.text in quoted, (key, item.text)


def _check_citation(store: GraphStore, citation: Citation) -> None:
    if citation.passage is None:
        assert citation.record and citation.href == "/id/" + citation.record[len(ID_BASE) :]
        ask = f"ASK {{ <{citation.record}> ?p ?o }}"
        assert store.query(SPARQL_PREFIXES + ask).askAnswer
        return
    assert passage_text(store, citation.passage) is not None
    doc_id, block_id = citation.passage[len(ID_BASE) :].split("/")[1:]
    assert citation.href == f"/documents/{doc_id}#b-{block_id}"
    assert citation.document_title


@pytest.mark.parametrize("name", ["Mali", "Information sharing"])
def test_sources_are_every_citation_once_in_order(
    packs: dict[str, BriefingPack], name: str
) -> None:
    pack = packs[name]
    cited = [c.key for _, item in all_items(pack) for c in item.citations]
    assert [s.key for s in pack.sources] == list(dict.fromkeys(cited))


def test_sections_come_in_order_and_empty_ones_are_left_out(
    packs: dict[str, BriefingPack],
) -> None:
    order = [
        "context",
        "concerns",
        "practices",
        "recommendations",
        "tools",
        "challenges",
        "references",
    ]
    for pack in packs.values():
        keys = [s.key for s in pack.sections]
        assert keys == [k for k in order if k in keys]
        assert all(s.items for s in pack.sections)
    assert "concerns" not in [s.key for s in packs["DRC"].sections]


def test_a_country_without_material_gives_an_empty_pack(reader: StoreReader) -> None:
    pack = build_briefing(reader, country="Iceland")
    assert pack.is_empty and not pack.sources
    assert pack.title == "Briefing pack: Iceland"


def test_a_scoped_reader_sees_only_its_graphs(corpus_store: GraphStore) -> None:
    graphs = [str(g) for g in corpus_store.named_graphs()]
    forum = [g for g in graphs if "graph/document/gpc-2020" in g]
    allowed = [g for g in graphs if "graph/document/" not in g] + forum
    pack = build_briefing(StoreReader(corpus_store, allowed), country="Mali")
    titles = {s.document_title for s in pack.sources if s.passage}
    assert titles == {FORUM_2020}


def year(item: BriefItem) -> int:
    """Return the year of the document an item cites first."""
    return int((item.citations[0].year or "0")[:4])


def test_a_large_scope_lists_its_newest_items_and_says_there_are_more(
    reader: StoreReader, packs: dict[str, BriefingPack]
) -> None:
    """With room for 3 items of each list, a section lists 3 of the full pack's items,
    the newest ones (what a pack on a graph of millions of triples does with 40)."""
    small = build_briefing(reader, country="Mali", limits=Limits(statements=6, shown=3))
    for key in ("practices", "challenges", "recommendations", "concerns"):
        full = section(packs["Mali"], key)
        assert len(full) > 3, f"the corpus has more than 3 {key} for Mali"
        cut = next(s for s in small.sections if s.key == key)
        assert len(cut.items) == 3
        assert cut.note == "The 3 newest are listed; the sources hold more."
        newest = max(year(item) for item in full)
        assert [year(item) for item in cut.items] == [newest] * 3, key
        assert {i.text for i in cut.items} <= {i.text for i in full}, key
    assert next(s for s in packs["Mali"].sections if s.key == "practices").note is None


def test_recorded_outcomes_show_beside_their_practice(packs: dict[str, BriefingPack]) -> None:
    practice = next(
        item
        for item in section(packs["Mali"], "practices")
        if item.text.startswith("In Gao, for example, five community-based networks")
    )
    outcome = dict(practice.details)["Outcome"]
    assert "100 children associated with armed groups" in outcome
    assert outcome in practice.text
