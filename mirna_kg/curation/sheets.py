"""Claim sheets both ways: a review's statements as an XLSX/TSV sheet a person reads, and back into Turtle.

``export_review`` writes one row per statement of a review (regulatory claims, cell composition, biomarkers,
therapeutics), every property the graph holds in the columns of ``columns.COLUMNS`` (anything else in the
``extra`` column), so ``import_review`` of an unedited export rebuilds the same statements. ``import_review``
reads a sheet, grounds empty identifier cells from names with the shipped tables, checks quotes against the
review's text, builds the statements, runs the SHACL shapes and the identifier checks on the tree as it would
be, and only then writes the review's Turtle files (canonical form, ``turtle.canonical_turtle``). Every problem
is reported as ``FILE:SHEET!ROW:COLUMN: what is wrong, how to fix it`` (TSV: ``FILE:ROW:COLUMN``); on any
problem nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import InputError, NotConformingError
from ..loading import load, parse_file
from ..namespaces import (
    MKG,
    MKGS,
    PREFIXES,
    TURTLE_PREFIXES,
    authority_of,
    bind_prefixes,
    compress,
    expand,
    location_slug,
)
from ..resources import ProjectLayout, project, rdf_files
from ..reviews import Review, review
from ..reviews import statement_iri as mint_statement_iri
from ..validation import validate_paths
from ..writing import write_atomically
from .columns import BY_NAME, BY_PREDICATE, COLUMNS, DEFAULT_EVIDENCE, EFFECTS, KINDS, LINE_SEPARATOR, Column
from .grounding import Grounder, GroundingError, grounder
from .turtle import canonical_turtle, leading_comments

#: The sheet of a workbook that holds the rows; "columns" documents them, "lists" feeds the drop-downs.
ROWS_SHEET = "claims"
DOC_SHEET = "columns"
LISTS_SHEET = "lists"
#: A sheet larger than this is refused as not a claim sheet (a review has hundreds of statements, not millions).
MAX_SHEET_BYTES = 50 * 1024 * 1024
SHEET_SUFFIXES = (".xlsx", ".tsv")


class SheetError(NotConformingError):
    """The sheet's content has problems (exit 1, as for a graph that does not conform); each line names its
    cell."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            "\n".join(self.problems) + f"\n{count} problem{'s' if count != 1 else ''}; nothing was written"
        )


@dataclass
class Sheet:
    """The rows of a sheet as text cells, with where they came from (for cell addresses)."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (sheet row number, column -> cell text)
    sheet: str | None = ROWS_SHEET  # None for TSV

    def where(self, row: int, column: str) -> str:
        sheet = f"{self.sheet}!" if self.sheet else ""
        return f"{self.path.name}:{sheet}{row}:{column}"


@dataclass
class ImportResult:
    """What an import wrote (paths relative to the tree), removed, and what the curator should still do."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    statements: int = 0
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------------------
# Reading and writing sheets
# ------------------------------------------------------------------------------------------------------------


def sheet_format(path: Path) -> str:
    """``xlsx`` or ``tsv`` from the file name; an ``InputError`` for anything else."""
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise InputError(f"{path}: a claim sheet is .xlsx or .tsv, not {suffix or 'a file without suffix'}")
    return suffix[1:]


