"""Row readers for release files: CSV, TSV and XLSX, one row at a time, each with its line number and raw text.

The raw text goes to the rejects file unchanged, so a curator can find the row in the release file; a row
whose field count differs from the header's is malformed (its fields would land in the wrong columns).
XLSX is read with openpyxl in read-only mode (streaming); its "line" is the sheet row number and its raw text
the cells joined by tabs. An XLSX file is a zip archive, so before anything is decompressed its directory is
checked (``check_workbook``): the sizes it declares (which the zip reader never exceeds) must stay within
``MAX_XLSX_BYTES`` in all, and no large member may compress better than ``MAX_XLSX_RATIO`` to one, which
spreadsheets never do and zip bombs always do.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError

#: The most an XLSX workbook may hold, decompressed (the sizes its zip directory declares).
MAX_XLSX_BYTES = 4 * 1024**3
#: The best compression ratio a large member (over ``RATIO_FLOOR_BYTES``) of a workbook may have.
MAX_XLSX_RATIO = 200
RATIO_FLOOR_BYTES = 16 * 1024**2


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


def check_workbook(path: Path) -> None:
    """Refuse a file that is no zip archive, or whose members would decompress past the limits (a zip bomb),
    from its directory alone, before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise InputError(f"{path}: not an XLSX workbook (not a readable zip archive: {exc}); save it as .xlsx") from exc
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_BYTES:
        raise InputError(
            f"{path}: the workbook would decompress to {total:,} bytes, over the limit of {MAX_XLSX_BYTES:,}; "
            "export the sheet as CSV or TSV instead"
        )
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1):
            raise InputError(
                f"{path}: {member.filename} would decompress {member.file_size // max(member.compress_size, 1):,} "
                f"times its size (limit {MAX_XLSX_RATIO}): a zip bomb, not a spreadsheet; export the sheet as CSV"
            )


def _xlsx_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise InputError("reading .xlsx needs openpyxl: pip install 'mirna-kg[xlsx]'") from exc
    check_workbook(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable XLSX workbook ({exc}); save it again as .xlsx") from exc
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
    except (zipfile.BadZipFile, EOFError) as exc:  # a member whose data does not match its declared size or CRC
        raise InputError(f"{path}: the workbook is damaged ({exc}); save it again as .xlsx") from exc
    finally:
        workbook.close()
