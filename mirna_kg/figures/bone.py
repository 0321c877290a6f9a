"""Bone-remodelling balance: per cancer, the miRNAs acting on the osteoclast versus the osteoblast lineage.

Review 000 §4.4.2.2 contrasts breast cancer's osteolytic bone metastases with prostate cancer's osteogenic
ones (lung "tends to be osteolytic but vague"). The figure shows, per cancer, a balance bar — how many miRNAs
push resorption (promote osteoclasts or inhibit osteoblasts) against formation (the reverse) — above two lists,
the osteoclast lineage and the osteoblast lineage, each miRNA marked with what it does to the lineage.
Data: the stored query ``fig_bone_balance`` (same lineages as osteoclast_regulators / osteoblast_regulators,
the push of bone_lesion_balance, cancers rolled up).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Final

from ..stores import Store
from .style import PUSH_COLOURS, framed_figure, save, short_mirna
from .tables import Row, query_rows

QUERY: Final = "fig_bone_balance"
LINEAGES: Final = ("osteoclast", "osteoblast")
#: Darker shades of the palette's orange and green for text, which needs more contrast than a bar.
TEXT_COLOURS: Final = {"resorption": "#9A6700", "formation": "#00785A", "not stated": "#666666"}
GLYPHS: Final = {"promotes": "▲", "inhibits": "▼", "regulates": "◆", "acts on": "●"}
FIRST_CANCERS: Final = ("breast cancer", "prostate cancer", "lung cancer")
TITLE: Final = "Bone remodelling: miRNAs on the osteoclast versus the osteoblast lineage"


@dataclass(frozen=True)
class Entry:
    """One miRNA's action on one lineage in one cancer."""

    mirna: str
    label: str
    direction: str
    push: str
    claims: tuple[str, ...]


@dataclass(frozen=True)
class CancerBalance:
    cancer: str
    label: str
    entries: dict[str, list[Entry]]  # lineage -> entries

    def mirnas(self, push: str) -> set[str]:
        return {e.mirna for entries in self.entries.values() for e in entries if e.push == push}


def bone_rows(store: Store) -> list[Row]:
    return query_rows(store, QUERY)


