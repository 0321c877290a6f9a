"""Run the ``mirna-kg`` command line in this process, as the console script does, and keep what it printed.

``CliRunner().invoke(["query", "all_claims"])`` calls ``mirna_kg.cli.run`` with those arguments, standard input,
output and error replaced by in-memory streams, and returns the exit code, what went to stdout and stderr
(apart, and interleaved as ``output``, the way a terminal shows them) and the exception that escaped, if any.
In-process runs are fast and see monkeypatched state; tests that need a real process (closed pipes, a
terminal, signals) run ``python -m mirna_kg`` instead.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from mirna_kg.cli import run


class _Copying(io.BytesIO):
    """A stream's bytes, also copied to the shared ``output`` in the order they were written."""

    def __init__(self, output: io.BytesIO) -> None:
        super().__init__()
        self.output = output

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.output.write(data)
        return super().write(data)


class Result:
    """What one run left: its exit code, its output as bytes and text, and an exception that escaped."""

    def __init__(
        self, exit_code: int, stdout: bytes, stderr: bytes, output: bytes, exception: BaseException | None
    ) -> None:
        self.exit_code = exit_code
        self.stdout_bytes = stdout
        self.stderr_bytes = stderr
        self.output_bytes = output
        self.exception = exception

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8", "replace")

    @property
    def output(self) -> str:
        """stdout and stderr interleaved, as on a terminal."""
        return self.output_bytes.decode("utf-8", "replace")

    def __repr__(self) -> str:
        return f"<Result exit {self.exit_code}: {self.output[-200:]!r}>"


def _apply(variables: Mapping[str, str | None]) -> None:
    for name, value in variables.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """``os.environ`` with ``changes`` (``None`` removes a variable), restored afterwards."""
    saved = {name: os.environ.get(name) for name in changes}
    try:
        _apply(changes)
        yield
    finally:
        _apply(saved)


class CliRunner:
    """Runs ``mirna-kg`` with arguments in this process (see the module's docstring)."""

    def invoke(
        self,
        args: Sequence[str],
        *,
        input: str | bytes | None = None,
        env: Mapping[str, str | None] | None = None,
        terminal_width: int | None = None,
        catch_exceptions: bool = True,
    ) -> Result:
        """Run ``mirna-kg ARGS``; ``terminal_width`` sets ``COLUMNS`` (the width help is wrapped to)."""
        changes = dict(env or {})
        if terminal_width is not None:
            changes["COLUMNS"] = str(terminal_width)
        data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
        output = io.BytesIO()
        out, err = _Copying(output), _Copying(output)
        streams = (sys.stdin, sys.stdout, sys.stderr)
        ours = (  # kept referenced until the bytes are read: a wrapper closes its buffer when collected
            io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
            io.TextIOWrapper(out, encoding="utf-8", write_through=True),
            io.TextIOWrapper(err, encoding="utf-8", write_through=True),
        )
        sys.stdin, sys.stdout, sys.stderr = ours
        exception: BaseException | None = None
        try:
            with _environment(changes):
                run(list(args))
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            if isinstance(stop.code, str):
                sys.stderr.write(stop.code + "\n")
            exception = stop if code else None
        except Exception as error:
            if not catch_exceptions:
                raise
            code, exception = 1, error
        finally:
            for stream in ours[1:]:
                stream.flush()
            sys.stdin, sys.stdout, sys.stderr = streams
        return Result(code, out.getvalue(), err.getvalue(), output.getvalue(), exception)
