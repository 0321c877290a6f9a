"""Intercellular communication networks: source cell → miRNA → recipient cell, per cancer.

The data are the rows of the stored query ``fig_communication_network`` (one per claim, cancer and named cell).
They become a small layered graph — three columns, source cells | miRNAs | recipient cells — that is drawn
with matplotlib for the release and handed to cytoscape.js as elements for the interactive view. The same
layout serves both, so the web page and the SVG agree.

Layout, deterministic and readable rather than force-directed: cells are grouped by lineage (the query's
``cell_group``, from the Cell Ontology hierarchy) in a fixed group order; within a group, and in the miRNA
column, nodes are ordered by the barycentre of their neighbours (a few sweeps of the classic layered-graph
heuristic), ties broken by label. Each drawn edge stands for the claims that share its two ends, effect and
vehicle; its colour is the effect on the tumour.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean
from typing import TYPE_CHECKING, Any, Final

from ..namespaces import compress, slug
from ..stores import Store
from .style import EFFECT_COLOURS, EFFECT_NAMES, framed_figure, save, short_mirna, wrap
from .tables import Row, query_rows

if TYPE_CHECKING:
    from matplotlib.path import Path as MplPath

QUERY: Final = "fig_communication_network"

#: The cell groups of fig_communication_network.rq, in column order (top to bottom).
GROUP_ORDER: Final = (
    "tumour cells",
    "bone cells",
    "lymphocytes",
    "myeloid cells",
    "other leukocytes",
    "stromal and vascular cells",
    "other cells",
)

#: Short names for vehicles on the edges (explained in the legend), by IRI local name.
VEHICLE_ABBREVIATIONS: Final = {
    "exosome": "exo",
    "extracellularVesicle": "EV",
    "smallExtracellularVesicle": "sEV",
    "microvesicle": "MV",
    "melanosome": "melanosome",
    "conditionedMedium": "CM",
    "nonVesicularRelease": "non-vesicular",
}

#: A cancer gets its own network figure when at least this many claims of it name a cell.
MIN_CLAIMS: Final = 5

COLUMNS: Final = {"source": 0.0, "mirna": 1.0, "recipient": 2.0}


@dataclass
class NetNode:
    """A node of the layered network: a cell in the source or recipient column, or a miRNA."""

    id: str
    kind: str  # "source", "mirna" or "recipient"
    iri: str
    label: str
    group: str = ""
    targets: dict[str, str] = field(default_factory=dict)  # gene symbol -> IRI
    y: float = 0.0

    @property
    def x(self) -> float:
        return COLUMNS[self.kind]


@dataclass(frozen=True)
class NetEdge:
    """One drawn edge: the claims sharing its ends, effect and vehicle."""

    source: str
    target: str
    effect: str
    vehicle: str | None
    vehicle_label: str | None
    claims: tuple[str, ...]

    @property
    def id(self) -> str:
        vehicle = VEHICLE_ABBREVIATIONS.get((self.vehicle or "").rsplit("/", 1)[-1], "none")
        return "edge-" + slug(f"{self.source}-{self.target}-{self.effect}-{vehicle}").replace(".", "_")


@dataclass
class Network:
    """The network of one cancer (or of every claim when ``cancer`` is None), laid out."""

    cancer: str | None
    cancer_label: str
    nodes: dict[str, NetNode]
    edges: list[NetEdge]
    claims: set[str]

    @property
    def mirnas(self) -> list[NetNode]:
        return sorted((n for n in self.nodes.values() if n.kind == "mirna"), key=lambda n: -n.y)

    def column(self, kind: str) -> list[NetNode]:
        return sorted((n for n in self.nodes.values() if n.kind == kind), key=lambda n: -n.y)

    @property
    def rows(self) -> float:
        """Height of the layout in row units."""
        return max([1.0] + [-n.y + 1 for n in self.nodes.values()])


def network_rows(store: Store) -> list[Row]:
    """The rows of the figure's stored query."""
    return query_rows(store, QUERY)


def network_cancers(rows: list[Row]) -> list[tuple[str, str, int]]:
    """(cancer IRI, label, number of claims) of every cancer with at least MIN_CLAIMS claims naming a cell;
    breast, prostate and lung first (review 000's three cancers) when present, then by claims and label."""
    claims: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row["cancer"]:
            claims[(row["cancer"], row["cancer_label"] or row["cancer"])].add(row["claim"] or "")
    first = ("breast cancer", "prostate cancer", "lung cancer")
    found = [(iri, label, len(c)) for (iri, label), c in claims.items() if len(c) >= MIN_CLAIMS]
    return sorted(found, key=lambda f: (first.index(f[1]) if f[1] in first else len(first), -f[2], f[1]))