def read_sheet(path: Path) -> Sheet:
    """The rows of an XLSX (sheet ``claims``) or TSV file; ``InputError`` when the file cannot be used."""
    fmt = sheet_format(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if size > MAX_SHEET_BYTES:
        raise InputError(
            f"{path}: {size} bytes is more than a claim sheet holds (limit {MAX_SHEET_BYTES}); "
            "give the review's own sheet"
        )
    if fmt == "xlsx":
        header, rows, sheet = _read_xlsx(path)
    else:
        (header, rows), sheet = _read_tsv(path), None
    columns = [h.strip() for h in header]
    unknown = [c for c in columns if c and c not in BY_NAME]
    if unknown:
        raise InputError(
            f"{path}: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(BY_NAME)} "
            "(see the 'columns' sheet of an export)"
        )
    for needed in ("kind",):
        if needed not in columns:
            raise InputError(f"{path}: no '{needed}' column in the header row")
    out = []
    for number, cells in rows:
        row = {c: _cell_text(v) for c, v in zip(columns, cells, strict=False) if c}
        if any(v.strip() for v in row.values()):
            out.append((number, row))
    return Sheet(path, columns, out, sheet)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n")


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[object]]], str]:
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an XLSX workbook (not a zip archive); save it as .xlsx or give a .tsv")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise InputError(f"{path}: cannot read the workbook ({exc}); save it again as .xlsx") from exc
    try:
        if ROWS_SHEET not in book.sheetnames:
            raise InputError(f"{path}: no sheet named '{ROWS_SHEET}' (sheets: {', '.join(book.sheetnames)})")
        values = list(book[ROWS_SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    if not values:
        raise InputError(f"{path}: sheet '{ROWS_SHEET}' is empty; its first row names the columns")
    header = [str(v) if v is not None else "" for v in values[0]]
    return header, [(i + 2, list(r)) for i, r in enumerate(values[1:])], ROWS_SHEET


def _read_tsv(path: Path) -> tuple[list[str], list[tuple[int, list[object]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the TSV as UTF-8") from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    try:
        records = list(reader)
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: cannot read the TSV ({exc})") from exc
    if not records:
        raise InputError(f"{path}: empty; the first line names the columns")
    # a record's row number is its first line in the file (cells with line breaks span lines)
    return records[0], [(i + 2, list(r)) for i, r in enumerate(records[1:])]


def write_sheet(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]], lists: dict[str, list[str]]) -> None:
    """An XLSX (frozen header, fitted widths, drop-downs, a documentation sheet) or a TSV, written atomically."""
    fmt = sheet_format(path)
    rows = list(rows)
    data = _xlsx_bytes(header, rows, lists) if fmt == "xlsx" else _tsv_bytes(header, rows)
    write_atomically(path, data)


def _tsv_bytes(header: Sequence[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return buffer.getvalue().encode("utf-8")


def _xlsx_bytes(header: Sequence[str], rows: list[dict[str, str]], lists: dict[str, list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = ROWS_SHEET
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(c, "") or None for c in header])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        longest = max(
            [len(name), *(max((len(line) for line in row.get(name, "").split("\n")), default=0) for row in rows)]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
        if BY_NAME.get(name) is not None and BY_NAME[name].separator == LINE_SEPARATOR:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    # drop-downs: each controlled vocabulary is a column of the "lists" sheet
    vocab = book.create_sheet(LISTS_SHEET)
    last_row = max(len(rows) + 1, 500)
    for list_index, (name, values) in enumerate(sorted(lists.items()), start=1):
        letter = get_column_letter(list_index)
        vocab.cell(row=1, column=list_index, value=name).font = Font(bold=True)
        for value_index, value in enumerate(values, start=2):
            vocab.cell(row=value_index, column=list_index, value=value)
        vocab.column_dimensions[letter].width = max([len(name), *(len(v) for v in values)]) + 2
        if name not in header:
            continue
        column = BY_NAME[name]
        validation = DataValidation(
            type="list",
            formula1=f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            # a list column may hold several values ("a; b"): warn, do not forbid
            errorStyle="stop" if column.separator is None else "warning",
            error=f"{name}: use one of the values on the '{LISTS_SHEET}' sheet",
        )
        target = get_column_letter(list(header).index(name) + 1)
        validation.add(f"{target}2:{target}{last_row}")
        sheet.add_data_validation(validation)
    docs = book.create_sheet(DOC_SHEET)
    docs.append(["column", "property", "kind", "several values", "what it holds", "allowed values"])
    for cell in docs[1]:
        cell.font = Font(bold=True)
    for name in header:
        column = BY_NAME[name]
        several = {None: "one value", LINE_SEPARATOR: "one per line"}.get(column.separator, "separated by '; '")
        predicate = compress(str(column.predicate)) if column.predicate is not None else ""
        docs.append([name, predicate, column.kind, several, column.doc, ", ".join(lists.get(name, []))])
    docs.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (26, 24, 10, 18, 90, 60), strict=True):
        docs.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------------------
# Vocabularies from the ontology
# ------------------------------------------------------------------------------------------------------------


def vocabulary(graph: Graph, column: Column) -> list[str]:
    """The allowed values of a ``vocab`` column: local names of the individuals of the property's range."""
    if column.predicate is None:
        return []
    if column.name == "effect":
        return sorted(EFFECTS)
    if column.name == "evidence":
        return sorted(compress(str(s)) for s in graph.subjects(RDFS.label, None) if compress(str(s)).startswith("ECO:"))
    if column.kind != "vocab":
        return []
    ranges = set(graph.objects(column.predicate, RDFS.range))
    classes = set()
    for cls in ranges:
        classes |= set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return sorted(
        {str(s)[len(str(MKG)) :] for c in classes for s in graph.subjects(RDF.type, c) if str(s).startswith(str(MKG))}
    )


def vocabularies(graph: Graph) -> dict[str, list[str]]:
    """Every controlled column's allowed values (the XLSX drop-downs and the import's checks)."""
    return {c.name: values for c in COLUMNS if (values := vocabulary(graph, c))}


# ------------------------------------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------------------------------------


def review_statements(graph: Graph, reviewed: Review) -> list[URIRef]:
    """The statements stated in ``reviewed``."""
    return sorted(s for s in graph.subjects(MKG.statedIn, reviewed.iri) if isinstance(s, URIRef))


def statement_rows(key: str, layout: ProjectLayout | None = None) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """The review's statements as sheet rows (sorted by file, table, row, IRI) and the vocabularies."""
    layout = layout or project()
    reviewed = review(key, layout)
    loaded = load([*layout.ontology_files(), *layout.data_files()])
    graph = loaded.graph
    lookups = grounder(layout.root.resolve())
    rows = []
    for statement in review_statements(graph, reviewed):
        files = loaded.files_of(statement)
        rows.append(_row(graph, statement, reviewed, files[0] if files else None, lookups))

    def order(row: dict[str, str]) -> tuple:
        number = int(row["table_row"]) if row.get("table_row", "").isdigit() else 0
        return (row["file"], row.get("table", ""), number, row["statement"])

    return sorted(rows, key=order), vocabularies(graph)


def export_review(key: str, out: Path, layout: ProjectLayout | None = None) -> int:
    """Write the review's statements to ``out`` (.xlsx or .tsv); returns the number of rows."""
    sheet_format(out)
    rows, lists = statement_rows(key, layout)
    write_sheet(out, list(COLUMNS_NAMES), rows, lists)
    return len(rows)


COLUMNS_NAMES = tuple(c.name for c in COLUMNS)


def _row(graph: Graph, statement: URIRef, reviewed: Review, file: Path | None, lookups: Grounder) -> dict[str, str]:
    row = {name: "" for name in COLUMNS_NAMES}
    row["statement"] = compress(str(statement))
    row["file"] = _file_cell(file, reviewed)
    extra: list[str] = []
    kinds = {cls: word for word, cls in KINDS.items()}
    manager = Graph().namespace_manager
    bind_prefixes(manager)
    values: dict[URIRef, list] = defaultdict(list)
    for predicate, value in graph.predicate_objects(statement):
        values[predicate].append(value)
    for predicate in sorted(values):
        objects = sorted(values[predicate])
        if predicate == RDF.type:
            for cls in objects:
                if cls in kinds and not row["kind"]:
                    row["kind"] = kinds[cls]
                else:
                    extra.append(f"a {cls.n3(manager)}")
            continue
        if predicate == MKG.statedIn and objects == [reviewed.iri]:
            continue
        column = BY_PREDICATE.get(predicate)
        text = _cells(column, objects, lookups) if column is not None else None
        if text is None:
            extra.extend(f"{predicate.n3(manager)} {o.n3(manager)}" for o in objects)
        else:
            row[column.name] = text
    row["mirna_label"] = "; ".join(lookups.label(m) for m in sorted(graph.objects(statement, MKG.mirna)))
    row["cancer_label"] = "; ".join(lookups.label(c) for c in sorted(graph.objects(statement, MKG.cancer)))
    row["extra"] = "\n".join(extra)
    return row


def _file_cell(file: Path | None, reviewed: Review) -> str:
    if file is None:
        return ""
    try:
        return file.resolve().relative_to(reviewed.data_dir.resolve()).as_posix()
    except ValueError:
        return ""


def _cells(column: Column, objects: list, lookups: Grounder) -> str | None:
    """The cell text of ``objects`` in ``column``, or None when the column cannot hold them (they go to extra)."""
    if column.separator is None and len(objects) > 1:
        return None
    if column.name == "effect":
        words = {v: k for k, v in EFFECTS.items()}
        if objects == [MKG.effectNotStated]:
            return ""
        return words.get(objects[0])
    items = []
    for value in objects:
        if column.kind in ("entity", "vocab"):
            if not isinstance(value, URIRef):
                return None
            if column.kind == "vocab":
                if not str(value).startswith(str(MKG)):
                    return None
                items.append(str(value)[len(str(MKG)) :])
            elif column.ground in ("mirna", "statement", "term") or column.name == "cancer":
                items.append(compress(str(value)))
            else:
                items.append(f"{lookups.label(value)} ({compress(str(value))})")
        else:
            if not isinstance(value, Literal) or value.language or value.datatype != column.datatype:
                return None
            text = str(value)
            if column.separator is not None and column.separator in text:
                return None
            items.append(text)
    if column.separator is None:
        return items[0] if items else ""
    return column.separator.join(items)


# ------------------------------------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------------------------------------

_ITEM_WITH_ID = re.compile(r"^(?P<name>.*?)\s*\((?P<curie>[A-Za-z][A-Za-z0-9._]*:[^\s()]+)\)$")
_POSITIVE = re.compile(r"^[1-9]\d*$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.ttl$")


def normalize_text(text: str) -> str:
    """Text as quotes are compared with the review: hyphen characters (U+2010, U+2011) as ASCII ``-``, a word
    hyphenated across a line break joined, every run of whitespace one space."""
    text = text.replace("\u2010", "-").replace("\u2011", "-")  # typographic hyphens (PDF text) as ASCII
    text = re.sub(r"(\w)-[ \t]*\r?\n[ \t]*(\w)", r"\1\2", text)
    return " ".join(text.split())


#: A quote may skip page furniture the extracted text puts inside a sentence (a running head, a table): at most
#: this many pieces, each at least ``_MIN_PIECE`` characters, each starting within ``_MAX_GAP`` of the last.
_MAX_PIECES = 3
_MIN_PIECE = 20
_MAX_GAP = 3000


def source_texts(text: str) -> tuple[str, str]:
    """The review's text normalised twice: a line-break hyphen dropped ("regu-/lation") and kept
    ("hetero-/spheroids"), since only a reader knows which the author meant."""
    kept = re.sub(r"(\w-)[ \t]*\r?\n[ \t]*(\w)", r"\1\2", text)
    return normalize_text(text), normalize_text(kept)


def quote_found(quote: str, texts: tuple[str, ...]) -> bool:
    """Whether ``quote`` occurs verbatim (normalised) in one of ``texts``, or in a few long pieces in order that
    only skip page furniture (see ``_MAX_GAP``)."""
    wanted = normalize_text(quote)
    for text in texts:
        if wanted in text:
            return True
        if _in_pieces(wanted, text):
            return True
    return False


def _in_pieces(wanted: str, text: str) -> bool:
    start, cursor = 0, None
    for _ in range(_MAX_PIECES):
        best_len, best_at = 0, -1
        low, high = _MIN_PIECE, len(wanted) - start
        while low <= high:  # the longest prefix of the rest that occurs within the gap
            middle = (low + high) // 2
            piece = wanted[start : start + middle]
            at = text.find(piece) if cursor is None else text.find(piece, cursor, cursor + _MAX_GAP + middle)
            if at >= 0:
                best_len, best_at, low = middle, at, middle + 1
            else:
                high = middle - 1
        if best_len == 0:
            return False
        start += best_len
        cursor = best_at + best_len
        if start >= len(wanted):
            return True
        while start < len(wanted) and wanted[start] == " ":
            start += 1
    return False


def _curie(text: str) -> URIRef | None:
    """An IRI from a CURIE of the project's prefix map (or a full IRI), None for anything else."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    prefix, colon, local = text.partition(":")
    if colon and local and prefix in PREFIXES and " " not in local:
        return expand(text)
    return None


@dataclass
class _Builder:
    """Turns sheet rows into statements, collecting every problem with its cell address."""

    sheet: Sheet
    reviewed: Review
    lookups: Grounder
    lists: dict[str, list[str]]
    source_text: tuple[str, str] | None
    problems: list[str] = field(default_factory=list)
    rows_of: dict[URIRef, int] = field(default_factory=dict)
    file_of: dict[URIRef, str] = field(default_factory=dict)
    graph: Graph = field(default_factory=Graph)

    def problem(self, row: int, column: str, text: str) -> None:
        self.problems.append(f"{self.sheet.where(row, column)}: {text}")

    def build(self) -> None:
        for number, cells in self.sheet.rows:
            self._row(number, cells)

    def _row(self, number: int, cells: dict[str, str]) -> None:
        kind = cells.get("kind", "").strip()
        if kind not in KINDS:
            self.problem(number, "kind", f"{kind!r} is not a statement kind; use one of: {', '.join(KINDS)}")
            return
        statement = self._statement(number, cells)
        if statement is None:
            return
        if statement in self.rows_of:
            self.problem(
                number,
                "statement",
                f"{compress(str(statement))} is also row {self.rows_of[statement]}; "
                "give one of them a qualifier (data/README.md: statement IRIs)",
            )
            return
        self.rows_of[statement] = number
        file = cells.get("file", "").strip() or self._default_file(cells)
        if not _FILE_NAME.match(file):
            self.problem(
                number,
                "file",
                f"{file!r} is not a Turtle file name in data/ttl/{self.reviewed.key}/; "
                "give a name like t4-macrophages.ttl (letters, digits, . _ -, ending .ttl)",
            )
        self.file_of[statement] = file
        add = self.graph.add
        add((statement, RDF.type, KINDS[kind]))
        add((statement, MKG.statedIn, self.reviewed.iri))
        species = "mmu" if "10090" in cells.get("organism", "") else "hsa"
        for column in COLUMNS:
            if column.kind in ("label",) or column.name in ("statement", "kind", "file"):
                continue
            text = cells.get(column.name, "")
            if column.name == "effect":
                self._effect(number, statement, kind, text.strip())
            elif column.name == "extra":
                self._extra(number, statement, text)
            elif column.name == "mirna" and not text.strip() and cells.get("mirna_as_written", "").strip():
                if kind in ("regulatory claim", "therapeutic", "biomarker"):
                    self._ground(
                        number, column, statement, cells["mirna_as_written"].strip(), species, "mirna_as_written"
                    )
            elif column.name == "cancer" and not text.strip() and cells.get("cancer_label", "").strip():
                for name in cells["cancer_label"].split(";"):
                    if name.strip():
                        self._ground(number, column, statement, name.strip(), species, "cancer_label")
            elif column.name == "evidence" and not text.strip():
                add((statement, MKG.evidence, expand(DEFAULT_EVIDENCE)))
            elif text.strip():
                self._values(number, column, statement, text, species)
        if self.source_text is not None:
            for quote in self.graph.objects(statement, MKG.quote):
                if not quote_found(str(quote), self.source_text):
                    self.problem(
                        number,
                        "quote",
                        f"not found verbatim in the review's text: {str(quote)[:80]!r}…; "
                        "copy the passage from the text exactly (line breaks and spacing may differ)",
                    )

    def _statement(self, number: int, cells: dict[str, str]) -> URIRef | None:
        text = cells.get("statement", "").strip()
        if text:
            iri = _curie(text)
            if iri is None or not str(iri).startswith(f"{MKGS}{self.reviewed.key}-"):
                self.problem(
                    number,
                    "statement",
                    f"{text!r} is not a statement IRI of {self.reviewed.key} "
                    f"(mkgs:{self.reviewed.key}-…); leave it empty to mint one",
                )
                return None
            return iri
        location = cells.get("table", "").strip() or cells.get("section", "").split(";")[0].strip()
        name = cells.get("mirna_as_written", "").strip() or cells.get("cell_type_as_written", "").strip()
        row = cells.get("table_row", "").strip()
        if not location or not name:
            self.problem(
                number,
                "statement",
                "cannot mint an IRI: give a table or section and the miRNA (or cell "
                "type) as written, or the statement IRI itself",
            )
            return None
        return mint_statement_iri(self.reviewed.key, location, name, row=int(row) if row.isdigit() else None)

    def _default_file(self, cells: dict[str, str]) -> str:
        location = cells.get("table", "").strip() or cells.get("section", "").split(";")[0].strip() or "statements"
        return f"{location_slug(location)}.ttl"

    def _effect(self, number: int, statement: URIRef, kind: str, text: str) -> None:
        if text in EFFECTS:
            self.graph.add((statement, MKG.effectOnTumor, EFFECTS[text]))
        elif text:
            self.problem(
                number,
                "effect",
                f"{text!r} is not an effect; use promotes, inhibits, or leave it empty when the review does not say",
            )
        elif kind == "regulatory claim":
            self.graph.add((statement, MKG.effectOnTumor, MKG.effectNotStated))

    def _extra(self, number: int, statement: URIRef, text: str) -> None:
        prefixes = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in TURTLE_PREFIXES.items())
        for line in text.split("\n"):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                parsed = Graph().parse(data=f"{prefixes}<{statement}> {line} .", format="turtle")
            except Exception as exc:  # noqa: BLE001 — rdflib's parser raises several kinds
                self.problem(
                    number,
                    "extra",
                    f"{line!r} is not `property value` in Turtle ({exc}); write e.g. mkg:organism NCBITaxon:10090",
                )
                continue
            for triple in parsed:
                self.graph.add(triple)

    def _values(self, number: int, column: Column, statement: URIRef, text: str, species: str) -> None:
        if column.separator is None:
            items = [text]
        elif column.kind == "text":
            items = text.split(column.separator)
        else:
            items = [i.strip() for i in re.split(r"[;\n]", text)]
        items = [i for i in items if i.strip()]
        for item in items:
            if column.kind == "entity":
                self._entity(number, column, statement, item.strip(), species)
            elif column.kind == "vocab":
                allowed = self.lists.get(column.name, [])
                if item not in allowed:
                    self.problem(
                        number, column.name, f"{item!r} is not a {column.name} value; use one of: {', '.join(allowed)}"
                    )
                else:
                    self.graph.add((statement, column.predicate, MKG[item]))
            elif column.kind == "int":
                if not _POSITIVE.match(item):
                    self.problem(number, column.name, f"{item!r} is not a positive whole number; write e.g. 42")
                else:
                    self.graph.add((statement, column.predicate, Literal(item, datatype=column.datatype)))
            elif column.kind == "decimal":
                if not _DECIMAL.match(item):
                    self.problem(number, column.name, f"{item!r} is not a number; write e.g. 35.40")
                else:
                    self.graph.add((statement, column.predicate, Literal(item, datatype=column.datatype)))
            elif column.kind == "boolean":
                if item not in ("true", "false"):
                    self.problem(number, column.name, f"{item!r} is not true or false")
                else:
                    self.graph.add((statement, column.predicate, Literal(item, datatype=column.datatype)))
            else:
                self.graph.add((statement, column.predicate, Literal(item)))

    def _entity(self, number: int, column: Column, statement: URIRef, item: str, species: str) -> None:
        match = _ITEM_WITH_ID.match(item)
        iri = _curie(match.group("curie")) if match else _curie(item)
        if iri is None and column.ground in ("statement", "term"):
            self.problem(
                number,
                column.name,
                f"{item!r} is not a CURIE; write e.g. "
                f"{'mkgs:' + self.reviewed.key + '-t1-r01-miR-21' if column.ground == 'statement' else 'ECO:0000304'}",
            )
            return
        if iri is None:
            self._ground(number, column, statement, item, species, column.name)
            return
        self.graph.add((statement, column.predicate, iri))

    def _ground(self, number: int, column: Column, statement: URIRef, name: str, species: str, cell: str) -> None:
        kind = column.ground if column.name != "cancer" else "cancer"
        finder = {
            "gene": self.lookups.gene,
            "cell": self.lookups.cell,
            "cancer": self.lookups.cancer,
            "process": self.lookups.process,
            "pathway": self.lookups.pathway,
        }.get(kind)
        try:
            entry = self.lookups.mirna(name, species) if kind == "mirna" else finder(name)  # type: ignore[misc]
        except GroundingError as exc:
            self.problem(number, cell, f"{exc}; fix the name or put the identifier in {column.name}")
            return
        self.graph.add((statement, column.predicate, entry.iri))


def import_review(
    path: Path, key: str, source: Path | None = None, layout: ProjectLayout | None = None
) -> ImportResult:
    """Check the sheet at ``path`` and write review ``key``'s Turtle files from it (nothing on any problem)."""
    layout = layout or project()
    reviewed = review(key, layout)
    sheet = read_sheet(path)
    source_text = None
    if source is not None:
        try:
            source_text = source_texts(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{source}: cannot read the review's text ({exc}); give a UTF-8 .txt file") from exc
    lookups = grounder(layout.root.resolve())
    ontology = load(layout.ontology_files()).graph
    builder = _Builder(sheet, reviewed, lookups, vocabularies(ontology), source_text)
    builder.build()
    _check_references(builder)
    if builder.problems:
        raise SheetError(builder.problems)
    files, removed = _plan(builder, reviewed)
    pending = _check_identifiers(builder)
    _check_shapes(builder, reviewed, layout, files, removed, pending)
    if builder.problems:
        raise SheetError(builder.problems)
    result = ImportResult(statements=len(builder.rows_of))
    for name, data in sorted(files.items()):
        target = reviewed.data_dir / name
        if target.is_file() and target.read_bytes() == data:
            continue
        write_atomically(target, data)
        result.written.append(_show(target, layout))
    for name in removed:
        (reviewed.data_dir / name).unlink()
        result.removed.append(_show(reviewed.data_dir / name, layout))
    if pending:
        shown = ", ".join(sorted(compress(str(i)) for i in pending))
        result.notes.append(
            f"not yet in ontology/imports/: {shown}; run `mirna-kg imports --reference "
            "../shared/reference`, then `mirna-kg validate`"
        )
    return result


def _show(path: Path, layout: ProjectLayout) -> str:
    try:
        return path.resolve().relative_to(layout.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _check_references(builder: _Builder) -> None:
    """``disagrees_with`` / ``supported_by`` name statements of the sheet (or of the graph)."""
    for column in (BY_NAME["disagrees_with"], BY_NAME["supported_by"]):
        for statement, other in builder.graph.subject_objects(column.predicate):
            if other not in builder.rows_of and (other, None, None) not in builder.lookups.graph:
                builder.problem(
                    builder.rows_of[statement],
                    column.name,
                    f"{compress(str(other))} is no statement of the sheet or the graph; check the IRI",
                )


def _plan(builder: _Builder, reviewed: Review) -> tuple[dict[str, bytes], list[str]]:
    """The review folder's files as they will be: new Turtle per file name, and files to remove."""
    by_file: dict[str, Graph] = defaultdict(Graph)
    for statement, name in builder.file_of.items():
        for triple in builder.graph.triples((statement, None, None)):
            by_file[name].add(triple)
    headers: dict[str, str] = {}
    removed = []
    folder = reviewed.data_dir
    for existing in rdf_files(folder) if folder.is_dir() else []:
        name = existing.relative_to(folder).as_posix()
        text = existing.read_text(encoding="utf-8")
        parsed = parse_file(existing)
        ours = {s for s in parsed.subjects(MKG.statedIn, reviewed.iri)}
        if not ours:
            continue
        others = [t for t in parsed if t[0] not in ours]
        headers[name] = leading_comments(text)
        if others:
            for triple in others:
                by_file[name].add(triple)
        elif name not in by_file:
            removed.append(name)
    files = {}
    for name, graph in by_file.items():
        header = (
            headers.get(name) or f"# {reviewed.label}: statements imported from a claim sheet (mirna-kg sheet import)."
        )
        files[name] = canonical_turtle(graph, header)
    return files, removed


def _check_identifiers(builder: _Builder) -> set[URIRef]:
    """External identifiers the shipped tables do not know are problems; known ones missing from the import
    modules are returned (the curator runs ``mirna-kg imports`` for them)."""
    pending: set[URIRef] = set()
    for statement, predicate, value in builder.graph:
        if not isinstance(value, URIRef) or predicate == RDF.type or authority_of(str(value)) is None:
            continue
        column = BY_PREDICATE.get(predicate)
        where = column.name if column else "extra"
        if builder.lookups.graph.value(value, RDFS.label) is not None:
            continue
        if builder.lookups.known(value):
            pending.add(value)
        else:
            builder.problem(
                builder.rows_of[statement],
                where,
                f"{compress(str(value))} is not an identifier of the "
                "shipped tables (data/reference/, ontology/imports/); look it up and correct it",
            )
    return pending


def _check_shapes(
    builder: _Builder,
    reviewed: Review,
    layout: ProjectLayout,
    files: dict[str, bytes],
    removed: list[str],
    pending: set[URIRef],
) -> None:
    """Validate the tree as it would be after the import (a temporary copy of data/ttl), reporting only what
    concerns the sheet's statements, each at its row and column."""
    with tempfile.TemporaryDirectory(prefix="mirna-kg-import-") as tmp:
        data = Path(tmp) / "ttl"
        shutil.copytree(layout.data_dir, data)
        folder = data / reviewed.key
        for name in removed:
            (folder / name).unlink()
        for name, content in files.items():
            target = folder / PurePosixPath(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        report = validate_paths(rdf_files(data), layout)
    rows = {compress(str(s)): n for s, n in builder.rows_of.items()}
    pending_shown = {compress(str(p)) for p in pending}
    columns_by_path = {compress(str(p)): c.name for p, c in BY_PREDICATE.items()}
    for violation in report.violations:
        if violation.severity != "Violation" or violation.focus not in rows or violation.value in pending_shown:
            continue
        column = columns_by_path.get(violation.path, "statement")
        value = f" (value: {violation.value})" if violation.value else ""
        builder.problem(rows[violation.focus], column, f"{violation.message}{value}")
