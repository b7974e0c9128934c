"""Writing a briefing pack in one of its formats: Markdown, HTML or Word."""

from __future__ import annotations

from pockg.briefing.as_html import render_html
from pockg.briefing.as_markdown import render_markdown
from pockg.briefing.as_word import render_docx
from pockg.briefing.model import BriefingPack

FORMATS = ("md", "html", "docx")
"""The formats a pack is written in: Markdown, HTML and Word."""

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render_pack(pack: BriefingPack, fmt: str, *, link_base: str = "") -> bytes:
    """Return `pack` written as `fmt` (one of FORMATS): UTF-8 text or Word bytes.

    `link_base` (for example `http://127.0.0.1:8000`) is put before the site-relative
    links to passages, for copies read away from the web UI.
    """
    if fmt == "md":
        return render_markdown(pack, link_base=link_base).encode("utf-8")
    if fmt == "html":
        return render_html(pack, standalone=True, link_base=link_base).encode("utf-8")
    if fmt == "docx":
        return render_docx(pack, link_base=link_base)
    raise ValueError(f"unknown briefing format {fmt!r}; use one of {', '.join(FORMATS)}")
