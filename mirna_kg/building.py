"""The build: load ontology, imports and data, validate, and write the release to ``dist/``.

The release is the merged graph as Turtle, canonical N-Triples, JSON-LD and RDF/XML, the KGX node and edge
tables, and a VoID/DCAT description. Nothing is written unless the whole graph conforms; every file is
serialized in memory first and then written atomically, so a failed build leaves ``dist/`` as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import NotConformingError
from .export import SERIALIZATIONS, serialize
from .graph import graph_files
from .kgx import to_kgx
from .loading import load
from .namespaces import bind_prefixes
from .resources import ProjectLayout, project
from .validation import ValidationReport, load_shapes, validate_loaded
from .void import describe
from .writing import write_atomically

INFERRED_NAME = "inferred.ttl"
NODES_NAME = "mirna-kg_nodes.tsv"
EDGES_NAME = "mirna-kg_edges.tsv"
VOID_NAME = "void.ttl"


@dataclass(frozen=True)
class ValidatedGraph:
    graph: Graph
    report: ValidationReport
    stale_inferred: bool = False
    with_inferred: bool = False


@dataclass(frozen=True)
class BuildResult:
    graph: Graph
    report: ValidationReport
    written: list[Path] = field(default_factory=list)
    stale_inferred: bool = False


def validated_graph(layout: ProjectLayout | None = None, inferred: Path | None = None) -> ValidatedGraph:
    """The project's graph, validated; raises ``NotConformingError`` on violations.

    ``inferred`` (a ``mirna-kg reason`` output) is merged in unless a source file is newer than it, in which
    case it is stale and left out.
    """
    layout = layout or project()
    loaded = load(graph_files(layout=layout))
    report = validate_loaded(loaded, load_shapes(layout.shape_files()), layout.root)
    if not report.conforms:
        raise NotConformingError(report.to_text() + "refused: nothing written")
    graph = loaded.graph
    stale = False
    merged = False
    if inferred is not None and inferred.is_file():
        stale = inferred.stat().st_mtime < max(p.stat().st_mtime for p in loaded.files)
        if not stale:
            graph += load([inferred]).graph
            merged = True
    bind_prefixes(graph.namespace_manager)
    return ValidatedGraph(graph, report, stale, merged)


def release_files(graph: Graph) -> dict[str, bytes]:
    """Every file of a release, by file name, serialized in memory."""
    files = {spec.file_name: serialize(graph, name) for name, spec in SERIALIZATIONS.items()}
    tables = to_kgx(graph)
    files[NODES_NAME] = tables.nodes_tsv().encode("utf-8")
    files[EDGES_NAME] = tables.edges_tsv().encode("utf-8")
    media_types = {spec.file_name: spec.media_type for spec in SERIALIZATIONS.values()}
    media_types |= {NODES_NAME: "text/tab-separated-values", EDGES_NAME: "text/tab-separated-values"}
    void = describe(graph, media_types)
    files[VOID_NAME] = void.serialize(format="turtle", encoding="utf-8")
    return files


def build(out_dir: Path, layout: ProjectLayout | None = None) -> BuildResult:
    """Validate and write the release to ``out_dir`` (including ``out_dir/inferred.ttl`` when fresh)."""
    validated = validated_graph(layout, out_dir / INFERRED_NAME)
    files = release_files(validated.graph)
    written = []
    for name, data in files.items():
        write_atomically(out_dir / name, data)
        written.append(out_dir / name)
    return BuildResult(validated.graph, validated.report, written, validated.stale_inferred)
