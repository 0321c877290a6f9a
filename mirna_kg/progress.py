"""Progress on stderr for the steps that take more than a second or two — only when stderr is a terminal.

``step("validating")`` shows a rich spinner with the step's name and elapsed time while the block runs and
clears it afterwards; piped or redirected output (and the tests) see nothing, so stdout stays machine-readable
and logs stay clean. ``MIRNA_KG_PROGRESS=0`` turns it off, ``=1`` forces it on.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


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
