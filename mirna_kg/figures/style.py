"""The look of every figure, and saving it so the same graph always gives the same bytes.

Colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable with the
common colour-vision deficiencies; grey stands for "not stated". Figures are built on ``matplotlib.figure.Figure``
with the Agg canvas, never through pyplot, so rendering keeps no global state (the web server can draw ego
networks while a build runs). Reproducible output needs three things: a fixed ``svg.hashsalt`` (SVG element
ids are hashes), no dates in the metadata, and input sorted before drawing (done by each figure module).
``svg.fonttype: none`` keeps labels as text, so a reader (and a test) can search the SVG for "miR-21".

matplotlib is imported on the first drawing (``matplotlib_agg``), not with this module: the palette, captions
and figure data need none of it, and a build whose figures all come from the cache (``mirna_kg.cache``) never
draws, so it never pays for the import.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS: Final = ("svg", "png", "pdf")
MEDIA_TYPES: Final = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}

#: Okabe–Ito colours by name.
OKABE_ITO: Final = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
GREY: Final = "#999999"
LIGHT_GREY: Final = "#DDDDDD"

#: Effect on the tumour (a claim's mkg:effectOnTumor) and the combined role of several claims.
EFFECT_COLOURS: Final = {
    "promotes": OKABE_ITO["vermillion"],
    "inhibits": OKABE_ITO["blue"],
    "both": OKABE_ITO["reddish purple"],
    "not stated": GREY,
}
EFFECT_NAMES: Final = {
    "promotes": "promotes the tumour",
    "inhibits": "inhibits the tumour",
    "both": "both (claims disagree or differ by context)",
    "not stated": "effect not stated",
}
#: Which way a claim pushes bone remodelling.
PUSH_COLOURS: Final = {
    "resorption": OKABE_ITO["orange"],
    "formation": OKABE_ITO["bluish green"],
    "not stated": GREY,
}

STYLE: Final = {
    "svg.hashsalt": "mirna-kg",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    "legend.fontsize": 8,
    "legend.frameon": False,
    "path.simplify": False,
}

CREATOR: Final = "mirna-kg (matplotlib)"


def matplotlib_agg() -> ModuleType:
    """matplotlib, set to the Agg backend before any backend is touched (no display, same pixels everywhere);
    every drawing starts here, so the import happens only when something is drawn."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


@contextmanager
def figure_style() -> Iterator[None]:
    """The project's rc settings for building and saving a figure."""
    with matplotlib_agg().rc_context(STYLE):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas (sizes in inches)."""
    matplotlib_agg()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure


def combined_role(n_promotes: int, n_inhibits: int) -> str:
    """promotes / inhibits / both / not stated for a set of claims."""
    if n_promotes and n_inhibits:
        return "both"
    if n_promotes:
        return "promotes"
    if n_inhibits:
        return "inhibits"
    return "not stated"


def short_mirna(label: str | None) -> str:
    """A miRNA label as a review writes it: no "hsa-" prefix, "miR" for arm-less precursor names, no note.

    >>> short_mirna("hsa-mir-21"), short_mirna("hsa-miR-16 (locus and arm not stated)"), short_mirna("mmu-miR-1963")
    ('miR-21', 'miR-16', 'mmu-miR-1963')
    """
    text = (label or "?").split(" (")[0].strip()
    text = re.sub(r"^hsa-", "", text)
    return re.sub(r"^(mmu-)?mir-", lambda m: (m.group(1) or "") + "miR-", text)


def wrap(text: str, width: int) -> str:
    """Caption text wrapped to ``width`` characters per line."""
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False))


@dataclass(frozen=True)
class Frame:
    """A figure with room for a title and legend above the body and a caption below it."""

    figure: Figure
    body: tuple[float, float, float, float]
    """left, bottom, width, height of the body in figure fractions."""
    legend_y: float
    """figure fraction at which the legend row (below the title) starts."""


def framed_figure(
    width: float,
    body_height: float,
    title: str,
    caption: str,
    *,
    legend_rows: int = 1,
    left: float = 0.3,
    right: float = 0.3,
) -> Frame:
    """Title, legend rows, body, caption stacked top to bottom, all in inches; nothing overlaps."""
    caption_text = wrap(caption, int(width * 15))
    caption_height = 0.16 * (caption_text.count("\n") + 1) + 0.25
    title_height, legend_height = 0.5, 0.28 * legend_rows + (0.1 if legend_rows else 0)
    height = title_height + legend_height + body_height + caption_height
    figure = new_figure(width, height)
    figure.text(0.5, 1 - 0.15 / height, title, ha="center", va="top", fontsize=13, fontweight="bold")
    figure.text(
        left / width,
        0.12 / height,
        caption_text,
        ha="left",
        va="bottom",
        fontsize=7.5,
        color="#333333",
        linespacing=1.4,
    )
    body = (left / width, caption_height / height, 1 - (left + right) / width, body_height / height)
    return Frame(figure, body, 1 - title_height / height)


def save(figure: Figure, fmt: str, *, title: str, caption: str, query: str) -> bytes:
    """The figure as SVG, PNG or PDF bytes, with metadata but no date, so equal input gives equal bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; choose one of {', '.join(FORMATS)}")
    metadata: dict[str, str | None]
    if fmt == "svg":
        metadata = {
            "Title": title,
            "Description": caption,
            "Source": f"stored query {query}",
            "Date": None,
            "Creator": CREATOR,
        }
    elif fmt == "png":
        metadata = {"Title": title, "Description": caption, "Source": f"stored query {query}", "Software": CREATOR}
    else:
        metadata = {
            "Title": title,
            "Subject": caption,
            "Keywords": f"stored query {query}",
            "Creator": CREATOR,
            "CreationDate": None,
            "ModDate": None,
        }
    buffer = io.BytesIO()
    with figure_style():
        figure.savefig(buffer, format=fmt, dpi=110, metadata=metadata, facecolor="white")
    return buffer.getvalue()
