"""The build's on-disk cache: an entry is read back only when whole, a damaged one is made again, the folder
stays within its budget; a figure or a validation report is kept under a key of everything it depends on, so an
edit is never hidden by what was kept; and a build from a warm cache writes the same bytes as one from a cold
cache (without importing matplotlib)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mirna_kg.api import open_store
from mirna_kg.building import CACHE_FOLDER, validated_graph
from mirna_kg.cache import CACHE_VARIABLE, ENTRY_MAGIC, DiskCache, cache_folder, disk_cache
from mirna_kg.errors import NotConformingError
from mirna_kg.figures import drawn_figures, figure_catalog, figure_files, figure_key
from mirna_kg.interop.crate import crate_json
from mirna_kg.loading import LoadedGraph, load
from mirna_kg.resources import HOME_VARIABLE, ProjectLayout, graph_files
from mirna_kg.stores import OxigraphStore
from mirna_kg.validation import validate_project, validation_key

from .cli_runner import CliRunner
from .conftest import ROOT

KEY = DiskCache.key("a figure", "its data")
OTHER = DiskCache.key("another figure")


def _refuse() -> bytes:
    raise AssertionError("made again although the cache holds it")


def test_a_kept_value_is_read_back_by_another_instance(tmp_path: Path) -> None:
    assert DiskCache(tmp_path).get(KEY, lambda: b"<svg>drawn</svg>") == b"<svg>drawn</svg>"
    assert DiskCache(tmp_path).get(KEY, _refuse) == b"<svg>drawn</svg>"
    assert DiskCache(tmp_path).read(OTHER) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry[: len(entry) - 3],  # cut short (a writer killed before the rename cannot do this)
        lambda entry: entry[:-1] + b"X",  # one byte changed
        lambda entry: entry[: len(ENTRY_MAGIC) + 10],  # the digest cut
        lambda entry: b"",  # empty
        lambda entry: entry.replace(ENTRY_MAGIC, b"mirna-kg cache 0\n"),  # another format
    ],
    ids=["truncated", "flipped", "no-digest", "empty", "other-format"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = DiskCache(tmp_path)
    cache.write(KEY, b"the right bytes")
    path = cache.path(KEY)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.read(KEY) is None
    assert cache.get(KEY, lambda: b"the right bytes") == b"the right bytes"
    assert cache.read(KEY) == b"the right bytes"


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    cache = DiskCache(tmp_path / "file" / "cache")
    assert cache.get(KEY, lambda: b"made") == b"made"
    assert cache.get(KEY, lambda: b"made again") == b"made again"


def test_only_hexadecimal_digests_are_keys(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a cache key"):
        DiskCache(tmp_path).path("../../etc/passwd")


def test_the_entries_read_longest_ago_go_first(tmp_path: Path) -> None:
    entry = len(ENTRY_MAGIC) + 65 + 1000
    cache = DiskCache(tmp_path, max_bytes=3 * entry)
    keys = [DiskCache.key(str(i)) for i in range(4)]
    for age, key in enumerate(keys[:3]):
        cache.write(key, bytes(1000))
        os.utime(cache.path(key), (1_000_000 + age, 1_000_000 + age))
    assert cache.read(keys[0]) is not None  # read now: the newest
    cache.write(keys[3], bytes(1000))
    assert [cache.read(k) is not None for k in keys] == [True, False, True, True]


def test_where_the_cache_lives_and_how_to_turn_it_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"
    figures = disk_cache("figures")
    assert figures is not None and figures.folder == tmp_path / "mine" / "figures"
    assert disk_cache("figures", enabled=False) is None  # --no-cache
    monkeypatch.setenv(CACHE_VARIABLE, "OFF")
    assert disk_cache("figures") is None
    monkeypatch.delenv(CACHE_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "mirna-kg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "mirna-kg"


def test_figures_are_kept_under_a_key_of_their_data(tmp_path: Path) -> None:
    """Every figure drawn through the cache is kept under its own key; a figure whose data differ has another."""
    store = open_store()
    cache = DiskCache(tmp_path)
    drawn = drawn_figures(store, "svg", cache)
    specs = figure_catalog(store)
    keys = {figure_key(spec, "svg") for spec in specs}
    assert len(keys) == len(specs) == len(drawn)
    for spec in specs:
        assert cache.read(figure_key(spec, "svg")) == drawn[spec.file_name("svg")][1]
    networks = [s for s in specs if s.name.startswith("network-")]
    assert len({s.data for s in networks}) == len(networks)  # one query, a digest per cancer
    assert figure_key(specs[0], "png") != figure_key(specs[0], "svg")

    # a release's figures: the catalogue of a graph is kept, so the same graph needs no store the next time
    files = {name: data for name, (_, data) in drawn.items()}
    assert figure_files(lambda: store, "svg", cache, "digest of the graph") == files

    def no_store() -> OxigraphStore:
        raise AssertionError("opened a store although the catalogue is kept")

    again = figure_files(no_store, "svg", cache, "digest of the graph")
    assert again == files and list(again) == list(files)  # in catalogue order
    with pytest.raises(AssertionError, match="opened a store"):
        figure_files(no_store, "svg", cache, "digest of another graph")
    damaged = cache.path(figure_key(specs[0], "svg"))
    damaged.write_bytes(damaged.read_bytes()[:-1])
    assert figure_files(lambda: store, "svg", cache, "digest of the graph") == files


def test_a_kept_validation_report_is_the_report(tree_copy: ProjectLayout, tmp_path: Path) -> None:
    """The report read back from the cache is the one validation makes, warnings and all."""
    cache = DiskCache(tmp_path)
    loaded = load(graph_files(layout=tree_copy))
    fresh = validate_project(loaded, tree_copy)
    assert validate_project(loaded, tree_copy, cache) == fresh  # made and kept
    key = validation_key(loaded.files, tree_copy.shape_files(), tree_copy.root)
    assert cache.read(key) is not None
    assert validate_project(loaded, tree_copy, cache) == fresh  # read back


@pytest.mark.slow
def test_an_edited_source_or_shape_is_validated_again(tree_copy: ProjectLayout, tmp_path: Path) -> None:
    """A build of an unchanged tree reads its report from the cache; a claim that loses its miRNA afterwards is
    refused all the same (and again, from the report kept for the edited file); a changed shape is a new key."""
    cache = DiskCache(tmp_path)
    assert validated_graph(tree_copy, cache=cache).report.conforms
    path = tree_copy.data_dir / "gu2026" / "t4-4.1.1-tam.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    mkg:mirna mirbase.mature:MIMAT0004490 ;\n", "", 1), encoding="utf-8")
    with pytest.raises(NotConformingError) as fresh:
        validated_graph(tree_copy, cache=cache)
    with pytest.raises(NotConformingError) as kept:
        validated_graph(tree_copy, cache=cache)
    assert "t4-4.1.1-tam.ttl" in str(fresh.value) and str(kept.value) == str(fresh.value)
    files, shapes = graph_files(layout=tree_copy), tree_copy.shape_files()
    before = validation_key(files, shapes, tree_copy.root)
    shapes[0].write_text(shapes[0].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert validation_key(files, shapes, tree_copy.root) != before


def test_a_kept_crate_is_the_crate_of_the_same_files(loaded: LoadedGraph, tmp_path: Path) -> None:
    """The RO-Crate metadata read back is what ``rocrate`` makes; another file's bytes are another crate."""
    cache = DiskCache(tmp_path)
    files = {"mirna-kg.ttl": b"@prefix : <x:> .\n", "figures/a.svg": b"<svg/>"}
    media = {"mirna-kg.ttl": "text/turtle"}
    made = crate_json(loaded.graph, files, media)
    assert crate_json(loaded.graph, files, media, cache) == made  # made and kept
    assert crate_json(loaded.graph, files, media, cache) == made  # read back
    changed = {**files, "figures/a.svg": b"<svg></svg>"}
    assert crate_json(loaded.graph, changed, media, cache) == crate_json(loaded.graph, changed, media) != made


