"""Real SPARQL servers for tests, started on 127.0.0.1 on a free port and stopped by the fixture itself.

``oxigraph_server(folder)`` runs the PyPI ``oxigraph`` server (its CLI) read-only over a store folder, with the
union of the named graphs as default graph (as mirna-kg's own stores answer).
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI installed beside this Python (the PyPI package ``oxigraph``)."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        pytest.fail("the `oxigraph` server CLI is missing: pip install -e '.[test]' installs it")
    return found


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {seconds:g} s")


@contextlib.contextmanager
def oxigraph_server(location: Path, *, read_only: bool = True) -> Iterator[str]:
    """An Oxigraph server over the store folder ``location``; yields its SPARQL query URL."""
    port = free_port()
    mode = "serve-read-only" if read_only else "serve"
    command = [
        oxigraph_binary(),
        mode,
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Served:
    """A running ``mirna-kg serve``: its base URL, and its log (stderr) so far."""

    url: str
    log_path: Path
    process: subprocess.Popen

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def mirna_kg_server(log_folder: Path, *args: str) -> Iterator[Served]:
    """``mirna-kg serve`` in its own process on 127.0.0.1 and a free port, with ``args``; stopped (SIGINT, as
    Ctrl+C) when the block ends, so it cleans up its workers and snapshot."""
    port = free_port()
    log_path = log_folder / f"serve-{port}.log"
    command = [sys.executable, "-m", "mirna_kg", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    served = Served(f"http://127.0.0.1:{port}", log_path, process)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"mirna-kg serve exited with {process.returncode}: {served.log}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{served.url}/status", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"mirna-kg serve did not come up within 90 s: {served.log}")
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP listener on 127.0.0.1 that records every connection; yields (base URL, received requests)."""
    import threading

    received: list[bytes] = []
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                with contextlib.suppress(OSError):
                    received.append(connection.recv(4096) or b"<connected>")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", received
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


# ------------------------------------------------------------------------------------------------------------
# Virtuoso (Debian virtuoso-opensource 7.2: `virtuoso-t`), for the push and remote-store tests
# ------------------------------------------------------------------------------------------------------------

VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
MaxStaticCursorRows = 5000
DirsAllowed = ., {db}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 1G
ThreadsPerQuery = 2
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
DefaultGraph = http://localhost:{http_port}/dataspace
"""

#: Lets the `dba` account (digest auth) write through /sparql-graph-crud-auth, and SPARQL updates (none used).
VIRTUOSO_GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";'


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, max_rows: int = 10_000) -> Iterator[dict[str, str]]:
    """A Virtuoso server with a fresh database in ``folder``, on free ports of 127.0.0.1.

    Yields the SPARQL endpoint (``sparql``), the authenticated Graph Store endpoint (``graph_store``,
    digest auth as dba/dba) and the credentials. ``max_rows`` is ResultSetMaxRows (Virtuoso's silent cap).
    """
    binary = virtuoso_binary()
    if binary is None:
        pytest.skip("Virtuoso (virtuoso-t) is not installed: apt-get install virtuoso-opensource")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=folder, http_port=http_port, sql_port=sql_port, max_rows=max_rows))
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_up(f"{base}/sparql", process, seconds=120)
        yield {
            "sparql": f"{base}/sparql",
            "graph_store": f"{base}/sparql-graph-crud-auth",
            "user": "dba",
            "password": "dba",
            "folder": str(folder),
            "sql_port": str(sql_port),
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
