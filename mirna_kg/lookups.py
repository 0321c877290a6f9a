"""Resolving what a person types for a stored query's parameter into what the graph calls it.

``--param gene=PD-L1`` finds CD274 through its HGNC alias (``skos:altLabel``) and ``PDCD1LG1`` through its
previous symbol (``skos:hiddenLabel``); ``gene=HGNC:9588``, ``mirna=MIMAT0000076``, ``mirna=MI0000077`` and
``cell=CL:0000235`` name entries by identifier; ``cell=histiocyte`` finds macrophage by its CL synonym. The
value handed to the query is the entry's own label, which every stored query matches. A value that names
nothing is an error that suggests close names (``difflib``); a query that returns no rows says so, and says how
to get the reasoner's classes when it needs them (``--with-inferred``). The synonyms come from
``ontology/imports/`` (see ``mirna_kg.imports``), so lookups work offline on every store.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from .errors import QueryError
from .namespaces import compress, expand
from .queries import StoredQuery
from .stores.base import ResultTable, Store


@dataclass(frozen=True)
class Kind:
    """A kind of entity a parameter names: its classes (SPARQL) and how its identifiers look."""

    what: str
    type_pattern: str
    identifier: re.Pattern[str]
    iri_prefix: str


KINDS: dict[str, Kind] = {
    "gene": Kind(
        "gene",
        "?e a <https://w3id.org/mirna-kg/ontology/Gene> .",
        re.compile(r"^(?:hgnc:)?(\d+)$", re.IGNORECASE),
        "https://identifiers.org/hgnc:",
    ),
    "mirna": Kind(
        "miRNA",
        "VALUES ?t { <https://w3id.org/mirna-kg/ontology/MatureMicroRNA> "
        "<https://w3id.org/mirna-kg/ontology/PrecursorMicroRNA> } ?e a ?t .",
        re.compile(r"^(?:mirbase(?:\.mature)?:)?(MIMAT\d+|MI\d+)$", re.IGNORECASE),
        "",
    ),
    "cell": Kind(
        "cell type",
        "{ ?e a <http://www.w3.org/2002/07/owl#Class> . "
        "FILTER(STRSTARTS(STR(?e), 'http://purl.obolibrary.org/obo/CL_')) } UNION "
        "{ ?e rdfs:subClassOf ?parent . FILTER(STRSTARTS(STR(?e), 'https://w3id.org/mirna-kg/ontology/') "
        "&& STRSTARTS(STR(?parent), 'http://purl.obolibrary.org/obo/CL_')) }",
        re.compile(r"^CL[:_](\d{7})$", re.IGNORECASE),
        "http://purl.obolibrary.org/obo/CL_",
    ),
}

NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?label ?name WHERE {{
  {type_pattern}
  ?e rdfs:label ?label .
  {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }} UNION {{ ?e skos:hiddenLabel ?name }}
}}
"""
WRITTEN_QUERY = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
SELECT DISTINCT ?name WHERE { ?s mkg:mirnaAsWritten ?name }
"""


@dataclass
class Resolved:
    """Parameter values as handed to the query, and notes for the person (stderr)."""

    values: dict[str, str]
    notes: list[str] = field(default_factory=list)


def _names(store: Store, kind: Kind) -> list[tuple[URIRef, str, str]]:
    table = store.select(NAMES_QUERY.format(type_pattern=kind.type_pattern))
    return [
        (e, str(label), str(name))
        for e, label, name in table.rows
        if isinstance(e, URIRef) and isinstance(label, Literal) and name is not None
    ]


def _identifier_iri(kind: Kind, value: str) -> URIRef | None:
    text = value.strip()
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    match = kind.identifier.match(text)
    if not match:
        return None
    if kind.what == "miRNA":
        accession = match.group(1).upper()
        namespace = "mirbase.mature:" if accession.startswith("MIMAT") else "mirbase:"
        return expand(namespace + accession)
    return URIRef(kind.iri_prefix + match.group(1))


def resolve_value(store: Store, parameter: str, value: str) -> tuple[str, str | None]:
    """The value to hand the query for ``parameter`` and a note when it was translated; raises ``QueryError``
    with close names when the value names nothing of its kind."""
    kind = KINDS.get(parameter)
    if kind is None:
        return value, None
    names = _names(store, kind)
    labels = {e: label for e, label, _ in names}
    iri = _identifier_iri(kind, value)
    if iri is not None:
        if iri in labels:
            return labels[iri], f"{parameter}={value}: {labels[iri]} ({compress(str(iri))})"
        raise QueryError(f"no {kind.what} {value!r} in the graph ({compress(str(iri))} is not used)")
    wanted = value.strip().casefold()
    by_label = {e for e, label, _ in names if label.casefold() == wanted}
    if by_label or parameter == "mirna":
        return value, None  # a label (or a miRNA name as written: the query matches those itself)
    matches = sorted({e for e, _, name in names if name.casefold() == wanted})
    if len(matches) == 1:
        entry = matches[0]
        return labels[entry], f"{parameter}={value}: {labels[entry]} ({compress(str(entry))})"
    if len(matches) > 1:
        shown = ", ".join(f"{labels[e]} ({compress(str(e))})" for e in matches)
        raise QueryError(f"{parameter}={value!r} is a name of several {kind.what}s: {shown}; give one of them")
    raise QueryError(f"no {kind.what} named {value!r} in the graph" + _suggestion({n for _, _, n in names}, value))


def _suggestion(candidates: set[str], value: str) -> str:
    by_fold = {c.casefold(): c for c in candidates}
    close = difflib.get_close_matches(value.casefold(), list(by_fold), n=5, cutoff=0.6)
    return f"; did you mean {', '.join(by_fold[c] for c in close)}?" if close else ""


def resolve_params(store: Store, stored: StoredQuery, values: Mapping[str, str]) -> Resolved:
    """Every parameter value of ``stored`` resolved (see the module docstring)."""
    declared = {p.name for p in stored.parameters}
    out = Resolved(dict(values))
    for name, value in values.items():
        if name in declared:
            out.values[name], note = resolve_value(store, name, value)
            if note:
                out.notes.append(note)
    return out


def empty_result_note(
    store: Store, stored: StoredQuery, values: Mapping[str, str], table: ResultTable, with_inferred: bool
) -> str | None:
    """What to say when a stored query returns no rows: how to get inferred triples, or close names."""
    if table.rows:
        return None
    description = stored.header.get("description", "")
    if "--with-inferred" in description and not with_inferred:
        return (
            f"no rows: {stored.name} lists what the reasoner infers, and this graph has no inferred triples; "
            f"run `mirna-kg query {stored.name} --with-inferred` (or load a store with --with-inferred)"
        )
    if "mirna" in values:
        candidates = {n for _, _, n in _names(store, KINDS["mirna"])}
        candidates |= {str(row[0]) for row in store.select(WRITTEN_QUERY).rows if row[0] is not None}
        return f"no rows for mirna={values['mirna']!r}" + _suggestion(candidates, values["mirna"])
    if values:
        shown = ", ".join(f"{k}={v!r}" for k, v in values.items())
        return f"no rows for {shown}"
    return None
