"""Reading RDF files into one graph, with errors that name the file and line.

Each file is parsed on its own first, so a syntax error points at its file, and so the validator can tell
which file a focus node came from (``LoadedGraph.files_of``). The merged graph is an ordinary rdflib Graph;
stores (``mirna_kg.store``) take it from there. rdflib is imported by the functions that parse: ``read_source``,
which the Oxigraph store reads its files with, needs none of it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, RdfParseError
from .formats import JSONLD, RDFXML, rdf_format_of
from .namespaces import bind_prefixes

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

UTF8_BOM = b"\xef\xbb\xbf"

#: The deepest nesting of objects and arrays a JSON-LD source may have (rdflib's JSON-LD parser recurses once
#: or more per level; real documents stay within a few dozen).
MAX_JSONLD_DEPTH = 64

#: An XML entity declaration or a DOCTYPE that names an external document (``SYSTEM`` / ``PUBLIC``): entities
#: can expand exponentially ("billion laughs") and an external DTD would be fetched; RDF/XML needs neither.
_XML_DTD_RISK = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\b(?:SYSTEM|PUBLIC)\b")


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


def read_source(path: Path) -> bytes:
    """The bytes of an RDF source file, read the one way every command reads them.

    A missing file, a quad format, a file that is not UTF-8 (the error names the line of the first bad byte),
    a JSON-LD file that a parser would fetch something for (a remote ``@context``, an ``@import``) or that
    nests deeper than ``MAX_JSONLD_DEPTH``, or an RDF/XML file that declares XML entities or an external DTD
    is an ``InputError``; a leading UTF-8 byte-order mark is dropped, so Oxigraph and rdflib see the same
    text. An empty file is an empty graph.
    """
    fmt = rdf_format_of(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    data = data.removeprefix(UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RdfParseError(path, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line) from exc
    if fmt is JSONLD:
        _refuse_remote_contexts(path, text)
    elif fmt is RDFXML:
        _refuse_xml_entities(path, data)
    return data


def _refuse_xml_entities(path: Path, data: bytes) -> None:
    """Entity declarations (exponential expansion) and external DTDs (a fetch) are refused, with their line."""
    if match := _XML_DTD_RISK.search(data):
        line = data.count(b"\n", 0, match.start()) + 1
        raise RdfParseError(
            path,
            "declares XML entities or an external DTD, which mirna-kg does not expand or fetch (entities can "
            "grow without bound); write the IRIs out in full and remove the DOCTYPE",
            line,
        )


def _refuse_remote_contexts(path: Path, text: str) -> None:
    """Refuse what a JSON-LD parser would fetch over the network, and nesting a parser would recurse through.

    A ``@context`` given by reference (a string, or strings in a list) and an ``@import`` inside a context are
    loaded by a JSON-LD processor's document loader; mirna-kg never fetches on behalf of data, so both are
    refused, wherever they appear (scoped contexts included). The walk is iterative and stops at
    ``MAX_JSONLD_DEPTH``.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RdfParseError(path, f"not JSON: {exc.msg}", exc.lineno) from exc
    except RecursionError:
        raise InputError(_too_deep(path)) from None
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSONLD_DEPTH:
            raise InputError(_too_deep(path))
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    refs = [value] if isinstance(value, str) else value if isinstance(value, list) else []
                    remote = [r for r in refs if isinstance(r, str)]
                    if remote:
                        raise InputError(
                            f"{path}: refers to the remote JSON-LD context {remote[0]!r}, which mirna-kg "
                            "does not fetch (no network on behalf of data); embed the context object "
                            "instead (`mirna-kg export --format context` writes ours)"
                        )
                elif key == "@import":
                    raise InputError(
                        f"{path}: its JSON-LD context imports {value!r} (@import), which mirna-kg does not "
                        "fetch (no network on behalf of data); copy the imported terms into the context"
                    )
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)


def _too_deep(path: Path) -> str:
    return (
        f"{path}: JSON nested more than {MAX_JSONLD_DEPTH} levels deep, the limit mirna-kg reads; "
        "flatten the document (JSON-LD allows a flat @graph of nodes)"
    )


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
