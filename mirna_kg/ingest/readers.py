"""Row readers for release files: CSV, TSV and XLSX, one row at a time, each with its line number and raw text.

The raw text goes to the rejects file unchanged, so a curator can find the row in the release file; a row
whose field count differs from the header's is malformed (its fields would land in the wrong columns).
XLSX is read with openpyxl in read-only mode (streaming); its "line" is the sheet row number and its raw text
the cells joined by tabs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError


class Row(NamedTuple):
    """One data row: its 1-based line number in the file, its raw text, its fields (None when malformed).

    A named tuple, not a dataclass: one is made per row of a release of millions, and a tuple is the cheapest
    record Python builds.
    """

    line: int
    raw: str
    fields: dict[str, str] | None


def file_kind(path: Path) -> str:
    """csv, tsv or xlsx, from the suffix (``.txt`` is read as TSV, as TarBase ships it)."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        suffix = Path(path.stem).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".tsv", ".txt", ".tab"):
        return "tsv"
    if suffix == ".xlsx":
        return "xlsx"
    raise InputError(f"{path}: unknown file type {suffix!r}; give a .csv, .tsv (.txt) or .xlsx file")


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    """The data rows of a release file; the header must name every ``required`` column."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    kind = file_kind(path)
    if kind == "xlsx":
        yield from _xlsx_rows(path, required)
        return
    opener = _open_text(path)
    with opener as handle:
        header_line = handle.readline()
        header = _split(header_line.rstrip("\r\n"), kind)
        header = [h.strip().lstrip("\ufeff") for h in header]
        _check_header(path, header, required)
        width = len(header)
        for number, text in enumerate(handle, start=2):
            raw = text.rstrip("\r\n")
            if not raw.strip():
                continue
            try:
                values = _split(raw, kind)
            except csv.Error:
                values = None
            if values is None or len(values) != width:
                yield Row(number, raw, None)
            else:
                yield Row(number, raw, dict(zip(header, map(str.strip, values))))  # noqa: B905 - width checked


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix.lower() == ".gz":
        import gzip

        return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
    return path.open(encoding="utf-8", errors="replace", newline="")


def _split(line: str, kind: str) -> list[str]:
    if kind == "tsv":
        return line.split("\t")
    if '"' not in line:
        return line.split(",")
    return next(csv.reader([line], strict=True))


def _check_header(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"{path}: not the expected release table: missing column(s) {', '.join(missing)} "
            f"(header has: {', '.join(header[:12])})"
        )


def _xlsx_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise InputError("reading .xlsx needs openpyxl: pip install 'mirna-kg[xlsx]'") from exc
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
        _check_header(path, header, required)
        for number, values in enumerate(rows, start=2):
            cells = [
                "" if v is None else str(int(v) if isinstance(v, float) and v.is_integer() else v).strip()
                for v in values
            ]
            raw = "\t".join(cells).rstrip("\t")
            if not any(cells):
                continue
            if len(cells) < len(header):
                cells += [""] * (len(header) - len(cells))
            if len(cells) > len(header) and any(cells[len(header) :]):
                yield Row(number, raw, None)
            else:
                yield Row(number, raw, dict(zip(header, cells[: len(header)], strict=True)))
    finally:
        workbook.close()
