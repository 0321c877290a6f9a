"""Oxigraph (pyoxigraph) stores: in memory, filled from the project's files at start, or on disk.

An on-disk store is a folder made by ``mirna-kg load --store DIR`` (``create_disk_store``): filled with
``bulk_load`` in a staging folder beside the target and swapped into place only when complete, so a killed
load leaves the old store as it was. Every command that writes a store (``load``, ``ingest``) first takes the
store's lock (``store_lock``, the same lock a release folder has): a second writer fails at once, naming the
first. Each run stages in its own folder (``.NAME.staging-XXXX``); what a killed run left is removed by the next
writer, under the lock. Its ``mirna-kg-store.json`` manifest records what it was loaded from (the
sources' digest), so a reading command can say when the project's files have changed since.

Queries see the union of the named graphs as their default graph; the graphs never share a triple (the
inferred graph holds only what the reasoner adds), so the union has no duplicates.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QueryError, RdfParseError, StoreError
from ..formats import NTRIPLES, RdfFormat, ResultsFormat, rdf_format_of
from ..namespaces import CURATED_GRAPH_IRI
from ..reading import read_source
from .base import ResultTable, Store
from .sparql import QueryInfo

if TYPE_CHECKING:
    from rdflib import Graph

    from .protocol import Dataset, Outcome

MANIFEST = "mirna-kg-store.json"
STORE_FORMAT = 1


class OxigraphStore(Store):
    """Oxigraph's Rust engine, in memory or over an on-disk store opened read-only."""

    name = "oxigraph"

    def __init__(
        self, store: ox.Store | None = None, *, path: Path | None = None, manifest: Manifest | None = None
    ) -> None:
        self.store = store if store is not None else ox.Store()
        self.path = path
        self.manifest = manifest
        if path is not None:
            self.name = "oxigraph-disk"

    @classmethod
    def from_files(cls, files: Sequence[Path], graph: str = CURATED_GRAPH_IRI) -> OxigraphStore:
        """An in-memory store of the files (parsed by Oxigraph: much faster than rdflib)."""
        store = cls()
        store.add_files(files, graph)
        return store

    @classmethod
    def from_graph(cls, graph: Graph, name: str = CURATED_GRAPH_IRI) -> OxigraphStore:
        """An in-memory store holding an rdflib graph as the named graph ``name``."""
        store = cls()
        store.add_graph(graph, name)
        return store

    def add_files(self, files: Iterable[Path], graph: str = CURATED_GRAPH_IRI, *, bulk: bool = False) -> int:
        """Parse each file into the named graph; a syntax error names the file and line. Returns the files read."""
        target = ox.NamedNode(str(graph))
        count = 0
        for path in files:
            fmt = rdf_format_of(path)
            data = read_source(path)
            try:
                if bulk:
                    self.store.bulk_load(data, fmt.to_oxigraph(), base_iri=path.resolve().as_uri(), to_graph=target)
                else:
                    self.store.load(data, fmt.to_oxigraph(), base_iri=path.resolve().as_uri(), to_graph=target)
            except SyntaxError as exc:
                match = re.search(r"(?:line |at )(\d+)", str(exc))
                raise RdfParseError(path, str(exc).strip(), int(match.group(1)) if match else None) from exc
            except MemoryError as exc:  # Oxigraph's parser buffer: one token (a literal, an IRI) is too long
                size = re.search(r"(\d+)", str(exc))
                limit = f"{int(size.group(1)) // (1024 * 1024)} MiB" if size else "its buffer"
                raise RdfParseError(
                    path, f"a single literal or IRI is longer than the parser's limit ({limit}); split or shorten it"
                ) from exc
            count += 1
        return count

    def add_graph(self, graph: Graph, name: str) -> None:
        """Add an rdflib graph (e.g. the inferred triples) as the named graph ``name``."""
        if len(graph):
            self.store.load(
                graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name))
            )

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def _query(self, sparql: str, info: QueryInfo, dataset: Dataset | None = None) -> object:
        """pyoxigraph's answer over the union of the named graphs, or over the dataset the query names itself
        (``FROM`` / ``FROM NAMED``, as SPARQL 1.1 says), or over the protocol's ``dataset``."""
        options: dict[str, object] = {} if info.has_dataset_clause else {"use_default_graph_as_union": True}
        if dataset:
            options = {
                "default_graph": [ox.NamedNode(g) for g in dataset.default_graphs] or ox.DefaultGraph(),
                "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs],
            }
        try:
            return self.store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from exc
        except (OSError, ValueError) as exc:
            raise QueryError(f"the query failed: {_first_line(exc)}") from exc

    def _select(self, sparql: str, info: QueryInfo) -> ResultTable:
        solutions = self._query(sparql, info)
        variables = [v.value for v in solutions.variables]  # type: ignore[attr-defined]
        return ResultTable.from_terms(variables, [tuple(s) for s in solutions])  # type: ignore[attr-defined]

    def _ask(self, sparql: str, info: QueryInfo) -> bool:
        return bool(self._query(sparql, info))

    def _construct(self, sparql: str, info: QueryInfo) -> Graph:
        from rdflib import Graph

        triples = self._query(sparql, info)
        graph = Graph()
        graph.parse(data=triples.serialize(format=ox.RdfFormat.N_TRIPLES), format=NTRIPLES.rdflib)
        return graph

    def _answer(
        self, sparql: str, info: QueryInfo, fmt: RdfFormat | ResultsFormat, dataset: Dataset, max_rows: int
    ) -> Outcome:
        from .protocol import boolean_outcome, graph_outcome, table_outcome
        from .terms import ox_term

        result = self._query(sparql, info, dataset)
        if info.form == "ASK":
            return boolean_outcome(bool(result), fmt)
        if info.returns_graph:
            return graph_outcome(info.form, result, fmt, max_rows)  # type: ignore[arg-type]
        variables = [v.value for v in result.variables]  # type: ignore[attr-defined]
        rows = ([ox_term(s[v]) for v in variables] for s in result)  # type: ignore[attr-defined]
        return table_outcome(variables, rows, fmt, max_rows)

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        del self.store


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# ------------------------------------------------------------------------------------------------------------
# On-disk stores
# ------------------------------------------------------------------------------------------------------------


