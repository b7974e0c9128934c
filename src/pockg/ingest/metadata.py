"""Document metadata: the manifest's word where it has one, otherwise read from the document.

The front matter of PoC documents states what we need in a few recurring shapes: a title
block, an issuing line such as "OCHA Civil Military Coordination Service (CMCS), October
2020", a status line such as "Draft - July 2013", or "Summary note from event organised by
OCHA, UNHCR, InterAction and ICRC on 7 October 2020".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pockg.ingest.manifest import ManifestEntry
from pockg.models import AccessLevel, Block, BlockKind, DocumentMetadata

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = (
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    re.compile(
        rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b",
        re.I,
    ),
    re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>[0-3]?\d),\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<mon>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
)
_ISSUED_BY = re.compile(
    r"\b(?:organi[sz]ed|prepared|published|issued|produced|developed)\s+by\s+(?P<org>.+?)"
    r"(?=\s+(?:on|in|at|for)\b|[.;(]|$)",
    re.I,
)
_ORGANISATION_WORDS = (
    r"Cluster|Office|Service|Section|Department|Nations|Committee|Council|Agency|Mission|"
    r"Programme|Organi[sz]ation|Institute|Secretariat|Group|Centre|Center|Fund|Commission"
)
_ORGANISATION_WORD = re.compile(
    rf"\b({_ORGANISATION_WORDS}|OCHA|UNHCR|UNICEF|ICRC|DPKO|DPO|DFS|IASC|GPC|NRC|UNDP|WFP)\b"
)
# In an ALL-CAPS line, a run of capitalised words ending in an organisation word, after title
# casing: "REPORT OF A GLOBAL PROTECTION CLUSTER ROUND-TABLE" -> "Global Protection Cluster".
_ORGANISATION_PHRASE = re.compile(
    rf"\b(?:(?!(?:Of|A|An|The|And|For|On|By|Report|Summary|Note)\b)[A-Z][a-z]+\s+){{1,5}}"
    rf"(?:{_ORGANISATION_WORDS})\b"
)
_BODY_BLOCKS_FOR_DATE = 20
# Ordered: the first document type whose words appear in the title wins.
_DOCUMENT_TYPES = (
    ("diagnostic tool", r"diagnostic tool"),
    ("guidance", r"guidance note|guidance|guidelines?"),
    ("round-table report", r"round-?table"),
    ("meeting report", r"summary note|meeting|forum|workshop|conference|webinar"),
    ("framework", r"framework"),
    ("handbook", r"handbook|manual|toolkit"),
    ("policy", r"polic(y|ies)|directive"),
    ("strategy", r"strategy"),
    ("report", r"report|study|review|evaluation|assessment"),
)


def build_metadata(
    blocks: Sequence[Block], path: Path, entry: ManifestEntry | None
) -> DocumentMetadata:
    """Return the document's metadata: manifest values first, inferred values for the gaps."""
    front = front_matter(blocks)
    opening = [b.text for b in blocks[:_BODY_BLOCKS_FOR_DATE]]
    inferred = {
        "title": infer_title(blocks) or path.stem.replace("_", " ").replace("-", " "),
        "publisher": infer_publisher(front),
        "date": infer_date(front) or infer_date(opening),
    }
    # The title says what the document is; a subtitle line often says it better.
    title = (entry.title if entry and entry.title else None) or inferred["title"] or ""
    inferred["document_type"] = infer_document_type(" ".join([title, *front]))
    given = entry or ManifestEntry(file=path.name)
    values = {key: getattr(given, key) or value for key, value in inferred.items()}
    guessed = tuple(key for key, value in inferred.items() if value and not getattr(given, key))
    return DocumentMetadata(
        title=values["title"],
        publisher=values["publisher"],
        date=values["date"],
        document_type=values["document_type"],
        language=given.language or "en",
        access_level=given.access_level or AccessLevel.PUBLIC,
        source=given.source,
        inferred=guessed,
    )


def front_matter(blocks: Sequence[Block]) -> list[str]:
    """Return the texts before the first section heading (the title block), or the first few."""
    texts: list[str] = []
    for block in blocks:
        if block.kind is BlockKind.HEADING and block.level > 0:
            break
        texts.append(block.text)
    return texts or [b.text for b in blocks[:5]]


def infer_title(blocks: Sequence[Block]) -> str | None:
    """Return the title heading's text, else the first heading's."""
    headings = [b for b in blocks if b.kind is BlockKind.HEADING]
    titled = [b for b in headings if b.level == 0]
    chosen = titled or headings
    return chosen[0].text if chosen else None


def infer_date(texts: Sequence[str]) -> str | None:
    """Return the first date in `texts` as ISO 8601 (YYYY-MM-DD, YYYY-MM), or None."""
    for text in texts:
        for pattern in _DATES:
            match = pattern.search(text)
            if match:
                return _iso_date(match)
    return None


def _iso_date(match: re.Match[str]) -> str:
    fields = match.groupdict()
    month = int(fields["m"]) if fields.get("m") else _MONTHS[fields["mon"].lower()]
    iso = f"{fields['y']}-{month:02d}"
    return f"{iso}-{int(fields['d']):02d}" if fields.get("d") else iso


def infer_publisher(texts: Sequence[str]) -> str | None:
    """Return the issuing organisation named in the front matter, or None."""
    for text in texts:
        issued = _ISSUED_BY.search(text)
        if issued:
            return issued.group("org").strip(" ,")
    for text in texts[1:]:
        candidate = _strip_date(text)
        if candidate and len(candidate.split()) <= 10 and _ORGANISATION_WORD.search(candidate):
            return candidate
    for text in texts:
        phrase = _ORGANISATION_PHRASE.search(text.title()) if text.isupper() else None
        if phrase:
            return phrase.group(0)
    return None


def _strip_date(text: str) -> str:
    for pattern in _DATES:
        text = pattern.sub("", text)
    return text.strip(" ,-–—")


def infer_document_type(title: str) -> str:
    """Return the document type its title suggests, or "document"."""
    for document_type, words in _DOCUMENT_TYPES:
        if re.search(rf"\b({words})\b", title, re.I):
            return document_type
    return "document"
