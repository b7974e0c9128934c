"""`/api/recommendations/recurring` and its page `/recommendations/recurring`, over the
corpus and one internal document that repeats a public recommendation. The groups asserted
here were read and judged the same recommendation (`eval/recurring/sample.jsonl`)."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from api.recurring import readable_recommendations
from pockg.config import Settings
from pockg.graph.store import open_graph_store
from tests.recurring.conftest import INTERNAL_DOC, INTERNAL_TEXT, scope_of

API = "/api/recommendations/recurring"
PAGE = "/recommendations/recurring"
ROUND_TABLE_2017 = "gpc-2017-civil-military-coordination-round-table-txt"
CMCOORD_2020 = "ocha-2020-cmcoord-guidance-note-protection-outcomes-txt"
FORUM_2020 = "gpc-2020-global-protection-forum-summary-note-txt"
FRAMEWORK_2011 = "dpko-dfs-2011-framework-poc-strategies-txt"
DIAGNOSTIC_2013 = "gpc-2013-diagnostic-tool-protection-clusters-un-missions-md"
DIALOGUE_2017 = "Establish and sustain dialogue with military forces"
DIALOGUE_2020 = (
    "Establish and sustain dialogue with armed actors and their allies, to address "
    "protection risks and threats"
)
HCT_2020 = "protection should be a standing agenda item on the HCT agenda"
HCT_CMCOORD = "Regular discussion on protection priorities in the HCT as a standing item"
CONFIDENTIALITY_2013 = (
    "When sharing information, the Protection Cluster should ensure confidentiality"
)
INFORMATION_SHARING = "https://w3id.org/pockg/id/theme/information-sharing"
READER_LINK = re.compile(r"/documents/([^#]+)#b-([0-9a-f]+)")


def groups_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [group for section in body["themes"] for group in section["groups"]]


def group_with(body: dict[str, Any], text: str) -> dict[str, Any]:
    """Return the one group of `body` (under any theme) a history entry of which says `text`."""
    found = {g["iri"]: g for g in groups_of(body) if any(text in e["text"] for e in g["history"])}
    assert len(found) == 1, text
    return next(iter(found.values()))


def test_a_recommendation_made_in_2017_and_again_in_2020(client: TestClient) -> None:
    body = client.get(API).json()
    group = group_with(body, DIALOGUE_2017)
    assert [(e["year"], e["doc_id"], e["text"]) for e in group["history"]] == [
        (2017, ROUND_TABLE_2017, DIALOGUE_2017),
        (2020, CMCOORD_2020, DIALOGUE_2020),
    ]
    assert group["years"] == [2017, 2020]
    assert group["documents"] == 2
    assert group["text"] == DIALOGUE_2017  # two members: the earliest represents them
    assert "Engagement with armed actors" in [t["label"] for t in group["themes"]]
    assert body["measure"].startswith("cosine similarity of TF-IDF vectors")
    assert 0 < body["threshold"] < 1


def test_history_cites_the_passage_in_the_reader(client: TestClient) -> None:
    group = group_with(client.get(API).json(), DIALOGUE_2017)
    for entry in group["history"]:
        link = READER_LINK.fullmatch(entry["href"])
        assert link is not None, entry["href"]
        doc_id, block = link.groups()
        assert doc_id == entry["doc_id"]
        assert entry["passage"].endswith(f"/passage/{doc_id}/{block}")
        assert entry["document_title"]
        reader = client.get(entry["href"].split("#")[0])
        assert reader.status_code == 200
        assert f'id="b-{block}"' in reader.text


def test_a_group_without_theme_is_listed_under_other(client: TestClient) -> None:
    body = client.get(API).json()
    group = group_with(body, HCT_CMCOORD)
    assert [e["doc_id"] for e in group["history"]] == [FORUM_2020, CMCOORD_2020]
    assert HCT_2020 in group["history"][0]["text"]
    assert group["years"] == [2020]
    assert group["themes"] == []
    other = body["themes"][-1]
    assert (other["label"], other["iri"]) == ("Other", None)
    assert group["iri"] in [g["iri"] for g in other["groups"]]


def test_a_repeat_within_one_document_counts_once(client: TestClient) -> None:
    group = group_with(client.get(API).json(), CONFIDENTIALITY_2013)
    assert [e["doc_id"] for e in group["history"]] == [
        FRAMEWORK_2011,
        DIAGNOSTIC_2013,
        DIAGNOSTIC_2013,
    ]
    assert group["documents"] == 2
    assert group["years"] == [2011, 2013]


def test_a_group_is_listed_under_each_of_its_themes(client: TestClient) -> None:
    body = client.get(API).json()
    labels = [s["label"] for s in body["themes"]]
    assert labels[:-1] == sorted(labels[:-1], key=str.casefold)
    for section in body["themes"]:
        for group in section["groups"]:
            themes = [t["iri"] for t in group["themes"]]
            assert section["iri"] in themes if section["iri"] else themes == []
    dialogue = group_with(body, DIALOGUE_2017)
    listed = [s["iri"] for s in body["themes"] if dialogue in s["groups"]]
    assert listed == [t["iri"] for t in dialogue["themes"]]
    assert body["total"] == len({g["iri"] for g in groups_of(body)})


def test_theme_is_found_by_name_alias_or_iri(client: TestClient) -> None:
    answers = [
        client.get(API, params={"theme": given}).json()
        for given in ("Information sharing", "information-sharing", INFORMATION_SHARING)
    ]
    assert answers[0]["themes"] == answers[1]["themes"] == answers[2]["themes"]
    [section] = answers[0]["themes"]
    assert (section["label"], section["iri"]) == ("Information sharing", INFORMATION_SHARING)
    assert group_with(answers[0], CONFIDENTIALITY_2013)["documents"] == 2
    assert answers[1]["theme"] == "information-sharing"


def test_theme_other_lists_the_groups_without_a_theme(client: TestClient) -> None:
    body = client.get(API, params={"theme": "other"}).json()
    assert [s["label"] for s in body["themes"]] == ["Other"]
    assert group_with(body, HCT_CMCOORD)["themes"] == []


def test_min_documents_keeps_groups_made_in_that_many_documents(client: TestClient) -> None:
    body = client.get(API, params={"min_documents": 3}).json()
    assert body["min_documents"] == 3
    assert all(g["documents"] >= 3 for g in groups_of(body))
    assert DIALOGUE_2017 not in str(body)  # made in two documents only


def test_bad_requests_answer_json_4xx(client: TestClient) -> None:
    unknown = client.get(API, params={"theme": "Zephyrquill"})
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "no theme is known as 'Zephyrquill'"}
    for params in ({"min_documents": 1}, {"min_documents": "two"}, {"theme": "x" * 301}):
        answer = client.get(API, params=params)
        assert answer.status_code == 422, params
        assert "detail" in answer.json()


def test_internal_documents_stay_hidden(client: TestClient, recurring_settings: Settings) -> None:
    everything = scope_of(recurring_settings, everything=True)
    with open_graph_store(recurring_settings) as store:
        found = readable_recommendations(store, everything)
    # The internal note does repeat the 2017 recommendation ...
    assert any(i.doc_id == INTERNAL_DOC and i.text == INTERNAL_TEXT for i in found.items.values())
    # ... but anonymous readers see neither it nor a group it would widen.
    body = client.get(API).json()
    assert INTERNAL_DOC not in str(body)
    assert group_with(body, DIALOGUE_2017)["documents"] == 2
    assert INTERNAL_TEXT not in client.get(PAGE).text


def test_openapi_documents_the_route_with_an_example(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"][API]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"theme", "min_documents"}
    assert "404" in operation["responses"]
    example = schema["components"]["schemas"]["RecurringGroupOut"]["example"]
    assert example["years"] == [2017, 2020]
    assert PAGE not in schema["paths"]


def test_page_lists_groups_by_theme_with_history_and_citations(client: TestClient) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert f'<link rel="alternate" type="application/json" href="{API}">' in text
    assert f'<a href="{API}" type="application/json">JSON</a>' in text
    assert "<h1>Recurring recommendations</h1>" in text
    assert '<h2 id="theme-' in text and ">Other (" in text
    assert "Made in 2017 and 2020, in 2 documents" in text
    assert f"<q>{DIALOGUE_2020}</q>" in text
    assert f'<a href="/documents/{CMCOORD_2020}#b-' in text
    assert '<label for="theme">Theme</label>' in text
    body = client.get(API).json()
    assert text.count("<article ") == sum(len(s["groups"]) for s in body["themes"])


def test_page_narrowed_to_a_theme_names_its_json_twin(client: TestClient) -> None:
    page = client.get(PAGE, params={"theme": "Information sharing"})
    assert page.status_code == 200
    twin = f"{API}?theme=Information+sharing"
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in page.text
    assert client.get(twin).json()["themes"][0]["label"] == "Information sharing"
    assert '<h2 id="theme-1">Information sharing (' in page.text
    assert ">Other (" not in page.text


def test_page_for_an_unknown_theme_says_so(client: TestClient) -> None:
    page = client.get(PAGE, params={"theme": "Zephyrquill"})
    assert page.status_code == 404
    assert '<p class="error" role="alert">no theme is known as &#39;Zephyrquill&#39;</p>' in (
        page.text
    )
