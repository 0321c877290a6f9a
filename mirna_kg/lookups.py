"""Resolving what a person types for a stored query's parameter into what the graph calls it.

One resolution for every face (the CLI, the web API, the figures): ``--param gene=PD-L1`` finds CD274 through its
HGNC alias (``skos:altLabel``) and ``PDCD1LG1`` through its previous symbol (``skos:hiddenLabel``);
``gene=HGNC:9588``, ``mirna=MIMAT0000076``, ``mirna=mirbase:MI0000077`` and ``cell=CL:0000235`` name entries by
identifier; ``cell=histiocyte`` finds macrophage by its CL synonym; ``review=gu2026``, its DOI and ``doi:…`` name
a review. The value handed to the query has the parameter's declared kind: the entry's IRI for an ``iri``
parameter, its label (a review's DOI) for a ``string`` one. A miRNA name as a review writes it ("miR-21") is
passed on unchanged to queries that widen it themselves (``mirna_profile``), once it is known to name something.

A value that names nothing is an ``UnknownNameError`` with close names (``difflib``), whatever the face; a
query that returns no rows is explained by ``empty_result_note``. The synonyms come from ``ontology/imports/``
(see ``mirna_kg.imports``), so lookups work offline on every store. Entries are IRIs as plain strings, read from
the result's cells as they are held (``stores.terms.term_of``): resolving a name imports no rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from .errors import AmbiguousNameError, QueryError, UnknownNameError
from .namespaces import compress, expand_iri
from .queries import Parameter, StoredQuery
from .stores.base import Store
from .stores.terms import term_of


class Kind(NamedTuple):
    """A kind of entity a parameter names: its names (SPARQL: ``?e ?label ?name``) and how its identifiers look."""

    what: str
    names_query: str
    identifier: re.Pattern[str]
    iri_prefix: str


_NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?label ?name WHERE {{
  {type_pattern}
  ?e rdfs:label ?label .
  {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }} UNION {{ ?e skos:hiddenLabel ?name }}
}}
"""

KINDS: dict[str, Kind] = {
    "gene": Kind(
        "gene",
        _NAMES.format(type_pattern="?e a <https://w3id.org/mirna-kg/ontology/Gene> ."),
        re.compile(r"^(?:hgnc:)?(\d+)$", re.IGNORECASE),
        "https://identifiers.org/hgnc:",
    ),
    "mirna": Kind(
        "miRNA",
        _NAMES.format(
            type_pattern="VALUES ?t { <https://w3id.org/mirna-kg/ontology/MatureMicroRNA> "
            "<https://w3id.org/mirna-kg/ontology/PrecursorMicroRNA> "
            "<https://w3id.org/mirna-kg/ontology/MicroRNAGroup> } ?e a/rdfs:subClassOf* ?t ."
        ),
        re.compile(r"^(?:mirbase(?:\.mature)?:)?(MIMAT\d+|MI\d+)$", re.IGNORECASE),
        "",
    ),
    "cell": Kind(
        "cell type",
        _NAMES.format(
            type_pattern="{ ?e a <http://www.w3.org/2002/07/owl#Class> . "
            "FILTER(STRSTARTS(STR(?e), 'http://purl.obolibrary.org/obo/CL_')) } UNION "
            "{ ?e rdfs:subClassOf ?parent . FILTER(STRSTARTS(STR(?e), 'https://w3id.org/mirna-kg/ontology/') "
            "&& STRSTARTS(STR(?parent), 'http://purl.obolibrary.org/obo/CL_')) }"
        ),
        re.compile(r"^CL[:_](\d{7})$", re.IGNORECASE),
        "http://purl.obolibrary.org/obo/CL_",
    ),
    "review": Kind(
        "review",
        """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?e ?label ?name WHERE {
  ?e a mkg:Review ; dcterms:identifier ?label .
  { ?e mkg:curationKey ?name } UNION { ?e dcterms:identifier ?name }
}
""",
        re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\S+)$", re.IGNORECASE),
        "https://doi.org/",
    ),
}

