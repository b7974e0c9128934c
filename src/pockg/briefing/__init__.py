"""Briefing packs: extractive summaries of the graph for a country, a UN mission, a theme or
a combination, in which every statement cites the passage (or curated record) it comes from.

    reader = StoreReader(store)                     # or any GraphReader scoped to a user
    pack = build_briefing(reader, country="Mali", theme="Information sharing")
    data = render_pack(pack, "docx")                # "md", "html" or "docx"

`build_briefing` raises `UnknownSubjectError` (its message names the closest known names)
for a name the graph does not know, and `BriefingRequestError` when nothing is named.
"""

from pockg.briefing.as_html import render_html
from pockg.briefing.as_markdown import render_markdown
from pockg.briefing.as_word import render_docx
from pockg.briefing.gather import build_briefing, build_pack
from pockg.briefing.material import Limits
from pockg.briefing.model import (
    BriefingPack,
    BriefingSubject,
    BriefItem,
    BriefSection,
    Citation,
    Named,
)
from pockg.briefing.reader import GraphReader, StoreReader
from pockg.briefing.render import FORMATS, MEDIA_TYPES, render_pack
from pockg.briefing.subject import BriefingRequestError, UnknownSubjectError, resolve_subject

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "BriefItem",
    "BriefSection",
    "BriefingPack",
    "BriefingRequestError",
    "BriefingSubject",
    "Citation",
    "GraphReader",
    "Limits",
    "Named",
    "StoreReader",
    "UnknownSubjectError",
    "build_briefing",
    "build_pack",
    "render_docx",
    "render_html",
    "render_markdown",
    "render_pack",
    "resolve_subject",
]
