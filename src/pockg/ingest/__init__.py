"""Ingestion: bytes to `SourceDocument`.

One parser per format (`text`, `pdf`, `docx`), one outline assembly for all (`structure`);
`reader.read_document` is the stage's public verb.
"""
