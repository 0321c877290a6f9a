"""Answering a stored query: the one path every face takes (CLI, web API, figures, site, tests).

A person's parameter values are resolved to what the graph calls things (``lookups``), bound into the query
text as RDF terms (``queries.bind``) and run on the store; the answer carries the rows and the notes a person
needs beside them (what a name was taken to mean, why there are no rows, a stale on-disk store). The web runs
the prepared text in its worker processes instead of ``store.select`` — the preparation is the same.

>>> from mirna_kg.stores import OxigraphStore
>>> from mirna_kg.resources import graph_files
>>> store = OxigraphStore.from_files(graph_files())
>>> answer = answer_stored_query(store, "claims_by_target", {"gene": "PD-L1"})
>>> answer.notes
['gene=PD-L1: CD274 (hgnc:17635)']
>>> answer.table.rows != []
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from .errors import QueryError
from .namespaces import INFERRED_GRAPH_IRI
from .queries import StoredQuery, bind, find_query
from .resources import graph_files, sources_digest
from .stores.base import ResultTable, Store
from .stores.sparql import check_query


class PreparedQuery(NamedTuple):
    """A stored query with its parameters resolved and bound: the SPARQL text to run, and the notes so far."""

    query: StoredQuery
    given: dict[str, str]
    values: dict[str, str]
    sparql: str
    notes: list[str]


class Answer(NamedTuple):
    """The rows of a stored query and the notes a person reads beside them."""

    query: StoredQuery
    table: ResultTable
    notes: list[str]


def prepare_stored_query(store: Store, name_or_file: str, params: Mapping[str, str] | None = None) -> PreparedQuery:
    """Find the query, check the parameters against its header, resolve their values and bind them.

    Unknown or missing parameters fail before the graph is asked anything; a value that names nothing is an
    ``UnknownNameError`` with close names.
    """
    stored = find_query(name_or_file)
    given = dict(params or {})
    stored.check(given)  # unknown and missing parameters, before any lookup
    values: dict[str, str] = {}
    notes: list[str] = []
    if given:  # the lookups (their queries, patterns and close-name matching) only for a query that has values
        from .lookups import resolve_params

        resolved = resolve_params(store, stored, given)
        values, notes = resolved.values, resolved.notes
    sparql = bind(stored.text, stored.bindings(values))
    info = check_query(sparql)
    if info.form != "SELECT":
        raise QueryError(f"{stored.name} is a {info.form} query; stored queries are SELECT queries")
    return PreparedQuery(stored, given, values, sparql, notes)


def answer_stored_query(store: Store, name_or_file: str, params: Mapping[str, str] | None = None) -> Answer:
    """Run a stored query (``queries/NAME.rq``) or a ``.rq`` file for a person: rows plus notes."""
    prepared = prepare_stored_query(store, name_or_file, params)
    table = store.select(prepared.sparql)
    notes = [n for n in (stale_store_note(store),) if n] + prepared.notes
    empty = empty_note(store, prepared, len(table.cells))
    return Answer(prepared.query, table, notes + ([empty] if empty else []))


def run_stored_query(store: Store, name_or_file: str, params: Mapping[str, str] | None = None) -> ResultTable:
    """The rows of a stored query, its parameters resolved as for a person (``answer_stored_query``)."""
    return store.select(prepare_stored_query(store, name_or_file, params).sparql)


def empty_note(store: Store, prepared: PreparedQuery, rows: int) -> str | None:
    """Why a stored query found no rows (``None`` when it found some)."""
    if rows:
        return None
    description = prepared.query.header.get("description", "")
    if "--with-inferred" in description and not has_inferred(store):
        name = prepared.query.name
        return (
            f"no rows: {name} lists what the reasoner infers, and this graph has no inferred triples; "
            f"run `mirna-kg query {name} --with-inferred` (or load a store with --with-inferred)"
        )
    if prepared.given:
        return "no rows for " + ", ".join(f"{k}={v!r}" for k, v in prepared.given.items())
    return None


def has_inferred(store: Store) -> bool:
    """Whether the store holds the reasoner's inferred triples (its ``mkgg:inferred`` graph)."""
    return store.ask(f"ASK {{ GRAPH <{INFERRED_GRAPH_IRI}> {{ ?s ?p ?o }} }}")


def stale_store_note(store: Store) -> str | None:
    """A note when an on-disk store was loaded from sources that have changed since, else None."""
    manifest = getattr(store, "manifest", None)
    if manifest is None:
        return None
    if manifest.sources_digest != sources_digest(graph_files()):
        return (
            f"note: the store {getattr(store, 'path', '')} was loaded from an older version of the project's "
            "files; run `mirna-kg load --store DIR` again to refresh it"
        )
    return None
