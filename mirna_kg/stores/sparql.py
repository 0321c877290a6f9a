"""What a SPARQL request is, read before any store sees it: its form, and whether it may run at all.

mirna-kg is read-only and never opens a network connection on behalf of a query: a ``SERVICE`` clause would
make the engine call whatever endpoint the query names (both rdflib and Oxigraph do), ``LOAD`` fetches a
document, and updates change the store. ``check_query`` refuses all three with a ``QueryRefusedError`` before
the query reaches an engine, so every store and every face (CLI, server) refuses them alike.

The check is lexical: comments, strings and IRIs are blanked out first, so ``"SERVICE"`` in a literal, a
``<…/SERVICE>`` IRI, ``ex:SERVICE`` or ``?service`` are not mistaken for the keyword.

It also bounds how deeply brackets nest (``MAX_NESTING``): the engines' parsers recurse once per level, so a
query of many thousand nested parentheses would overflow the native stack (a crash, not an error) before any
engine could refuse it. Hand-written and generated queries stay far below the limit.

>>> check_query("PREFIX ex: <http://ex/> ASK { ?s ex:SERVICE 'SERVICE' }").form
'ASK'
>>> check_query("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
mirna_kg.errors.QueryRefusedError: SERVICE clauses are refused: ...
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import QueryError, QueryRefusedError

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: The deepest nesting of ``(``, ``{`` and ``[`` (together) a query may have.
MAX_NESTING = 64

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_BLANKABLE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs (``?a < ?b`` has spaces, so it is no IRI)
    r"|#[^\n]*",  # comments
    re.DOTALL,
)
_KEYWORD = re.compile(r"(?<![\w:?$])([A-Za-z]+)(?![\w:])")
_BRACKET = re.compile(r"[()\[\]{}]")
_OPENING = frozenset("([{")


class QueryInfo(NamedTuple):
    """The parts of a query a store needs before running it."""

    form: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    has_dataset_clause: bool
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``)."""

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def keywords(sparql: str) -> list[str]:
    """The query's keywords and names in order, upper-cased, with strings, IRIs and comments removed."""
    return _words(_BLANKABLE.sub(" ", sparql))


def _words(blanked: str) -> list[str]:
    return [m.group(1).upper() for m in _KEYWORD.finditer(blanked)]


def nesting(blanked: str) -> int:
    """The deepest nesting of brackets in a query whose strings, IRIs and comments are blanked out."""
    depth = deepest = 0
    for match in _BRACKET.finditer(blanked):
        if match.group() in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def check_query(sparql: str) -> QueryInfo:
    """Classify a query and refuse what mirna-kg never runs (updates, ``LOAD``, ``SERVICE``, deep nesting)."""
    blanked = _BLANKABLE.sub(" ", sparql)
    if nesting(blanked) > MAX_NESTING:
        raise QueryError(
            f"the query nests brackets more than {MAX_NESTING} deep, the limit mirna-kg parses; "
            "flatten the expression or the groups"
        )
    words = _words(blanked)
    head = [w for w in words if w not in ("PREFIX", "BASE")]
    first = head[0] if head else ""
    if first in UPDATE_KEYWORDS:
        raise QueryRefusedError(
            f"{first} is a SPARQL update; mirna-kg stores are read-only here (use a query: {', '.join(FORMS)})"
        )
    if "SERVICE" in words:
        raise QueryRefusedError(
            "SERVICE clauses are refused: mirna-kg never sends a query to another endpoint (remove the SERVICE block)"
        )
    form = next((w for w in words if w in FORMS), None)
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    has_from = any(a == "FROM" for a in words)
    return QueryInfo(form, has_from)
