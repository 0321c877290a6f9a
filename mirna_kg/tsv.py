"""Reading the identifier tables: tab-separated, one header line, gzip'ed or not — one reader for the shipped
subsets (``data/reference/``, read at run time) and the authoritative tables (read by ``mirna-kg imports``)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError


def read_tsv(path: Path, *, missing: str, quoted: bool = True) -> Iterator[dict[str, str]]:
    """Rows of a (gzip'ed) TSV table as dicts by header; ``missing`` says what to do when the file is absent.

    ``quoted=False`` reads every character as data (the shipped subsets, written without quoting); the
    authoritative tables use CSV quoting for cells that hold tabs or quotes.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    quoting = csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle, delimiter="\t", quoting=quoting)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: reference table missing; {missing}") from exc
