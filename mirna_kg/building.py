"""The build: load ontology, imports and data, validate, and write the release to ``dist/``.

The release is the merged graph as Turtle, canonical N-Triples, JSON-LD and RDF/XML, the KGX node and edge
tables, a VoID/DCAT description and, when reasoning is included, the inferred triples on their own. Nothing is
written unless the whole graph conforms. The release is a set: every file is serialized in memory, written into
a staging folder beside the target and the folder swapped in (``mirna_kg.writing.open_release``), so a failed or
killed build leaves ``dist/`` as it was and a reader never sees new and old files side by side. The output
folder is checked and locked before the graph is even loaded, so a second build into it fails at once.
Every file is byte-identical between builds of the same input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .cache import DiskCache, disk_cache
from .errors import NotConformingError
from .export import SERIALIZATIONS, canonical_graph, serialize, turtle
from .interop.crate import CRATE_NAME, crate_json
from .kgx import EDGES_FILE, METADATA_FILE, NODES_FILE, to_kgx
from .loading import load
from .namespaces import bind_prefixes
from .progress import step
from .report import ValidationReport
from .resources import ProjectLayout, graph_files, project
from .validation import validate_project
from .void import describe
from .writing import open_release

INFERRED_NAME = "inferred.ttl"
NODES_NAME = NODES_FILE
EDGES_NAME = EDGES_FILE
KGX_METADATA_NAME = METADATA_FILE
VOID_NAME = "void.ttl"


@dataclass(frozen=True)
class ValidatedGraph:
    graph: Graph
    report: ValidationReport
    inferred: Graph | None = None
    """The reasoner's triples, already merged into ``graph`` (None when not asked for)."""


@dataclass(frozen=True)
class BuildResult:
    graph: Graph
    report: ValidationReport
    written: list[Path] = field(default_factory=list)
    inferred: int = 0


def validated_graph(
    layout: ProjectLayout | None = None, *, with_inferred: bool = False, cache: DiskCache | None = None
) -> ValidatedGraph:
    """The project's graph, validated; raises ``NotConformingError`` on violations.

    With ``with_inferred`` the reasoner's triples are derived from it and merged in (``mirna_kg.inferred``).
    ``cache`` keeps the validation report of these very sources, shapes and code (``validate_project``).
    """
    layout = layout or project()
    files = graph_files(layout=layout)
    with step(f"parsing {len(files)} files"):
        loaded = load(files)
    with step("validating against the shapes"):
        report = validate_project(loaded, layout, cache)
    if not report.conforms:
        raise NotConformingError(report.to_text() + "refused: nothing written")
    graph = loaded.graph
    inferred = None
    if with_inferred:
        from .inferred import derive
        from .stores import OxigraphStore

        with step("reasoning"):
            inferred = derive(OxigraphStore.from_files(files))
        graph += inferred
    bind_prefixes(graph.namespace_manager)
    return ValidatedGraph(graph, report, inferred)


FIGURES_DIR = "figures"
#: The build's folder of the on-disk cache (``mirna_kg.cache``).
CACHE_FOLDER = "build"


def release_files(
    graph: Graph, *, with_figures: bool = True, inferred: Graph | None = None, cache: DiskCache | None = None
) -> dict[str, bytes]:
    """Every file of a release, by file name (``/`` for subfolders, e.g. ``figures/NAME.svg``), in memory.

    The figures (SVG, drawn from the stored queries over this very graph) are listed in the VoID description
    with their media type, like every other file; a figure ``cache`` holds is read from it instead of drawn
    (the same bytes: ``mirna_kg.figures.figure_key``), and so is the RO-Crate metadata of unchanged files
    (``crate_json``). ``inferred`` (the reasoner's triples) is written on its own as
    ``inferred.ttl``. Last comes the RO-Crate metadata, which lists every other file with its size and SHA-256."""
    canonical = canonical_graph(graph)
    files = {spec.file_name: serialize(graph, name, canonical) for name, spec in SERIALIZATIONS.items()}
    tables = to_kgx(graph)
    files[NODES_NAME] = tables.nodes_tsv().encode("utf-8")
    files[EDGES_NAME] = tables.edges_tsv().encode("utf-8")
    files[KGX_METADATA_NAME] = tables.metadata_json().encode("utf-8")
    media_types = {spec.file_name: spec.media_type for spec in SERIALIZATIONS.values()}
    media_types |= {NODES_NAME: "text/tab-separated-values", EDGES_NAME: "text/tab-separated-values"}
    media_types[KGX_METADATA_NAME] = "application/json"
    if with_figures:
        from .figures import MEDIA_TYPES, figure_files
        from .stores import OxigraphStore

        digest = hashlib.sha256(files[SERIALIZATIONS["ntriples"].file_name]).hexdigest()
        for name, data in figure_files(lambda: OxigraphStore.from_graph(graph), "svg", cache, digest).items():
            files[f"{FIGURES_DIR}/{name}"] = data
            media_types[f"{FIGURES_DIR}/{name}"] = MEDIA_TYPES["svg"]
    void = describe(graph, media_types)
    files[VOID_NAME] = turtle(canonical_graph(void))
    media_types[VOID_NAME] = "text/turtle"
    if inferred is not None:
        files[INFERRED_NAME] = turtle(canonical_graph(inferred))
        media_types[INFERRED_NAME] = "text/turtle"
    files[CRATE_NAME] = crate_json(graph, files, media_types, cache)
    return files


def build(
    out_dir: Path, layout: ProjectLayout | None = None, *, with_inferred: bool = True, cache: bool = True
) -> BuildResult:
    """Validate and write the release to ``out_dir`` (with ``inferred.ttl`` when reasoning is included).

    The validation report, the figures and the RO-Crate metadata go through the on-disk cache
    (``mirna_kg.cache.disk_cache``) unless ``cache`` is False (``--no-cache``) or ``MIRNA_KG_CACHE=off``:
    unchanged sources are not validated again, and an unchanged graph skips matplotlib altogether."""
    kept = disk_cache(CACHE_FOLDER, enabled=cache)
    with open_release(out_dir) as release:
        validated = validated_graph(layout, with_inferred=with_inferred, cache=kept)
        with step("serializing the release and drawing its figures"):
            files = release_files(validated.graph, inferred=validated.inferred, cache=kept)
        with step(f"writing {out_dir}"):
            release.commit(files)
    written = [out_dir / name for name in files]
    return BuildResult(validated.graph, validated.report, written, len(validated.inferred or ()))
