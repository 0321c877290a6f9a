"""The build: load ontology, imports and data, validate, and write the merged graph to ``dist/``.

Nothing is written unless the whole graph conforms, and each output file is written atomically, so a failed
build leaves ``dist/`` exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import NotConformingError
from .loading import load
from .namespaces import bind_prefixes
from .resources import ProjectLayout, project
from .validation import ValidationReport, load_shapes, validate_loaded
from .writing import write_atomically

MERGED_NAME = "mirna-kg.ttl"
INFERRED_NAME = "inferred.ttl"


@dataclass(frozen=True)
class BuildResult:
    graph: Graph
    report: ValidationReport
    written: list[Path]
    stale_inferred: bool = False


def build(out_dir: Path, layout: ProjectLayout | None = None) -> BuildResult:
    """Validate and write ``out_dir/mirna-kg.ttl``; raise ``NotConformingError`` (writing nothing) on violations.

    An ``inferred.ttl`` left in ``out_dir`` by ``mirna-kg reason`` is merged in, so the release carries the
    reasoner's class memberships alongside the asserted graph — unless an input file is newer than it, in
    which case it is stale and left out (``BuildResult.stale_inferred``).
    """
    layout = layout or project()
    loaded = load([*layout.ontology_files(), *layout.data_files()])
    report = validate_loaded(loaded, load_shapes(layout.shape_files()), layout.root)
    if not report.conforms:
        raise NotConformingError(report.to_text() + f"build refused: nothing written to {out_dir}")
    graph = loaded.graph
    inferred = out_dir / INFERRED_NAME
    stale = inferred.is_file() and inferred.stat().st_mtime < max(p.stat().st_mtime for p in loaded.files)
    if inferred.is_file() and not stale:
        graph += load([inferred]).graph
    bind_prefixes(graph.namespace_manager)
    target = out_dir / MERGED_NAME
    write_atomically(target, graph.serialize(format="turtle", encoding="utf-8"))
    return BuildResult(graph, report, [target], stale_inferred=stale)