def build_network(rows: list[Row], cancer: str | None) -> Network:
    """The laid-out network of one cancer's claims, or of all claims (``cancer`` None)."""
    chosen = [r for r in rows if cancer is None or r["cancer"] == cancer]
    label = next((r["cancer_label"] for r in chosen if r["cancer_label"]), None) or "all cancers"
    nodes: dict[str, NetNode] = {}
    grouped: dict[tuple[str, str, str, str | None], set[str]] = defaultdict(set)
    vehicle_labels: dict[str, str] = {}
    for row in chosen:
        claim, mirna, cell = row["claim"] or "", row["mirna"] or "", row["cell"] or ""
        mirna_id = "mirna:" + compress(mirna)
        node = nodes.setdefault(mirna_id, NetNode(mirna_id, "mirna", mirna, short_mirna(row["mirna_label"])))
        for iri, symbol in zip(
            (row["targets"] or "").split(";"), (row["target_labels"] or "").split(";"), strict=False
        ):
            if iri and symbol:
                node.targets[symbol] = iri
        kind = row["role"] or "source"
        cell_id = f"{kind}:{compress(cell)}"
        nodes.setdefault(
            cell_id,
            NetNode(cell_id, kind, cell, row["cell_label"] or compress(cell), row["cell_group"] or "other cells"),
        )
        ends = (cell_id, mirna_id) if kind == "source" else (mirna_id, cell_id)
        vehicle = row["vehicle"] if kind == "source" else None
        if vehicle:
            vehicle_labels[vehicle] = row["vehicle_label"] or vehicle
        grouped[(*ends, row["effect"] or "not stated", vehicle)].add(claim)
    edges = [
        NetEdge(s, t, effect, vehicle, vehicle_labels.get(vehicle or ""), tuple(sorted(claims)))
        for (s, t, effect, vehicle), claims in sorted(grouped.items(), key=lambda kv: (*kv[0][:3], kv[0][3] or ""))
    ]
    network = Network(cancer, label, nodes, edges, {r["claim"] or "" for r in chosen})
    _lay_out(network)
    return network


def _group_index(node: NetNode) -> int:
    return GROUP_ORDER.index(node.group) if node.group in GROUP_ORDER else len(GROUP_ORDER)


def _place(column: list[NetNode], height: float, grouped: bool) -> None:
    """Spread a column's nodes (in order) over ``height`` rows, with one empty slot before each new group."""
    slots: list[NetNode | None] = []
    for node in column:
        if grouped and (not slots or slots[-1] is None or slots[-1].group != node.group):
            slots.append(None)  # room for the group heading
        slots.append(node)
    step = max(1.0, (height - 1) / max(1, len(slots) - 1)) if len(slots) > 1 else 1.0
    offset = (height - 1 - step * (len(slots) - 1)) / 2
    for i, node in enumerate(slots):
        if node is not None:
            node.y = -(offset + i * step)


