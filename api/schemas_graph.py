"""The JSON shapes of the knowledge-graph API: entities, statements and the linkage matrix."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_MINUSMA = "https://w3id.org/pockg/id/mission/minusma"
_MALI = "https://w3id.org/pockg/id/country/mli"
_MRM = "https://w3id.org/pockg/id/tool/monitoring-and-reporting-mechanism"
_DOC = "gpc-2020-global-protection-forum-summary-note-txt"
_READER = f"/documents/{_DOC}#b-169974a086501874"
_PASSAGE = "https://w3id.org/pockg/id/passage/gpc-2020-global-protection-forum-summary-note-txt/169974a086501874"
_PRACTICE = "https://w3id.org/pockg/id/field-practice/gpc-2020-global-protection-forum-summary-note-txt/169974a086501874/2"


class RefOut(BaseModel):
    """A node of the graph: its IRI, its preferred label, and where this server shows it."""

    model_config = ConfigDict(json_schema_extra={"example": {"iri": _MALI, "label": "Mali"}})

    iri: str
    label: str | None = None
    href: str = Field(description="a link on this server (`/id/...`) or the IRI itself")


class EntitySummaryOut(BaseModel):
    """An entity in a list: what it is, what it is called and how often passages mention it."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "iri": _MINUSMA,
                "kind": "mission",
                "key": "minusma",
                "label": "MINUSMA",
                "types": ["Actor", "Organisation", "UNEntity", "UNMission"],
                "mentions": 12,
                "href": "/id/mission/minusma",
            }
        }
    )

    iri: str
    kind: str
    key: str
    label: str | None
    types: list[str] = Field(description="local names of its pockg classes")
    mentions: int = Field(description="passages of readable documents that mention it")
    href: str


class EntityListOut(BaseModel):
    """One page of entities, most mentioned first."""

    total: int
    limit: int
    offset: int
    items: list[EntitySummaryOut]


class RelationOut(BaseModel):
    """One triple about an entity, read from the entity's side."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "predicate": "https://w3id.org/pockg/ontology#mandatedBy",
                "predicate_label": "mandated by",
                "value": "https://w3id.org/pockg/id/resolution/2100",
                "label": "Security Council resolution 2100 (2013)",
                "href": "/id/resolution/2100",
            }
        }
    )

    predicate: str
    predicate_label: str | None = None
    value: str = Field(description="the other node's IRI, or a literal's text")
    label: str | None = None
    href: str | None = Field(None, description="a link when the value is an IRI")


class MentionOut(BaseModel):
    """A passage that mentions an entity, with where to read it."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "passage": _PASSAGE,
                "doc_id": "gpc-2020-global-protection-forum-summary-note-txt",
                "document_title": "Strengthening the Protection of Civilians in armed conflict",
                "text": "The MRM Task Force in country is co-led by UNICEF and the MINUSMA.",
                "section": "Mali",
                "page": None,
                "href": _READER,
            }
        }
    )

    passage: str
    doc_id: str | None
    document_title: str | None
    text: str = Field(description="the passage's text, cut to 300 characters")
    section: str | None
    page: int | None
    href: str | None = Field(description="the passage in the document reader")


