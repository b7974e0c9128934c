"""Extraction: structured documents to entities, statements and their links."""