class Manifest:
    """What an on-disk store holds and where it came from.

    A plain class where the rest of the package has dataclasses: this module is on every query's path, which
    leaves the dataclasses module (a costly import) out, and a manifest changes as releases are ingested, which
    a named tuple would not allow.
    """

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        sources_digest: str,
        files: list[str],
        graphs: dict[str, int] | None = None,
        format: int = STORE_FORMAT,
    ) -> None:
        self.sources_digest = sources_digest
        self.files = files
        self.graphs: dict[str, int] = {} if graphs is None else graphs
        self.format = format

    def __eq__(self, other: object) -> bool:
        return vars(self) == vars(other) if isinstance(other, Manifest) else NotImplemented

    def __repr__(self) -> str:
        return f"Manifest({', '.join(f'{key}={value!r}' for key, value in vars(self).items())})"

    def write(self, folder: Path) -> None:
        import json

        (folder / MANIFEST).write_text(json.dumps(vars(self), indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        import json

        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise StoreError(
                f"{folder}: not a mirna-kg store (no readable {MANIFEST}); create it with "
                f"`mirna-kg load --store {folder}`"
            ) from exc


def open_disk_store(folder: Path) -> OxigraphStore:
    """Open an on-disk store made by ``create_disk_store``, read-only (several readers may share it)."""
    if not folder.is_dir():
        raise StoreError(f"{folder}: no such store; create it with `mirna-kg load --store {folder}`")
    manifest = Manifest.read(folder)
    try:
        store = ox.Store.read_only(str(folder))
    except OSError as exc:
        raise StoreError(f"{folder}: cannot open the Oxigraph store ({_first_line(exc)})") from exc
    return OxigraphStore(store, path=folder, manifest=manifest)


@contextlib.contextmanager
def store_lock(folder: Path, what: str) -> Iterator[None]:
    """Hold the write lock of the store ``folder`` and tidy what a killed writer left beside it.

    Fails at once (``OutputError``) when another command writes the store; see ``writing.folder_lock``.
    """
    from ..writing import folder_lock

    folder = folder.absolute()
    folder.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(folder, what, "wait for it to finish (a store has one writer at a time)"):
        _clean_stale(folder)
        yield


def _leftovers(folder: Path) -> list[Path]:
    stem = f".{folder.name}."
    return sorted(p for p in folder.parent.glob(f"{stem}*") if p.name.startswith((f"{stem}staging", f"{stem}old")))


def _clean_stale(folder: Path) -> None:
    """Remove staging folders of killed runs; put back a store left aside between the two renames of a swap."""
    import shutil

    leftovers = _leftovers(folder)
    if not folder.exists():
        olds = [p for p in leftovers if p.name.startswith(f".{folder.name}.old") and (p / MANIFEST).is_file()]
        if olds:
            olds[-1].rename(folder)
            leftovers.remove(olds[-1])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def new_staging(folder: Path) -> Path:
    """A fresh staging folder of this run beside the store ``folder`` (call under ``store_lock``)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix=f".{folder.name}.staging-", dir=folder.parent))


def create_disk_store(folder: Path, graphs: dict[str, Sequence[Path] | Graph], sources_digest: str) -> Manifest:
    """Fill a new on-disk store with named graphs (files are bulk-loaded) and swap it in atomically, under the
    store's lock (``fill_disk_store`` for a caller that holds it already)."""
    with store_lock(folder, "load"):
        return fill_disk_store(folder, graphs, sources_digest)


def fill_disk_store(folder: Path, graphs: dict[str, Sequence[Path] | Graph], sources_digest: str) -> Manifest:
    """``create_disk_store`` for a caller that holds ``store_lock(folder)`` (taken before its own long work)."""
    import shutil

    from rdflib import Graph

    folder = folder.absolute()
    if folder.exists() and (not folder.is_dir() or (not (folder / MANIFEST).is_file() and any(folder.iterdir()))):
        raise StoreError(f"{folder}: exists and is not a mirna-kg store; choose an empty or new folder")
    staging = new_staging(folder)
    try:
        target = OxigraphStore(ox.Store(str(staging)))  # a writable store, not yet in place
        counts: dict[str, int] = {}
        files: list[str] = []
        for name, content in graphs.items():
            before = len(target.store)
            if isinstance(content, Graph):
                target.add_graph(content, name)
            else:
                target.add_files(content, name, bulk=True)
                files.extend(str(p) for p in content)
            counts[str(name)] = len(target.store) - before
        target.store.flush()
        target.store.optimize()
        manifest = Manifest(sources_digest, files, counts)
        del target
        manifest.write(staging)
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def writable_copy(source: Path, target: Path, *, without: str | None = None, sizes: Mapping[str, int]) -> ox.Store:
    """A writable copy, in ``target``, of the on-disk store at ``source``, leaving out the named graph ``without``.

    Memory stays flat however large the graphs are: Oxigraph's ``remove_graph`` is one transaction that holds
    every removal in memory (gigabytes for a release of millions of quads), so it is never used on a big graph.
    Of the two flat ways, the cheaper for the ``sizes`` at hand (triples per graph, from the manifest):

    - Oxigraph's ``backup`` (hard links to its immutable files: instant), then the graph removed one quad at a
      time; costs about twice as much per quad as a copy, but only for the graph left out;
    - a fresh store that every *other* graph is copied into (``dump``, then ``bulk_load``); costs the graphs
      kept — little when the store holds the curated graph and one release.
    """
    import tempfile

    live = ox.Store.read_only(str(source))
    graph = ox.NamedNode(without) if without else None
    graphs = list(live.named_graphs())
    kept = [g for g in graphs if g != graph]
    present = len(kept) < len(graphs)
    if not present or 2 * sizes.get(without or "", 0) < sum(sizes.get(g.value, 0) for g in kept):
        del live
        ox.Store(str(source)).backup(str(target))  # backup needs a writable handle (it flushes first)
        copy = ox.Store(str(target))
        if present:
            for quad in copy.quads_for_pattern(None, None, None, graph):  # a snapshot: safe to remove while reading
                copy.remove(quad)
            copy.remove_graph(graph)  # empty now: drops the name
        return copy
    copy = ox.Store(str(target))
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f"{target.name}-dump-") as scratch:
        dump = Path(scratch) / "graph.nt"
        for name in kept:
            live.dump(str(dump), ox.RdfFormat.N_TRIPLES, from_graph=name)
            copy.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    return copy


def swap_in(staging: Path, folder: Path) -> None:
    """Replace ``folder`` by ``staging`` (call under ``store_lock``): readers see the old store or the new one.

    One atomic exchange of the two folders where the system has it (Linux ``renameat2``), else two renames, with
    the old store put back by the next writer if a kill fell between them.
    """
    import shutil
    import tempfile

    from ..writing import exchange

    if not folder.exists():
        staging.rename(folder)
    elif exchange(staging, folder):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old store
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
        old.rmdir()
        folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
