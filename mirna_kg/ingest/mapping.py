"""Ingest rows to N-Triples: the mapping the producer child runs, with its counts and progress line.

Rows are read one at a time and turned into N-Triples text by string formatting (``sources``), in chunks of
``CHUNK_ROWS`` rows; a row that cannot be mapped leaves no triple behind and goes to the rejects file with its
line, reason and raw text; a row that breaks a check (``sources.CheckViolation``) stops the mapping. This module
sits below both the child (``producer``) and the loader (``loader``), which import it; it imports neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from ..errors import StoreError
from ..namespaces import release_iri
from ..progress import RowRate
from .readers import Row, read_rows
from .reference import reference_tables
from .sources import ROW_FORMATS, Reject, RowFormat, RowMapper, iri, record_base

#: rows per chunk written to the loader: a chunk (a few hundred KB of N-Triples) fits in the pipe
#: (``producer.PIPE_BYTES``), so the child maps the next chunk while the loader parses this one instead of
#: waiting, blocked in ``write``, for the loader to drain a chunk larger than the pipe
CHUNK_ROWS = 512
REJECTS_HEADER = "line\treason\traw_line\n"


@dataclass
class Tally:
    """The counts of a mapping: rows read, rows ingested, rejects per reason, N-Triples lines written; and each
    support type written, with the first record that has it (``RowMapper.supports``)."""

    rows: int = 0
    ingested: int = 0
    rejects: Counter = field(default_factory=Counter)
    triples: int = 0
    supports: dict[str, str] = field(default_factory=dict)


def failed_checks(problems: list[str]) -> StoreError:
    """The error of a release that fails its checks, found in a row (by the mapping) or in the loaded graph."""
    return StoreError(f"the ingested graph fails its checks (store left unchanged): {'; '.join(problems[:5])}")


def release_mapper(database_key: str, release: str) -> RowMapper:
    """The row mapper of one database release (its records' IRIs and release node)."""
    return RowMapper(
        reference_tables(), iri(str(release_iri(database_key, release))), record_base(database_key, release)
    )


def ntriples_chunks(
    row_format: RowFormat,
    mapper: RowMapper,
    rows: Iterator[Row],
    result: Tally,
    rejects: TextIO,
    progress: RowRate | None = None,
) -> Iterator[bytes]:
    """The N-Triples of a release's rows, in chunks of ``CHUNK_ROWS`` rows; counts go into ``result``.

    A row that cannot be mapped leaves no triple behind (its lines are dropped) and is written to ``rejects``
    with its line number, reason and raw text. ``result.triples`` counts the lines written (an interaction
    met again after other rows is written again; the store keeps it once).
    """
    out: list[str] = []
    pending = 0
    for row in rows:
        result.rows += 1
        mark = len(out)
        try:
            if row.fields is None:
                raise Reject("malformed line: wrong number of fields")
            row_format.map_row(mapper, row.fields, out)
            result.ingested += 1
        except Reject as reject:
            del out[mark:]
            mapper.last_interaction = ""  # its triples may have been dropped with the row
            result.rejects[reject.reason] += 1
            rejects.write(f"{row.line}\t{reject.reason}\t{row.raw}\n")
        pending += 1
        if pending >= CHUNK_ROWS:
            yield _encode(out, result)
            out.clear()
            pending = 0
            if progress is not None:
                progress.update(result.rows)
    yield _encode(out, result)
    if progress is not None:
        progress.update(result.rows, final=True)


def _encode(lines: list[str], result: Tally) -> bytes:
    data = "".join(lines).encode("utf-8")
    result.triples += data.count(b"\n")
    return data


def map_release(
    row_format_key: str, database_key: str, release: str, path: Path, rejects: Path, out: BinaryIO
) -> Tally:
    """Map the release file ``path`` to N-Triples on ``out`` and its rejected rows to ``rejects``; the counts."""
    row_format = ROW_FORMATS[row_format_key]
    tally = Tally()
    rows = read_rows(path, row_format.columns)
    with rejects.open("w", encoding="utf-8", newline="") as rejected:
        rejected.write(REJECTS_HEADER)
        mapper = release_mapper(database_key, release)
        for chunk in ntriples_chunks(row_format, mapper, rows, tally, rejected, RowRate()):
            out.write(chunk)
    out.flush()
    tally.supports = dict(mapper.supports)
    return tally
