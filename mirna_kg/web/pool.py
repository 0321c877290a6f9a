"""Query workers: SPARQL requests run in separate processes, so a runaway query can be stopped for real.

pyoxigraph has no per-query time limit and a running query cannot be interrupted from Python, so the server
never runs a user's SPARQL in its own process. A ``QueryPool`` keeps ``size`` regular worker processes and one
express worker (with a standby), each holding its own copy of the store (an in-memory Oxigraph store loaded
from the N-Quads of the server's store, the same on-disk store opened read-only, or a client of the same remote
endpoint). A request takes a free regular worker; when its query runs past ``timeout`` the worker is killed
(SIGKILL) and a fresh one started in its place, and the request is answered 503. When every regular worker is
busy, the express worker takes the request for ``express_timeout`` seconds, so a short query does not wait
behind long ones (issue 22 case 11); a query that needs longer goes back to wait for a regular worker. At most
``max_waiting`` requests wait; beyond that the server says "busy" at once (429 with Retry-After) instead of
queueing without bound.

An on-disk store is served from a snapshot taken at start (``serving_snapshot``: hard links to its files beside
it), so every worker — including one started later to replace a killed one — sees the same store even when
``mirna-kg load`` swaps a new one into the folder meanwhile (issue 22 case 3).

Entity pages and search run in the server process on its own store, so a runaway query never stalls them.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import shutil
import signal
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import anyio.to_thread

from ..errors import MirnaKgError, QueryError, QueryRefusedError, QueryTimeoutError, StoreUnavailableError
from ..stores import Store
from ..stores.oxigraph import MANIFEST, OxigraphStore, open_disk_store
from ..stores.protocol import Dataset, NotAcceptableError, Outcome

START_TIMEOUT = 60.0
REGULAR = "regular"
EXPRESS = "express"
STANDBY = "standby"
#: How much lower than the server's own the workers' CPU priority is (``nice``): pages stay quick under load.
WORKER_NICENESS = 5


class PoolBusyError(MirnaKgError):
    """Every worker is busy and the waiting line is full (HTTP 429 with Retry-After)."""


class WorkerFailedError(MirnaKgError):
    """A worker died while running a query (HTTP 500); it has been replaced."""


@dataclass(frozen=True)
class Job:
    """One request for a worker: the query, the client's Accept, the protocol's dataset, the row cap."""

    sparql: str
    accept: str | None = None
    dataset: Dataset = field(default_factory=Dataset)
    max_rows: int = 10_000


@dataclass(frozen=True)
class StoreSpec:
    """How a worker process opens its own copy of the server's store (picklable)."""

    kind: str
    """nquads (in-memory Oxigraph), disk, remote, or rdflib (N-Triples for an rdflib store)."""
    data: bytes = b""
    path: str = ""
    url: str = ""
    timeout: float = 60.0

    @classmethod
    def of(cls, store: Store) -> StoreSpec:
        import pyoxigraph as ox

        if isinstance(store, OxigraphStore):
            if store.path is not None:
                return cls("disk", path=str(store.path))
            return cls("nquads", data=store.store.dump(format=ox.RdfFormat.N_QUADS))
        from ..stores.rdflib_store import RdflibStore  # the server has them loaded; a worker imports its own kind
        from ..stores.remote import RemoteStore

        if isinstance(store, RemoteStore):
            return cls("remote", url=store.url, timeout=store.timeout)
        if isinstance(store, RdflibStore):
            return cls("rdflib", data=store.graph.serialize(format="nt", encoding="utf-8"))
        raise TypeError(f"cannot run queries of a {type(store).__name__} in worker processes")

    def open(self) -> Store:
        import pyoxigraph as ox

        if self.kind == "disk":
            return open_disk_store(Path(self.path))
        if self.kind == "remote":
            from ..stores.remote import RemoteStore

            return RemoteStore(self.url, timeout=self.timeout)
        if self.kind == "rdflib":
            from rdflib import Graph

            from ..stores.rdflib_store import RdflibStore

            return RdflibStore(Graph().parse(data=self.data, format="nt"))
        store = OxigraphStore()
        store.store.load(self.data, ox.RdfFormat.N_QUADS)
        return store


