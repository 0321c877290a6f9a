"""Interchangeable stores behind one ``open_store``: the project's files in memory (Oxigraph, or rdflib as the
reference engine), an on-disk Oxigraph store (``mirna-kg load --store DIR``) or any remote SPARQL 1.1 endpoint.

Every backend passes the same contract tests (``tests/test_stores.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .base import ResultTable, Store
from .oxigraph import OxigraphStore, create_disk_store, open_disk_store
from .sparql import QueryInfo, check_query

if TYPE_CHECKING:
    from .protocol import Dataset, NotAcceptableError, Outcome
    from .rdflib_store import RdflibStore
    from .remote import RemoteStore

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Dataset",
    "NotAcceptableError",
    "Outcome",
    "OxigraphStore",
    "QueryInfo",
    "RdflibStore",
    "RemoteStore",
    "ResultTable",
    "Store",
    "check_query",
    "create_disk_store",
    "is_remote",
    "open_disk_store",
    "open_files",
]


def __getattr__(name: str) -> object:
    """``RdflibStore`` and ``RemoteStore`` load rdflib's SPARQL engine and httpx, and the protocol's names its
    result writers: only when asked for, so a query on the default Oxigraph store starts without them."""
    if name == "RdflibStore":
        from .rdflib_store import RdflibStore

        return RdflibStore
    if name == "RemoteStore":
        from .remote import RemoteStore

        return RemoteStore
    if name in ("Dataset", "NotAcceptableError", "Outcome"):
        from . import protocol

        return getattr(protocol, name)
    raise AttributeError(name)


def is_remote(source: str | Path) -> bool:
    """Whether a ``--store`` value names a remote endpoint (an http(s) URL) rather than a folder."""
    return str(source).startswith(("http://", "https://"))


def open_files(files: Sequence[Path], engine: str = DEFAULT_ENGINE) -> Store:
    """An in-memory store over RDF files, with the named engine."""
    if engine == "oxigraph":
        return OxigraphStore.from_files(files)
    if engine == "rdflib":
        from ..loading import load
        from .rdflib_store import RdflibStore

        return RdflibStore(load(files).graph)
    raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
