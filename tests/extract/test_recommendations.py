"""Recommendations: prescriptive sentences and list items (eval/gold/README.md, section 2.9).

The last tests run every statement finder over the five corpus documents and hold the
figures against the gold annotations (eval/gold), with the README's section 3 rule: a
prediction matches a gold span when one normalised text contains the other or their token
F1 is at least 0.6, matched greedily one to one.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pockg.extract.challenges import find_challenges
from pockg.extract.context import DocumentContext
from pockg.extract.document import FINDERS, Finder, build_context, extract_document
from pockg.extract.gazetteer import load_gazetteer
from pockg.extract.nlp import load_pipeline, parse_documents
from pockg.extract.practices import find_field_practices
from pockg.extract.recommendations import find_recommendations
from pockg.extract.themes import find_themes
from pockg.ingest.manifest import read_manifest
from pockg.ingest.reader import read_document
from pockg.models import EntityRef, Extraction, Statement, StatementKind
from tests.conftest import CORPUS, REPO

GOLD = REPO / "eval" / "gold"
STATEMENT_FINDERS = (find_recommendations, find_field_practices, find_challenges, find_themes)


def all_finders() -> tuple[Finder, ...]:
    """Return the document finders followed by the statement finders not yet among them."""
    return (*FINDERS, *(f for f in STATEMENT_FINDERS if f not in FINDERS))


def context_of(markdown: str) -> DocumentContext:
    """Return the context of a small Markdown document, parsed by the real pipeline."""
    document = read_document(Path("test.md"), markdown.encode("utf-8"))
    nlp = load_pipeline()
    parses = [nlp(block.text) for block in document.blocks]
    return build_context(document, parses, nlp, load_gazetteer())


def extract(markdown: str) -> Extraction:
    return extract_document(context_of(markdown), all_finders())


def statements(markdown: str, kind: StatementKind) -> list[Statement]:
    return [s for s in extract(markdown).statements if s.kind is kind]


def recommendations(markdown: str) -> list[tuple[str, str | None]]:
    return [(s.text, s.modal) for s in statements(markdown, StatementKind.RECOMMENDATION)]


def ref(name: str) -> EntityRef:
    entry = load_gazetteer().lookup(name)
    assert entry is not None, name
    return entry.ref


@pytest.mark.parametrize(
    ("text", "modal"),
    [
        ("The mission must remain engaged in the drafting process.", "must"),
        ("This section shall state the strategy's annual review cycle.", "shall"),
        ("The Protection Cluster should ensure confidentiality of sources.", "should"),
        ("Peacekeeping operations are required to utilize this Framework.", "required"),
        ("Protection Clusters need to interact effectively with UN missions.", "need"),
        ("Clear indicators are needed for defining successful protection.", "need"),
        (
            "All Humanitarian Coordinators are expected to support humanitarian advocacy.",
            "expected",
        ),
        ("This paper recommends greater caution in high-risk environments.", "recommend"),
        ("It is essential to prioritize requests when seeking support.", "important"),
        (
            "This could be done through a field level protocol for information sharing.",
            "can/may/could",
        ),
        (
            "Establishing coordination units ahead of military operations can help "
            "facilitate actor mapping.",
            "can/may/could",
        ),
        ("Establish and sustain dialogue with military forces.", "imperative"),
        # Two cues: "should" comes before "important" in the schema's order.
        ("It is important that the mission should consult local communities.", "should"),
    ],
)
def test_recommendation_modal_is_the_first_cue_in_schema_order(text: str, modal: str) -> None:
    assert recommendations(text) == [(text, modal)]


@pytest.mark.parametrize(
    "text",
    [
        "The Global Protection Cluster can provide field clusters with advice and training.",
        "OCHA will ensure continued attention to existing protection concerns.",
        "How do we use humanitarian and protection programmes to better protect civilians?",
        "Parties to conflict fail to take the steps they should to protect civilians.",
        "The MRM was established by the Security Council in 2005.",
        "See footnote 11 for the list of missions.",
    ],
    ids=["capability", "commitment", "question", "relative-clause", "description", "reference"],
)
def test_find_recommendations_ignores_what_does_not_prescribe(text: str) -> None:
    assert recommendations(text) == []


def test_find_recommendations_ignores_headings() -> None:
    markdown = "# Report\n\n## Missions should engage communities\n\nThe mission held a workshop.\n"
    assert recommendations(markdown) == []


def test_find_recommendations_strips_markers_and_labels_from_list_items() -> None:
    markdown = (
        "The drafting office has two tasks:\n\n"
        "- Drafting timeframe: The mission shall finalise the strategy within three months; and\n"
        "- Identify activities to address the risks;\n"
    )
    assert recommendations(markdown) == [
        ("The mission shall finalise the strategy within three months", "shall"),
        ("Identify activities to address the risks", "imperative"),
    ]


def test_find_recommendations_reads_verbless_items_under_a_prescriptive_lead_in() -> None:
    markdown = (
        "The following principles should guide field Protection Clusters:\n\n"
        "- Adherence to the humanitarian principles of humanity and neutrality.\n"
        "- Respect for the diversity of mandates among actors.\n"
    )
    assert [modal for _, modal in recommendations(markdown)] == [
        "should",
        "imperative",
        "imperative",
    ]


def test_find_recommendations_ignores_items_of_a_capability_list() -> None:
    markdown = (
        "The Global Protection Cluster can provide field Protection Clusters with:\n\n"
        "- Advice, guidance and training.\n"
        "- Sharing of best practices, information and resources.\n"
    )
    assert recommendations(markdown) == []


def test_find_recommendations_ignores_tasks_in_a_list_of_contents() -> None:
    markdown = (
        "Mission activities may include the following elements:\n\n"
        "- Support the political process\n"
        "- Disarm, demobilize and reintegrate ex-combatants\n"
    )
    assert recommendations(markdown) == []


def test_find_recommendations_keeps_questions_framed_as_directions() -> None:
    markdown = (
        "Going forward, possible directions for improving programming involve:\n\n"
        "- How can we build on practices of early warning?\n"
        "- How do we work together to influence parties to conflict?\n"
    )
    assert recommendations(markdown) == [
        ("How can we build on practices of early warning?", "can/may/could"),
        ("How do we work together to influence parties to conflict?", "imperative"),
    ]


def test_find_recommendations_names_who_recommends_and_who_should_act() -> None:
    found = statements(
        "UNHCR recommends that missions share protection data. OCHA should strengthen its "
        "support to the Monitoring and Reporting Mechanism. UNICEF is encouraged to join.",
        StatementKind.RECOMMENDATION,
    )
    assert [s.recommended_by for s in found] == [[ref("UNHCR")], [], []]
    assert [s.addressed_to for s in found] == [[], [ref("OCHA")], [ref("UNICEF")]]
    assert found[1].instruments == [ref("Monitoring and Reporting Mechanism")]


# --- Regression guard: the five corpus documents against eval/gold -------------------------


def norm(text: str) -> str:
    """Return `text` normalised as eval/gold/validate.py `norm()` does."""
    text = re.sub(r"<sup>\d+</sup>|[\u00b9\u00b2\u00b3\u2070-\u2079]+", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "")
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def similarity(a: str, b: str) -> float:
    """Return 1 when one text contains the other, else their token F1."""
    if a in b or b in a:
        return 1.0
    left, right = Counter(re.findall(r"\w+", a)), Counter(re.findall(r"\w+", b))
    common = sum((left & right).values())
    return 0.0 if not common else 2 * common / (sum(left.values()) + sum(right.values()))


def match(
    predicted: Sequence[str],
    gold: Sequence[Sequence[str]],
    agrees: Callable[[int, int], bool] = lambda p, g: True,
) -> dict[int, int]:
    """Return the greedy one-to-one matching of predicted texts to gold items (any variant).

    Among equally good pairs, those whose other fields `agree` (the country) go first.
    """
    pairs = sorted(
        (
            (score, agrees(p, g), -p, -g)
            for p, text in enumerate(predicted)
            for g, variants in enumerate(gold)
            if (score := max(similarity(text, v) for v in variants)) >= 0.6
        ),
        reverse=True,
    )
    matched: dict[int, int] = {}
    for _, _, p, g in ((s, a, -p, -g) for s, a, p, g in pairs):
        if p not in matched and g not in matched.values():
            matched[p] = g
    return matched


@cache
def corpus() -> tuple[tuple[dict[str, Any], Extraction], ...]:
    """Return each seed document's gold annotations with what the finders extract from it."""
    entries = [e for e in read_manifest(CORPUS).values() if e.source]
    documents = [read_document(CORPUS / e.file, (CORPUS / e.file).read_bytes(), e) for e in entries]
    nlp, gazetteer = load_pipeline(), load_gazetteer()
    found = []
    for entry, (document, parses) in zip(entries, parse_documents(documents, nlp), strict=True):
        gold_path = GOLD / Path(str(entry.source)).with_suffix(".json").name
        context = build_context(document, parses, nlp, gazetteer)
        extraction = extract_document(context, all_finders())
        found.append((json.loads(gold_path.read_text(encoding="utf-8")), extraction))
    return tuple(found)


def of_kind(extraction: Extraction, kind: StatementKind) -> list[Statement]:
    return [s for s in extraction.statements if s.kind is kind]


def test_corpus_recommendations_meet_the_gold_targets() -> None:
    matched = predicted = gold_total = 0
    for gold, extraction in corpus():
        found = of_kind(extraction, StatementKind.RECOMMENDATION)
        wanted = [[norm(r["text"])] for r in gold["recommendations"]]
        matched += len(match([norm(s.text) for s in found], wanted))
        predicted, gold_total = predicted + len(found), gold_total + len(wanted)
    assert matched / gold_total >= 0.75  # recall (measured 0.88)
    assert matched / predicted >= 0.70  # precision (measured 0.86)
