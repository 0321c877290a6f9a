"""Load test of `mirna-kg serve` on 127.0.0.1: N concurrent clients for a fixed time, then figures.

Starts the server itself (a subprocess on a free loopback port), runs ``--clients`` asyncio clients (httpx) for
``--seconds`` seconds mixing entity pages, search, stored queries and raw SPARQL, plus one client that sends a
runaway query (a cross product) now and then, and prints requests per second, p50/p95/p99 latency per kind,
errors by status, and the server's memory: proportional set size (PSS, so pages shared between processes count
once) of the server and every process under it (fork server, query workers), at rest after start and at its
peak under load. Then the baseline: the same clients sending SPARQL only, to mirna-kg's ``/sparql`` and to a raw
Oxigraph server (``oxigraph serve-read-only`` over an on-disk store of the same graph), in turn, medians of
``--baseline-repeat`` phases: requests per second, median latency and CPU time per request of each server's
process tree (from /proc), and the memory of each at rest. Every SPARQL text is unique (a numbered comment), so
neither server answers from a cache.
Bounded in time and count (``--max-requests``); stops the servers at the end. Only loopback addresses are
ever contacted.

    python benchmarks/serve_load.py --clients 32 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from servers import oxigraph_server

from mirna_kg import api

ROOT = Path(__file__).resolve().parent.parent
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ENTITIES = [
    "/entity/hgnc:17635",
    "/entity/mirbase:MI0000077",
    "/entity/mirbase.mature:MIMAT0000076",
    "/entity/CL:0000235",
    "/entity/MONDO:0007254",
    "/statement/gu2026-t4-r02-miR-23a_27a_24-2",
    "/statement/gu2026-t4-r01-miR-19a-5p",
    "/resource/group-hsa-miR-181a",
    "/ontology/RegulatoryClaim",
]
SEARCHES = ["miR-21", "CD274", "macrophage", "breast", "TAM", "PTEN", "exosome", "miR-155"]
STORED = [
    ("/queries/pdl1_regulators", {}),
    ("/queries/mirna_profile", {"mirna": "miR-21"}),
    ("/queries/claims_by_target", {"gene": "PTEN"}),
    ("/queries/macrophage_polarization", {}),
    ("/queries/biomarkers", {}),
    ("/queries/stats", {}),
]
SPARQL = [
    "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/mirna-kg/ontology/RegulatoryClaim> }",
    "ASK { ?s ?p ?o }",
    "SELECT ?c ?m WHERE { ?c <https://w3id.org/mirna-kg/ontology/mirna> ?m } LIMIT 100",
]
KINDS = ("entity", "search", "stored", "sparql")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process under it (the fork server, its query workers, the resource tracker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def pss_kib(pid: int) -> int:
    """Proportional set size of a process tree, from /proc (shared pages split between their sharers)."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time used so far by the live processes of a tree."""
    ticks = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return ticks / os.sysconf("SC_CLK_TCK")


_UNIQUE = itertools.count()


def request_for(kind: str, rng: random.Random) -> tuple[str, dict, dict]:
    if kind == "entity":
        return rng.choice(ENTITIES), {}, {"Accept": "text/html"}
    if kind == "search":
        return "/search", {"q": rng.choice(SEARCHES), "format": "json"}, {}
    if kind == "stored":
        path, params = rng.choice(STORED)
        return path, params, {"Accept": "application/sparql-results+json"}
    text = f"{rng.choice(SPARQL)}\n# request {next(_UNIQUE)}"  # unique: no cache answers it
    return "/sparql", {"query": text}, {"Accept": "application/sparql-results+json"}


async def client(
    base: str,
    seconds: float,
    budget: list[int],
    latencies: dict,
    errors: Counter,
    seed: int,
    kinds: tuple[str, ...] = KINDS,
    sparql_path: str = "/sparql",
) -> None:
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            kind = rng.choice(kinds)
            path, params, headers = request_for(kind, rng)
            if kind == "sparql":
                path = sparql_path
            started = time.perf_counter()
            try:
                response = await http.get(path, params=params, headers=headers)
                status = response.status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            if status == 200:
                latencies[kind].append(elapsed)
            else:
                errors[(kind, status)] += 1


async def runaway(base: str, seconds: float, outcomes: Counter) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < deadline - 3:
            response = await http.get("/sparql", params={"query": RUNAWAY})
            outcomes[response.status_code] += 1
            await asyncio.sleep(2)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