def _worker_main(connection: Connection, spec: StoreSpec) -> None:
    """A worker: open the store, then answer jobs until the pipe closes. Errors travel back as messages."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers; Ctrl+C is for the server
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    store = spec.open()
    connection.send(("ready", os.getpid()))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("ok", store.run(job.sparql, job.accept, dataset=job.dataset, max_rows=job.max_rows)))
        except NotAcceptableError as exc:
            connection.send(("not-acceptable", str(exc)))
        except QueryRefusedError as exc:
            connection.send(("refused", str(exc)))
        except StoreUnavailableError as exc:
            connection.send(("unavailable", str(exc)))
        except MirnaKgError as exc:
            connection.send(("error", str(exc)))
        except Exception as exc:  # noqa: BLE001 - anything else still answers the request instead of hanging it
            connection.send(("failed", f"{type(exc).__name__}: {exc}"))


class Worker:
    """One worker process and its end of the pipe."""

    def __init__(self, spec: StoreSpec, context: mp.context.BaseContext) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, spec), daemon=True, name="mirna-kg-query-worker"
        )
        self.process.start()
        child.close()
        if not self.connection.poll(START_TIMEOUT):
            self.kill()
            raise RuntimeError("a query worker did not start within 60 s")
        message, self.pid = self.connection.recv()
        assert message == "ready"

    def call(self, job: Job, timeout: float) -> tuple[str, object]:
        """Send a job and wait at most ``timeout`` s; ``TimeoutError`` leaves the worker to be killed."""
        self.connection.send(job)
        if not self.connection.poll(timeout):
            raise TimeoutError
        return self.connection.recv()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(OSError):
            self.connection.close()


@dataclass
class _Waiter:
    """A request waiting for a worker; ``express`` says whether the express worker may take it."""

    future: asyncio.Future[tuple[Worker, str]]
    express: bool


class _TooLongForExpress(Exception):
    """A query ran past the express limit; it goes back to wait for a regular worker."""


class QueryPool:
    """``size`` regular workers and one express worker, a time limit per query and a bounded waiting line.

    Why an express worker: with every regular worker busy on a long query, a short query would wait until one of
    them finishes or is stopped (up to ``timeout``). The express worker takes a request only when no regular
    worker is free, and gives it ``express_timeout`` seconds; a query that needs longer is stopped there and
    waits, at the head of the line (it came first), for a regular worker and its full ``timeout``. A standby
    process, started ahead, takes the stopped express worker's place at once (starting one takes a moment,
    longer under load). So a short query waits behind at most ``express_timeout`` of somebody else's long one,
    however many are running, while the number of processes stays fixed (``size`` + 2). ``express_timeout=0``
    turns both off.
    """

    def __init__(
        self,
        spec: StoreSpec,
        *,
        size: int = 2,
        timeout: float = 30.0,
        max_waiting: int = 64,
        express_timeout: float = 0.5,
    ) -> None:
        self.spec = spec
        self.size = size
        self.timeout = timeout
        self.max_waiting = max_waiting
        self.express_timeout = min(express_timeout, timeout)
        self.replaced = 0
        """How many workers were killed and replaced (time-outs, crashes)."""
        # forkserver: a replacement worker forks from a clean, pre-imported server process (fast, and never a
        # fork of this threaded server)
        self._context = mp.get_context("forkserver")
        self._context.set_forkserver_preload(["mirna_kg.web.pool"])
        self._loop: asyncio.AbstractEventLoop | None = None
        self._workers: dict[str, list[Worker]] = {REGULAR: [], EXPRESS: [], STANDBY: []}
        self._idle: dict[str, list[Worker]] = {REGULAR: [], EXPRESS: [], STANDBY: []}
        self._waiters: deque[_Waiter] = deque()
        self._waiting = 0
        self._lock = threading.Lock()
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The regular workers' process ids (``--workers`` of them)."""
        with self._lock:
            return [w.pid for w in self._workers[REGULAR]]

    @property
    def express_pids(self) -> list[int]:
        """The express worker's process id (none while it is being replaced, or when turned off)."""
        with self._lock:
            return [w.pid for w in self._workers[EXPRESS]]

    async def start(self) -> None:
        """Start the workers (in parallel threads: each loads its copy of the store)."""
        self._loop = asyncio.get_running_loop()
        lanes = [REGULAR] * self.size + ([EXPRESS, STANDBY] if self.express_timeout > 0 else [])
        workers = await asyncio.gather(*(anyio.to_thread.run_sync(self._spawn, lane) for lane in lanes))
        for lane, worker in zip(lanes, workers, strict=True):
            self._release(worker, lane)

    def _spawn(self, lane: str) -> Worker:
        worker = Worker(self.spec, self._context)
        with self._lock:
            self._workers[lane].append(worker)
        return worker

    async def run(self, job: Job) -> Outcome:
        """Run a job on a free worker; ``QueryTimeoutError`` after ``timeout`` s (the worker is replaced)."""
        assert self._loop is not None, "QueryPool.start() first"
        if self._waiting >= self.max_waiting:
            raise PoolBusyError(f"the server is busy ({self._waiting} queries waiting); try again shortly")
        worker, lane = await self._acquire(express=True)
        if lane == EXPRESS:
            try:
                return await self._call(worker, lane, job, self.express_timeout)
            except _TooLongForExpress:
                worker, lane = await self._acquire(express=False, first=True)
        return await self._call(worker, lane, job, self.timeout)

    async def _acquire(self, *, express: bool, first: bool = False) -> tuple[Worker, str]:
        """A free worker and its lane: a regular one if any is idle, else the express one (when ``express``),
        else the first to become free; ``PoolBusyError`` when none does within ``timeout``. ``first`` puts the
        request at the head of the line (a query coming back from the express worker was there before)."""
        if self._idle[REGULAR]:
            return self._idle[REGULAR].pop(), REGULAR
        if express and self._idle[EXPRESS]:
            return self._idle[EXPRESS].pop(), EXPRESS
        assert self._loop is not None
        waiter = _Waiter(self._loop.create_future(), express)
        (self._waiters.appendleft if first else self._waiters.append)(waiter)
        self._waiting += 1
        try:
            await asyncio.wait({waiter.future}, timeout=self.timeout)
        except asyncio.CancelledError:  # the client went away: a worker already handed over goes back
            if waiter.future.done() and not waiter.future.cancelled():
                self._release(*waiter.future.result())
            waiter.future.cancel()
            raise
        finally:
            self._waiting -= 1
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)
        if not waiter.future.done():
            waiter.future.cancel()
            raise PoolBusyError(f"no query worker became free within {self.timeout:g} s; try again shortly")
        return waiter.future.result()

    def _release(self, worker: Worker, lane: str) -> None:
        """Hand a free worker to the first request in line that may use it, or keep it idle (loop thread)."""
        if self._closed:
            worker.kill()
            return
        for waiter in list(self._waiters) if lane != STANDBY else []:
            if waiter.future.done():
                self._waiters.remove(waiter)
            elif lane == REGULAR or waiter.express:
                self._waiters.remove(waiter)
                waiter.future.set_result((worker, lane))
                return
        self._idle[lane].append(worker)

    async def _call(self, worker: Worker, lane: str, job: Job, limit: float) -> Outcome:
        """Run ``job`` on ``worker`` for at most ``limit`` s; the worker goes back to its lane or is replaced."""
        try:  # the time limit is the query's own run time; waiting for a worker does not count
            kind, payload = await anyio.to_thread.run_sync(worker.call, job, limit)
        except TimeoutError:
            self._replace(worker, lane)
            if lane == EXPRESS:
                raise _TooLongForExpress from None
            raise QueryTimeoutError(
                f"the query ran longer than {self.timeout:g} s and was stopped; "
                "narrow it down (LIMIT, more specific patterns)"
            ) from None
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._replace(worker, lane)
            raise WorkerFailedError("the query worker died while running the query; it has been replaced") from exc
        self._release(worker, lane)
        return _outcome(kind, payload)

    def _replace(self, worker: Worker, lane: str) -> None:
        """Kill a worker and start another, both in a background thread (never blocking the server); the new one
        joins its lane when ready. The express worker's place is taken at once by the standby, and the new
        process becomes the standby."""
        with self._lock:
            if worker in self._workers[lane]:
                self._workers[lane].remove(worker)
            self.replaced += 1
            standby = self._idle[STANDBY].pop() if lane == EXPRESS and self._idle[STANDBY] else None
            if standby is not None:
                self._workers[STANDBY].remove(standby)
                self._workers[EXPRESS].append(standby)
        if standby is not None:
            self._release(standby, EXPRESS)
            lane = STANDBY

        def kill_and_spawn() -> None:
            worker.kill()
            if self._closed:
                return
            try:
                fresh = self._spawn(lane)
            except (EOFError, OSError, RuntimeError):
                if self._closed:  # the server stopped while the worker started
                    return
                raise
            assert self._loop is not None
            try:
                self._loop.call_soon_threadsafe(self._release, fresh, lane)
            except RuntimeError:  # the loop has closed: the server is stopping
                fresh.kill()

        threading.Thread(target=kill_and_spawn, daemon=True).start()

    async def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = [w for lane in self._workers.values() for w in lane]
            self._workers = {REGULAR: [], EXPRESS: [], STANDBY: []}
        for worker in workers:
            worker.kill()


