"""SHACL validation of the ontology + data against shapes/, with a report grouped by file and focus node.

The data graph handed to pySHACL is the merged ontology, import modules and curated data, so ``sh:class``
and the ``rdfs:subClassOf*`` paths of the shapes see the real class hierarchy without RDFS inference. The
checks SHACL cannot express (``mirna_kg.checks``: a miRNA name as written against its miRBase entry, a statement
IRI defined in two files) join the same report.

A build keeps the report in the on-disk cache (``validate_project``) under a key of everything it depends on, so
the input of the last build is not validated again; any change to a source, a shape or the code is a new key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .cache import DiskCache, code_fingerprint, package_sources
from .checks import violations
from .loading import LoadedGraph, load
from .namespaces import SH, compress
from .report import ValidationReport, Violation
from .resources import ProjectLayout, project


def load_shapes(paths: list[Path]) -> Graph:
    return load(paths).graph


def validate_loaded(loaded: LoadedGraph, shapes: Graph, root: Path | None = None) -> ValidationReport:
    """Validate an already loaded graph (so a build does not parse its input twice)."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(
        loaded.graph,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        advanced=False,
    )
    # what SHACL cannot say: names as written against their identifiers, a statement in two files
    findings = violations(loaded, lambda f: _relative(f, root))
    return ValidationReport(bool(conforms) and not findings, _violations(results, loaded, root) + findings)


def validation_key(files: Sequence[Path], shape_files: Sequence[Path], root: Path | None) -> str:
    """The on-disk cache key of the report on ``files`` against ``shape_files``: every file's path (relative IRIs
    resolve against it, the report names it relative to ``root``) and bytes, in load order, the source of the
    whole package (the checks, the parsing, the report) and the versions of pySHACL and rdflib."""
    code = code_fingerprint(package_sources(), ["pyshacl", "rdflib"])
    parts = ["validation", code, str(root)]
    for kind, paths in (("source", files), ("shapes", shape_files)):
        for path in paths:
            parts += [kind, str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest()]
    return DiskCache.key(*parts)


def validate_project(loaded: LoadedGraph, layout: ProjectLayout, cache: DiskCache | None = None) -> ValidationReport:
    """``validate_loaded`` of the project's loaded graph against its shapes, read from ``cache`` when it holds
    the report on these very bytes (``validation_key``), made and kept there otherwise."""
    shape_files = layout.shape_files()
    if cache is None:
        return validate_loaded(loaded, load_shapes(shape_files), layout.root)
    made = cache.get(
        validation_key(loaded.files, shape_files, layout.root),
        lambda: validate_loaded(loaded, load_shapes(shape_files), layout.root).to_json().encode("utf-8"),
    )
    return ValidationReport.from_json(made.decode("utf-8"))


def validate_paths(data_paths: list[Path] | None = None, layout: ProjectLayout | None = None) -> ValidationReport:
    """Validate data files (default: the repository's own) together with the ontology and its imports."""
    layout = layout or project()
    files = [*layout.ontology_files(), *(data_paths if data_paths is not None else layout.data_files())]
    return validate_loaded(load(files), load_shapes(layout.shape_files()), layout.root)


def _violations(results: Graph, loaded: LoadedGraph, root: Path | None) -> list[Violation]:
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        files = loaded.files_of(focus) if focus is not None else []
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)] or ["(no message)"]
        severity = results.value(result, SH.resultSeverity)
        shape = results.value(result, SH.sourceShape)
        for message in messages:
            out.append(
                Violation(
                    file=", ".join(_relative(f, root) for f in files) or "(not described in any file)",
                    focus=_show(focus),
                    path=_show(path) if isinstance(path, URIRef) else ("" if path is None else "(complex path)"),
                    message=message,
                    severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                    value=_show(value),
                    shape=_show(shape) if isinstance(shape, URIRef) else "",
                )
            )
    return out


def _show(term: object) -> str:
    if term is None:
        return ""
    return compress(str(term)) if isinstance(term, URIRef) else str(term)


def _relative(path: Path, root: Path | None) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve())) if root else str(path)
    except ValueError:
        return str(path)
