"""Organisations, clusters and bodies named in a text (eval/gold/README.md, section 2.2).

Small passages run through the real spaCy pipeline and every finder. The last tests hold the
figures over the five corpus documents against eval/gold with the README's section 3 rule: a
predicted entity (its label and every alias) matches a gold item when a normalised name equals
the gold label or an alias. The helpers here are shared by the other name finders' tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pockg.extract.citations import find_cited_documents
from pockg.extract.document import FINDERS, Finder, build_context, extract_document
from pockg.extract.gazetteer import load_gazetteer
from pockg.extract.instruments import find_instruments
from pockg.extract.nlp import load_pipeline, parse_documents
from pockg.extract.organisations import find_organisations
from pockg.extract.people import find_people
from pockg.ingest.manifest import read_manifest
from pockg.ingest.reader import read_document
from pockg.models import Entity, EntityRef, EntityType, Extraction
from tests.conftest import CORPUS, REPO

GOLD = REPO / "eval" / "gold"
NAME_FINDERS = (find_organisations, find_instruments, find_people, find_cited_documents)
ORGANISATIONS = (EntityType.ORGANISATION, EntityType.CLUSTER)


def all_finders() -> tuple[Finder, ...]:
    """Return the document finders followed by the name finders not yet among them."""
    return (*FINDERS, *(f for f in NAME_FINDERS if f not in FINDERS))


@dataclass
class Found:
    """What every finder drew from a small document, with its blocks in order."""

    extraction: Extraction
    blocks: list[str]

    def entity(self, label: str, types: Iterable[EntityType] = ORGANISATIONS) -> Entity:
        """Return the entity of one of `types` labelled `label`."""
        found = [e for e in self.of(types) if e.label == label]
        assert len(found) == 1, f"{label!r} not among {[e.label for e in self.of(types)]}"
        return found[0]

    def of(self, types: Iterable[EntityType]) -> list[Entity]:
        return [e for e in self.extraction.entities.values() if e.ref.type in tuple(types)]

    def where(self, ref: EntityRef) -> list[tuple[int, int, int, str]]:
        """Return (block number, start, end, surface) of every mention of `ref`, in order."""
        mentions = self.extraction.mentions
        found = [(self.blocks.index(m.block_id), m.start, m.end, m.surface) for m in mentions]
        return sorted(f for f, m in zip(found, mentions, strict=True) if m.ref == ref)


def extract(markdown: str, known_acronyms: dict[str, str] | None = None) -> Found:
    """Return what every finder draws from a small Markdown document."""
    document = read_document(Path("test.md"), markdown.encode("utf-8"))
    nlp = load_pipeline()
    parses = [nlp(block.text) for block in document.blocks]
    context = build_context(document, parses, nlp, load_gazetteer(), known_acronyms)
    return Found(extract_document(context, all_finders()), [b.id for b in document.blocks])


def reference_ref(name: str) -> EntityRef:
    """Return the ref of the reference entity called `name`."""
    entry = load_gazetteer().lookup(name)
    assert entry is not None
    return entry.ref


def test_organisations_acronym_defined_once_is_found_in_every_block() -> None:
    found = extract(
        "The Humanitarian Military Coordination Cell (HuMiCC) met twice.\n\n"
        "Later the HuMiCC reviewed requests."
    )
    cell = found.entity("Humanitarian Military Coordination Cell")
    assert cell.ref == EntityRef(EntityType.ORGANISATION, "humanitarian military coordination cell")
    assert (cell.aliases, cell.subtype) == ({"HuMiCC"}, "CoordinationBody")
    assert found.where(cell.ref) == [
        (0, 4, 43, "Humanitarian Military Coordination Cell"),
        (0, 45, 51, "HuMiCC"),
        (1, 10, 16, "HuMiCC"),
    ]


def test_organisations_acronym_defined_in_an_earlier_document_resolves() -> None:
    defining = extract("The Humanitarian Military Coordination Cell (HuMiCC) met.")
    using = extract(
        "Requests went to the HuMiCC.",
        {"HuMiCC": "Humanitarian Military Coordination Cell"},
    )
    cell = using.entity("Humanitarian Military Coordination Cell")
    assert cell.ref == defining.entity("Humanitarian Military Coordination Cell").ref
    assert using.where(cell.ref) == [(0, 21, 27, "HuMiCC")]


def test_organisations_named_by_a_head_noun() -> None:
    found = extract(
        "Requests went to the Darfur Protection Working Group and the Senior Planning Group."
    )
    group = found.entity("Darfur Protection Working Group")
    assert group.ref == EntityRef(EntityType.ORGANISATION, "darfur protection working group")
    assert found.where(group.ref) == [(0, 21, 52, "Darfur Protection Working Group")]
    assert found.entity("Senior Planning Group").subtype == "CoordinationBody"


def test_organisations_country_clusters_in_every_word_order() -> None:
    found = extract(
        "The Protection Cluster in Mali and the protection cluster in South Sudan met the "
        "Haiti Protection Cluster."
    )
    mali = found.entity("Mali Protection Cluster")
    assert mali.ref == EntityRef(EntityType.CLUSTER, "mali protection cluster")
    assert found.where(mali.ref) == [(0, 4, 30, "Protection Cluster in Mali")]
    south_sudan = found.entity("South Sudan Protection Cluster")
    assert south_sudan.aliases == {"protection cluster in South Sudan"}
    assert found.where(found.entity("Haiti Protection Cluster").ref) == [
        (0, 81, 105, "Haiti Protection Cluster")
    ]
    assert {e.label for e in found.of(ORGANISATIONS)} == {
        "Mali Protection Cluster",
        "South Sudan Protection Cluster",
        "Haiti Protection Cluster",
    }


def test_organisations_plural_and_field_clusters_are_the_protection_cluster() -> None:
    found = extract("Field Protection Clusters and the Protection Cluster agreed.")
    cluster = found.entity("Protection Cluster")
    assert (cluster.ref.key, cluster.aliases) == ("protection cluster", {"Protection Clusters"})
    assert found.where(cluster.ref) == [
        (0, 6, 25, "Protection Clusters"),
        (0, 34, 52, "Protection Cluster"),
    ]


def test_organisations_reference_names_keep_their_reference_identity() -> None:
    found = extract("The HuMiCC comprises representatives from OCHA, SOJTF, and USAID.")
    assert {e.ref for e in found.of(ORGANISATIONS)} >= {
        reference_ref("OCHA"),
        reference_ref("USAID"),
    }
    listed = found.entity("SOJTF")
    assert listed.ref == EntityRef(EntityType.ORGANISATION, "sojtf")
    assert found.where(listed.ref) == [(0, 48, 53, "SOJTF")]


def test_organisations_acronyms_joined_by_a_slash_are_each_found() -> None:
    found = extract("The DPKO/DFS guidance applies.")
    refs = {e.ref for e in found.of(ORGANISATIONS)}
    assert refs == {reference_ref("DPKO"), reference_ref("DFS")}


def test_organisations_armed_forces_named_by_nationality() -> None:
    found = extract("Support to the Iraqi military and the Turkish Armed forces in the north.")
    iraqi = found.entity("Iraqi military")
    assert (iraqi.ref.key, iraqi.subtype) == ("iraqi military", "ArmedForce")
    assert found.where(found.entity("Turkish Armed forces").ref) == [
        (0, 38, 58, "Turkish Armed forces")
    ]


def test_organisations_generic_groups_roles_and_anaphora_are_not_organisations() -> None:
    found = extract(
        "Member States, the Government, the Council, the Mission, NGOs and T/PCCs met the SRSG "
        "and the Force Commander. Humanitarian Civil Military Coordination and foreign military "
        "forces were discussed with peacekeeping missions and the Human Rights components."
    )
    assert found.of(ORGANISATIONS) == []


def test_organisations_unit_inside_a_persons_title_is_not_listed() -> None:
    found = extract("Jane Roe, Head of the Field Liaison Section, UNHCR, spoke first.")
    assert [e.ref for e in found.of(ORGANISATIONS)] == [reference_ref("UNHCR")]


def test_organisations_known_organisation_named_inside_another() -> None:
    found = extract("Inform the 5th Committee of the General Assembly about the gaps.")
    assert {e.ref for e in found.of(ORGANISATIONS)} == {
        reference_ref("Fifth Committee"),
        reference_ref("General Assembly"),
    }


def test_organisations_same_name_in_two_documents_is_one_entity() -> None:
    first = extract("The Ninewa Protection Working Group met.")
    second = extract("Partners of the Ninewa Protection Working Group agreed.")
    label = "Ninewa Protection Working Group"
    assert first.entity(label).ref == second.entity(label).ref


# --- The corpus against the gold annotations (README section 3) ---------------------------


def norm(name: str) -> str:
    """Return a name normalised for matching: case-folded, no punctuation, no leading "the"."""
    folded = " ".join(re.sub(r"[^\w\s]", " ", name.replace("’", "'").casefold()).split())
    return re.sub(r"^the ", "", folded)


@cache
def corpus() -> dict[str, tuple[Extraction, dict[str, Any]]]:
    """Return each seed document's extraction and gold annotations, by gold file name."""
    entries = [e for e in read_manifest(CORPUS).values() if e.source]
    documents = [read_document(CORPUS / e.file, (CORPUS / e.file).read_bytes(), e) for e in entries]
    nlp = load_pipeline()
    found = {}
    for entry, (document, parses) in zip(entries, parse_documents(documents, nlp), strict=True):
        context = build_context(document, parses, nlp, load_gazetteer())
        stem = Path(entry.source or "").stem
        gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        found[stem] = (extract_document(context, all_finders()), gold)
    return found


