"""Small real Word files for tests, written with python-docx (PDFs: tests/pdf_render.py)."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def write_simple_docx(path: Path, heading: str, paragraphs: list[str]) -> Path:
    """Write a Word file with a level-1 heading and body paragraphs; return `path`."""
    document = Document()
    document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path
