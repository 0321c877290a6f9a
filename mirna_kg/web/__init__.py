"""The web server: entity pages, search, the SPARQL endpoint and the stored-query API (``create_app``)."""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
