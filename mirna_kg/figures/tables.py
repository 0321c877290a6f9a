"""Running a figure's stored query and reading its rows as plain values.

Every figure is drawn from one stored query, so what a figure shows can also be fetched as a table with
``mirna-kg query NAME``. Rows come back as dicts of strings (IRIs in full, literals as text, None when unbound).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..answers import run_stored_query
from ..stores import Store

Row = dict[str, str | None]


def query_rows(store: Store, name: str, params: Mapping[str, str] | None = None) -> list[Row]:
    """The rows of stored query ``name`` as dicts of plain strings (its parameters resolved as on every face)."""
    table = run_stored_query(store, name, params)
    return [
        {v: (None if t is None else str(t)) for v, t in zip(table.variables, row, strict=True)} for row in table.rows
    ]


def count(value: str | None) -> int:
    """An integer column (COUNT, SUM) as an int; unbound is 0."""
    return int(value) if value else 0
