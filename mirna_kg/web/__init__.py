"""The web server: entity pages, search, the SPARQL endpoint and the stored-query API (``create_app``)."""

from .app import create_app
from .pool import serving_snapshot
from .settings import Settings, check_address

__all__ = ["Settings", "check_address", "create_app", "serving_snapshot"]
