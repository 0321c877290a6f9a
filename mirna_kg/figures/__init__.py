"""Figures of the knowledge graph, each drawn from one stored query (so its data is also a table).

- ``figure_catalog(store)``: the figures a release holds — name, title, stored query, caption — without drawing;
- ``render_figures(store, out_dir, fmt)``: draw them all into ``out_dir`` (SVG, PNG or PDF), byte-identical for
  the same graph;
- ``drawn_figures(store, fmt, cache)``: all of them in memory; with a ``DiskCache`` a figure whose data, code and
  matplotlib are unchanged is read back instead of drawn (``figure_key``), and matplotlib is not even imported
  when none has to be drawn;
- ``figure_files(open_store, fmt, cache, graph_digest)``: the same for a release, which also keeps the catalogue
  of a graph, so an unchanged graph is not even copied into a store to run the figures' queries;
- ``ego_network(store, mirna_iri, fmt)``: one miRNA's ego network, on demand (entity pages);
- ``network_elements(store, cancer_iri)``: cytoscape.js elements of a communication network (web view).

``store`` is anything with ``select(sparql) -> ResultTable`` (``mirna_kg.stores``). The figure modules are
``network`` (communication networks per cancer), ``rolemap`` (miRNA × cancer roles), ``bone`` (osteoclast versus
osteoblast lineage), ``crossreview`` (the miRNAs of both reviews) and ``ego``; ``style`` holds the palette and
the reproducible saving.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import DiskCache, code_fingerprint, package_sources
from ..namespaces import compress, expand, slug
from ..resources import project
from ..stores import Store
from ..writing import write_atomically
from . import bone, crossreview, ego, network, rolemap
from .network import network_elements
from .style import FORMATS, MEDIA_TYPES, figure_style

__all__ = [
    "FORMATS",
    "FigureFile",
    "FigureSpec",
    "drawn_figures",
    "ego_network",
    "figure_catalog",
    "figure_files",
    "figure_key",
    "network_elements",
    "render_figures",
]


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the release, described without drawing it."""

    name: str
    """file name without extension, e.g. ``network-breast-cancer``"""
    title: str
    query: str
    """the stored query the figure is drawn from (``mirna-kg query NAME`` gives its data)"""
    caption: str
    data: str = field(repr=False)
    """a digest of the data the figure is drawn from: its query's rows and the figure's own parameters (which
    cancer, which miRNAs); everything else it shows comes from the code (``figure_key``)"""
    draw: Callable[[str], bytes] = field(repr=False, compare=False)

    def file_name(self, fmt: str) -> str:
        return f"{self.name}.{fmt}"


@dataclass(frozen=True)
class FigureFile:
    """A drawn figure file."""

    path: Path
    media_type: str
    title: str
    query: str
    caption: str


