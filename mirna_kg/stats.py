"""Graph statistics, computed by the stored query ``queries/stats.rq`` on any store."""

from __future__ import annotations

from .queries import find_query, run_query
from .store import Store


def stats_of(store: Store) -> dict[str, int]:
    """Counts of statements and of the entities they refer to, plus the triple count."""
    table = run_query(store, find_query("stats"))
    figures = {name: int(value) for name, value in zip(table.variables, table.rows[0], strict=True)}
    figures["triples"] = len(store)
    return figures


def render_stats(figures: dict[str, int]) -> str:
    width = max(len(k) for k in figures)
    return "".join(f"{name.replace('_', ' '):{width}}  {value:>7}\n" for name, value in figures.items())