#: The costly imports that a build from a warm cache does without.
SKIPPED_IMPORTS = ("matplotlib", "pyshacl", "rocrate")

BUILD = (
    "import json, sys\nfrom pathlib import Path\nfrom mirna_kg.building import build\n"
    f"build(Path(sys.argv[1]))\nprint(json.dumps([m for m in {SKIPPED_IMPORTS!r} if m in sys.modules]))\n"
)


def _build(out: Path, cache: Path) -> list[str]:
    """Build into ``out`` in a fresh process with the cache in ``cache``; which of ``SKIPPED_IMPORTS`` it made."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), CACHE_VARIABLE: str(cache), "MIRNA_KG_PROGRESS": "0"}
    env.pop(HOME_VARIABLE, None)
    done = subprocess.run([sys.executable, "-c", BUILD, str(out)], env=env, capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_warm_cache_gives_the_bytes_of_a_cold_one(tmp_path: Path) -> None:
    """Cold, warm, then with every entry cut short: the same release bytes (every file, the manifest included).
    The cold build keeps every figure, the figure catalogue, the validation report and the crate; the warm one
    imports none of matplotlib, pySHACL and rocrate; the damaged entries are made and kept again."""
    cache = tmp_path / "cache"
    assert _build(tmp_path / "cold", cache) == list(SKIPPED_IMPORTS)
    cold = _files(tmp_path / "cold")
    entries = sorted(p for p in (cache / CACHE_FOLDER).rglob("*") if p.is_file())
    assert len(entries) == len([n for n in cold if n.startswith("figures/")]) + 3 > 8  # validation, catalogue, crate
    assert _build(tmp_path / "warm", cache) == []
    assert _files(tmp_path / "warm") == cold
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:100])
    assert _build(tmp_path / "repaired", cache) == list(SKIPPED_IMPORTS)
    assert _files(tmp_path / "repaired") == cold
    assert _build(tmp_path / "warm-again", cache) == []


@pytest.mark.slow
def test_build_no_cache_reads_and_keeps_nothing(tmp_path: Path) -> None:
    """``mirna-kg build --no-cache`` writes the release and leaves the cache folder as it found it (empty)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    result = CliRunner().invoke(
        ["build", "--no-cache", "--out", str(tmp_path / "dist")], env={CACHE_VARIABLE: str(cache)}
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "mirna-kg.ttl").is_file()
    assert list(cache.rglob("*")) == []
