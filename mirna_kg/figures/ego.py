"""The ego network of one miRNA: its source cells, recipient cells, target genes and cancers, on demand.

Data: the stored query ``fig_ego_network`` with the miRNA's IRI (claims on the miRNA, its precursor or
matures, and groups listing them). The miRNA sits in the middle; cancers above, source cells left, recipient
cells right, target genes below, each on an arc, sorted by label. An edge stands for all claims linking the
miRNA to that neighbour and is coloured by their combined role (promotes, inhibits, both, not stated); its
width grows with the number of claims.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Final

from ..errors import UnknownNameError
from ..stores import Store
from .style import EFFECT_COLOURS, EFFECT_NAMES, combined_role, framed_figure, save, short_mirna, wrap
from .tables import Row, query_rows

QUERY: Final = "fig_ego_network"
#: relation -> (centre angle of its arc in degrees, arc span, text alignment)
SECTORS: Final = {"cancer": (90, 100), "source cell": (180, 80), "recipient cell": (0, 80), "target gene": (270, 100)}


def ego_rows(store: Store, mirna_iri: str) -> list[Row]:
    """The claims around one miRNA; none for an IRI that names no miRNA of the graph."""
    try:
        return query_rows(store, QUERY, {"mirna": mirna_iri})
    except UnknownNameError:
        return []


def caption(label: str, rows: list[Row]) -> str:
    names = sorted({short_mirna(r["mirna_node_label"]) for r in rows})
    claims = {r["claim"] for r in rows}
    return (
        f"Ego network of {label}: {len(claims)} regulatory claims (on {', '.join(names) or label}). Cancers "
        "above, source cells (releasing the miRNA) left, recipient cells (where it acts) right, target genes "
        "below. Edge colour is the combined effect on the tumour of the claims linking the miRNA to the "
        "neighbour; width grows with their number. Data: stored query "
        f"{QUERY} (mirna-kg query {QUERY} --param mirna=IRI)."
    )


def draw(rows: list[Row], mirna_label: str, fmt: str) -> bytes:
    """The ego-network figure as bytes."""
    from matplotlib.patches import Patch

    label = short_mirna(mirna_label)
    title = f"Ego network of {label}"
    links: dict[tuple[str, str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        links[(r["relation"] or "", r["node"] or "", r["node_label"] or "")][r["effect"] or "not stated"].add(
            r["claim"] or ""
        )
    text_caption = caption(label, rows)
    frame = framed_figure(9.0, 6.4, title, text_caption, legend_rows=1)
    figure = frame.figure
    axes = figure.add_axes(frame.body)
    axes.set_xlim(-1.9, 1.9)
    axes.set_ylim(-1.3, 1.3)
    axes.set_aspect("equal")
    axes.axis("off")
    by_relation: dict[str, list[tuple[str, str, dict[str, set[str]]]]] = defaultdict(list)
    for (relation, node, node_label), effects in sorted(
        links.items(), key=lambda kv: (kv[0][0], kv[0][2].lower(), kv[0][1])
    ):
        by_relation[relation].append((node, node_label, effects))
    for relation, (centre, span) in SECTORS.items():
        neighbours = by_relation.get(relation, [])
        n = len(neighbours)
        for k, (node, node_label, effects) in enumerate(neighbours):
            angle = math.radians(
                centre
                + (span / 2 - span * (k + 0.5) / n if n > 1 else 0)
                * (-1 if relation in ("cancer", "recipient cell") else 1)
            )
            x, y = 1.05 * math.cos(angle), 1.0 * math.sin(angle)
            n_promotes = len(effects.get("promotes", ()))
            n_inhibits = len(effects.get("inhibits", ()))
            n_claims = len(set().union(*effects.values()))
            axes.plot(
                [0, x],
                [0, y],
                color=EFFECT_COLOURS[combined_role(n_promotes, n_inhibits)],
                linewidth=0.8 + 0.7 * min(n_claims, 6),
                alpha=0.85,
                zorder=1,
                solid_capstyle="round",
            )
            marker = {"cancer": "s", "source cell": "o", "recipient cell": "o", "target gene": "D"}[relation]
            axes.plot([x], [y], marker=marker, markersize=6, color="#444444", zorder=2)
            ha = "left" if x > 0.15 else "right" if x < -0.15 else "center"
            va = "bottom" if y > 0.6 else "top" if y < -0.6 else "center"
            dx = 0.07 if ha == "left" else -0.07 if ha == "right" else 0
            dy = 0.06 if va == "bottom" else -0.06 if va == "top" else 0
            text = axes.text(
                x + dx,
                y + dy,
                wrap(node_label, 30) + (f" ({n_claims})" if n_claims > 1 else ""),
                ha=ha,
                va=va,
                fontsize=8,
                fontstyle="italic" if relation == "target gene" else "normal",
                zorder=3,
            )
            text.set_url(node)
        if neighbours:
            angle = math.radians(centre)
            side = abs(math.cos(angle)) > 0.5  # source and recipient headings go above their arcs
            axes.text(
                1.55 * math.cos(angle),
                1.02 if side else 1.22 * math.sin(angle),
                relation + "s",
                ha="center",
                va="center",
                fontsize=8.5,
                color="#777777",
                fontweight="bold",
            )
    axes.text(
        0,
        0,
        label,
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        zorder=4,
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#333333"},
    )
    handles = [Patch(facecolor=EFFECT_COLOURS[r], label=EFFECT_NAMES[r]) for r in EFFECT_COLOURS]
    figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, frame.legend_y), ncol=4, fontsize=7.5)
    return save(figure, fmt, title=title, caption=text_caption, query=QUERY)
