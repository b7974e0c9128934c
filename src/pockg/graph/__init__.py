"""Extraction to RDF: the pockg vocabulary, IRI minting and the triple store."""
