"""Running one SPARQL request against a store, with the row cap and the protocol's dataset: the worker's job.

This module runs inside the query worker processes (``mirna_kg.web.pool``). It serialises results itself so
that it can stop reading after ``max_rows`` rows (a runaway ``SELECT *`` never builds a million-row document)
and say so: the outcome carries ``truncated``, which the server turns into a header and a note, never a silent
cut. For Oxigraph stores (in memory or on disk) the protocol's ``default-graph-uri`` / ``named-graph-uri``
become pyoxigraph's ``default_graph`` / ``named_graphs``; a remote endpoint receives them as they came.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal
from rdflib.term import Identifier

from ..errors import QueryError
from ..formats import NTRIPLES, RESULT_FORMATS, SPARQL_JSON, RdfFormat, ResultsFormat, negotiate
from ..namespaces import TURTLE_PREFIXES
from ..stores.base import GRAPH_FORMATS, Store, boolean_document
from ..stores.oxigraph import OxigraphStore
from ..stores.sparql import check_query

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: A term as the writers need it: (kind, value, language, datatype); kind is "uri", "bnode" or "literal".
Term = tuple[str, str, str | None, str | None]


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
class Job:
    """One request for a worker."""

    sparql: str
    accept: str | None = None
    dataset: Dataset = field(default_factory=Dataset)
    max_rows: int = 10_000


@dataclass(frozen=True)
class Outcome:
    """A serialised result: media type, bytes, and whether the row cap cut it (and how many rows it kept)."""

    form: str
    media_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0


def execute(store: Store, job: Job) -> Outcome:
    """Run ``job`` on ``store``; refusals, syntax errors and unacceptable formats raise ``QueryError``s."""
    info = check_query(job.sparql)
    offered: Sequence[RdfFormat | ResultsFormat] = GRAPH_FORMATS if info.returns_graph else RESULT_FORMATS
    fmt = negotiate(job.accept, offered)
    if fmt is None or (info.form == "ASK" and fmt.name in ("csv", "tsv")):
        names = ", ".join(f.media_type for f in offered if not (info.form == "ASK" and f.name in ("csv", "tsv")))
        raise NotAcceptableError(f"cannot give a {info.form} result as {job.accept!r}; acceptable: {names}")
    if isinstance(store, OxigraphStore):
        result = _oxigraph(store, job)
        if info.form == "ASK":
            return Outcome("ASK", fmt.media_type, boolean_document(bool(result), fmt))
        if info.returns_graph:
            return _graph(info.form, result, fmt, job.max_rows)
        variables = [v.value for v in result.variables]
        rows = ([_ox_term(s[v]) for v in variables] for s in result)
        return _table(variables, rows, fmt, job.max_rows)
    if job.dataset:
        raise QueryError(
            f"the {store.name} backend does not take default-graph-uri / named-graph-uri; "
            "name graphs in the query (FROM / FROM NAMED) instead"
        )
    if info.form == "ASK":
        return Outcome("ASK", fmt.media_type, boolean_document(store.ask(job.sparql), fmt))
    if info.returns_graph:
        graph = store.construct(job.sparql)
        triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return _graph(info.form, triples, fmt, job.max_rows)
    table = store.select(job.sparql)
    return _table(table.variables, ([_rdflib_term(t) for t in row] for row in table.rows), fmt, job.max_rows)


def _oxigraph(store: OxigraphStore, job: Job) -> object:
    options: dict[str, object] = {"use_default_graph_as_union": True}
    if job.dataset:
        options = {
            "default_graph": [ox.NamedNode(g) for g in job.dataset.default_graphs] or ox.DefaultGraph(),
            "named_graphs": [ox.NamedNode(g) for g in job.dataset.named_graphs],
        }
    try:
        return store.store.query(job.sparql, **options)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"the query failed: {_first_line(exc)}") from exc


def _graph(form: str, triples: Iterable[object], fmt: RdfFormat | ResultsFormat, max_rows: int) -> Outcome:
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


def _table(
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


def _ox_term(term: object) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language, term.datatype.value)
    return ("literal", str(term), None, None)  # RDF-star triple terms, written as text


def _rdflib_term(term: Identifier | None) -> Term | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return ("literal", str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    return ("uri", str(term), None, None)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


__all__ = ["NTRIPLES", "SPARQL_JSON", "Dataset", "Job", "NotAcceptableError", "Outcome", "execute"]
