"""The sections drawn from the field: protection concerns and patterns of harm, field
practices, and challenges and open questions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pockg.briefing.material import NOT_QUOTED_KINDS, Material, details
from pockg.briefing.model import BriefItem, BriefSection
from pockg.briefing.statements import Source, Statement
from pockg.briefing.text import HARM, is_question, normalised, sentences

CHALLENGES = "Challenges"
QUESTIONS = "Open questions"
OTHER_COUNTRIES = "Country not stated"


def concerns_section(material: Material) -> BriefSection | None:
    """Return the sentences of in-scope passages that report harm to civilians."""
    items: list[BriefItem] = []
    for source, sentence in _scoped_sentences(material):
        quotable = HARM.search(sentence) and not is_question(sentence)
        if quotable and material.quote(source.passage, sentence):
            items.append(BriefItem(sentence, (source.citation(material.id_base),)))
            if len(items) > material.limits.shown:
                break
    items, note = material.shown(items, False)
    return _section("concerns", "Protection concerns and patterns of harm", items, note)


def practices_section(
    material: Material, elsewhere: Sequence[Statement] = ()
) -> BriefSection | None:
    """Return the field practices of the scope with actors, outcome and instruments; a
    sentence the graph also records as a challenge or recommendation shown in the pack
    (`elsewhere`) is listed there only."""
    taken = {_key(s) for s in (*material.challenges, *elsewhere)}
    chosen = [
        p
        for p in _distinct(material.practices)
        if "Challenge" not in p.types and _key(p) not in taken
    ]
    group_by_country = not material.scope.places
    items = [
        BriefItem(
            practice.text,
            (practice.source.citation(material.id_base),),
            details=details(
                ("Actors", practice.actors.values()),
                ("Outcome", _outcomes(practice)),
                ("Frameworks and tools", practice.instruments.values()),
            ),
            group=_country_group(practice) if group_by_country else None,
            year=practice.source.year,
            iri=practice.iri,
        )
        for practice in chosen
    ]
    items, note = material.shown(items, material.maybe_cut(material.practices))
    if group_by_country:
        items.sort(key=lambda item: (item.group == OTHER_COUNTRIES, item.group or ""))
    return _section("practices", "Field practices", items, note)


def challenges_section(material: Material) -> BriefSection | None:
    """Return the challenges of the scope, then the questions its passages ask."""
    items = [
        BriefItem(
            challenge.text,
            (challenge.source.citation(material.id_base),),
            details=details(("Actors", challenge.actors.values())),
            group=CHALLENGES,
            year=challenge.source.year,
            iri=challenge.iri,
        )
        for challenge in _distinct(material.challenges)
    ]
    items, note = material.shown(items, material.maybe_cut(material.challenges))
    questions: list[BriefItem] = []
    for source, sentence in _scoped_sentences(material):
        if is_question(sentence) and material.quote(source.passage, sentence):
            citation = source.citation(material.id_base)
            questions.append(BriefItem(sentence, (citation,), group=QUESTIONS))
            if len(questions) > material.limits.shown:
                break
    questions, asked = material.shown(questions, False)
    return _section("challenges", "Challenges and open questions", items + questions, note or asked)


def _scoped_sentences(material: Material) -> Iterable[tuple[Source, str]]:
    """Yield (passage, sentence) for the sentences of in-scope passages that are about the
    pack's places (quote them with `Material.quote`, which skips repeats)."""
    for source in material.passages:
        if source.kind in NOT_QUOTED_KINDS:
            continue
        for sentence in sentences(source.text):
            if material.is_about_place(source, sentence):
                yield source, sentence


def _distinct(statements: list[Statement]) -> list[Statement]:
    """Return `statements` without repeats of the same text from the same passage."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for statement in statements:
        key = _key(statement)
        if key not in seen:
            seen.add(key)
            kept.append(statement)
    return kept


def _outcomes(practice: Statement) -> list[str]:
    """Return the outcome spans of a practice that say more than its own text."""
    return [o for o in practice.outcomes if normalised(o) != normalised(practice.text)]


def _key(statement: Statement) -> tuple[str, str]:
    return (statement.source.passage, normalised(statement.text))


def _country_group(statement: Statement) -> str:
    labels = sorted(statement.countries.values())
    return ", ".join(labels) if labels else OTHER_COUNTRIES


def _section(
    key: str, title: str, items: list[BriefItem], note: str | None = None
) -> BriefSection | None:
    return BriefSection(key, title, tuple(items), note) if items else None
