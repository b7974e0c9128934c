"""Statement units are cut as the gold spans are cut (eval/gold/README.md, section 2.12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pockg.extract.context import Passage
from pockg.extract.nlp import load_pipeline
from pockg.extract.sentences import (
    PATTERN_DIR,
    cue_matcher,
    cut_span,
    find_cues,
    in_main_clause,
    load_patterns,
    statement_units,
)
from pockg.models import Block, BlockKind


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def passage(nlp: Language, text: str, kind: BlockKind = BlockKind.PARAGRAPH) -> Passage:
    """Return a one-block passage of `text`, parsed by the real pipeline."""
    block = Block("b1", kind, text, (), 1, None, 0, len(text))
    return Passage(block, nlp(text))


def units(nlp: Language, text: str, kind: BlockKind = BlockKind.PARAGRAPH) -> list[str]:
    found = statement_units(passage(nlp, text, kind))
    assert all(u.text == text[u.start : u.end] for u in found)  # offsets index the text
    return [u.text for u in found]


def cut(nlp: Language, text: str) -> str:
    doc = nlp(text)
    span = cut_span(doc, text, 0, len(text))
    assert span is not None
    return text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- Establish and sustain dialogue with military forces;",
            "Establish and sustain dialogue with military forces",
        ),
        ("➔ Ensure the basics are in place; and", "Ensure the basics are in place"),
        ("(1) Ensure the basics are in place.", "Ensure the basics are in place."),
        (
            "1 Establish a mechanism for information exchange",
            "Establish a mechanism for information exchange",
        ),
        (
            "In articulating the threats, the following questions shall be posed:",
            "In articulating the threats, the following questions shall be posed",
        ),
        (
            "**Uncoordinated engagement** is a threat to access.**",
            "Uncoordinated engagement** is a threat to access.",
        ),
    ],
)
def test_cut_span_strips_markers_glue_and_emphasis(nlp: Language, text: str, expected: str) -> None:
    assert cut(nlp, text) == expected


def test_cut_span_strips_a_run_in_label(nlp: Language) -> None:
    text = "Drafting timeframe: While sufficient time should be invested, the mission should act."
    assert cut(nlp, text) == "While sufficient time should be invested, the mission should act."


def test_cut_span_strips_a_bracketed_label(nlp: Language) -> None:
    text = "[Possible field examples]: DRC Protection Cluster prioritizations shared with MONUSCO"
    assert cut(nlp, text) == "DRC Protection Cluster prioritizations shared with MONUSCO"


@pytest.mark.parametrize(
    "text",
    [
        # A label is followed by a sentence in capitals.
        "Flexibility of programming: the humanitarian system is ill-equipped to respond.",
        # A phrase with a finite verb is a clause, not a label.
        "The objectives were: To reflect on current practical challenges.",
    ],
)
def test_cut_span_keeps_what_is_not_a_label(nlp: Language, text: str) -> None:
    assert cut(nlp, text) == text


def test_cut_span_drops_a_quotation_mark_opened_outside(nlp: Language) -> None:
    text = "All of these circumstances can strain mission-humanitarian coordination.”"
    assert cut(nlp, text) == text[:-1]


def test_statement_units_split_sentences_the_parser_glued_to_footnote_marks(
    nlp: Language,
) -> None:
    text = (
        "Engagement with the mission is more limited or nuanced.¹² In addition, for peace "
        "operations PoC may be limited to protecting civilians from physical harm."
    )
    assert units(nlp, text) == [
        "Engagement with the mission is more limited or nuanced.¹²",
        "In addition, for peace operations PoC may be limited to protecting civilians from "
        "physical harm.",
    ]


def test_statement_units_keep_an_example_abbreviation_inside_the_sentence(
    nlp: Language,
) -> None:
    text = (
        "In some settings, liaison officers work to build effective coordination with "
        "peacekeeping missions (e.g. MINUSMA). They meet weekly."
    )
    assert units(nlp, text)[0].endswith("(e.g. MINUSMA).")


def test_statement_units_split_a_colon_between_two_clauses(nlp: Language) -> None:
    text = (
        "Closer engagement between humanitarian and military actors is often crucial: "
        "In Nigeria, the sector has been using military escorts to visit retaken areas."
    )
    assert units(nlp, text) == [
        "Closer engagement between humanitarian and military actors is often crucial",
        "In Nigeria, the sector has been using military escorts to visit retaken areas.",
    ]


def test_statement_units_split_inline_enumerations(nlp: Language) -> None:
    text = (
        "Four elements came out of the discussion: (1) Ensure the basics are in place. "
        "(2) Utilise existing systems to enhance the protection of civilians."
    )
    assert units(nlp, text) == [
        "Four elements came out of the discussion",
        "Ensure the basics are in place.",
        "Utilise existing systems to enhance the protection of civilians.",
    ]


def test_statement_units_mark_the_opening_unit(nlp: Language) -> None:
    found = statement_units(passage(nlp, "Train the staff. Share the findings."))
    assert [u.first for u in found] == [True, False]
    assert [u.span.text for u in found] == ["Train the staff.", "Share the findings."]


def test_in_main_clause_excludes_relative_clauses(nlp: Language) -> None:
    doc = nlp("Parties fail to take the steps they should take to protect civilians.")
    should = next(t for t in doc if t.lower_ == "should")
    assert not in_main_clause(should, doc[:])


def test_in_main_clause_keeps_the_clause_of_a_pseudo_cleft(nlp: Language) -> None:
    doc = nlp("Changing behaviour is something that needs to have a long-term perspective.")
    needs = next(t for t in doc if t.lower_ == "needs")
    assert in_main_clause(needs, doc[:])


@pytest.mark.parametrize("path", sorted(PATTERN_DIR.glob("*_cues.jsonl")), ids=lambda p: p.stem)
def test_cue_files_compile_into_matchers(nlp: Language, path: Path) -> None:
    assert load_patterns(path.stem)
    phrases, patterns = cue_matcher(nlp, path.stem)
    assert len(phrases) + len(patterns) > 0


def test_find_cues_matches_phrases_and_token_patterns(nlp: Language) -> None:
    doc = nlp("The mission must act, and there is a lack of resources.")
    labels = {c.label for c in find_cues(nlp, "recommendation_cues", doc)}
    assert "must" in labels
    challenge = {doc[c.start : c.end].text for c in find_cues(nlp, "challenge_cues", doc)}
    assert "lack of" in challenge
