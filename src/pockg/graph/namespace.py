"""The pockg vocabulary as a closed rdflib namespace, and the other vocabularies pockg uses.

`POCKG` lists exactly the classes and properties of `ontology/pockg.ttl` (a test checks both
directions); a misspelt term raises `AttributeError` instead of minting a stray IRI. Import
every vocabulary from here:

    from pockg.graph.namespace import POCKG, PROV, RDFS

To add a term, declare it in `ontology/pockg.ttl` (label and definition), list it below,
constrain it in `ontology/shapes.ttl` and run the tests (see `ontology/README.md`).
"""

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)

__all__ = [
    "DCTERMS",
    "FOAF",
    "ID_BASE",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "POCKG",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "SPARQL_PREFIXES",
    "XSD",
]

ID_BASE = "https://w3id.org/pockg/id/"
"""The default base under which instance IRIs are minted (`<ID_BASE><type>/<key>`)."""

ONTOLOGY_IRI = URIRef("https://w3id.org/pockg/ontology")
"""The IRI of the ontology itself (the `owl:Ontology` in `ontology/pockg.ttl`)."""


class POCKG(DefinedNamespace):
    """The pockg ontology: `https://w3id.org/pockg/ontology#`."""

    _fail = True
    _NS = Namespace("https://w3id.org/pockg/ontology#")

    # Classes
    Actor: URIRef  # Actor
    AreaOfResponsibility: URIRef  # Area of Responsibility
    ArmedForce: URIRef  # Armed force
    BodyOfLaw: URIRef  # Body of law
    Challenge: URIRef  # Challenge
    Cluster: URIRef  # Cluster
    CoordinationBody: URIRef  # Coordination body
    CoordinationMechanism: URIRef  # Coordination mechanism
    Country: URIRef  # Country
    Curation: URIRef  # Curation
    DiagnosticTool: URIRef  # Diagnostic tool
    Document: URIRef  # Document
    DonorAgency: URIRef  # Donor agency
    Event: URIRef  # Event
    ExtractionActivity: URIRef  # Extraction activity
    FieldPractice: URIRef  # Field practice
    Framework: URIRef  # Framework
    Government: URIRef  # Government body
    Guideline: URIRef  # Guideline
    Handbook: URIRef  # Handbook
    InternationalOrganisation: URIRef  # International organisation
    LessonLearned: URIRef  # Lesson learned
    Mandate: URIRef  # Mandate
    Meeting: URIRef  # Meeting
    MissionComponent: URIRef  # Mission component
    MonitoringMechanism: URIRef  # Monitoring and reporting mechanism
    NonGovernmentalOrganisation: URIRef  # Non-governmental organisation
    NonStateArmedGroup: URIRef  # Non-state armed group
    Organisation: URIRef  # Organisation
    Outcome: URIRef  # Outcome
    Passage: URIRef  # Passage
    Person: URIRef  # Person
    Place: URIRef  # Place
    Policy: URIRef  # Policy
    Recommendation: URIRef  # Recommendation
    RegionalPeaceOperation: URIRef  # Regional peace operation
    ResearchOrganisation: URIRef  # Research organisation
    Role: URIRef  # Role
    SecurityCouncilResolution: URIRef  # Security Council resolution
    Statement: URIRef  # Statement
    Theme: URIRef  # Theme
    Tool: URIRef  # Tool
    Treaty: URIRef  # Treaty
    UNAgency: URIRef  # UN agency, fund or programme
    UNEntity: URIRef  # UN entity
    UNMission: URIRef  # UN mission

    # Object properties
    addressedTo: URIRef  # addressed to
    addresses: URIRef  # addresses challenge
    affiliation: URIRef  # affiliation
    authorisedBy: URIRef  # authorised by
    cites: URIRef  # cites
    curates: URIRef  # curates
    country: URIRef  # in country
    hasRole: URIRef  # has role
    inDocument: URIRef  # in document
    involves: URIRef  # involves
    issuedBy: URIRef  # issued by
    leadAgency: URIRef  # lead agency
    location: URIRef  # at place
    mandatedBy: URIRef  # mandated by
    mentions: URIRef  # mentions
    parentOrganisation: URIRef  # part of organisation
    participant: URIRef  # participant
    recommendedBy: URIRef  # recommended by
    relatesTo: URIRef  # relates to
    reportsOn: URIRef  # reports on
    resultedIn: URIRef  # resulted in
    theme: URIRef  # has theme

    # Datatype properties
    accessLevel: URIRef  # access level
    acronym: URIRef  # acronym
    blockKind: URIRef  # block kind
    confidence: URIRef  # confidence
    contentHash: URIRef  # content hash
    curationAction: URIRef  # curation action
    curationStatus: URIRef  # curation status
    documentSymbol: URIRef  # document symbol
    documentType: URIRef  # document type
    endOffset: URIRef  # end offset
    endYear: URIRef  # end year
    fileName: URIRef  # file name
    isGeneric: URIRef  # is generic
    isoAlpha2Code: URIRef  # ISO 3166-1 alpha-2 code
    isoAlpha3Code: URIRef  # ISO 3166-1 alpha-3 code
    isoCode: URIRef  # ISO 3166-1 code
    missionType: URIRef  # mission type
    modal: URIRef  # modal cue
    outcome: URIRef  # outcome text
    page: URIRef  # page
    pipelineVersion: URIRef  # pipeline version
    position: URIRef  # position
    region: URIRef  # UN geoscheme region
    resolutionNumber: URIRef  # resolution number
    role: URIRef  # role as printed
    section: URIRef  # section
    startOffset: URIRef  # start offset
    startYear: URIRef  # start year
    summary: URIRef  # summary
    text: URIRef  # verbatim text
    topic: URIRef  # topic
    year: URIRef  # year


PREFIXES: dict[str, str] = {
    "pockg": str(POCKG._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "xsd": str(XSD),
}
"""The prefixes pockg writes in exports and pages and declares in its own SPARQL queries."""

SPARQL_PREFIXES = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