def _lay_out(network: Network) -> None:
    """Deterministic layered layout: groups fixed, barycentre sweeps within them, ties by label."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in network.edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    columns = {
        kind: sorted(
            (n for n in network.nodes.values() if n.kind == kind),
            key=lambda n: (_group_index(n), n.label.lower(), n.id),
        )
        for kind in COLUMNS
    }

    def slots(kind: str) -> int:
        column = columns[kind]
        return len(column) + (len({n.group for n in column}) if kind != "mirna" else 0)

    height = float(max(slots(kind) for kind in COLUMNS))

    def place_all() -> None:
        for kind, column in columns.items():
            _place(column, height, grouped=kind != "mirna")

    def centre(node: NetNode) -> float:
        ys = [network.nodes[n].y for n in neighbours[node.id]]
        return mean(ys) if ys else node.y

    place_all()
    for _ in range(4):
        columns["mirna"].sort(key=lambda n: (-centre(n), n.label.lower(), n.id))
        place_all()
        for kind in ("source", "recipient"):
            columns[kind].sort(key=lambda n: (_group_index(n), -centre(n), n.label.lower(), n.id))
        place_all()


# ---------------------------------------------------------------------------------------------------
# cytoscape.js elements
# ---------------------------------------------------------------------------------------------------


def network_elements(store: Store, cancer_iri: str | None = None) -> dict[str, Any]:
    """cytoscape.js elements for the network of one cancer (its MONDO IRI) or of all claims (None).

    ``{"nodes": [...], "edges": [...]}`` in cytoscape's JSON form: each node's data has ``id``, ``label``,
    ``iri`` (the entity), ``kind`` (source / mirna / recipient), ``group`` (cell lineage) and, for miRNAs,
    ``targets`` (symbol and IRI); its ``position`` is the static figure's layout (use cytoscape's ``preset``
    layout). Each edge's data has ``source``, ``target``, ``effect``, ``vehicle`` (IRI) and ``vehicle_label``,
    ``claim`` (the first claim's IRI) and ``claims`` (all of them).
    """
    network = build_network(network_rows(store), cancer_iri)
    scale_x, scale_y = 320.0, 42.0
    nodes = [
        {
            "data": {
                "id": n.id,
                "label": n.label,
                "iri": n.iri,
                "kind": n.kind,
                "group": n.group,
                "targets": [{"label": s, "iri": i} for s, i in sorted(n.targets.items())],
            },
            "position": {"x": n.x * scale_x, "y": -n.y * scale_y},
        }
        for n in sorted(network.nodes.values(), key=lambda n: n.id)
    ]
    edges = [
        {
            "data": {
                "id": e.id,
                "source": e.source,
                "target": e.target,
                "effect": e.effect,
                "vehicle": e.vehicle,
                "vehicle_label": e.vehicle_label,
                "claim": e.claims[0],
                "claims": list(e.claims),
            },
        }
        for e in network.edges
    ]
    return {"cancer": cancer_iri, "cancer_label": network.cancer_label, "nodes": nodes, "edges": edges}


# ---------------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------------

ROW_INCHES: Final = 0.34


def caption(network: Network) -> str:
    """What the figure shows and where it comes from."""
    n_mirnas = len(network.mirnas)
    return (
        f"{network.cancer_label[:1].upper() + network.cancer_label[1:]}: {len(network.claims)} regulatory "
        f"claims that name a source or recipient cell, {n_mirnas} miRNAs. Left, the cell that releases the "
        "miRNA (the vehicle on the edge where the review names one); middle, the miRNA with its target genes "
        "in italics; right, the cell the miRNA acts in. Edge colour is the claim's effect on the tumour. Cells "
        "are grouped by Cell Ontology lineage; cancer subtypes are rolled up into the most general cancer the "
        "claims use. Names without an arm stand for the precursor or for a name with several loci. Claims "
        "from review 000 (Gu, Zhu & Li 2026) and review 002 (Pan et al. 2020). Data: stored query "
        f"{QUERY} (mirna-kg query {QUERY})."
    )


def title(network: Network) -> str:
    return f"miRNA-mediated cell-cell communication in {network.cancer_label}"


def _bezier(x0: float, y0: float, x1: float, y1: float) -> MplPath:
    from matplotlib.path import Path as MplPath

    dx = (x1 - x0) * 0.5
    return MplPath(
        [(x0, y0), (x0 + dx, y0), (x1 - dx, y1), (x1, y1)],
        [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4],
    )


def _point_on(x0: float, y0: float, x1: float, y1: float, t: float) -> tuple[float, float]:
    """Point at parameter t of the edge's cubic Bézier."""
    dx = (x1 - x0) * 0.5
    xs, ys = (x0, x0 + dx, x1 - dx, x1), (y0, y0, y1, y1)
    weights = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t**2 * (1 - t), t**3)
    return (sum(w * v for w, v in zip(weights, xs, strict=True)), sum(w * v for w, v in zip(weights, ys, strict=True)))


