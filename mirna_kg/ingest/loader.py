"""Ingest one release file into an on-disk store: stream rows → N-Triples bytes → ``bulk_load``, then swap.

Why it is built this way:

- **Constant memory, mapping beside loading.** Rows are read one at a time and turned into N-Triples text by
  string formatting (``mapping``, ``sources``), in a child process that writes them into a pipe which
  Oxigraph's ``bulk_load`` reads by path (``producer``): the Python mapping and the Rust loading run side by
  side on two cores, nothing holds the release, nothing is staged on disk. Only the reference lookups (a few
  MB), one chunk of rows and the loader's own batches are in memory.
- **One writer, and a killed ingest leaves the store as it was.** The store's lock is taken first
  (``store_lock``: a second ``ingest`` or ``load`` of the same store fails at once, naming this one). The
  store is copied into this run's own staging folder beside it (``writable_copy``: Oxigraph's ``backup``, hard
  links to its immutable files, when the release is new); the release graph is loaded there, checked, and
  the staging folder is swapped into place (``swap_in``). Readers see the old store or the new.
- **Databases are data**: ``data/ttl/databases.ttl`` names each database and its row format
  (``mkg:rowFormat``); a database whose rows read like another's needs no code.
- **Re-ingesting replaces the source's graph**: the copy leaves the old graph ``mkgg:<source>-<release>`` out
  (with memory flat however large it is), and every IRI is minted from the row's own identifiers, so the same
  file gives the same graph.
- **Nothing is lost silently**: every row that cannot be mapped goes to the rejects file (line, reason, raw
  line) and is counted per reason.
- **Cheap checks instead of SHACL, each where it costs least.** What one row shows is checked as the row is
  mapped, in the child (``sources.CheckViolation``: the interaction's ends are a MIMAT accession and a gene of a
  known namespace, which also makes its IRI name one of each; a record is typed and linked to an interaction
  of the release, both written together). What no row shows is checked on the staging store after loading
  (``run_checks``, ``queries/checks/``): two rows giving one record two interactions (records counted against
  their links: index scans, no aggregate table), and whether the ontology ranks the support types the rows
  used (a handful of look-ups). A failed check in either place stops the swap. A check of every record after
  loading would be a hash aggregate over millions of them, on the critical path; the rows' share rides on
  the mapping instead, which runs beside the loader.
- **The child starts first.** Its start (imports, the reference tables) overlaps the store copy, so the loader
  has rows to read as soon as the copy is made.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import InputError, StoreError
from ..namespaces import DCAT, DCTERMS, MKG, RDF, release_graph, release_iri
from ..queries import bind, read_query
from ..resources import ProjectLayout, project
from ..stores.oxigraph import MANIFEST, Manifest, OxigraphStore, new_staging, store_lock, swap_in, writable_copy
from ..writing import check_writable
from .databases import Database, database
from .mapping import Tally, failed_checks
from .producer import mapped_release
from .readers import read_rows
from .sources import ROW_FORMATS, RowFormat, iri, lit


@dataclass
class IngestResult:
    """What one ingest did."""

    source: str
    release: str
    graph: str
    counts: Tally = field(default_factory=Tally)
    rejects_path: Path | None = None
    seconds: float = 0.0
    #: seconds per phase (copy, map and load, checks, swap), in order: where an ingest's time goes, which the
    #: benchmark prints beside raw ``bulk_load``
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.counts.rows

    @property
    def ingested(self) -> int:
        return self.counts.ingested

    @property
    def rejects(self) -> Counter:
        return self.counts.rejects

    @property
    def triples(self) -> int:
        return self.counts.triples

    def summary(self) -> str:
        """The lines the CLI prints: counts, throughput and one line per reject reason."""
        rate = self.rows / self.seconds if self.seconds else 0.0
        lines = [
            f"ingested {self.ingested} of {self.rows} rows of {self.source} {self.release} into {self.graph} "
            f"({self.triples} triples, {self.seconds:.1f} s, {rate:,.0f} rows/s)"
        ]
        if self.rejects:
            lines.append(f"rejected {sum(self.rejects.values())} rows (see {self.rejects_path}):")
            lines += [f"  {count:>9}  {reason}" for reason, count in sorted(self.rejects.items())]
        return "\n".join(lines) + "\n"


def check_queries() -> list[Path]:
    """The checks ingest runs on the loaded release graph, ``queries/checks/*.rq``."""
    return sorted((project().queries_dir / "checks").glob("*.rq"))


def _check(name: str, store: OxigraphStore, iris: Mapping[str, str]) -> list[list[object]]:
    """The rows of the check ``queries/checks/NAME.rq`` with its parameters bound to full IRIs (as such, not
    through ``StoredQuery.bindings``, whose CURIE expansion would load the prefix map on the critical path)."""
    query = read_query(project().queries_dir / "checks" / f"{name}.rq")
    query.check(iris)
    return store.select(bind(query.text, {key: URIRef(value) for key, value in iris.items()})).rows


def run_checks(store: OxigraphStore, graph: str, supports: Mapping[str, str] | None = None) -> list[str]:
    """Problems in the release graph ``graph`` that no single row shows (empty when it passes).

    ``supports`` maps each support type the rows used (an N-Triples IRI) to the first record that has it
    (``Tally.supports``). The rows' own checks ran in the mapping (``sources.CheckViolation``); these rely on
    them: the record count equals the link count only when, as the mapping guarantees, each record was
    written with its type and one link. The full record check (a hash aggregate over the records) runs only
    when the counts differ, to name the records.
    """
    problems = []
    if _check("record-interaction-tally", store, {"graph": graph}):
        named = _check("record-interaction-violation", store, {"graph": graph})
        problems += [f"record-interaction: {row[0]} {row[1]}" for row in named]
    for support, record in (supports or {}).items():
        problems += [
            f"support-type: {record[1:-1]} {row[0]}"
            for row in _check("support-type-violation", store, {"support": support[1:-1]})
        ]
    return problems


def release_triples(source: Database, release: str, rows: int, rejected: int) -> bytes:
    """The release node (a dcat:Dataset) with the counts materialised once, at ingest."""
    source_key = source.key
    node = iri(str(release_iri(source_key, release)))
    count = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
    lines = [
        f"{node} {iri(str(RDF.type))} {iri(str(MKG.DatabaseRelease))} .",
        f"{node} {iri(str(RDF.type))} {iri(str(DCAT.Dataset))} .",
        f"{node} {iri(str(DCTERMS.title))} {lit(f'{source.title} {release}')} .",
        f"{node} {iri(str(DCAT.version))} {lit(release)} .",
        f"{node} {iri(str(DCAT.inSeries))} {iri(str(source.iri))} .",
        f"{node} {iri(str(DCAT.landingPage))} {iri(source.homepage)} .",
        f'{node} {iri(str(MKG.recordCount))} "{rows - rejected}"^^<{count}> .',
        f'{node} {iri(str(MKG.rejectedCount))} "{rejected}"^^<{count}> .',
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def row_format_of(described: Database) -> RowFormat:
    """The reader of a database's rows, by its ``mkg:rowFormat``; an ``InputError`` naming the known ones."""
    if described.row_format not in ROW_FORMATS:
        raise InputError(
            f"database {described.key!r} reads rows as {described.row_format!r} (mkg:rowFormat in "
            f"data/ttl/databases.ttl), which has no reader; the row formats are {', '.join(ROW_FORMATS)}"
        )
    return ROW_FORMATS[described.row_format]


def ingest(
    store_dir: Path,
    source_key: str,
    path: Path,
    *,
    release: str | None = None,
    rejects_path: Path | None = None,
    create: Callable[[Path], object] | None = None,
    layout: ProjectLayout | None = None,
) -> IngestResult:
    """Ingest a release file of the database ``source_key`` (a key of ``data/ttl/databases.ttl`` in ``layout``)
    into the store at ``store_dir``, under the store's lock.

    A store that does not exist yet is first made with ``create`` (the CLI passes ``api.load_store``, which
    takes and releases the lock itself; should another writer get in between, this ingest fails cleanly).
    """
    described = database(source_key, layout or project())  # an InputError naming the known databases
    row_format = row_format_of(described)
    release = release or described.default_release
    graph = str(release_graph(source_key, release))
    store_dir = store_dir.absolute()
    if not (store_dir / MANIFEST).is_file():
        if store_dir.exists() and (not store_dir.is_dir() or any(store_dir.iterdir())):
            raise StoreError(f"{store_dir}: exists and is not a mirna-kg store")
        if create is None:
            raise StoreError(f"{store_dir}: no such store; create it with `mirna-kg load --store {store_dir}`")
        create(store_dir)
    header_check = read_rows(path, row_format.columns)
    next(header_check, None)  # a wrong header or a missing file fails here, before anything is touched
    header_check.close()
    rejects_path = rejects_path or Path(f"{source_key}-{release}.rejects.tsv")
    check_writable(rejects_path)  # an OutputError now, not after the release is loaded

    with store_lock(store_dir, "ingest"):
        manifest = Manifest.read(store_dir)
        staging = new_staging(store_dir)
        staging.rmdir()  # Oxigraph's backup makes the folder itself; the name is this run's
        started = time.perf_counter()
        result = IngestResult(source_key, release, graph, rejects_path=rejects_path)
        rejects_tmp = rejects_path.with_name(rejects_path.name + ".tmp")
        laps = [("", started)]
        try:
            graph_node = ox.NamedNode(graph)
            with mapped_release(source_key, release, path, rejects_tmp, row_format=row_format.key) as mapping:
                target = writable_copy(store_dir, staging, without=graph, sizes=manifest.graphs)
                laps.append(("copy", time.perf_counter()))
                # the default (strict) parser: lenient=True measured no faster (docs/benchmarks.md, "Ingest")
                target.bulk_load(path=mapping.source, format=ox.RdfFormat.N_TRIPLES, to_graph=graph_node)
                result.counts = mapping.tally()  # a check that a row broke is raised here
                laps.append(("map and load", time.perf_counter()))
            target.load(
                release_triples(described, release, result.rows, sum(result.rejects.values())),
                ox.RdfFormat.N_TRIPLES,
                to_graph=graph_node,
            )
            checked = OxigraphStore(target)
            problems = run_checks(checked, graph, result.counts.supports)
            if problems:
                raise failed_checks(problems)
            laps.append(("checks", time.perf_counter()))
            target.flush()
            del checked, target
            manifest.graphs[graph] = result.triples
            manifest.files = [*[f for f in manifest.files if not f.startswith(f"{graph} ")], f"{graph} {path}"]
            manifest.write(staging)
            swap_in(staging, store_dir)
            rejects_tmp.replace(rejects_path)
            laps.append(("swap", time.perf_counter()))
        except BaseException:
            # the staging store dropped (closed) first: closing flushes it, which would recreate the folder
            target = checked = None  # noqa: F841
            shutil.rmtree(staging, ignore_errors=True)
            rejects_tmp.unlink(missing_ok=True)
            raise
    result.seconds = time.perf_counter() - started
    result.phases = {name: end - start for (_, start), (name, end) in pairwise(laps)}
    return result
