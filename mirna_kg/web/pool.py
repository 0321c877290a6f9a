"""Query workers: SPARQL requests run in separate processes, so a runaway query can be stopped for real.

pyoxigraph has no per-query time limit and a running query cannot be interrupted from Python, so the server
never runs a user's SPARQL in its own process. A ``QueryPool`` keeps ``size`` worker processes, each holding its
own copy of the store (an in-memory Oxigraph store loaded from the N-Quads of the server's store, the same
on-disk store opened read-only, or a client of the same remote endpoint). A request waits for an idle worker;
when its query runs past ``timeout`` the worker is killed (SIGKILL) and a fresh one started in its place, and
the request is answered 503. At most ``max_waiting`` requests wait for a worker; beyond that the server says
"busy" at once (429 with Retry-After) instead of queueing without bound.

Entity pages and search run in the server process on its own store, so a runaway query never stalls them.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import anyio.to_thread

from ..errors import MirnaKgError, QueryError, QueryRefusedError, QueryTimeoutError, StoreUnavailableError
from ..stores import RdflibStore, RemoteStore, Store
from ..stores.oxigraph import OxigraphStore, open_disk_store
from ..stores.protocol import Dataset, NotAcceptableError, Outcome

START_TIMEOUT = 60.0


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
            return RemoteStore(self.url, timeout=self.timeout)
        if self.kind == "rdflib":
            from rdflib import Graph

            return RdflibStore(Graph().parse(data=self.data, format="nt"))
        store = OxigraphStore()
        store.store.load(self.data, ox.RdfFormat.N_QUADS)
        return store


def _worker_main(connection: Connection, spec: StoreSpec) -> None:
    """A worker: open the store, then answer jobs until the pipe closes. Errors travel back as messages."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers; Ctrl+C is for the server
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


class QueryPool:
    """A fixed number of query workers with a time limit per query and a bounded waiting line."""

    def __init__(self, spec: StoreSpec, *, size: int = 2, timeout: float = 30.0, max_waiting: int = 64) -> None:
        self.spec = spec
        self.size = size
        self.timeout = timeout
        self.max_waiting = max_waiting
        self.replaced = 0
        """How many workers were killed and replaced (time-outs, crashes)."""
        # forkserver: a replacement worker forks from a clean, pre-imported server process (fast, and never a
        # fork of this threaded server)
        self._context = mp.get_context("forkserver")
        self._context.set_forkserver_preload(["mirna_kg.web.pool"])
        self._idle: asyncio.Queue[Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._workers: list[Worker] = []
        self._waiting = 0
        self._lock = threading.Lock()
        self._closed = False

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._workers]

    async def start(self) -> None:
        """Start the workers (in parallel threads: each loads its copy of the store)."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(anyio.to_thread.run_sync(self._spawn) for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    def _spawn(self) -> Worker:
        worker = Worker(self.spec, self._context)
        with self._lock:
            self._workers.append(worker)
        return worker

    async def run(self, job: Job) -> Outcome:
        """Run a job on an idle worker; ``QueryTimeoutError`` after ``timeout`` s (the worker is replaced)."""
        assert self._idle is not None, "QueryPool.start() first"
        if self._waiting >= self.max_waiting:
            raise PoolBusyError(f"the server is busy ({self._waiting} queries waiting); try again shortly")
        self._waiting += 1
        try:
            try:
                worker = await asyncio.wait_for(self._idle.get(), self.timeout)
            except TimeoutError as exc:
                raise PoolBusyError(
                    f"no query worker became free within {self.timeout:g} s; try again shortly"
                ) from exc
        finally:
            self._waiting -= 1
        try:  # the time limit is the query's own run time; waiting for a worker does not count
            kind, payload = await anyio.to_thread.run_sync(worker.call, job, self.timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeoutError(
                f"the query ran longer than {self.timeout:g} s and was stopped; "
                "narrow it down (LIMIT, more specific patterns)"
            ) from None
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._replace(worker)
            raise WorkerFailedError("the query worker died while running the query; it has been replaced") from exc
        self._idle.put_nowait(worker)
        return _outcome(kind, payload)

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start another in a background thread; it joins the idle line when ready."""
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
            self.replaced += 1
        worker.kill()
        if self._closed:
            return

        def spawn(put: Callable[[Worker], None]) -> None:
            fresh = self._spawn()
            if self._closed:
                fresh.kill()
                return
            assert self._loop is not None
            self._loop.call_soon_threadsafe(put, fresh)

        assert self._idle is not None
        threading.Thread(target=spawn, args=(self._idle.put_nowait,), daemon=True).start()

    async def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._workers = self._workers, []
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
