"""Reading an RDF source file's bytes the one way every command reads them, before any parser sees them.

Both engines read through here: the Oxigraph store (``stores.oxigraph``) hands the bytes to Oxigraph, and
``mirna_kg.loading`` to rdflib. This module imports neither, so opening the in-memory store costs no rdflib.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError, RdfParseError
from .formats import JSONLD, RDFXML, rdf_format_of

UTF8_BOM = b"\xef\xbb\xbf"

#: The deepest nesting of objects and arrays a JSON-LD source may have (rdflib's JSON-LD parser recurses once
#: or more per level; real documents stay within a few dozen).
MAX_JSONLD_DEPTH = 64

#: An XML entity declaration or a DOCTYPE that names an external document (``SYSTEM`` / ``PUBLIC``): entities
#: can expand exponentially ("billion laughs") and an external DTD would be fetched; RDF/XML needs neither.
_XML_DTD_RISK = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\b(?:SYSTEM|PUBLIC)\b")


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
    import json  # JSON-LD sources only

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
