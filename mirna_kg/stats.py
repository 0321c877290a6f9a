"""Rendering graph statistics (computed by ``mirna_kg.api.stats`` with the stored query ``queries/stats.rq``)."""

from __future__ import annotations


def render_stats(figures: dict[str, int]) -> str:
    """One ``name  value`` line per figure, aligned."""
    width = max(len(k) for k in figures)
    return "".join(f"{name.replace('_', ' '):{width}}  {value:>7}\n" for name, value in figures.items())
