"""Role maps: miRNA × cancer matrices of the role the claims give (the shape of review 000 Table 7).

Data: the stored query ``fig_role_map`` (one row per miRNA and rolled-up cancer with claim counts by effect
and the number of flagged claims). Each cell is coloured by the combined role — promotes, inhibits, both,
not stated — and shows the number of claims; a black corner marks a cell with a flagged claim (table and
prose disagree, the source contradicts itself, or a summary role the detailed tables do not support). Two
figures: the miRNAs in two or more cancers (what ``shared_across_cancers`` lists) and every miRNA.

``draw_matrix`` is shared with the cross-review figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ..namespaces import slug
from ..stores import Store
from .style import EFFECT_COLOURS, EFFECT_NAMES, combined_role, framed_figure, save, short_mirna
from .tables import Row, count, query_rows

QUERY: Final = "fig_role_map"
FIRST_CANCERS: Final = ("breast cancer", "prostate cancer", "lung cancer")


@dataclass(frozen=True)
class Cell:
    """One matrix cell: the combined role of its claims, how many, and whether any is flagged."""

    role: str
    n_claims: int
    flagged: bool = False


@dataclass(frozen=True)
class Matrix:
    """Rows (IRI, label), columns (IRI, label) and the filled cells."""

    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: dict[tuple[str, str], Cell]


def role_rows(store: Store) -> list[Row]:
    return query_rows(store, QUERY)


def role_matrix(rows: list[Row], min_cancers: int) -> Matrix:
    """The matrix of miRNAs with claims in at least ``min_cancers`` rolled-up cancers."""
    chosen = [r for r in rows if count(r["n_cancers"]) >= min_cancers]
    cells = {
        (r["mirna"] or "", r["cancer"] or ""): Cell(
            combined_role(count(r["n_promotes"]), count(r["n_inhibits"])),
            count(r["n_claims"]),
            count(r["n_flagged"]) > 0,
        )
        for r in chosen
    }
    mirnas = {(r["mirna"] or ""): (count(r["n_cancers"]), short_mirna(r["mirna_label"])) for r in chosen}
    order = sorted(mirnas, key=lambda m: (-mirnas[m][0], mirnas[m][1].lower(), m))
    cancers: dict[str, tuple[str, int]] = {}
    for r in chosen:
        label, n = cancers.get(r["cancer"] or "", (r["cancer_label"] or "", 0))
        cancers[r["cancer"] or ""] = (label, n + 1)
    columns = sorted(
        cancers,
        key=lambda c: (
            FIRST_CANCERS.index(cancers[c][0]) if cancers[c][0] in FIRST_CANCERS else len(FIRST_CANCERS),
            -cancers[c][1],
            cancers[c][0],
        ),
    )
    return Matrix([(m, mirnas[m][1]) for m in order], [(c, cancers[c][0]) for c in columns], cells)


def draw_matrix(
    matrix: Matrix, fmt: str, *, title: str, caption: str, query: str, column_blocks: Sequence[tuple[str, int]] = ()
) -> bytes:
    """A role matrix figure. ``column_blocks`` optionally names consecutive runs of columns (label, count)."""
    from matplotlib.patches import Patch, Polygon, Rectangle

    longest = max([len(label) for _, label in matrix.columns] + [4])
    cell_in, label_in = 0.3, 2.3
    head_in, foot_in = 0.35 + 0.058 * longest * 0.77, 0.4 if column_blocks else 0.0
    n_rows, n_cols = len(matrix.rows), len(matrix.columns)
    width = max(7.5, label_in + n_cols * cell_in + 0.3 + 0.058 * longest * 0.64)
    body_height = head_in + n_rows * cell_in * 0.8 + foot_in
    frame = framed_figure(width, body_height, title, caption, legend_rows=1)
    figure = frame.figure
    left, bottom, _, height = frame.body
    axes = figure.add_axes(
        (
            left + label_in / width,
            bottom + foot_in / figure.get_figheight(),
            n_cols * cell_in / width,
            (n_rows * cell_in * 0.8) / figure.get_figheight(),
        )
    )
    axes.set_xlim(0, n_cols)
    axes.set_ylim(n_rows, 0)
    axes.axis("off")
    del height
    for j, (column, column_label) in enumerate(matrix.columns):
        axes.text(
            j + 0.5, -0.25, column_label, rotation=50, ha="left", va="bottom", fontsize=7.5, rotation_mode="anchor"
        )
        del column
    for i, (row, row_label) in enumerate(matrix.rows):
        text = axes.text(-0.15, i + 0.5, row_label, ha="right", va="center", fontsize=7.5)
        text.set_url(row)
        if i % 2 == 0:
            axes.add_patch(Rectangle((0, i), n_cols, 1, facecolor="#F4F4F4", edgecolor="none", zorder=0))
        for j, (column, _) in enumerate(matrix.columns):
            cell = matrix.cells.get((row, column))
            if cell is None:
                continue
            rect = Rectangle(
                (j + 0.06, i + 0.06),
                0.88,
                0.88,
                facecolor=EFFECT_COLOURS[cell.role],
                edgecolor="white",
                linewidth=0.5,
                zorder=1,
            )
            rect.set_gid(f"cell-{slug(row_label)}-{slug(matrix.columns[j][1])}")
            axes.add_patch(rect)
            axes.text(
                j + 0.5,
                i + 0.53,
                str(cell.n_claims),
                ha="center",
                va="center",
                fontsize=6.5,
                zorder=2,
                color="black" if cell.role == "not stated" else "white",
                fontweight="bold",
            )
            if cell.flagged:
                axes.add_patch(
                    Polygon(
                        [(j + 0.55, i + 0.06), (j + 0.94, i + 0.06), (j + 0.94, i + 0.45)],
                        closed=True,
                        facecolor="black",
                        edgecolor="none",
                        zorder=3,
                    )
                )
    start = 0
    for label, n in column_blocks:
        if start:
            axes.plot([start, start], [-0.1, n_rows], color="#333333", linewidth=1.2, clip_on=False)
        axes.text(
            start + n / 2, n_rows + 0.4, label, ha="center", va="top", fontsize=8.5, fontweight="bold", color="#333333"
        )
        start += n
    handles = [Patch(facecolor=EFFECT_COLOURS[r], label=EFFECT_NAMES[r]) for r in EFFECT_COLOURS]
    if any(cell.flagged for cell in matrix.cells.values()):
        handles.append(
            Polygon(
                [(0, 0), (1, 0), (1, 1)],
                closed=True,
                facecolor="black",
                label="flagged: table and prose disagree, or source error",
            )
        )
    figure.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, frame.legend_y),
        ncol=3 if width < 9 else 5,
        fontsize=7.5,
        handlelength=1.2,
        columnspacing=1.2,
    )
    return save(figure, fmt, title=title, caption=caption, query=query)


def caption(matrix: Matrix, shared: bool) -> str:
    which = (
        ("miRNAs with regulatory claims in two or more cancers (the rows of the stored query shared_across_cancers)")
        if shared
        else "every miRNA with a regulatory claim in a named cancer"
    )
    return (
        f"Role map of {len(matrix.rows)} {which}, across {len(matrix.columns)} cancers. Each cell is the role "
        "the claims give the miRNA in that cancer — promotes the tumour, inhibits it, both (some claims say "
        "each), or no effect stated — with the number of claims; a black corner marks a cell with a flagged "
        "claim (table and prose disagree, the source contradicts itself, or a review 000 Table 7 role the "
        "detailed tables do not support; see the stored query disagreements). Cancer subtypes are rolled up "
        "into the most general cancer the claims use; the generic 'cancer' is left out. Reviews 000 and 002. "
        f"Data: stored query {QUERY} (mirna-kg query {QUERY})."
    )


def draw(matrix: Matrix, fmt: str, shared: bool) -> bytes:
    title = "Roles of miRNAs shared across cancers" if shared else "Roles of every miRNA, by cancer"
    return draw_matrix(matrix, fmt, title=title, caption=caption(matrix, shared), query=QUERY)