async def main_async(args: argparse.Namespace, base: str, pid: int) -> None:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    runaways: Counter = Counter()
    budget = [args.max_requests]
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], pss_kib(pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    tasks = [client(base, args.seconds, budget, latencies, errors, seed) for seed in range(args.clients)]
    await asyncio.gather(*tasks, runaway(base, args.seconds, runaways))
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    total = sum(len(v) for v in latencies.values())
    print(f"{args.clients} clients, {elapsed:.1f} s, {total} successful requests: {total / elapsed:.0f} req/s")
    print(f"{'kind':8} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in KINDS:
        values = latencies.get(kind, [])
        if values:
            print(
                f"{kind:8} {len(values):7} {percentile(values, 0.5):8.1f} {percentile(values, 0.95):8.1f} "
                f"{percentile(values, 0.99):8.1f}"
            )
    print("errors:", dict(errors) or "none")
    print("runaway query answers:", dict(runaways), "(503 = stopped at the time limit)")
    print(f"peak PSS (server, fork server, workers): {peak[0] / 1024:.0f} MiB")


async def sparql_phase(base: str, path: str, clients: int, seconds: float, pid: int) -> tuple[float, float, float]:
    """SPARQL requests only, for ``seconds``: requests per second, the median latency in ms and the CPU time of
    the server's process tree per request in ms."""
    cpu_before = cpu_seconds(pid)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    budget = [10**9]
    started = time.monotonic()
    await asyncio.gather(
        *(client(base, seconds, budget, latencies, errors, seed, ("sparql",), path) for seed in range(clients))
    )
    values = latencies["sparql"]
    if errors:
        print(f"  errors at {base}{path}: {dict(errors)}")
    cpu = (cpu_seconds(pid) - cpu_before) * 1000 / max(len(values), 1)
    return len(values) / (time.monotonic() - started), percentile(values, 0.5) if values else float("nan"), cpu


def server_pid(folder: Path) -> int:
    """The raw Oxigraph server serving ``folder`` (found by its command line)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve-read-only" in command and str(folder).encode() in command:
                return int(entry.name)
    raise SystemExit(f"no Oxigraph server over {folder}")


def baseline(args: argparse.Namespace, base: str, pid: int) -> None:
    """The same SPARQL requests against mirna-kg's /sparql and a raw Oxigraph server (PyPI ``oxigraph``, the
    test extra) over an on-disk store of the same graph, in turn, which goes first alternating; medians."""
    with tempfile.TemporaryDirectory() as folder:
        api.load_store(Path(folder) / "store")
        with oxigraph_server(Path(folder) / "store") as raw_url:
            raw_base, raw_path = raw_url.rsplit("/", 1)
            raw_pid = server_pid(Path(folder) / "store")
            raw_rest = pss_kib(raw_pid)
            runs: dict[str, list[tuple[float, float, float]]] = {"mirna-kg": [], "raw": []}
            for i in range(args.baseline_repeat):
                for which in ("mirna-kg", "raw") if i % 2 == 0 else ("raw", "mirna-kg"):
                    target = (base, "/sparql", pid) if which == "mirna-kg" else (raw_base, "/" + raw_path, raw_pid)
                    url, path, tree = target
                    runs[which].append(asyncio.run(sparql_phase(url, path, args.clients, args.baseline_seconds, tree)))
    kg_rate, raw_rate = (statistics.median(r for r, _, _ in runs[w]) for w in ("mirna-kg", "raw"))
    kg_p50, raw_p50 = (statistics.median(p for _, p, _ in runs[w]) for w in ("mirna-kg", "raw"))
    kg_cpu, raw_cpu = (statistics.median(c for _, _, c in runs[w]) for w in ("mirna-kg", "raw"))
    print(
        f"\nSPARQL only, {args.clients} clients, {args.baseline_repeat} x {args.baseline_seconds:.0f} s each, "
        "alternating, medians:"
    )
    print(f"  mirna-kg /sparql: {kg_rate:.0f} req/s, p50 {kg_p50:.1f} ms, CPU {kg_cpu:.2f} ms per request")
    print(
        f"  raw Oxigraph server: {raw_rate:.0f} req/s, p50 {raw_p50:.1f} ms, CPU {raw_cpu:.2f} ms per request, "
        f"{raw_rest / 1024:.0f} MiB at rest"
    )
    print(
        f"  ratio (mirna-kg / raw): {raw_rate / kg_rate:.2f}x time per request, p50 {kg_p50 / raw_p50:.2f}x, "
        f"CPU per request {kg_cpu / raw_cpu:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's --timeout")
    parser.add_argument("--baseline-seconds", type=float, default=5.0, help="length of each SPARQL-only phase")
    parser.add_argument(
        "--baseline-repeat", type=int, default=3, help="SPARQL-only phases against each server (0: no baseline)"
    )
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mirna_kg",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--timeout",
            str(args.timeout),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        started = time.monotonic()
        while True:
            try:
                if httpx.get(base + "/status", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() - started > 60:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        print(f"server up in {time.monotonic() - started:.1f} s")
        time.sleep(2)  # the workers finish loading their copies of the store
        print(f"memory at rest (PSS of the server, fork server and workers): {pss_kib(server.pid) / 1024:.0f} MiB")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        asyncio.run(main_async(args, base, server.pid))
        if args.baseline_repeat:
            baseline(args, base, server.pid)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