class StatementOut(BaseModel):
    """A field practice, recommendation or challenge with its source and linked entities."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "iri": _PRACTICE,
                "kind": "FieldPractice",
                "text": "The MRM Task Force in country is co-led by UNICEF and the MINUSMA.",
                "passage": _PASSAGE,
                "doc_id": "gpc-2020-global-protection-forum-summary-note-txt",
                "document_title": "Strengthening the Protection of Civilians in armed conflict",
                "year": "2020",
                "section": "Mali",
                "page": None,
                "href": _READER,
                "countries": [{"iri": _MALI, "label": "Mali", "href": "/id/country/mli"}],
                "instruments": [
                    {
                        "iri": _MRM,
                        "label": "Monitoring and Reporting Mechanism",
                        "href": "/id/tool/monitoring-and-reporting-mechanism",
                    }
                ],
            }
        }
    )

    iri: str
    kind: str
    text: str
    passage: str
    doc_id: str | None
    document_title: str | None
    year: str | None
    section: str | None
    page: int | None
    href: str | None
    countries: list[RefOut] = []
    actors: list[RefOut] = []
    instruments: list[RefOut] = []
    themes: list[RefOut] = []
    addressees: list[RefOut] = []
    recommenders: list[RefOut] = []
    status: str | None = Field(None, description="a curator's verdict: confirmed (or none)")
    curated: bool = Field(False, description="added by hand by a curator, not extracted")


class StatementListOut(BaseModel):
    """One page of statements, in document order."""

    total: int
    limit: int
    offset: int
    items: list[StatementOut]


class EntityOut(BaseModel):
    """Everything the readable graph says about one entity."""

    iri: str
    kind: str
    key: str
    label: str | None
    aliases: list[str]
    types: list[RefOut]
    outgoing: list[RelationOut] = Field(description="triples with the entity as subject")
    incoming: list[RelationOut] = Field(
        description="triples with the entity as object, mentions and statements left out"
    )
    mentions: list[MentionOut]
    practices: list[StatementOut]
    recommendations: list[StatementOut]


class LinkageCellOut(BaseModel):
    """The field practices of one country linked to one global instrument."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "country": "Mali",
                "instrument": _MRM,
                "practices": [_PRACTICE],
                "links": ["direct"],
            }
        }
    )

    country: str
    instrument: str
    practices: list[str]
    links: list[str] = Field(description="how they are linked: direct, mandate or both")


class LinkageOut(BaseModel):
    """The practice-to-framework matrix: rows are countries, columns instruments."""

    countries: list[str]
    instruments: list[RefOut]
    cells: list[LinkageCellOut]


class CountedRefOut(RefOut):
    """A node with how many of the listed statements link to it."""

    count: int


class ThemeCellOut(BaseModel):
    """The field practices of one country on one theme."""

    country: str
    theme: str
    practices: list[str]


class LinkageViewOut(LinkageOut):
    """The linkage matrices: practices against global instruments and against themes."""

    themes: list[RefOut] = Field(description="the themes of the field practices, by name")
    theme_cells: list[ThemeCellOut]


class CountrySummaryOut(RefOut):
    """A country the documents speak of, with how much they say."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "iri": _MALI,
                "label": "Mali",
                "href": "/countries/mli",
                "key": "mli",
                "practices": 14,
                "mentions": 40,
            }
        }
    )

    key: str
    practices: int = Field(description="field practices set in the country")
    mentions: int = Field(description="passages that mention the country")


class MissionOut(RefOut):
    """A UN mission deployed in a country, with the resolutions that mandate it."""

    mission_type: str | None = None
    start_year: str | None = None
    end_year: str | None = None
    mandates: list[RefOut] = []


class CountryDocumentOut(BaseModel):
    """A readable document that mentions a country, with how many of its passages do."""

    iri: str
    doc_id: str
    title: str | None
    year: str | None
    passages: int
    href: str = Field(description="the document in the reader")


class CountryOut(RefOut):
    """What the readable documents say about one country, every statement with its source."""

    key: str
    aliases: list[str]
    missions: list[MissionOut]
    frameworks: list[LinkageCellOut] = Field(
        description="the country's row of the linkage matrix: instruments its practices link to"
    )
    instruments: list[RefOut] = Field(description="labels of the instruments in `frameworks`")
    themes: list[CountedRefOut] = Field(description="themes of the country's field practices")
    actors: list[CountedRefOut] = Field(description="actors involved in its field practices")
    documents: list[CountryDocumentOut]
    practices: list[StatementOut]
    challenges: list[StatementOut]
    recommendations: list[StatementOut]


class ExampleQueryOut(BaseModel):
    """A named example query of `ontology/queries/`."""

    name: str = Field(examples=["practice-framework-linkage"])
    title: str
    text: str = Field(description="the SPARQL text")
    editor: str = Field(description="the query opened in the SPARQL editor")
    results: str = Field(description="its results from `/sparql`, as SPARQL JSON")
