"""Reading RDF files into one graph, with errors that name the file and line.

Each file is parsed on its own first, so a syntax error points at its file, and so the validator can tell
which file a focus node came from (``LoadedGraph.files_of``). The merged graph is an ordinary rdflib Graph;
stores (``mirna_kg.store``) take it from there. The bytes of a file are read by ``mirna_kg.reading`` (as the
Oxigraph store reads them); rdflib is imported by the functions that parse.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, RdfParseError
from .formats import rdf_format_of
from .namespaces import bind_prefixes
from .reading import MAX_JSONLD_DEPTH, UTF8_BOM, read_source

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


@dataclass
class LoadedGraph:
    """The merged graph and, for every subject, the files that describe it."""

    graph: Graph
    files: list[Path]
    subject_files: dict[Node, set[Path]] = field(default_factory=lambda: defaultdict(set))

    def files_of(self, node: Node) -> list[Path]:
        """Files in which ``node`` is a subject, in load order (empty when it only appears as an object)."""
        found = self.subject_files.get(node, set())
        return [f for f in self.files if f in found]


def rdf_format(path: Path) -> str:
    """The rdflib parser name for a file, from its suffix (see ``mirna_kg.formats``)."""
    return rdf_format_of(path).rdflib


def parse_file(path: Path) -> Graph:
    """Parse one file; a missing file or a syntax error becomes an ``InputError`` naming file and line."""
    from rdflib import Graph

    data = read_source(path)
    graph = Graph()
    try:
        graph.parse(data=data, format=rdf_format(path), publicID=path.resolve().as_uri())
    except InputError:
        raise
    except RecursionError:
        raise RdfParseError(path, "nested too deeply for the parser (brackets or lists); flatten it") from None
    except Exception as exc:
        raise _parse_error(path, exc) from exc
    return graph


def load(paths: Iterable[Path]) -> LoadedGraph:
    """Parse every file and merge them; nothing is returned unless every file parses."""
    from rdflib import Graph

    files = list(paths)
    merged = Graph()
    bind_prefixes(merged.namespace_manager)
    loaded = LoadedGraph(merged, files)
    for path in files:
        part = parse_file(path)
        for subject in set(part.subjects()):
            loaded.subject_files[subject].add(path)
        merged += part
    return loaded


def _parse_error(path: Path, exc: Exception) -> RdfParseError:
    """Turn any rdflib parser exception into one message with a 1-based line number where known."""
    line: int | None = None
    detail = str(exc)
    if hasattr(exc, "lines") and hasattr(exc, "_why"):  # notation3.BadSyntax (Turtle, N3)
        line = int(exc.lines) + 1
        detail = str(exc._why)
    elif match := re.search(r"line (\d+)", detail, flags=re.IGNORECASE):
        line = int(match.group(1))
    elif match := re.search(r'Invalid line: "?(.*)', detail):  # N-Triples: find the quoted line
        line = _line_containing(path, match.group(1).strip())
    return RdfParseError(path, detail.strip() or type(exc).__name__, line)


def _line_containing(path: Path, snippet: str) -> int | None:
    if not snippet:
        return None
    for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if snippet in text:
            return number
    return None


__all__ = ["MAX_JSONLD_DEPTH", "UTF8_BOM", "LoadedGraph", "load", "parse_file", "rdf_format", "read_source"]
