"""Real SPARQL servers for tests, started on 127.0.0.1 on a free port and stopped by the fixture itself.

``oxigraph_server(folder)`` runs the PyPI ``oxigraph`` server (its CLI) read-only over a store folder, with the
union of the named graphs as default graph (as mirna-kg's own stores answer).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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
    command = [oxigraph_binary(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]
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