WRITTEN_QUERY = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
SELECT DISTINCT ?name WHERE { ?s mkg:mirnaAsWritten ?name }
"""

#: An absolute IRI with none of the characters SPARQL forbids inside ``<…>``.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")
_SPECIES = re.compile(r"^(hsa|mmu)-", re.IGNORECASE)


class Names(NamedTuple):
    """The entries of one kind (their IRIs): their labels and every name (label, synonym) that finds them."""

    labels: dict[str, str]
    by_name: dict[str, set[str]]  # casefolded name -> entries
    spelled: dict[str, str]  # casefolded name -> as spelled (for suggestions)

    def find(self, value: str) -> list[str]:
        """Entries whose label is ``value`` (any case), else those with it as a synonym."""
        wanted = value.strip().casefold()
        by_label = sorted(e for e, label in self.labels.items() if label.casefold() == wanted)
        return by_label or sorted(self.by_name.get(wanted, ()))


def names_of(store: Store, kind: Kind) -> Names:
    """Every name of every entry of ``kind`` in the store."""
    labels: dict[str, str] = {}
    by_name: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for row in store.select(kind.names_query).cells:
        e, label, name = (term_of(t) for t in row)
        if e is None or e[0] != "uri" or label is None or label[0] != "literal" or name is None:
            continue
        labels[e[1]] = label[1]
        by_name.setdefault(name[1].casefold(), set()).add(e[1])
        spelled.setdefault(name[1].casefold(), name[1])
    return Names(labels, by_name, spelled)


class Resolved(NamedTuple):
    """Parameter values as handed to the query, and notes for the person (what a name was taken to mean)."""

    values: dict[str, str]
    notes: list[str]


def _identifier_iri(kind: Kind, value: str) -> str | None:
    text = value.strip()
    match = kind.identifier.match(text)
    if match:
        if kind.what == "miRNA":
            accession = match.group(1).upper()
            return expand_iri(("mirbase.mature:" if accession.startswith("MIMAT") else "mirbase:") + accession)
        return kind.iri_prefix + match.group(1)
    if text.startswith(("http://", "https://")):
        return text
    if re.match(r"^[A-Za-z][\w.]*:\S+$", text) and not text.lower().startswith("doi:"):
        expanded = expand_iri(text)
        return expanded if expanded != text else None
    return None


def _loosely_named(names: Names, written: set[str], value: str) -> bool:
    """Whether a miRNA name as a review writes it finds something by the widening ``mirna_profile`` does
    (species prefix and arm optional, a group label starting with the name)."""
    wanted = _SPECIES.sub("", value.strip()).casefold()
    if wanted in {w.casefold() for w in written}:
        return True
    for label in names.labels.values():
        name = _SPECIES.sub("", label).casefold()
        if name in (wanted, f"{wanted}-5p", f"{wanted}-3p") or name.startswith(f"{wanted} "):
            return True
    return False


def resolve_value(store: Store, parameter: Parameter, value: str) -> tuple[str, str | None]:
    """The value to hand the query for ``parameter`` and a note when it was translated.

    Raises ``UnknownNameError`` (with close names) when the value names nothing of its kind, and
    ``AmbiguousNameError`` when it names several entries and the query needs one.
    """
    kind = KINDS.get(parameter.name)
    if kind is None:
        if parameter.kind == "iri" and not _IRI.match(expand_iri(value.strip())):
            raise QueryError(f"{parameter.name}={value!r} is not an IRI or CURIE; give e.g. {parameter.example}")
        return value.strip(), None
    names = names_of(store, kind)
    iri = _identifier_iri(kind, value)
    if iri is not None:
        if iri not in names.labels:
            raise UnknownNameError(
                f"no {kind.what} {value!r} in the graph ({compress(iri)} is not used)", parameter.name, []
            )
        found = [iri]
    else:
        found = names.find(value)
        if not found and kind.what == "miRNA" and parameter.kind == "string":
            written = {t[1] for (cell,) in store.select(WRITTEN_QUERY).cells if (t := term_of(cell)) is not None}
            if _loosely_named(names, written, value):
                return value, None  # a name as written: the query widens it itself
            raise _unknown(parameter.name, kind, value, set(names.spelled.values()) | written)
        if not found:
            raise _unknown(parameter.name, kind, value, set(names.spelled.values()))
        if len(found) > 1:
            shown = [f"{names.labels[e]} ({compress(e)})" for e in found]
            raise AmbiguousNameError(
                f"{parameter.name}={value!r} is a name of several {kind.what}s: {', '.join(shown)}; give one of them",
                parameter.name,
                shown,
            )
    entry = found[0]
    label = names.labels[entry]
    out = entry if parameter.kind == "iri" else label
    if value.strip() in (out, label) and parameter.kind != "iri":
        return out, None
    return out, f"{parameter.name}={value}: {label} ({compress(entry)})"


def _unknown(parameter: str, kind: Kind, value: str, candidates: set[str]) -> UnknownNameError:
    close = close_names(candidates, value)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return UnknownNameError(f"no {kind.what} named {value!r} in the graph{hint}", parameter, close)


def close_names(candidates: set[str], value: str, n: int = 5) -> list[str]:
    """Up to ``n`` candidates close to ``value`` (case-insensitive), best first."""
    import difflib  # only when a name is not found

    by_fold = {c.casefold(): c for c in sorted(candidates)}
    return [by_fold[c] for c in difflib.get_close_matches(value.casefold(), list(by_fold), n=n, cutoff=0.6)]


def resolve_params(store: Store, stored: StoredQuery, values: Mapping[str, str]) -> Resolved:
    """Every parameter value of ``stored`` resolved (see the module docstring); undeclared names are left for
    ``StoredQuery.bindings`` to refuse."""
    declared = {p.name: p for p in stored.parameters}
    out = Resolved(dict(values), [])
    for name, value in values.items():
        if name in declared:
            out.values[name], note = resolve_value(store, declared[name], value)
            if note:
                out.notes.append(note)
    return out
