"""Small real files for ingestion tests: PDFs from reportlab, Word files from python-docx."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas


def write_simple_pdf(path: Path, pages: list[list[str]], user_password: str | None = None) -> Path:
    """Write a PDF with one line of Helvetica text per entry, one list per page; return `path`."""
    encrypt = None
    if user_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password, ownerPassword="owner-secret")
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for lines in pages:
        y = A4[1] - 3 * cm
        for line in lines:
            canvas.setFont("Helvetica", 11)
            canvas.drawString(2.5 * cm, y, line)
            y -= 16
        canvas.showPage()
    canvas.save()
    return path


def write_image_only_pdf(path: Path, page_count: int = 2) -> Path:
    """Write a PDF whose pages carry only drawn shapes (a scan without a text layer)."""
    canvas = Canvas(str(path), pagesize=A4)
    for page in range(page_count):
        canvas.rect(2 * cm, 2 * cm, 10 * cm, (5 + page) * cm, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def write_simple_docx(path: Path, heading: str, paragraphs: list[str]) -> Path:
    """Write a Word file with a level-1 heading and body paragraphs; return `path`."""
    document = Document()
    document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path
