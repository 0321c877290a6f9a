"""Writing query results as a text table, CSV, TSV or SPARQL 1.1 Query Results JSON.

CSV and TSV give plain values (IRIs in full, literals as their text) so spreadsheets and shell tools can use
them; the text table shortens IRIs to CURIEs for reading; JSON follows the W3C format so other SPARQL tools
read it.
"""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from .namespaces import compress
from .stores.base import ResultTable

FORMATS = ("table", "csv", "tsv", "json")


def render(table: ResultTable, fmt: str) -> str:
    """The result in the named format."""
    if fmt == "json":
        return to_json(table)
    if fmt in ("csv", "tsv"):
        return to_delimited(table, "," if fmt == "csv" else "\t")
    if fmt == "table":
        return to_text_table(table)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def plain(term: Identifier | None) -> str:
    return "" if term is None else str(term)


def to_delimited(table: ResultTable, delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.variables)
    writer.writerows([plain(t) for t in row] for row in table.rows)
    return out.getvalue()


def to_text_table(table: ResultTable) -> str:
    cells = [[_readable(t) for t in row] for row in table.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(table.variables)]
    widths = [min(w, 60) for w in widths]

    def line(values: list[str]) -> str:
        return "  ".join(_clip(v, w).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rows = [line(table.variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    rows.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(rows) + "\n"


def _readable(term: Identifier | None) -> str:
    """CURIEs for IRIs, including ';'-joined IRIs that a query returns as text (GROUP_CONCAT of STR(?iri))."""
    if isinstance(term, URIRef):
        return compress(str(term))
    text = plain(term)
    if text.startswith(("http://", "https://")):
        return ";".join(compress(part) for part in text.split(";"))
    return text


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def to_json(table: ResultTable) -> str:
    bindings = []
    for row in table.rows:
        bindings.append({v: _json_term(t) for v, t in zip(table.variables, row, strict=True) if t is not None})
    document = {"head": {"vars": table.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out
