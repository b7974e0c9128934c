"""A briefing pack as HTML: a fragment the web UI embeds, or a standalone document. Every
text is escaped; numbered references link to their passages in the reader."""

from __future__ import annotations

from html import escape

from pockg.briefing.model import BriefingPack, BriefItem, Citation
from pockg.briefing.wording import (
    NOTE,
    describe,
    empty_line,
    grouped,
    link,
    numbers,
    subject_line,
)

STYLE = """
body { font-family: Calibri, Arial, sans-serif; font-size: 11pt; line-height: 1.45;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
.briefing h1, .briefing h2, .briefing h3, .briefing h4 { line-height: 1.2; }
.briefing-meta { margin: 0; } .briefing-note { font-style: italic; color: #444; }
.briefing li { margin: 0.3rem 0; } .briefing-details { list-style: none; padding-left: 1rem; }
.briefing sup a { text-decoration: none; }
@media print { a { color: inherit; } }
"""


def render_html(pack: BriefingPack, *, standalone: bool = False, link_base: str = "") -> str:
    """Return `pack` as an HTML fragment (`<article class="briefing">`, headings from h2
    so it sits under a page's own h1), or as a whole document (headings from h1)."""
    top = 1 if standalone else 2
    numbered = numbers(pack)
    parts = ['<article class="briefing" lang="en">', "<header>"]
    parts.append(f"<h{top}>{escape(pack.title)}</h{top}>")
    for label, value in subject_line(pack):
        parts.append(f'<p class="briefing-meta"><strong>{label}:</strong> {escape(value)}</p>')
    parts += [f'<p class="briefing-note">{escape(NOTE)}</p>', "</header>"]
    if pack.is_empty:
        parts.append(f'<p class="briefing-empty">{escape(empty_line(pack))}</p>')
    for section in pack.sections:
        parts.append(f'<section class="briefing-section" id="briefing-{escape(section.key)}">')
        parts.append(f"<h{top + 1}>{escape(section.title)}</h{top + 1}>")
        if section.note:
            parts.append(f'<p class="briefing-note">{escape(section.note)}</p>')
        for group, items in grouped(section):
            if group:
                parts.append(f"<h{top + 2}>{escape(group)}</h{top + 2}>")
            parts.append("<ul>")
            parts += [_item(item, numbered, link_base) for item in items]
            parts.append("</ul>")
        parts.append("</section>")
    if pack.sources:
        parts += _sources(pack, top + 1, link_base)
    parts.append("</article>")
    fragment = "\n".join(parts) + "\n"
    if not standalone:
        return fragment
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(pack.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{fragment}</body>\n</html>\n"
    )


def _item(item: BriefItem, numbered: dict[str, int], link_base: str) -> str:
    label = f"<strong>{escape(item.label)}</strong>" if item.label else ""
    text = escape(item.text)
    body = f"{label}: {text}" if label and text else label or text
    html = f"<li>{body} {_markers(item.citations, numbered, link_base)}"
    extra = [f"<li><em>{escape(name)}:</em> {escape(value)}</li>" for name, value in item.details]
    extra += [
        f"<li><em>Also:</em> {escape(variant.text)} "
        f"{_markers(variant.citations, numbered, link_base)}</li>"
        for variant in item.variants
    ]
    if extra:
        html += '<ul class="briefing-details">' + "".join(extra) + "</ul>"
    return html + "</li>"


def _markers(citations: tuple[Citation, ...], numbered: dict[str, int], link_base: str) -> str:
    """Return an item's numbered references, each linked to its passage."""
    return "".join(
        f'<sup><a href="{escape(link(c.href, link_base))}" title="{escape(describe(c))}">'
        f"[{numbered[c.key]}]</a></sup>"
        for c in citations
    )


def _sources(pack: BriefingPack, level: int, link_base: str) -> list[str]:
    parts = ['<section class="briefing-section" id="briefing-sources">']
    parts += [f"<h{level}>Sources</h{level}>", "<ol>"]
    for n, citation in enumerate(pack.sources, start=1):
        href = escape(link(citation.href, link_base))
        what = "passage" if citation.passage else "record"
        parts.append(
            f'<li id="briefing-source-{n}">{escape(describe(citation))}. '
            f'<a href="{href}">Open the {what}</a></li>'
        )
    return [*parts, "</ol>", "</section>"]
