"""Where the project's own artefacts live: ontology, imports, shapes, curated data and stored queries.

From a source checkout (or an editable install) they are the repository's folders; a wheel carries copies
under ``mirna_kg/_data/`` (see pyproject.toml). Nothing here reads ``../shared``: the graph needs only what
the project ships.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .formats import RDF_SUFFIXES

HOME_VARIABLE = "MIRNA_KG_HOME"


class ProjectLayout(NamedTuple):
    """The fixed folders of a mirna-kg tree."""

    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "mirna-kg.ttl"

    @property
    def imports_dir(self) -> Path:
        return self.ontology_dir / "imports"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data" / "ttl"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def dist_dir(self) -> Path:
        """The default release folder: ``dist/`` of the tree (not of the current directory)."""
        return self.root / "dist"

    def ontology_files(self) -> list[Path]:
        """The edit file and every extracted import module, in a stable order."""
        return [self.ontology_file, *rdf_files(self.imports_dir)]

    def shape_files(self) -> list[Path]:
        return rdf_files(self.shapes_dir)

    def data_files(self) -> list[Path]:
        return rdf_files(self.data_dir)


def rdf_files(folder: Path) -> list[Path]:
    """RDF files below ``folder``, sorted so every build reads them in the same order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in RDF_SUFFIXES)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, plus the RDF files of any folder named."""
    out: list[Path] = []
    for path in paths:
        out.extend(rdf_files(path) if path.is_dir() else [path])
    return out


def project() -> ProjectLayout:
    """The layout in use: ``$MIRNA_KG_HOME`` if set (another checkout, or a test's copy), else the source tree
    this package sits in, else the copy packaged in the wheel."""
    home = os.environ.get(HOME_VARIABLE)
    return ProjectLayout(Path(home)) if home else _installed_layout()


@cache
def _installed_layout() -> ProjectLayout:
    package_dir = Path(__file__).resolve().parent
    source_root = package_dir.parent
    if (source_root / "ontology" / "mirna-kg.ttl").is_file():
        return ProjectLayout(source_root)
    return ProjectLayout(package_dir / "_data")


def graph_files(paths: list[Path] | None = None, layout: ProjectLayout | None = None) -> list[Path]:
    """The files named (folders expanded), or the ontology, imports and curated data of the project."""
    if paths:
        return expand_paths(paths)
    layout = layout or project()
    return [*layout.ontology_files(), *layout.data_files()]


def sources_digest(files: list[Path]) -> str:
    """A SHA-256 over the files' names and bytes: what a store or release was made from."""
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
