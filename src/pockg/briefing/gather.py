"""Build a briefing pack from the graph: resolve the subject, read its scope, fill the
sections (each left out when empty) and number the sources in order of first citation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pockg.briefing.context import context_section
from pockg.briefing.evidence import challenges_section, concerns_section, practices_section
from pockg.briefing.material import Limits, gather_material
from pockg.briefing.model import BriefingPack, BriefingSubject, BriefItem, BriefSection, Citation
from pockg.briefing.reader import GraphReader, MemoReader
from pockg.briefing.recommendations import applicable_recommendations, recommendations_section
from pockg.briefing.references import references_section, tools_section
from pockg.briefing.scope import build_scope
from pockg.briefing.subject import resolve_subject
from pockg.graph.iri import DEFAULT_ID_BASE

DEFAULT_LIMITS = Limits()


def build_briefing(
    reader: GraphReader,
    *,
    country: str | None = None,
    mission: str | None = None,
    theme: str | None = None,
    id_base: str = DEFAULT_ID_BASE,
    today: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> BriefingPack:
    """Return the briefing pack for a country, a UN mission, a theme or a combination, each
    given as an IRI or a name (label or alias, any case).

    Raises `BriefingRequestError` when nothing is named and `UnknownSubjectError` (whose
    message names the closest known names) when a name is unknown.
    """
    memo = MemoReader(reader)
    subject = resolve_subject(memo, country=country, mission=mission, theme=theme)
    return build_pack(memo, subject, id_base=id_base, today=today, limits=limits)


def build_pack(
    reader: GraphReader,
    subject: BriefingSubject,
    *,
    id_base: str = DEFAULT_ID_BASE,
    today: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> BriefingPack:
    """Return the briefing pack of an already resolved subject; `limits` bound how much of
    a large scope it reads and lists (the newest material first)."""
    scope = build_scope(reader, subject)
    material = gather_material(reader, id_base, subject, scope, limits)
    recommendations = applicable_recommendations(material)
    practices = practices_section(material, recommendations)
    shown = [p for p in material.practices if p.iri in _iris(practices)] + recommendations
    sections = [
        context_section(material),
        concerns_section(material),
        practices,
        recommendations_section(material, recommendations),
        tools_section(material, shown),
        challenges_section(material),
        references_section(material),
    ]
    kept = tuple(section for section in sections if section is not None)
    return BriefingPack(subject, today or date.today(), kept, numbered_sources(kept))


def _iris(section: BriefSection | None) -> set[str]:
    return {item.iri for item in section.items if item.iri} if section else set()


def numbered_sources(sections: Iterable[BriefSection]) -> tuple[Citation, ...]:
    """Return every source cited in `sections`, once, in order of first citation."""
    found: dict[str, Citation] = {}
    for section in sections:
        for item in section.items:
            for citation in _citations(item):
                found.setdefault(citation.key, citation)
    return tuple(found.values())


def _citations(item: BriefItem) -> Iterable[Citation]:
    yield from item.citations
    for variant in item.variants:
        yield from _citations(variant)
