"""Writing query results as a text table, CSV, TSV or SPARQL 1.1 Query Results JSON.

CSV and TSV give plain values (IRIs in full, literals as their text) so spreadsheets and shell tools can use
them; the text table shortens IRIs to CURIEs for reading and fits a given width (the terminal's) by narrowing
its widest columns, cutting cells with "…"; JSON follows the W3C format so other SPARQL tools read it. Only the
table is ever cut: CSV, TSV and JSON stay complete. ``select`` picks columns and a row limit for any format.

CSV is meant for spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula ("CSV injection"): such a cell gets a leading ``'`` (OWASP's advice), unless it is a plain
number such as ``-0.5``. TSV, for shell tools, and JSON keep every value exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from .errors import QueryError
from .namespaces import compress
from .stores.base import ResultTable

FORMATS = ("table", "csv", "tsv", "json")


#: The narrowest a table column gets when the table is fitted to the terminal.
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60


def select(table: ResultTable, columns: list[str] | None = None, limit: int | None = None) -> ResultTable:
    """The table with only ``columns`` (in that order) and at most ``limit`` rows."""
    variables, rows = table.variables, table.rows
    if columns:
        unknown = [c for c in columns if c not in variables]
        if unknown:
            raise QueryError(f"no column {unknown[0]!r}; the columns are {', '.join(variables)}")
        index = [variables.index(c) for c in columns]
        variables, rows = list(columns), [tuple(row[i] for i in index) for row in rows]
    if limit is not None:
        if limit < 0:
            raise QueryError(f"--limit takes a number of rows (0 or more), got {limit}")
        rows = rows[:limit]
    return ResultTable(list(variables), list(rows))


def render(table: ResultTable, fmt: str, width: int | None = None) -> str:
    """The result in the named format (``width``: fit the text table to that many characters)."""
    if fmt == "json":
        return to_json(table)
    if fmt in ("csv", "tsv"):
        return to_delimited(table, "," if fmt == "csv" else "\t")
    if fmt == "table":
        return to_text_table(table, width)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def plain(term: Identifier | None) -> str:
    return "" if term is None else str(term)


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def spreadsheet_safe(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula (numbers are left alone)."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def to_delimited(table: ResultTable, delimiter: str) -> str:
    """CSV (``,``: formula-leading cells neutralised, see the module notes) or TSV (values exactly)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    cell = spreadsheet_safe if delimiter == "," else (lambda text: text)
    writer.writerow([cell(v) for v in table.variables])
    writer.writerows([cell(plain(t)) for t in row] for row in table.rows)
    return out.getvalue()


def fit_widths(widths: list[int], total: int, gap: int = 2) -> list[int]:
    """Column widths that fit ``total`` characters: the widest column narrows first, none below
    ``MIN_COLUMN_WIDTH`` (a table with very many columns may still be wider; ``--columns`` picks fewer)."""
    widths = list(widths)
    while sum(widths) + gap * (len(widths) - 1) > total:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN_WIDTH:
            break
        widths[widest] -= 1
    return widths


def to_text_table(table: ResultTable, width: int | None = None) -> str:
    cells = [[_readable(t) for t in row] for row in table.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(table.variables)]
    widths = [min(w, MAX_COLUMN_WIDTH) for w in widths]
    hidden: list[str] = []
    if width is not None and widths:
        widths = fit_widths(widths, width)
        while len(widths) > 1 and sum(widths) + 2 * (len(widths) - 1) > width:  # still too wide: drop columns
            hidden.insert(0, table.variables[len(widths) - 1])
            widths.pop()
            cells = [r[: len(widths)] for r in cells]
            widths = fit_widths(
                [
                    min(max([len(table.variables[i])] + [len(r[i]) for r in cells]), MAX_COLUMN_WIDTH)
                    for i in range(len(widths))
                ],
                width,
            )
    variables = table.variables[: len(widths)]

    def line(values: list[str]) -> str:
        return "  ".join(_clip(v, w).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rows = [line(variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    count = f"({len(cells)} row{'s' if len(cells) != 1 else ''}"
    if hidden:
        count += f"; {len(hidden)} more column{'s' if len(hidden) != 1 else ''} not shown: {', '.join(hidden)}"
        count += " — pick with --columns, or use --format tsv"
    rows.append(_clip(count + ")", width) if width else count + ")")
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
