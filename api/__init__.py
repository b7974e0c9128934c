"""The pockg web service (FastAPI)."""
