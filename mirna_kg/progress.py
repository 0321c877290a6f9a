"""Progress on stderr for the steps that take more than a second or two — only when stderr is a terminal.

``step("validating")`` shows a rich spinner with the step's name and elapsed time while the block runs and
clears it afterwards; piped or redirected output (and the tests) see nothing, so stdout stays machine-readable
and logs stay clean. ``MIRNA_KG_PROGRESS=0`` turns it off, ``=1`` forces it on.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import TextIO


def enabled() -> bool:
    """Whether progress is shown: ``MIRNA_KG_PROGRESS`` if set, else whether stderr is a terminal."""
    forced = os.environ.get("MIRNA_KG_PROGRESS", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def step(description: str) -> Iterator[None]:
    """Show ``description`` with a spinner on stderr while the block runs (when ``enabled``)."""
    if not enabled():
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        progress.add_task(description, total=None)
        yield


class RowRate:
    """Rows and rows/s on stderr for long row-by-row work (ingest), only when progress is ``enabled`` — or on a
    given terminal ``stream`` — so logs and pipes stay clean."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled() if stream is None else self.stream.isatty()
        self.started = time.perf_counter()
        self.last = 0.0

    def update(self, rows: int, *, final: bool = False) -> None:
        """Show the count, at most twice a second (and always the final one)."""
        if not self.enabled:
            return
        now = time.perf_counter()
        if final or now - self.last > 0.5:
            self.last = now
            rate = rows / max(now - self.started, 1e-9)
            self.stream.write(f"\r  {rows:>12,} rows  {rate:>10,.0f} rows/s" + ("\n" if final else ""))
            self.stream.flush()
