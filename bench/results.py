"""bench/RESULTS.md: each benchmark owns one section and replaces only that section."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(title: str, section: str) -> None:
    """Put `section` (starting with the heading `title`) into RESULTS.md, replacing its
    earlier version and leaving the other benchmarks' sections as they are."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(title)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(title))
        after = "\n" + text[end + 1 :] if end >= 0 else ""
        text = text[:start] + section.rstrip("\n") + "\n" + after
    RESULTS.write_text(text, encoding="utf-8")
