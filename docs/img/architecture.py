"""Draw docs/img/architecture.svg: the layers of the ``mirna_kg`` package, from the table below.

The table is the one source: ``tests/test_docs.py`` checks that it names every module of the package exactly
once, that no module imports from a layer above its own (beyond the exceptions listed here), and that the SVG
committed beside this script is what the script draws. Run it after moving or adding a module:

    python docs/img/architecture.py
"""

from __future__ import annotations

from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (layer title, what it does, its modules: a name is a module or a whole subpackage of mirna_kg)
LAYERS: list[tuple[str, str, list[str]]] = [
    (
        "faces",
        "parse input, call the core, render output",
        ["cli", "__main__", "describing", "web"],
    ),
    (
        "core",
        "every use case as a plain function; one spine for stored queries",
        ["api", "answers", "claims"],
    ),
    (
        "stores · reasoning · ingest · services",
        "the work, each behind a small interface",
        [
            "stores",
            "reasoning",
            "ingest",
            "figures",
            "validation",
            "checks",
            "report",
            "building",
            "export",
            "kgx",
            "void",
            "entities",
            "lookups",
            "queries",
            "results",
            "inferred",
            "stats",
            "imports",
            "curation",
            "interop",
            "vocabulary",
        ],
    ),
    (
        "formats · namespaces · foundations",
        "what every layer above shares; imports nothing above it",
        [
            "formats",
            "namespaces",
            "loading",
            "reading",
            "resources",
            "reviews",
            "config",
            "errors",
            "writing",
            "progress",
            "cache",
            "terminal",
            "tsv",
        ],
    ),
]

# Modules placed in the picture before they exist (none today); the test accepts their absence.
WRITTEN_ELSEWHERE: set[str] = set()

# Imports that still go up a layer (module, what it imports); the test fails on any other. Remove an entry once
# its import is gone.
KNOWN_UPWARD: set[tuple[str, str]] = {
    ("mirna_kg.figures.tables", "mirna_kg.answers"),
}

SUBPACKAGES = {"stores", "reasoning", "ingest", "figures", "web", "curation", "interop"}
WIDTH = 980
MARGIN = 20
BAND_PAD = 12
BOX_H = 26
GAP = 8
CHAR_W = 7.4
COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7"]  # Okabe-Ito, as the figures


def layer_of(module: str) -> int | None:
    """The index of the layer a dotted module name belongs to (the root package is a foundation)."""
    name = module.removeprefix("mirna_kg").lstrip(".")
    if not name:
        return len(LAYERS) - 1
    top = name.split(".")[0]
    for index, (_, _, members) in enumerate(LAYERS):
        if top in members:
            return index
    return None


def draw() -> str:
    """The SVG text: one band per layer, top to bottom, its modules as boxes, arrows for "calls"."""
    parts: list[str] = []
    y = MARGIN
    for index, (title, role, members) in enumerate(LAYERS):
        rows: list[list[tuple[str, float]]] = [[]]
        x = MARGIN + BAND_PAD
        for name in members:
            label = name + "/" if name in SUBPACKAGES else name
            width = len(label) * CHAR_W + 16
            if x + width > WIDTH - MARGIN - BAND_PAD:
                rows.append([])
                x = MARGIN + BAND_PAD
            rows[-1].append((label, width))
            x += width + GAP
        height = 40 + len(rows) * (BOX_H + GAP) + BAND_PAD - GAP
        colour = COLOURS[index % len(COLOURS)]
        parts.append(
            f'<rect x="{MARGIN}" y="{y}" width="{WIDTH - 2 * MARGIN}" height="{height}" rx="8" '
            f'fill="{colour}" fill-opacity="0.15" stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{MARGIN + BAND_PAD}" y="{y + 24}" font-weight="bold" font-size="15">{escape(title)}</text>'
            f'<text x="{WIDTH - MARGIN - BAND_PAD}" y="{y + 24}" font-size="12" text-anchor="end" '
            f'fill="#333">{escape(role)}</text>'
        )
        box_y = y + 36
        for row in rows:
            x = MARGIN + BAND_PAD
            for label, width in row:
                parts.append(
                    f'<rect x="{x:.1f}" y="{box_y}" width="{width:.1f}" height="{BOX_H}" rx="4" fill="white" '
                    f'stroke="{colour}"/><text x="{x + width / 2:.1f}" y="{box_y + 17}" font-size="12" '
                    f'font-family="monospace" text-anchor="middle">{escape(label)}</text>'
                )
                x += width + GAP
            box_y += BOX_H + GAP
        y += height
        if index < len(LAYERS) - 1:
            middle = WIDTH / 2
            parts.append(
                f'<line x1="{middle}" y1="{y + 2}" x2="{middle}" y2="{y + 20}" stroke="#333" stroke-width="2" '
                f'marker-end="url(#arrow)"/><text x="{middle + 10}" y="{y + 16}" font-size="11" fill="#333">'
                "imports / calls</text>"
            )
            y += 24
    height = y + MARGIN
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" role="img" '
        'aria-label="The layers of the mirna_kg package">\n'
        "<title>The layers of the mirna_kg package: faces, core, services, foundations</title>\n"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>\n'
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>\n'
    )
    return head + "\n".join(parts) + "\n</svg>\n"


if __name__ == "__main__":
    (HERE / "architecture.svg").write_text(draw(), encoding="utf-8")
