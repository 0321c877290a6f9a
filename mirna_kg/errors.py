"""The exceptions mirna-kg raises on purpose, each with the exit code the CLI maps it to.

Exit codes follow pySHACL's convention: 0 all good, 1 the graph does not conform (or is inconsistent),
2 the input could not be used (unreadable file, unknown query, missing parameter, bad SPARQL).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: the command line starts with this module
if TYPE_CHECKING:
    from pathlib import Path


class MirnaKgError(Exception):
    """Base class: a message a person can act on, and an exit code."""

    exit_code = 2


class InputError(MirnaKgError):
    """The input cannot be used at all (exit 2)."""


class RdfParseError(InputError):
    """An RDF file does not parse; names the file and, where the parser says, the line."""

    def __init__(self, path: Path, detail: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = detail
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: cannot parse RDF: {detail}")


class QueryError(InputError):
    """A stored or user query cannot be run: unknown name, missing parameter, syntax error."""


class UnknownNameError(QueryError):
    """A query parameter names nothing of its kind in the graph; carries close names to suggest."""

    def __init__(self, message: str, parameter: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.suggestions = suggestions


class AmbiguousNameError(UnknownNameError):
    """A query parameter names several entries where the query needs one; carries them."""


class QueryRefusedError(QueryError):
    """A query that mirna-kg will not run: an update, ``LOAD`` or ``SERVICE`` (read-only, no network)."""


class StoreError(InputError):
    """A store cannot be opened or used: not a mirna-kg store, locked, or a remote endpoint that fails."""


class StoreUnavailableError(StoreError):
    """A remote store does not answer (refused connection, time-out)."""


class QueryTimeoutError(MirnaKgError):
    """A query ran past its time limit and was stopped."""


class NotConformingError(MirnaKgError):
    """The graph violates the SHACL shapes (exit 1); carries the report for printing."""

    exit_code = 1


class InconsistentOntologyError(MirnaKgError):
    """The reasoner found the ontology + data inconsistent (exit 1)."""

    exit_code = 1


class OutputError(MirnaKgError):
    """An output cannot be written: read-only folder, a file where a folder must go (or the reverse), a full
    disk, a folder locked by another build, a release file that would be replaced by a different graph (exit 2)."""


def output_error(exc: OSError, path: object = None) -> OutputError:
    """An ``OutputError`` from an ``OSError``: the path and the system's reason, without Python's decoration."""
    where = exc.filename if exc.filename is not None else path
    reason = exc.strerror or str(exc)
    return OutputError(f"{where}: cannot write ({reason})" if where is not None else f"cannot write ({reason})")