def scores(
    category: str,
    types: Iterable[EntityType],
    gold_names: Callable[[dict[str, Any]], set[str]],
    keep: Callable[[Entity], bool] = lambda e: True,
) -> tuple[float, float]:
    """Return recall and precision over the corpus for one gold category.

    Gold items printed in no form (label not in the text, no alias) are not recalled.
    """
    hits = total = matched = predicted = 0
    for extraction, gold in corpus().values():
        found = [e for e in extraction.entities.values() if e.ref.type in tuple(types) and keep(e)]
        names = [{norm(n) for n in (e.label, *e.aliases)} for e in found]
        items = [g if isinstance(g, dict) else {"label": g} for g in gold[category]]
        every_gold = set().union(*(gold_names(g) for g in items))
        recalled = [g for g in items if g.get("label_in_text", True) or g.get("aliases")]
        hits += sum(1 for g in recalled if any(gold_names(g) & n for n in names))
        total += len(recalled)
        matched += sum(1 for n in names if n & every_gold)
        predicted += len(found)
    return hits / total, matched / predicted


def label_and_aliases(item: dict[str, Any]) -> set[str]:
    return {norm(item.get("label") or item["name"]), *(norm(a) for a in item.get("aliases", []))}


def test_corpus_organisations_reach_the_targets() -> None:
    recall, precision = scores("organisations", ORGANISATIONS, label_and_aliases)
    assert recall >= 0.90
    assert precision >= 0.85


def test_corpus_missions_and_countries_reach_the_targets() -> None:
    missions = scores("un_missions", [EntityType.UN_MISSION], label_and_aliases)
    assert missions[0] >= 0.90
    assert missions[1] >= 0.85
    countries = scores("countries", [EntityType.COUNTRY], label_and_aliases)
    assert countries[0] >= 0.90
    assert countries[1] >= 0.85
