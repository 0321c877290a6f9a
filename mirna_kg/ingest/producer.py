"""Map a release file to N-Triples in a child process whose output ``bulk_load`` reads by path.

Why a process and a pipe: the row mapping is Python and ``bulk_load`` is Rust. Fed from a Python stream, the
loader has to take the GIL back for every read, and the mapping (in the same interpreter) holds it; fed from a
*path*, it reads on its own, as raw ``bulk_load`` of a file does. So the rows are mapped by a child process
(``python -m mirna_kg.ingest.producer``: its own interpreter, its own core) that writes the N-Triples to its
standard output, a pipe the loader opens as ``/dev/fd/N``. Mapping and loading run side by side, nothing is
staged on disk, and memory stays flat (the pipe buffer).

The child is a plain command, not a ``multiprocessing`` worker, so a user's script that calls ``ingest`` needs
no ``if __name__ == "__main__"`` guard. It writes its counts (rows, ingested, rejects per reason, triples, the
support types used) as JSON to a result file when everything is written, or an error message, or the check a
row broke; its progress goes to the inherited standard error. Anything short of a result (an error, a broken
check, a killed child) closes the pipe early, and the parent refuses the partial load.

    python -m mirna_kg.ingest.producer mirtarbase 10.0 release.csv rejects.tsv result.json > triples.nt

The first argument is the database key (it names the records and the release); ``--row-format`` the reader,
when the database reads like another one (default: the database key). The mapping itself is ``mapping``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import mirna_kg

from ..errors import InputError, MirnaKgError
from .mapping import Tally, failed_checks, map_release
from .sources import CheckViolation

#: the pipe's capacity, Linux's largest for an unprivileged process (``/proc/sys/fs/pipe-max-size``): a whole
#: chunk of mapped rows (``mapping.CHUNK_ROWS``) fits, so writing one does not wait for the loader
PIPE_BYTES = 1 << 20


def main(argv: list[str] | None = None) -> int:
    """The child: map the release to N-Triples on stdout and rejects to a file; write the result file."""
    parser = argparse.ArgumentParser(prog="python -m mirna_kg.ingest.producer", description=__doc__)
    for name in ("source", "release", "path", "rejects", "result"):
        parser.add_argument(name)
    parser.add_argument("--row-format", default=None, help="the reader (default: the database key)")
    args = parser.parse_args(argv)
    result_path = Path(args.result)
    try:
        tally = map_release(
            args.row_format or args.source,
            args.source,
            args.release,
            Path(args.path),
            Path(args.rejects),
            sys.stdout.buffer,
        )
        document: dict[str, object] = {
            "rows": tally.rows,
            "ingested": tally.ingested,
            "rejects": dict(tally.rejects),
            "triples": tally.triples,
            "supports": tally.supports,
        }
    except CheckViolation as violation:  # the release graph would break a check: nothing more is mapped
        document = {"problems": [str(violation)]}
    except MirnaKgError as exc:  # a message made for the user (e.g. an unreadable file): passed on as it is
        document = {"error": str(exc)}
    except BrokenPipeError:
        document = {"error": "the loader stopped reading the mapped triples"}
    except OSError as exc:  # the release or the rejects file cannot be read or written
        document = {"error": f"{exc.filename or args.path}: {exc.strerror or exc}"}
    result_path.write_text(json.dumps(document), encoding="utf-8")
    return 0 if "rows" in document else 2


@dataclass
class Mapping:
    """The parent's handle on the mapping child: the path to load from, and the child's result."""

    source: str
    child: subprocess.Popen
    result_path: Path

    def tally(self) -> Tally:
        """Wait for the child: its counts, or its error raised here (an ``InputError``; a ``StoreError`` for a
        check that a row broke)."""
        code = self.child.wait()
        try:
            document = json.loads(self.result_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            document = {"error": f"mapping the release stopped (exit code {code}); the store is unchanged"}
        if "problems" in document:
            raise failed_checks(document["problems"])
        if "error" in document:
            raise InputError(str(document["error"]))
        return Tally(
            document["rows"],
            document["ingested"],
            Counter(document["rejects"]),
            document["triples"],
            document["supports"],
        )


def command(source_key: str, release: str, path: Path, rejects: Path, result: Path, row_format: str) -> list[str]:
    """The child's command line: this module, run by the same interpreter."""
    return [
        sys.executable,
        "-m",
        __name__,
        source_key,
        release,
        str(path),
        str(rejects),
        str(result),
        "--row-format",
        row_format,
    ]


@contextlib.contextmanager
def mapped_release(
    source_key: str, release: str, path: Path, rejects: Path, *, row_format: str | None = None
) -> Iterator[Mapping]:
    """Start the child that maps ``path``; yield the path to ``bulk_load`` from (``Mapping.source``).

    After loading, ``Mapping.tally()`` waits for the child and returns its counts or raises its error. Leaving
    the block early (the loader failed, an interrupt) stops the child.
    """
    read_end, write_end = os.pipe()
    with contextlib.suppress(AttributeError, OSError):  # elsewhere than Linux, or a lower limit: the default pipe
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    env = dict(os.environ)
    package_parent = str(Path(mirna_kg.__file__).resolve().parents[1])  # importable even when not installed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="mirna-kg-ingest-") as scratch:
        result_path = Path(scratch) / "result.json"
        try:
            child = subprocess.Popen(
                command(source_key, release, path, rejects, result_path, row_format or source_key),
                stdout=write_end,
                env=env,
            )
        finally:
            os.close(write_end)  # the child holds the only writer: its exit is the loader's end of input
        try:
            yield Mapping(f"/dev/fd/{read_end}", child, result_path)
        finally:
            os.close(read_end)
            if child.poll() is None:
                child.terminate()
                child.wait()


if __name__ == "__main__":
    sys.exit(main())
