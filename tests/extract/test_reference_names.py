"""The `pockg_reference_names` component marks reference names while spaCy parses."""

from __future__ import annotations

from pockg.extract.gazetteer import load_gazetteer
from pockg.extract.nlp import load_pipeline, parse_documents
from pockg.extract.reference_names import COMPONENT, SPAN_KEY, marked_entry
from pockg.ingest.reader import read_document
from tests.conftest import CORPUS


def marked(text: str) -> list[tuple[str, str]]:
    doc = load_pipeline()(text)
    gazetteer = load_gazetteer()
    return [(span.text, marked_entry(span, gazetteer).ref.key) for span in doc.spans[SPAN_KEY]]


def test_component_runs_last_in_the_pipeline() -> None:
    assert load_pipeline().pipe_names[-1] == COMPONENT


def test_names_are_marked_with_their_reference_entity() -> None:
    assert marked("UN OCHA met MINUSMA in Mali.") == [
        ("UN OCHA", "office-for-the-coordination-of-humanitarian-affairs"),
        ("MINUSMA", "minusma"),
        ("Mali", "mli"),
    ]


def test_one_word_names_match_only_in_their_own_case() -> None:
    assert marked("Better interaction with the car.") == []
    assert [key for _, key in marked("InterAction works in the CAR.")] == [
        "interaction",
        "caf",
    ]


def test_worker_processes_return_the_same_marks_as_one_process() -> None:
    path = CORPUS / "gpc-2020-global-protection-forum-summary-note.txt"
    document = read_document(path, path.read_bytes())
    nlp = load_pipeline()

    def marks(workers: int) -> list[tuple[int, int, str]]:
        [(_, parses)] = list(parse_documents([document], nlp, n_process=workers))
        return [(s.start_char, s.end_char, s.label_) for p in parses for s in p.spans[SPAN_KEY]]

    one = marks(1)
    assert len(one) > 50
    assert marks(2) == one


def test_a_title_in_capitals_names_places_in_capitals() -> None:
    assert marked("LESSONS-LEARNED REVIEW: PROTECTION OF CIVILIANS IN MALI") == [("MALI", "mli")]
    assert marked("MINUSMA AND THE PROTECTION CLUSTER IN SOUTH SUDAN")[0] == ("MINUSMA", "minusma")
    # Mixed-case text keeps the exact-case rule: capitals there are an acronym or emphasis.
    assert marked("The report on MALI and the car.") == []
