"""Writing query results as a text table, CSV, TSV or SPARQL 1.1 Query Results JSON.

CSV and TSV give plain values (IRIs in full, literals as their text) so spreadsheets and shell tools can use
them; JSON follows the W3C format so other SPARQL tools read it. The text table shortens IRIs to CURIEs for
reading. Given a width (the terminal's), it is laid out so that every name can be read whole
(``mirna_kg.terminal``): the IRI columns that have a label column beside them (``mirna`` next to
``mirna_label``) step aside first, then cells wrap between words, and a result that still cannot fit is shown
one record per block. Without a width (a pipe, a file) the table keeps its plain layout. CSV, TSV and JSON are
never shortened. ``select`` picks columns and a row limit for any format.

CSV is meant for spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula ("CSV injection"): such a cell gets a leading ``'`` (OWASP's advice), unless it is a plain
number such as ``-0.5``. TSV, for shell tools, and JSON keep every value exactly.

The writers read a table's cells as they are held (pyoxigraph's terms from Oxigraph, rdflib's from the other
engines) through ``term_of``, so a query on the Oxigraph store is written without importing rdflib.
"""

from __future__ import annotations

import csv
import io
import re

from .errors import QueryError
from .namespaces import compress
from .stores.base import ResultTable
from .stores.terms import Term, term_of, text_of
from .terminal import column_widths, fits_unwrapped, natural_widths, record_lines, table_lines, wrap_paragraph

FORMATS = ("table", "csv", "tsv", "json")


#: The widest a column of the plain (unfitted) table gets; longer cells end in "…" there.
MAX_COLUMN_WIDTH = 60


def select(table: ResultTable, columns: list[str] | None = None, limit: int | None = None) -> ResultTable:
    """The table with only ``columns`` (in that order) and at most ``limit`` rows."""
    variables, rows = table.variables, table.cells
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
    return table.derived(list(variables), list(rows))


def render(table: ResultTable, fmt: str, width: int | None = None) -> str:
    """The result in the named format (``width``: fit the text table to that many characters)."""
    if fmt == "json":
        return to_json(table)
    if fmt in ("csv", "tsv"):
        return to_delimited(table, "," if fmt == "csv" else "\t")
    if fmt == "table":
        return to_text_table(table, width)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


#: A cell's text: an IRI in full, a literal's lexical form, a blank node's label, "" when unbound.
plain = text_of


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
    writer.writerows([cell(plain(t)) for t in row] for row in table.cells)
    return out.getvalue()


def to_text_table(table: ResultTable, width: int | None = None) -> str:
    """The result as a text table; fitted to ``width`` characters per line when given (see the module)."""
    cells = [[_readable(term_of(t)) for t in row] for row in table.cells]
    if width is not None:
        return "\n".join(_fitted(table.variables, cells, width)) + "\n"
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(table.variables)]
    widths = [min(w, MAX_COLUMN_WIDTH) for w in widths]

    def line(values: list[str]) -> str:
        return "  ".join(_clip(v, w).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rows = [line(table.variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    rows.append(_count(len(cells)) + ")")
    return "\n".join(rows) + "\n"


def _fitted(variables: list[str], cells: list[list[str]], width: int) -> list[str]:
    """The lines of a table within ``width``: whole table, else without the IRI columns whose labels are shown,
    else one record per block."""
    if fits_unwrapped(variables, cells, width):
        widths = natural_widths(variables, cells)
        return table_lines(variables, cells, widths) + wrap_paragraph(_count(len(cells)) + ")", width, " ")
    twins = [v for v in variables if f"{v}_label" in variables]
    kept = [i for i, v in enumerate(variables) if v not in twins]
    shown, shown_cells = [variables[i] for i in kept], [[r[i] for i in kept] for r in cells]
    labels = [i for i, v in enumerate(shown) if v.endswith("_label")]
    widths = column_widths(shown, shown_cells, width, labels)
    if widths is not None:
        note = _count(len(cells))
        if twins:
            note += (
                f"; not shown: {', '.join(twins)}, the IRIs of the labels beside them"
                " (--columns or --format tsv shows them)"
            )
        return table_lines(shown, shown_cells, widths) + wrap_paragraph(note + ")", width, " ")
    note = f"{_count(len(cells))}, one block each: too wide for the terminal as a table; --columns picks fewer)"
    return record_lines(variables, cells, width) + wrap_paragraph(note, width, " ")


def _count(rows: int) -> str:
    """The opening of the row-count line (without its closing parenthesis)."""
    return f"({rows} row{'s' if rows != 1 else ''}"


def _readable(term: Term | None) -> str:
    """CURIEs for IRIs, including ';'-joined IRIs that a query returns as text (GROUP_CONCAT of STR(?iri))."""
    if term is None:
        return ""
    kind, text = term[0], term[1]
    if kind == "uri":
        return compress(text)
    if text.startswith(("http://", "https://")):
        return ";".join(compress(part) for part in text.split(";"))
    return text


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def to_json(table: ResultTable) -> str:
    import json  # only for this format

    bindings = []
    for row in table.cells:
        bindings.append({v: _json_term(t) for v, t in zip(table.variables, row, strict=True) if t is not None})
    document = {"head": {"vars": table.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _json_term(cell: object) -> dict[str, str]:
    term = term_of(cell)
    assert term is not None
    kind, value, language, datatype = term
    out = {"type": kind, "value": value}
    if kind == "literal":
        if language:
            out["xml:lang"] = language
        elif datatype:
            out["datatype"] = datatype
    return out