def data_digest(rows: object, *parameters: object) -> str:
    """The digest of a figure's data (``FigureSpec.data``): rows as the query returned them, in their order."""
    text = json.dumps([rows, parameters], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def figure_catalog(store: Store) -> list[FigureSpec]:
    """Every figure of the release in a fixed order: networks (breast, prostate, lung, then other cancers with
    enough claims), the two role maps, bone balance, cross-review comparison. Runs the figures' queries (cheap)
    but draws nothing; ``spec.draw(fmt)`` draws one."""
    specs: list[FigureSpec] = []
    rows = network.network_rows(store)
    for cancer, label, _ in network.network_cancers(rows):
        net = network.build_network(rows, cancer)
        specs.append(
            FigureSpec(
                f"network-{slug(label).replace('_', '-').lower()}",
                network.title(net),
                network.QUERY,
                network.caption(net),
                data_digest(rows, cancer),
                lambda fmt, net=net: network.draw(net, fmt),
            )
        )
    roles = rolemap.role_rows(store)
    for shared in (True, False):
        matrix = rolemap.role_matrix(roles, 2 if shared else 1)
        specs.append(
            FigureSpec(
                "rolemap-shared" if shared else "rolemap-all",
                "Roles of miRNAs shared across cancers" if shared else "Roles of every miRNA, by cancer",
                rolemap.QUERY,
                rolemap.caption(matrix, shared),
                data_digest(roles, shared),
                lambda fmt, m=matrix, s=shared: rolemap.draw(m, fmt, s),
            )
        )
    bone_rows = bone.bone_rows(store)
    balance = bone.balances(bone_rows)
    specs.append(
        FigureSpec(
            "bone-balance",
            bone.TITLE,
            bone.QUERY,
            bone.caption(balance),
            data_digest(bone_rows),
            lambda fmt: bone.draw(balance, fmt),
        )
    )
    cross_rows = crossreview.cross_rows(store)
    matrix, blocks = crossreview.cross_matrix(cross_rows)
    specs.append(
        FigureSpec(
            "cross-review",
            crossreview.TITLE,
            crossreview.QUERY,
            crossreview.caption(matrix),
            data_digest(cross_rows),
            lambda fmt: crossreview.draw(matrix, blocks, fmt),
        )
    )
    return specs


@functools.cache
def drawing_fingerprint() -> str:
    """A digest of what, besides its data, every figure's bytes depend on: the drawing code (this package's
    modules and the prefix map it shortens IRIs with, ``namespaces``), the versions of matplotlib and numpy,
    and Python's. Read once per process, without importing matplotlib."""
    here = Path(__file__).parent
    return code_fingerprint([*sorted(here.glob("*.py")), here.parent / "namespaces.py"], ["matplotlib", "numpy"])


def figure_key(spec: FigureSpec, fmt: str) -> str:
    """The on-disk cache key of one figure file: its data, title, caption and query (written into the file's
    metadata), its format and the drawing fingerprint. Equal keys mean equal bytes."""
    inputs = (spec.name, spec.title, spec.caption, spec.query, spec.data)
    return DiskCache.key("figure", drawing_fingerprint(), fmt, *inputs)


def _draw(spec: FigureSpec, fmt: str) -> bytes:
    with figure_style():
        return spec.draw(fmt)


def drawn_figures(
    store: Store, fmt: str = "svg", cache: DiskCache | None = None
) -> dict[str, tuple[FigureSpec, bytes]]:
    """Every figure of ``figure_catalog`` in memory, by file name (for a release written as a whole): read from
    ``cache`` when it holds the figure (``figure_key``), drawn otherwise (and kept there)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; choose one of {', '.join(FORMATS)}")
    drawn = {}
    for spec in figure_catalog(store):
        make = functools.partial(_draw, spec, fmt)
        drawn[spec.file_name(fmt)] = (spec, make() if cache is None else cache.get(figure_key(spec, fmt), make))
    return drawn


def figure_files(
    open_store: Callable[[], Store], fmt: str = "svg", cache: DiskCache | None = None, graph_digest: str = ""
) -> dict[str, bytes]:
    """Every figure of the release of a graph, by file name in catalogue order (``drawn_figures`` over
    ``open_store()``).

    With ``cache`` and ``graph_digest`` (a digest of the graph ``open_store`` would hold: the release's
    canonical N-Triples), the catalogue is kept as well — each figure's file name and key — under a key of the
    graph, the stored queries, the package's code and Oxigraph's version, which are all its rows depend on. A
    graph that was built before then needs no store and no query: its figures are read by their keys."""
    index = None
    if cache is not None and graph_digest:
        index = DiskCache.key("figure catalogue", catalogue_fingerprint(), fmt, graph_digest)
        kept = cache.read(index)
        if kept is not None:
            figures = {name: cache.read(key) for name, key in json.loads(kept).items()}
            if all(data is not None for data in figures.values()):
                return {name: data for name, data in figures.items() if data is not None}
    drawn = drawn_figures(open_store(), fmt, cache)
    if cache is not None and index is not None:
        keys = {name: figure_key(spec, fmt) for name, (spec, _) in drawn.items()}
        cache.write(index, json.dumps(keys).encode("utf-8"))
    return {name: data for name, (_, data) in drawn.items()}


@functools.cache
def catalogue_fingerprint() -> str:
    """A digest of what, besides the graph, the figure catalogue depends on: the stored queries the figures are
    drawn from, the whole package's code (the figures' own, and the query path their rows come through) and
    the version of Oxigraph, which runs the queries."""
    return code_fingerprint([*package_sources(), *sorted(project().queries_dir.glob("*.rq"))], ["pyoxigraph"])


def render_figures(store: Store, out_dir: Path, fmt: str = "svg") -> list[FigureFile]:
    """Draw every figure of ``figure_catalog`` into ``out_dir`` as ``NAME.FMT``; each file is written atomically."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    with figure_style():
        for spec in figure_catalog(store):
            path = out_dir / spec.file_name(fmt)
            write_atomically(path, spec.draw(fmt))
            files.append(FigureFile(path, MEDIA_TYPES[fmt], spec.title, spec.query, spec.caption))
    return files


def ego_network(store: Store, mirna_iri: str, fmt: str = "svg") -> bytes:
    """The ego network of one miRNA (IRI or CURIE) as SVG/PNG/PDF bytes."""
    rows = ego.ego_rows(store, mirna_iri)
    iri = str(expand(mirna_iri))
    label = next((r["mirna_node_label"] for r in rows if r["mirna_node"] == iri and r["mirna_node_label"]), None)
    label = label or next((r["mirna_node_label"] for r in rows if r["mirna_node_label"]), None) or compress(iri)
    with figure_style():
        return ego.draw(rows, label, fmt)