def balances(rows: list[Row]) -> list[CancerBalance]:
    """Per cancer, the entries of each lineage, sorted by push then label."""
    claims: dict[tuple[str, str, str, str, str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in rows:
        cancer = r["cancer"] or ""
        labels[cancer] = r["cancer_label"] or cancer
        key = (
            cancer,
            r["lineage"] or "",
            r["mirna"] or "",
            short_mirna(r["mirna_label"]),
            r["direction"] or "",
            r["push"] or "not stated",
        )
        claims[key].add(r["claim"] or "")
    by_cancer: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: {lineage: [] for lineage in LINEAGES})
    push_order = ("resorption", "formation", "not stated")
    for (cancer, lineage, mirna, label, direction, push), found in sorted(claims.items()):
        by_cancer[cancer][lineage].append(Entry(mirna, label, direction, push, tuple(sorted(found))))
    for lineages in by_cancer.values():
        for entries in lineages.values():
            entries.sort(key=lambda e: (push_order.index(e.push), e.label.lower(), e.direction))
    order = sorted(
        by_cancer,
        key=lambda c: (FIRST_CANCERS.index(labels[c]) if labels[c] in FIRST_CANCERS else len(FIRST_CANCERS), labels[c]),
    )
    return [CancerBalance(c, labels[c], by_cancer[c]) for c in order]


def caption(data: list[CancerBalance]) -> str:
    return (
        "Per cancer, the miRNAs whose regulatory claims act on the osteoclast lineage (osteoclasts and their "
        "precursors, osteoclast differentiation, bone resorption) and on the osteoblast lineage (osteoblasts, "
        "preosteoblasts, osteoblast differentiation, ossification, mineralization). ▲ promotes, ▼ inhibits, "
        "◆ regulates (no direction stated) the lineage, ● acts in a cell of the lineage; ×n is the number of "
        "claims. Colour is the way the claim pushes the bone: resorption (promotes osteoclasts or inhibits "
        "osteoblasts, osteolytic) or formation (the reverse, osteogenic). The bar counts distinct miRNAs on "
        "each side (review 000 §4.4.2.2: breast osteolytic, prostate osteogenic). "
        f"{len(data)} cancers, cancer subtypes rolled up. Data: stored query {QUERY} (mirna-kg query {QUERY})."
    )


def draw(data: list[CancerBalance], fmt: str) -> bytes:
    """The bone-balance figure: one column per cancer."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    n_lines = max([max(len(b.entries[lin]) for lin in LINEAGES) for b in data] + [1])
    column_in = 3.3
    width = max(8.0, column_in * len(data) + 0.6)
    body = 1.5 + n_lines * 0.2
    frame = framed_figure(width, body, TITLE, caption(data), legend_rows=1)
    figure = frame.figure
    axes = figure.add_axes(frame.body)
    axes.set_xlim(0, len(data))
    axes.set_ylim(-(n_lines + 0.5), 6.2)
    axes.axis("off")
    most = max([max(len(b.mirnas("resorption")), len(b.mirnas("formation"))) for b in data] + [1])
    for i, balance in enumerate(data):
        centre = i + 0.5
        axes.text(
            centre,
            5.7,
            balance.label[:1].upper() + balance.label[1:],
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
        )
        n_res, n_form = len(balance.mirnas("resorption")), len(balance.mirnas("formation"))
        scale = 0.42 / most
        axes.add_patch(
            Rectangle(
                (centre - n_res * scale, 3.7),
                n_res * scale,
                1.1,
                facecolor=PUSH_COLOURS["resorption"],
                edgecolor="none",
            )
        )
        axes.add_patch(
            Rectangle((centre, 3.7), n_form * scale, 1.1, facecolor=PUSH_COLOURS["formation"], edgecolor="none")
        )
        axes.plot([centre, centre], [3.5, 5.0], color="#333333", linewidth=0.8)
        axes.text(
            centre - 0.03,
            3.1,
            f"resorption {n_res}",
            ha="right",
            va="center",
            fontsize=7.5,
            color=TEXT_COLOURS["resorption"],
        )
        axes.text(
            centre + 0.03,
            3.1,
            f"{n_form} formation",
            ha="left",
            va="center",
            fontsize=7.5,
            color=TEXT_COLOURS["formation"],
        )
        for k, lineage in enumerate(LINEAGES):
            x = i + 0.06 + k * 0.48
            axes.text(
                x, 1.6, f"{lineage} lineage", ha="left", va="center", fontsize=8, fontstyle="italic", color="#333333"
            )
            axes.plot([x, x + 0.42], [1.0, 1.0], color="#BBBBBB", linewidth=0.6)
            for line, entry in enumerate(balance.entries[lineage]):
                times = f" ×{len(entry.claims)}" if len(entry.claims) > 1 else ""
                text = axes.text(
                    x,
                    -line,
                    f"{GLYPHS.get(entry.direction, '?')} {entry.label}{times}",
                    ha="left",
                    va="center",
                    fontsize=7.5,
                    color=TEXT_COLOURS[entry.push],
                    fontweight="bold" if entry.push != "not stated" else "normal",
                )
                text.set_url(entry.mirna)
        if i:
            axes.plot([i, i], [-(n_lines + 0.3), 6.0], color="#DDDDDD", linewidth=0.8)
    handles = [
        Line2D([], [], marker="s", linestyle="none", markersize=8, color=PUSH_COLOURS[p], label=name)
        for p, name in (
            ("resorption", "pushes resorption (osteolytic)"),
            ("formation", "pushes formation (osteogenic)"),
            ("not stated", "direction not stated"),
        )
    ]
    figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, frame.legend_y), ncol=3, fontsize=8)
    return save(figure, fmt, title=TITLE, caption=caption(data), query=QUERY)
