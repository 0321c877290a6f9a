"""The web server: entity pages, search, the SPARQL endpoint and the stored-query API (``create_app``).

The package's names are loaded on first use (PEP 562 ``__getattr__``), not when it is imported: the query
workers' fork server imports ``mirna_kg.web.pool``, which imports this package first, and every worker forked
from it would otherwise carry the pages' libraries (matplotlib, rdflib, Jinja) that it never uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .pool import serving_snapshot
    from .settings import Settings, check_address

#: public name -> the module of this package that defines it
_DEFINED_IN = {
    "create_app": ".app",
    "serving_snapshot": ".pool",
    "Settings": ".settings",
    "check_address": ".settings",
}

__all__ = ["Settings", "check_address", "create_app", "serving_snapshot"]


def __getattr__(name: str) -> Any:
    if name not in _DEFINED_IN:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_DEFINED_IN[name], __name__), name)