def _outcome(kind: str, payload: object) -> Outcome:
    if kind == "ok":
        assert isinstance(payload, Outcome)
        return payload
    message = str(payload)
    if kind == "not-acceptable":
        raise NotAcceptableError(message)
    if kind == "refused":
        raise QueryRefusedError(message)
    if kind == "error":
        raise QueryError(message)
    if kind == "unavailable":
        raise StoreUnavailableError(message)
    raise WorkerFailedError(message)


# ------------------------------------------------------------------------------------------------------------
# The snapshot a server keeps of an on-disk store
# ------------------------------------------------------------------------------------------------------------

SNAPSHOT_TAG = ".serving-"
#: RocksDB files a read-only reader neither needs nor may share (the lock, the info logs).
_UNSHARED = ("LOCK", "LOG")


def snapshot_folder(folder: Path, pid: int) -> Path:
    """Where the server with process id ``pid`` keeps its snapshot of the store ``folder`` (hidden, beside it)."""
    return folder.parent / f".{folder.name}{SNAPSHOT_TAG}{pid}"


@contextlib.contextmanager
def serving_snapshot(folder: Path) -> Iterator[tuple[Path, str]]:
    """The folder a server should open for the on-disk store ``folder``, and a line for its log saying what it
    serves.

    ``mirna-kg load`` and ingest never change a store in place: they build a new one beside it and swap it in by
    renames, then delete the old files. A reader that opened the old store keeps its open files, but a worker
    started later (to replace one killed at its time limit) would open the new one, and the server would answer
    from two stores at once. So the server takes a snapshot at start: a hidden folder beside the store with hard
    links to its files (instant, no extra space while the store is unchanged), which every worker opens. Hard
    links are safe because RocksDB never changes a file in place once written (it writes new files and renames;
    its own checkpoints, which Oxigraph's ``backup`` makes, are hard links too). The
    snapshot is removed when the server stops; one left by a killed server is removed by the next start. Where
    hard links cannot be made (another file system, a read-only folder), the store is served in place and the
    line says so.
    """
    folder = folder.absolute()
    if not (folder / MANIFEST).is_file():  # not a store: opening it says so, with the fix
        yield folder, ""
        return
    _remove_stale_snapshots(folder)
    target = snapshot_folder(folder, os.getpid())
    reason = ""
    for _ in range(5):  # a load that swaps the folder while the links are made: take the snapshot again
        shutil.rmtree(target, ignore_errors=True)
        try:
            before = folder.stat()
            target.mkdir()
            for entry in os.scandir(folder):
                if not entry.name.startswith(_UNSHARED):
                    os.link(entry.path, target / entry.name, follow_symlinks=False)
            after = folder.stat()
        except FileNotFoundError:
            continue
        except OSError as exc:
            reason = exc.strerror or str(exc)
            break
        if (before.st_dev, before.st_ino) == (after.st_dev, after.st_ino):
            try:
                yield (
                    target,
                    (
                        f"serving a snapshot of {folder} taken at start; a later `mirna-kg load` of that folder "
                        "changes nothing here until the server is restarted"
                    ),
                )
            finally:
                shutil.rmtree(target, ignore_errors=True)
            return
    else:
        reason = "the store kept changing while the snapshot was taken"
    shutil.rmtree(target, ignore_errors=True)
    yield (
        folder,
        (
            f"serving {folder} in place (no snapshot: {reason}); a `mirna-kg load` of that folder while this server "
            "runs gives some answers from the old store and some from the new one: restart the server after a load"
        ),
    )


def _remove_stale_snapshots(folder: Path) -> None:
    """Remove the snapshots of servers that are no longer running (killed before they could clean up)."""
    for stale in folder.parent.glob(f".{folder.name}{SNAPSHOT_TAG}*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
