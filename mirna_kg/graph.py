"""Opening the knowledge graph for reading: the project's sources, or RDF files a user names.

Commands that only read (query, stats) use this; they do not validate, so they start fast.
"""

from __future__ import annotations

from pathlib import Path

from .loading import load
from .resources import ProjectLayout, expand_paths, project
from .store import DEFAULT_ENGINE, OxigraphStore, Store, open_store


def graph_files(paths: list[Path] | None = None, layout: ProjectLayout | None = None) -> list[Path]:
    """The files named (folders expanded), or the ontology, imports and curated data of the project."""
    if paths:
        return expand_paths(paths)
    layout = layout or project()
    return [*layout.ontology_files(), *layout.data_files()]


def open_graph(paths: list[Path] | None = None, engine: str = DEFAULT_ENGINE, inferred: Path | None = None) -> Store:
    """A query store over the named files (or the project's graph), plus the reasoner's output if given.
    Oxigraph parses the files itself."""
    files = graph_files(paths) + ([inferred] if inferred else [])
    if engine == "oxigraph":
        return OxigraphStore.from_files(files)
    return open_store(load(files).graph, engine)
