"""The ``mirna-kg`` command line: a thin face over ``mirna_kg.api``, on the standard library's argparse.

Each command (``commands.py``) gets its options from argparse, calls one core function and prints the result.
Errors are the core's exception classes, mapped to exit codes in one table (``EXIT_CODES``): 0 success, 1 the
graph does not conform (or is inconsistent), 2 unusable input or environment, a usage error included. Errors
are one line on stderr; ``--debug`` shows the traceback instead. At start-up only the standard library and
``mirna_kg.errors`` are imported: a command imports what it needs when it runs, so help and quick commands
start at once.
"""

from __future__ import annotations

import errno
import os
import sys

from ..errors import InconsistentOntologyError, InputError, MirnaKgError, NotConformingError
from .commands import ROOT

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Sequence

#: Error class -> exit code; the first matching class (in order) wins.
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (NotConformingError, 1),
    (InconsistentOntologyError, 1),
    (InputError, 2),
    (MirnaKgError, 2),
)


def exit_code(error: BaseException) -> int:
    """The exit code of an error, from ``EXIT_CODES``."""
    return next((code for cls, code in EXIT_CODES if isinstance(error, cls)), 2)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: the process's arguments), run the command, and return its exit code; the core's
    errors become one line on stderr. argparse exits by itself (``SystemExit``) for help, ``--version`` and
    usage errors."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = ROOT.parser("mirna-kg")
    if not args:  # no command: what there is to do
        sys.stdout.write(parser.format_help())
        return 2
    options = vars(parser.parse_args(args))
    command, debug = options.pop("_command"), options.pop("debug")
    try:
        code = command.run(**options)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code or 0
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except MirnaKgError as error:
        if debug:
            raise
        sys.stderr.write(f"mirna-kg: {error}\n")
        return exit_code(error)
    except OSError as error:  # an environment failure the core did not name (disk, permissions)
        if error.errno == errno.EPIPE:
            _silence_stdout()
            return 0
        if debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"mirna-kg: {where}{error.strerror or error}\n")
        return 2


def run(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: ``main``, then exit with its code (130 on Ctrl+C, 0 when the reader of our
    output went away)."""
    try:
        code = main(argv)
        sys.stdout.flush()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # raised outside a command (help text) into a closed pipe
        _silence_stdout()
        sys.exit(0)
    sys.exit(code)


def _silence_stdout() -> None:
    """The reader of our output went away (``mirna-kg build | head``): not an error. Point stdout at /dev/null
    so that the interpreter's final flush does not complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
