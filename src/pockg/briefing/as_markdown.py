"""A briefing pack as Markdown (CommonMark): headings, bullet lists, numbered references
linked to their passages, and the sources list."""

from __future__ import annotations

import re

from pockg.briefing.model import BriefingPack, BriefItem, Citation
from pockg.briefing.wording import (
    NOTE,
    describe,
    empty_line,
    grouped,
    link,
    numbers,
    one_line,
    subject_line,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    """Return `text` with the characters Markdown would read as markup escaped."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def render_markdown(pack: BriefingPack, *, link_base: str = "") -> str:
    """Return `pack` as Markdown."""
    numbered = numbers(pack)
    lines = [f"# {escape(pack.title)}", ""]
    lines.append(" · ".join(f"**{label}:** {escape(value)}" for label, value in subject_line(pack)))
    lines += ["", f"*{escape(NOTE)}*", ""]
    if pack.is_empty:
        return "\n".join([*lines, escape(empty_line(pack)), ""])
    for section in pack.sections:
        lines += [f"## {escape(section.title)}", ""]
        if section.note:
            lines += [f"*{escape(section.note)}*", ""]
        for group, items in grouped(section):
            if group:
                lines += [f"### {escape(group)}", ""]
            for item in items:
                lines += _item(item, numbered, link_base)
            lines.append("")
    lines += ["## Sources", ""]
    for n, citation in enumerate(pack.sources, start=1):
        lines.append(f"{n}. {escape(describe(citation))}. {_target(citation, link_base)}")
    return "\n".join([*lines, ""])


def _item(item: BriefItem, numbered: dict[str, int], link_base: str, depth: int = 0) -> list[str]:
    indent = "  " * depth
    label = f"**{escape(item.label)}**" if item.label else ""
    text = f"{label}: {escape(item.text)}" if label and item.text else label or escape(item.text)
    lines = [f"{indent}- {text} {_markers(item.citations, numbered, link_base)}"]
    for name, value in item.details:
        lines.append(f"{indent}  - *{escape(name)}:* {escape(value)}")
    for variant in item.variants:
        also = f"{indent}  - *Also:* {escape(variant.text)} "
        lines.append(also + _markers(variant.citations, numbered, link_base))
    return lines


def _markers(citations: tuple[Citation, ...], numbered: dict[str, int], link_base: str) -> str:
    """Return the numbered references of an item, each linked to its passage."""
    return "".join(f"[\\[{numbered[c.key]}\\]]({_href(c, link_base)})" for c in citations)


def _href(citation: Citation, link_base: str) -> str:
    target = link(citation.href, link_base)
    return f"<{target}>" if re.search(r"[\s()<>]", target) else target


def _target(citation: Citation, link_base: str) -> str:
    what = "Passage" if citation.passage else "Record"
    return f"[{what}]({_href(citation, link_base)})"
