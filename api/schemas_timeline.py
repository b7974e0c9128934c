"""The JSON shapes of the timeline."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TimelineSourceOut(BaseModel):
    """What a timeline entry rests on: the document, a citation or the reference data (with
    a passage that mentions it)."""

    kind: str = Field(description="document, citation or reference data")
    label: str
    href: str | None = None


class TimelineEntryOut(BaseModel):
    """One dated event: a document or meeting, a cited work, a resolution, a mission's start
    or end."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "date": "2013",
                "year": 2013,
                "kind": "resolution",
                "label": "Security Council resolution 2100 (2013)",
                "detail": "Mali",
                "iri": "https://w3id.org/pockg/id/resolution/2100",
                "href": "/id/resolution/2100",
                "source": {
                    "kind": "reference data",
                    "label": "dates from the reference data; mentioned in 2 passages",
                    "href": "/documents/gpc-2020-global-protection-forum-summary-note-txt#b-1",
                },
            }
        }
    )

    date: str = Field(description="an ISO date, or a year when only the year is known")
    year: int
    kind: str = Field(
        description="document, meeting, cited work, resolution, mission start or mission end"
    )
    label: str
    detail: str
    iri: str
    href: str
    source: TimelineSourceOut


class TimelineOut(BaseModel):
    """The dated entries, oldest first, and the filters applied."""

    country: str | None
    theme: str | None
    kinds: dict[str, int] = Field(description="how many entries of each kind")
    entries: list[TimelineEntryOut]
