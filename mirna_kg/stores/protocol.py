"""SPARQL results as a protocol answer: the negotiated media type, the bytes, and whether the row cap cut them.

Every store answers ``Store.run`` with an ``Outcome`` built here. The writers stop reading after ``max_rows``
rows (a runaway ``SELECT *`` never builds a million-row document) and say so: the outcome carries
``truncated``, which the server turns into a header and a note, never a silent cut. Content negotiation for
query results happens once, in ``result_format``; the protocol's ``default-graph-uri`` / ``named-graph-uri``
travel as a ``Dataset``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..errors import QueryError
from ..formats import RDF_FORMATS, RESULT_FORMATS, RdfFormat, ResultsFormat, negotiate
from ..namespaces import TURTLE_PREFIXES
from .sparql import QueryInfo
from .terms import XSD_STRING, Term, ox_term, rdflib_term, term_of

GRAPH_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in RDF_FORMATS if not f.quads)


class NotAcceptableError(QueryError):
    """No offered result format matches the request's Accept header (HTTP 406)."""


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names (SPARQL 1.1 Protocol ``default-graph-uri`` / ``named-graph-uri``)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class Outcome:
    """A serialised result: media type, bytes, and whether the row cap cut it (and how many rows it kept)."""

    form: str
    media_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0


def result_format(info: QueryInfo, accept: str | None) -> RdfFormat | ResultsFormat:
    """The format to answer a query of ``info``'s form in, by ``accept`` (SPARQL results for SELECT and ASK, RDF for
    CONSTRUCT and DESCRIBE; never CSV/TSV for ASK, which has no such form); ``NotAcceptableError`` otherwise."""
    offered: Sequence[RdfFormat | ResultsFormat] = GRAPH_FORMATS if info.returns_graph else RESULT_FORMATS
    if info.form == "ASK":
        offered = [f for f in offered if f.name not in ("csv", "tsv")]
    fmt = negotiate(accept, offered)
    if fmt is None or (info.form == "ASK" and fmt.name in ("csv", "tsv")):
        names = ", ".join(f.media_type for f in offered)
        raise NotAcceptableError(f"cannot give a {info.form} result as {accept!r}; acceptable: {names}")
    return fmt


def boolean_outcome(value: bool, fmt: RdfFormat | ResultsFormat) -> Outcome:
    """An ASK result in SPARQL JSON or XML."""
    return Outcome("ASK", fmt.media_type, boolean_document(value, fmt))


def boolean_document(value: bool, fmt: RdfFormat | ResultsFormat) -> bytes:
    """An ASK result in SPARQL JSON or XML (pyoxigraph's boolean result has no serializer)."""
    text = "true" if value else "false"
    if fmt.name == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{text}</boolean></sparql>\n"
        ).encode()
    return f'{{"head":{{}},"boolean":{text}}}\n'.encode()


def graph_outcome(form: str, triples: Iterable[object], fmt: RdfFormat | ResultsFormat, max_rows: int) -> Outcome:
    kept = list(itertools.islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    assert isinstance(fmt, RdfFormat)
    prefixes = TURTLE_PREFIXES if fmt.name == "turtle" else None
    body = (
        ox.serialize(kept, format=fmt.to_oxigraph(), prefixes=prefixes)
        if prefixes
        else ox.serialize(kept, format=fmt.to_oxigraph())
    )
    return Outcome(form, fmt.media_type, body or b"", truncated, len(kept))


def table_outcome(
    variables: list[str], rows: Iterator[list[Term | None]], fmt: RdfFormat | ResultsFormat, max_rows: int
) -> Outcome:
    kept = list(itertools.islice(rows, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt.name]
    return Outcome("SELECT", fmt.media_type, writer(variables, kept), truncated, len(kept))


# ------------------------------------------------------------------------------------------------------------
# Result writers (W3C SPARQL 1.1 Query Results JSON, XML, CSV and TSV)
# ------------------------------------------------------------------------------------------------------------


def _json(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    bindings = []
    for row in rows:
        binding: dict[str, dict[str, str]] = {}
        for name, term in zip(variables, row, strict=True):
            if term is None:
                continue
            kind, value, language, datatype = term
            item = {"type": kind, "value": value}
            if language:
                item["xml:lang"] = language
            elif datatype and datatype != XSD_STRING:
                item["datatype"] = datatype
            binding[name] = item
        bindings.append(binding)
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for name, term in zip(variables, row, strict=True):
            if term is None:
                continue
            kind, value, language, datatype = term
            if kind == "uri":
                inner = f"<uri>{escape(value)}</uri>"
            elif kind == "bnode":
                inner = f"<bnode>{escape(value)}</bnode>"
            elif language:
                inner = f"<literal xml:lang={quoteattr(language)}>{escape(value)}</literal>"
            elif datatype and datatype != XSD_STRING:
                inner = f"<literal datatype={quoteattr(datatype)}>{escape(value)}</literal>"
            else:
                inner = f"<literal>{escape(value)}</literal>"
            out.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else (f"_:{t[1]}" if t[0] == "bnode" else t[1]) for t in row])
    return buffer.getvalue().encode("utf-8")


def _tsv(variables: list[str], rows: list[list[Term | None]]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else _ntriples(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ntriples(term: Term) -> str:
    kind, value, language, datatype = term
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    if language:
        return f'"{text}"@{language}'
    if datatype and datatype != XSD_STRING:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


__all__ = [
    "Dataset",
    "NotAcceptableError",
    "Outcome",
    "boolean_outcome",
    "graph_outcome",
    "ox_term",
    "rdflib_term",
    "result_format",
    "table_outcome",
    "term_of",
]
