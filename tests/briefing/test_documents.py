"""How a pack orders and reads a large scope: whole documents, newest first, in rounds."""

from __future__ import annotations

from pockg.briefing.documents import Documents

BASE = "https://example.org/id/"


class ListedDocuments:
    """A reader whose graph holds three documents (the only query `Documents` asks)."""

    def select(self, sparql: str) -> list[dict[str, str]]:
        assert "pockg:Document" in sparql
        return [
            {"doc": f"{BASE}document/old", "title": "Old report", "year": "2013"},
            {"doc": f"{BASE}document/new-b", "title": "B note", "year": "2020"},
            {"doc": f"{BASE}document/new-a", "title": "A note", "year": "2020"},
        ]


def test_iris_are_read_by_whole_documents_newest_first() -> None:
    documents = Documents(ListedDocuments(), BASE)
    iris = [
        f"{BASE}passage/old/1",
        f"{BASE}field-practice/new-b/7/0",
        f"{BASE}passage/new-a/2",
        f"{BASE}passage/new-b/3",
        f"{BASE}passage/new-a/4",
        f"{BASE}recommendation/curated/x1",
    ]
    rounds = list(documents.newest_first(iris, batch=2))
    assert rounds == [
        [f"{BASE}recommendation/curated/x1", f"{BASE}passage/new-a/2", f"{BASE}passage/new-a/4"],
        [f"{BASE}field-practice/new-b/7/0", f"{BASE}passage/new-b/3"],
        [f"{BASE}passage/old/1"],
    ], "a curated statement names no document and comes first; then 2020 (A before B), 2013"


def test_the_document_of_a_minted_iri() -> None:
    documents = Documents(ListedDocuments(), BASE)
    assert documents.of(f"{BASE}passage/new%20a/2") == f"{BASE}document/new%20a"
    assert documents.of(f"{BASE}challenge/old/9/1") == f"{BASE}document/old"
    assert documents.of(f"{BASE}challenge/curated/k") is None
    assert documents.of("https://elsewhere.org/passage/old/1") is None
    assert documents.of(f"{BASE}country") is None
    assert documents.kind_of(f"{BASE}field-practice/new-b/7/0") == "field-practice"
    assert documents.kind_of(f"{BASE}recommendation/curated/x1") == "recommendation"
    assert documents.kind_of("https://elsewhere.org/passage/old/1") is None


def test_a_round_size_can_be_decided_before_each_round() -> None:
    documents = Documents(ListedDocuments(), BASE)
    iris = [f"{BASE}passage/old/1", f"{BASE}passage/new-a/2", f"{BASE}passage/new-b/3"]
    asked = iter([1, 5])
    # 1 IRI first (A, the newest title of 2020), then at least 5: what is left.
    assert list(documents.newest_first(iris, lambda: next(asked))) == [
        [f"{BASE}passage/new-a/2"],
        [f"{BASE}passage/new-b/3", f"{BASE}passage/old/1"],
    ]
