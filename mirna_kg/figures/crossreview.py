"""Cross-review comparison: the miRNAs curated from both reviews and the role each review gives them.

Data: the stored query ``fig_cross_review`` (loci matched as in cross_review_mirnas; one row per locus, review
and rolled-up cancer with claim counts by effect). Drawn as a role matrix with two blocks of columns, review
000's cancers and review 002's, so a reader sees at a glance where the reviews agree, differ, or speak of
different cancers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from ..stores import Store
from .rolemap import FIRST_CANCERS, Cell, Matrix, draw_matrix
from .style import combined_role, short_mirna
from .tables import Row, count, query_rows

QUERY: Final = "fig_cross_review"
TITLE: Final = "miRNAs curated from both reviews: role in each, by cancer"


def cross_rows(store: Store) -> list[Row]:
    return query_rows(store, QUERY)


def cross_matrix(rows: list[Row]) -> tuple[Matrix, list[tuple[str, int]]]:
    """The matrix (columns are "review|cancer" keys) and its two column blocks."""
    loci = sorted({(r["locus"] or "", r["locus_label"] or "") for r in rows}, key=lambda x: (x[1].lower(), x[0]))
    cells: dict[tuple[str, str], Cell] = {}
    cancers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        review, cancer = r["review_label"] or "", r["cancer_label"] or ""
        column = f"{review}|{cancer}"
        cells[(r["locus"] or "", column)] = Cell(
            combined_role(count(r["n_promotes"]), count(r["n_inhibits"])), count(r["n_claims"])
        )
        cancers[review][cancer] += 1
    columns: list[tuple[str, str]] = []
    blocks: list[tuple[str, int]] = []
    reviews = list(dict.fromkeys(r["review_label"] or "" for r in rows))  # the query orders reviews by date
    for review in reviews:
        heading = review
        found = cancers.get(review, {})
        ordered = sorted(
            found, key=lambda c: (FIRST_CANCERS.index(c) if c in FIRST_CANCERS else len(FIRST_CANCERS), -found[c], c)
        )
        columns += [(f"{review}|{c}", c) for c in ordered]
        blocks.append((heading, len(ordered)))
    rows_ = [(locus, short_mirna(label)) for locus, label in loci]
    return Matrix(rows_, columns, cells), blocks


def caption(matrix: Matrix) -> str:
    return (
        f"The {len(matrix.rows)} miRNA loci with regulatory claims in both reviews, matched by miRBase locus "
        "(review 000's 'miR-21' and review 002's 'miR-21-5p' meet at hsa-mir-21; a name with several loci counts "
        "for each). One block of columns per review (oldest first), holding its cancers. Each cell is the "
        "role the review's claims give the miRNA in that cancer — promotes the tumour, inhibits it, both, or no "
        "effect stated — with the number of claims. Cancer subtypes rolled up. "
        f"Data: stored query {QUERY} (mirna-kg query {QUERY}); the same loci as the stored query "
        "cross_review_mirnas."
    )


def draw(matrix: Matrix, blocks: list[tuple[str, int]], fmt: str) -> bytes:
    return draw_matrix(matrix, fmt, title=TITLE, caption=caption(matrix), query=QUERY, column_blocks=blocks)