def draw(network: Network, fmt: str) -> bytes:
    """The network figure as SVG/PNG/PDF bytes."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    height_rows = network.rows + 1.2
    vehicles = sorted(
        {
            (VEHICLE_ABBREVIATIONS.get((e.vehicle or "").rsplit("/", 1)[-1], "?"), e.vehicle_label or "")
            for e in network.edges
            if e.vehicle
        }
    )
    frame = framed_figure(12.0, height_rows * ROW_INCHES, title(network), caption(network), legend_rows=2)
    figure = frame.figure
    axes = figure.add_axes(frame.body)
    axes.set_xlim(-1.05, 3.05)
    axes.set_ylim(-(height_rows - 0.6), 1.0)
    axes.axis("off")

    for kind, heading in (
        ("source", "Source cell"),
        ("mirna", "miRNA (target genes)"),
        ("recipient", "Recipient cell"),
    ):
        axes.text(
            COLUMNS[kind], 0.75, heading, ha="center", va="center", fontsize=9.5, fontweight="bold", color="#333333"
        )

    # parallel edges (same two ends) are fanned out a little so none hides another
    siblings: dict[tuple[str, str], list[NetEdge]] = defaultdict(list)
    for edge in network.edges:
        siblings[(edge.source, edge.target)].append(edge)
    for (start, end), group in sorted(siblings.items()):
        a, b = network.nodes[start], network.nodes[end]
        for k, edge in enumerate(group):
            shift = (k - (len(group) - 1) / 2) * 0.14
            x0, y0, x1, y1 = a.x, a.y + shift, b.x, b.y + shift
            patch = FancyArrowPatch(
                path=_bezier(x0, y0, x1 - (0.03 if b.kind == "recipient" else 0), y1),
                arrowstyle="-|>" if b.kind == "recipient" else "-",
                mutation_scale=7,
                color=EFFECT_COLOURS[edge.effect],
                linewidth=1.7 if edge.vehicle else 1.0,
                alpha=0.85,
                zorder=1,
            )
            patch.set_gid(edge.id)
            patch.set_url(edge.claims[0])
            axes.add_patch(patch)
            if edge.vehicle:
                vx, vy = _point_on(x0, y0, x1, y1, 0.72)
                abbreviation = VEHICLE_ABBREVIATIONS.get(edge.vehicle.rsplit("/", 1)[-1], "?")
                axes.text(
                    vx,
                    vy,
                    abbreviation,
                    fontsize=6,
                    ha="center",
                    va="center",
                    color="#222222",
                    zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "#BBBBBB", "linewidth": 0.5},
                )

    for kind in ("source", "recipient"):
        previous_group = None
        for node in network.column(kind):
            axes.plot([node.x], [node.y], marker="o", markersize=5, color="#444444", zorder=4)
            ha, dx = ("right", -0.04) if kind == "source" else ("left", 0.04)
            text = axes.text(
                node.x + dx, node.y, wrap(node.label, 30), ha=ha, va="center", fontsize=7.5, linespacing=1.0, zorder=4
            )
            text.set_url(node.iri)
            if node.group != previous_group:
                axes.text(
                    node.x + dx,
                    node.y + 0.62,
                    node.group.upper(),
                    ha=ha,
                    va="center",
                    fontsize=6.5,
                    color="#777777",
                    fontstyle="italic",
                )
                previous_group = node.group

    for node in network.mirnas:
        text = axes.text(
            node.x,
            node.y + (0.1 if node.targets else 0),
            node.label,
            ha="center",
            va="center",
            fontsize=7.5,
            fontweight="bold",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#888888", "linewidth": 0.6},
        )
        text.set_url(node.iri)
        if node.targets:
            genes = ", ".join(sorted(node.targets))
            axes.text(
                node.x,
                node.y - 0.3,
                genes if len(genes) <= 42 else genes[:40] + "…",
                ha="center",
                va="center",
                fontsize=6.2,
                fontstyle="italic",
                color="#333333",
                zorder=5,
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"},
            )

    effects = [e for e in EFFECT_COLOURS if e != "both" and any(edge.effect == e for edge in network.edges)]
    handles = [Line2D([], [], color=EFFECT_COLOURS[e], linewidth=2, label=EFFECT_NAMES[e]) for e in effects]
    handles.append(Line2D([], [], color="#555555", linewidth=1.7, label="thick: vehicle named"))
    figure.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, frame.legend_y),
        ncol=len(handles),
        fontsize=8,
        handlelength=2.2,
        columnspacing=1.8,
    )
    if vehicles:
        figure.text(
            0.5,
            frame.legend_y - 0.3 / figure.get_figheight(),
            "vehicles: " + "; ".join(f"{a} = {label}" for a, label in vehicles),
            ha="center",
            va="top",
            fontsize=7.5,
            color="#333333",
        )
    return save(figure, fmt, title=title(network), caption=caption(network), query=QUERY)
