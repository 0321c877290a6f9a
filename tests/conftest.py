"""Shared fixtures: the project's files, its loaded graph, and a throw-away copy of the tree."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from mirna_kg.api import load_store
from mirna_kg.cache import CACHE_VARIABLE
from mirna_kg.loading import LoadedGraph, load
from mirna_kg.resources import ProjectLayout, graph_files, project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAYOUT = ProjectLayout(ROOT)
GU2026 = "https://doi.org/10.3389/fonc.2026.1775016"
PAN2020 = "https://doi.org/10.3892/ijo.2019.4952"


_CACHE_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    assert project().root.resolve() == ROOT, "tests must run against this checkout (unset MIRNA_KG_HOME)"
    # builds keep their figures in an on-disk cache: a throw-away one here, never the user's ~/.cache
    config.stash[_CACHE_KEY] = os.environ[CACHE_VARIABLE] = tempfile.mkdtemp(prefix="mirna-kg-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    if folder := config.stash.get(_CACHE_KEY, None):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def loaded() -> LoadedGraph:
    """Ontology, imports and curated data, parsed once for the whole session."""
    return load(graph_files())


@pytest.fixture(scope="session")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store of the project's graph (no inferred triples), loaded once; a test that writes to a store
    copies it first (``store``)."""
    folder = tmp_path_factory.mktemp("base") / "store"
    load_store(folder, with_inferred=False)
    return folder


@pytest.fixture
def store(base_store: Path, tmp_path: Path) -> Path:
    """A fresh copy of ``base_store`` for one test to write to (a module may define its own ``store``)."""
    target = tmp_path / "store"
    shutil.copytree(base_store, target)
    return target


@pytest.fixture
def tree_copy(tmp_path: Path) -> ProjectLayout:
    """A copy of ontology/, shapes/, data/ and queries/ to break on purpose."""
    for folder in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return ProjectLayout(tmp_path)
