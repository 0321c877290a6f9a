"""Stored SPARQL queries: finding them, reading their headers, binding their parameters, running them.

A stored query is ``queries/NAME.rq``. Its first comment block is a header of ``# key: value`` lines
(wikipathways style)::

    # title: All regulatory claims
    # description: One row per claim …
    # source: review 000 Tables 4-7; review 002 Table I
    # param: mirna | string | miR-21 | miRNA name as a review writes it
    # columns: claim, mirna, mirna_label, …

``param`` lines declare ``NAME | string|iri | EXAMPLE | help``; the query's variable ``?NAME`` is replaced by
the value (a literal for ``string``, an IRI — a CURIE is expanded — for ``iri``), see ``bind``. The values are
pyoxigraph terms, written into the query as N-Triples text: no rdflib on the way from a name to its answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import expand_iri
from .resources import project

if TYPE_CHECKING:
    from rdflib.term import Identifier

#: A parameter's value as a term: what ``Parameter.bind`` gives (``bind`` also takes rdflib's terms).
Value = ox.NamedNode | ox.Literal

HEADER_KEYS = ("title", "description", "source", "param", "columns")
REQUIRED_HEADER_KEYS = ("title", "description", "source", "columns")
_HEADER_LINE = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*)$")


class Parameter(NamedTuple):
    """A declared query parameter."""

    name: str
    kind: str
    example: str
    help: str

    def bind(self, value: str) -> Value:
        """The RDF term the parameter's string value stands for; a value of an ``iri`` parameter that is no
        IRI, even with its CURIE expanded, is a ``QueryError``."""
        if self.kind != "iri":
            return ox.Literal(value)
        try:
            return ox.NamedNode(expand_iri(value))
        except ValueError as exc:
            raise QueryError(f"{self.name}={value!r} is not an IRI or CURIE; give e.g. {self.example}") from exc


class StoredQuery(NamedTuple):
    """A query file with its parsed header."""

    path: Path
    text: str
    header: dict[str, str]
    parameters: list[Parameter]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def title(self) -> str:
        return self.header.get("title", "")

    @property
    def columns(self) -> list[str]:
        return [c.strip() for c in self.header.get("columns", "").split(",") if c.strip()]

    def check(self, values: Mapping[str, str]) -> None:
        """Refuse parameters the query does not declare and declared ones left out (before any value is read)."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {unknown[0]!r}; it takes: {', '.join(declared) or 'none'}"
            )
        missing = [p.name for p in self.parameters if p.name not in values]
        if missing:
            raise QueryError(f"query {self.name!r} needs a value for {missing[0]} ({declared[missing[0]].help})")

    def bindings(self, values: Mapping[str, str]) -> dict[str, Value]:
        """Check given values against the declared parameters and turn them into RDF terms."""
        self.check(values)
        declared = {p.name: p for p in self.parameters}
        return {name: declared[name].bind(value) for name, value in values.items()}


def read_query(path: Path) -> StoredQuery:
    """Read a query file and its header (a file without a header is still runnable)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read query file ({exc.strerror})") from exc
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    last_key = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if match := _HEADER_LINE.match(line):
            key, value = match.group(1), match.group(2).strip()
            if key == "param":
                name, kind, example, help_text = (part.strip() for part in [*value.split("|"), "", "", ""][:4])
                parameters.append(Parameter(name, kind or "string", example, help_text))
            elif key in HEADER_KEYS:
                header[key] = value
            last_key = key
        elif last_key in header and line[1:].strip():  # continuation line of a long value
            header[last_key] += " " + line[1:].strip()
    return StoredQuery(path, text, header, parameters)


def stored_queries(folder: Path | None = None) -> list[StoredQuery]:
    """Every stored query, by name."""
    folder = folder or project().queries_dir
    return [read_query(p) for p in sorted(folder.glob("*.rq"))]


def find_query(name_or_file: str, folder: Path | None = None) -> StoredQuery:
    """A stored query by name, or a user's own ``.rq`` file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return read_query(path)
    folder = folder or project().queries_dir
    candidate = folder / f"{path.stem if path.suffix == '.rq' else name_or_file}.rq"
    if candidate.is_file():
        return read_query(candidate)
    known = ", ".join(q.name for q in stored_queries(folder))
    raise QueryError(
        f"no stored query or file named {name_or_file!r}; stored queries: {known} (see `mirna-kg query --list`)"
    )


#: SPARQL tokens that may contain a "?" or "$" without being a variable, and variables themselves.
_TOKENS = re.compile(
    r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[?$][A-Za-z_][A-Za-z0-9_]*)"""
)


def bind(text: str, bindings: Mapping[str, Value | Identifier]) -> str:
    """The query with each parameter variable replaced by its value, an RDF term written as N-Triples.

    Substitution in the sense of SPARQL SEP-0007 (what rdflib's initBindings and Oxigraph's substitutions
    do): the value is a constant wherever the variable occurs, including nested groups and subqueries. It
    is token-aware (strings, IRIs and comments are left alone) and the value is written as pyoxigraph writes
    a term (``str()``: N-Triples, which escapes quotes, backslashes, newlines and control characters; an
    rdflib term is written by its ``n3()``), so a value can never change the query's structure. Done on the
    text, it works the same on rdflib, Oxigraph and remote endpoints. A parameter must not be projected
    (SELECT ?param) — it is a constant, not a result.
    """
    if not bindings:
        return text
    written = {
        name: str(term) if isinstance(term, ox.NamedNode | ox.Literal) else term.n3() for name, term in bindings.items()
    }

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token[0] in "?$" and token[1:] in written:
            return written[token[1:]]
        return token

    return _TOKENS.sub(replace, text)
