"""pockg: a knowledge graph of Protection of Civilians practice, traceable to its sources."""

__version__ = "0.1.0"
