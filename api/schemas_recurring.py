"""The JSON shapes of `/api/recommendations/recurring`: recurring recommendations by theme,
each with its history."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas_graph import RefOut

_BASE = "https://w3id.org/pockg/id/"
_DOC_2017 = "gpc-2017-civil-military-coordination-round-table-txt"
_DOC_2020 = "ocha-2020-cmcoord-guidance-note-protection-outcomes-txt"
_ENTRY_2017: dict[str, Any] = {
    "iri": f"{_BASE}recommendation/{_DOC_2017}/e1b9f02ec2f2ce60/0",
    "year": 2017,
    "text": "Establish and sustain dialogue with military forces",
    "passage": f"{_BASE}passage/{_DOC_2017}/e1b9f02ec2f2ce60",
    "doc_id": _DOC_2017,
    "document_title": "Civil-Military Coordination for Protection Outcomes: Report of a "
    "Global Protection Cluster Round-Table",
    "section": "1. ADDRESSING DIFFERING PERCEPTIONS ON COORDINATION FOR PROTECTION OUTCOMES > "
    "1.1 Humanitarian perception on coordination > The Range of Civil-Military Relationships "
    "and UN CMCoord Strategy > KEY POINTS",
    "page": None,
    "href": f"/documents/{_DOC_2017}#b-e1b9f02ec2f2ce60",
}
_ENTRY_2020: dict[str, Any] = {
    "iri": f"{_BASE}recommendation/{_DOC_2020}/cbab69d1bbd068b1/0",
    "year": 2020,
    "text": "Establish and sustain dialogue with armed actors and their allies, to address "
    "protection risks and threats",
    "passage": f"{_BASE}passage/{_DOC_2020}/cbab69d1bbd068b1",
    "doc_id": _DOC_2020,
    "document_title": "Guidance Note on OCHA CMCoord Support to Protection Outcomes",
    "section": "III. Five Areas of CMCoord Tasks in Support of Protection Outcomes > 2) Dialogue",
    "page": None,
    "href": f"/documents/{_DOC_2020}#b-cbab69d1bbd068b1",
}
_THEME: dict[str, Any] = {
    "iri": f"{_BASE}theme/cmcoord-dialogue",
    "label": "Dialogue",
    "href": "/id/theme/cmcoord-dialogue",
}
_ARMED_ACTORS: dict[str, Any] = {
    "iri": f"{_BASE}theme/engagement-with-armed-actors",
    "label": "Engagement with armed actors",
    "href": "/id/theme/engagement-with-armed-actors",
}
_GROUP: dict[str, Any] = {
    "iri": _ENTRY_2017["iri"],
    "text": _ENTRY_2017["text"],
    "years": [2017, 2020],
    "documents": 2,
    "similarity": 0.501,
    "themes": [_THEME, _ARMED_ACTORS],
    "history": [_ENTRY_2017, _ENTRY_2020],
}


class HistoryEntryOut(BaseModel):
    """One time a recommendation was made: its words, year and source passage."""

    model_config = ConfigDict(json_schema_extra={"example": _ENTRY_2017})

    iri: str = Field(description="the recommendation")
    year: int | None = Field(description="the year of its document")
    text: str
    passage: str = Field(description="the passage it was drawn from")
    doc_id: str | None
    document_title: str | None
    section: str | None
    page: int | None
    href: str | None = Field(description="the passage in the document reader")


class RecurringGroupOut(BaseModel):
    """A recommendation made in several documents: a representative wording and its
    history, oldest first."""

    model_config = ConfigDict(json_schema_extra={"example": _GROUP})

    iri: str = Field(description="the representative recommendation")
    text: str = Field(
        description="the representative wording: the member most similar to the others "
        "(the earliest when they tie)"
    )
    years: list[int] = Field(description="the distinct years it was made in, ascending")
    documents: int = Field(description="how many documents make it")
    similarity: float = Field(description="the mean similarity of the members' pairs")
    themes: list[RefOut] = Field(description="the union of the members' themes, by name")
    history: list[HistoryEntryOut] = Field(description="every member, by year and document")


class ThemeGroupsOut(BaseModel):
    """The recurring recommendations on one theme ("Other": those without a theme)."""

    model_config = ConfigDict(json_schema_extra={"example": {**_THEME, "groups": [_GROUP]}})

    label: str
    iri: str | None = Field(description="the theme; null for Other")
    href: str | None
    groups: list[RecurringGroupOut]


class RecurringOut(BaseModel):
    """Recurring recommendations by theme, with the measure that found them."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "measure": "cosine similarity of TF-IDF vectors of Porter-stemmed content "
                "words (function words and recommendation cues left out), average-link "
                "clustering",
                "threshold": 0.35,
                "min_documents": 2,
                "theme": None,
                "total": 1,
                "themes": [{**_THEME, "groups": [_GROUP]}],
            }
        }
    )

    measure: str = Field(description="how recommendations are compared and grouped")
    threshold: float = Field(description="the similarity from which two recommendations group")
    min_documents: int = Field(description="the fewest documents a listed group spans")
    theme: str | None = Field(description="the theme asked for, as given")
    total: int = Field(description="distinct groups listed (a group shows under each theme)")
    themes: list[ThemeGroupsOut] = Field(description="by theme name, Other last")
