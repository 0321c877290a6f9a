"""Ingest one release file into an on-disk store: stream rows → N-Triples bytes → ``bulk_load``, then swap.

Why it is built this way:

- **Constant memory, mapping beside loading.** Rows are read one at a time and turned into N-Triples text by
  string formatting (``sources``), in a child process that writes them into a pipe which Oxigraph's
  ``bulk_load`` reads by path (``producer``): the Python mapping and the Rust loading run side by side on two
  cores, nothing holds the release, nothing is staged on disk. Only the reference lookups (a few MB), one chunk
  of rows and the loader's own batches are in memory.
- **A killed ingest leaves the store as it was.** The store is copied into a staging folder beside it
  (``writable_copy``: Oxigraph's ``backup``, hard links to its immutable files, when the release is new); the
  release graph is loaded there, checked, and the staging folder is renamed into place (``swap_in``). Readers
  see the old store or the new.
- **Re-ingesting replaces the source's graph**: the copy leaves the old graph ``mkgg:<source>-<release>`` out
  (with memory flat however large it is), and every IRI is minted from the row's own identifiers, so the same
  file gives the same graph.
- **Nothing is lost silently**: every row that cannot be mapped goes to the rejects file (line, reason, raw
  line) and is counted per reason.
- **Cheap checks instead of SHACL**: the ``queries/checks/*-violation.rq`` queries (LIMIT 20) run on the staging
  store; any row they return stops the swap. Each is one pass over the release (scans and one hash aggregate,
  never a look-up per record), so they take seconds per million rows.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from ..errors import InputError, StoreError
from ..namespaces import DCAT, DCTERMS, MKG, RDF, release_graph, release_iri
from ..progress import enabled as progress_enabled
from ..queries import bind, read_query
from ..resources import project
from ..stores.oxigraph import MANIFEST, Manifest, OxigraphStore, swap_in, writable_copy
from ..writing import check_writable
from .databases import database
from .producer import Tally, mapped_release
from .readers import Row, read_rows
from .reference import reference_tables
from .sources import SOURCES, Reject, RowMapper, iri, lit

CHUNK_ROWS = 4096


@dataclass
class IngestResult:
    """What one ingest did."""

    source: str
    release: str
    graph: str
    counts: Tally = field(default_factory=Tally)
    rejects_path: Path | None = None
    seconds: float = 0.0

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


class Progress:
    """Rows and rows/s on stderr, only when progress is on (``mirna_kg.progress.enabled``: stderr is a terminal,
    or ``MIRNA_KG_PROGRESS=1``), so logs and pipes stay clean."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled() if stream is None else self.stream.isatty()
        self.started = time.perf_counter()
        self.last = 0.0

    def update(self, rows: int, *, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if final or now - self.last > 0.5:
            self.last = now
            rate = rows / max(now - self.started, 1e-9)
            self.stream.write(f"\r  {rows:>12,} rows  {rate:>10,.0f} rows/s" + ("\n" if final else ""))
            self.stream.flush()


def check_queries() -> list[Path]:
    """The external-tier checks, ``queries/checks/*-violation.rq``."""
    return sorted((project().queries_dir / "checks").glob("*-violation.rq"))


def run_checks(store: OxigraphStore, graph: str) -> list[str]:
    """Problems the checks find in ``graph`` (empty when it passes).

    One after the other, not side by side: each check is one pass over the release with a hash aggregate,
    and at millions of records their memory would add up (the largest takes about 1.5 GB at 5M rows).
    """
    problems = []
    for path in check_queries():
        query = read_query(path)
        table = store.select(bind(query.text, query.bindings({"graph": graph})))
        problems += [f"{path.stem}: {row[0]} {row[1]}" for row in table.rows]
    return problems


def release_mapper(source_key: str, release: str) -> RowMapper:
    """The row mapper of one source release (its records' IRIs and release node)."""
    source = SOURCES[source_key]
    return RowMapper(reference_tables(), iri(str(release_iri(source_key, release))), source.record_base(release))


def ntriples_chunks(
    source_key: str,
    mapper: RowMapper,
    rows: Iterator[Row],
    result: Tally,
    rejects: TextIO,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """The N-Triples of a release's rows, in chunks of ``CHUNK_ROWS`` rows; counts go into ``result``.

    A row that cannot be mapped leaves no triple behind (its lines are dropped) and is written to ``rejects``
    with its line number, reason and raw text. ``result.triples`` counts the lines written (an interaction
    met again after other rows is written again; the store keeps it once).
    """
    source = SOURCES[source_key]
    out: list[str] = []
    pending = 0
    for row in rows:
        result.rows += 1
        mark = len(out)
        try:
            if row.fields is None:
                raise Reject("malformed line: wrong number of fields")
            source.map_row(mapper, row.fields, out)
            result.ingested += 1
        except Reject as reject:
            del out[mark:]
            mapper.last_interaction = ""  # its triples may have been dropped with the row
            result.rejects[reject.reason] += 1
            rejects.write(f"{row.line}\t{reject.reason}\t{row.raw}\n")
        pending += 1
        if pending >= CHUNK_ROWS:
            yield _encode(out, result)
            out.clear()
            pending = 0
            if progress is not None:
                progress.update(result.rows)
    yield _encode(out, result)
    if progress is not None:
        progress.update(result.rows, final=True)


def _encode(lines: list[str], result: Tally) -> bytes:
    data = "".join(lines).encode("utf-8")
    result.triples += data.count(b"\n")
    return data


def release_triples(source_key: str, release: str, rows: int, rejected: int) -> bytes:
    """The release node (a dcat:Dataset) with the counts materialised once, at ingest."""
    source = database(source_key)
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


def ingest(
    store_dir: Path,
    source_key: str,
    path: Path,
    *,
    release: str | None = None,
    rejects_path: Path | None = None,
    create: Callable[[Path], object] | None = None,
) -> IngestResult:
    """Ingest a release file of ``source_key`` (mirtarbase, tarbase) into the store at ``store_dir``.

    A store that does not exist yet is first made with ``create`` (the CLI passes ``api.load_store``).
    """
    described = database(source_key)  # an InputError naming the known databases
    if source_key not in SOURCES:
        raise InputError(f"no reader for database {source_key!r} in mirna_kg/ingest/sources.py")
    source = SOURCES[source_key]
    release = release or described.default_release
    graph = str(release_graph(source_key, release))
    store_dir = store_dir.absolute()
    if not (store_dir / MANIFEST).is_file():
        if store_dir.exists() and any(store_dir.iterdir()):
            raise StoreError(f"{store_dir}: exists and is not a mirna-kg store")
        if create is None:
            raise StoreError(f"{store_dir}: no such store; create it with `mirna-kg load --store {store_dir}`")
        create(store_dir)
    manifest = Manifest.read(store_dir)
    header_check = read_rows(path, source.columns)
    next(header_check, None)  # a wrong header or a missing file fails here, before anything is touched
    header_check.close()
    rejects_path = rejects_path or Path(f"{source_key}-{release}.rejects.tsv")
    check_writable(rejects_path)  # an OutputError now, not after the release is loaded

    staging = store_dir.with_name(f".{store_dir.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    result = IngestResult(source_key, release, graph, rejects_path=rejects_path)
    rejects_tmp = rejects_path.with_name(rejects_path.name + ".tmp")
    try:
        target = writable_copy(store_dir, staging, without=graph, sizes=manifest.graphs)
        graph_node = ox.NamedNode(graph)
        with mapped_release(source_key, release, path, rejects_tmp) as mapping:
            # the default (strict) parser: lenient=True measured no faster here, and its batches took 12% more memory
            target.bulk_load(path=mapping.source, format=ox.RdfFormat.N_TRIPLES, to_graph=graph_node)
            result.counts = mapping.tally()
        target.load(
            release_triples(source_key, release, result.rows, sum(result.rejects.values())),
            ox.RdfFormat.N_TRIPLES,
            to_graph=graph_node,
        )
        checked = OxigraphStore(target)
        problems = run_checks(checked, graph)
        if problems:
            raise StoreError(f"the ingested graph fails its checks (store left unchanged): {'; '.join(problems[:5])}")
        target.flush()
        del checked, target
        manifest.graphs[graph] = result.triples
        manifest.files = [*[f for f in manifest.files if not f.startswith(f"{graph} ")], f"{graph} {path}"]
        manifest.write(staging)
        swap_in(staging, store_dir)
        rejects_tmp.replace(rejects_path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        rejects_tmp.unlink(missing_ok=True)
        raise
    result.seconds = time.perf_counter() - started
    return result
