"""The claims browser's use case: every regulatory claim as one row, facets with counts, filters, downloads.

The rows come from one stored query, ``claim_facets`` (one row per claim and fact), read once per store and put
together here — the same claims, with the same cell values, as ``all_claims``. Browsing is then plain Python
over those rows, in one pass: the server keeps the rows (its graph does not change) and answers each filter
without asking the store again.

Facets combine as a person expects: values of one facet are alternatives (OR), facets narrow each other (AND),
and each facet's counts are taken under the *other* facets' filters, so a count says how many rows choosing
that value would give. Two facets climb a hierarchy, as the stored queries do: a miRNA value matches claims on
its members and mature products (``mirna_profile``), a recipient cell matches claims on its Cell Ontology
subtypes (``mirnas_by_cell_lineage``).

>>> from mirna_kg import api
>>> table = claim_table(api.open_store())
>>> view = browse(table, Selection.parse({"cancer": ["MONDO:0007254"], "recipient": ["CL:0000235"]}))
>>> 0 < len(view.rows) < len(table.rows)
True
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from .answers import run_stored_query
from .errors import InputError
from .namespaces import bind_prefixes, compress
from .queries import find_query
from .stores.base import Store

#: The stored query the rows are read from.
QUERY = "claim_facets"
#: The columns of a download: those of the stored query ``all_claims``, cell for cell.
COLUMNS: tuple[str, ...] = tuple(find_query("all_claims").columns)
#: Download formats: name -> media type.
DOWNLOADS = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/json",
    "ttl": "text/turtle",
}


@dataclass(frozen=True, order=True)
class Term:
    """A value of a facet: its IRI (or a literal's text), its label, and the key a URL carries (a CURIE)."""

    label: str
    iri: str
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", compress(self.iri))

    def matches(self, chosen: set[str] | tuple[str, ...]) -> bool:
        """Whether a URL's chosen values name this term (by CURIE or by IRI)."""
        return self.key in chosen or self.iri in chosen


@dataclass
class ClaimRow:
    """One regulatory claim with everything the browser shows, filters on and downloads."""

    iri: str
    review: Term | None = None
    doi: str = ""
    mirna: Term | None = None
    families: list[Term] = field(default_factory=list)
    as_written: str = ""
    cancers: list[Term] = field(default_factory=list)
    sources: list[Term] = field(default_factory=list)
    vehicle: Term | None = None
    recipients: list[Term] = field(default_factory=list)
    lineage: list[Term] = field(default_factory=list)
    targets: list[Term] = field(default_factory=list)
    effect: Term | None = None
    effect_notation: str = ""
    """"promotes", "inhibits", or empty where the review states no effect (as ``all_claims`` writes it)."""
    flags: list[Term] = field(default_factory=list)
    table: str = ""
    sections: list[str] = field(default_factory=list)
    references: list[int] = field(default_factory=list)
    quote: str = ""
    text: str = ""
    """Everything a person may type to find the row, lower-cased (the free-text filter's haystack)."""
    facets: dict[str, frozenset[str]] = field(default_factory=dict)
    """Each facet's values for the row, by key (filled once, so browsing compares strings)."""

    @property
    def name(self) -> str:
        """The statement's local name (``gu2026-t4-r01-miR-19a-5p``)."""
        return self.iri.rsplit("/", 1)[-1]

    @property
    def location(self) -> str:
        """The table, else the sections — as ``all_claims`` writes it."""
        return self.table or ("section " + ";".join(self.sections) if self.sections else "")

    def cells(self) -> dict[str, str]:
        """The row as ``all_claims`` returns it (several values joined with ";" in label order)."""

        def joined(terms: Iterable[Term], attribute: str = "label") -> str:
            return ";".join(getattr(t, attribute) for t in sorted(terms))

        return {
            "claim": self.iri,
            "mirna": self.mirna.iri if self.mirna else "",
            "mirna_label": self.mirna.label if self.mirna else "",
            "cancer": joined(self.cancers, "iri"),
            "cancer_label": joined(self.cancers),
            "effect": self.effect_notation,
            "source_cell_label": joined(self.sources),
            "vehicle": self.vehicle.label if self.vehicle else "",
            "recipient_cell_label": joined(self.recipients),
            "targets": joined(self.targets),
            "review": self.doi,
            "location": self.location,
            "reference": ";".join(str(n) for n in self.references),
        }


@dataclass(frozen=True)
class Facet:
    """A way to narrow the rows: its URL key, its heading, and the values a row has for it."""

    key: str
    label: str
    values: Callable[[ClaimRow], Sequence[Term]]
    shown: Callable[[ClaimRow], Sequence[Term]] | None = None
    """The values listed for choosing, when fewer than those matched (a lineage lists the cells the reviews
    name, not every Cell Ontology class above them)."""
    help: str = ""


def _one(term: Term | None) -> list[Term]:
    return [term] if term else []


FACETS: tuple[Facet, ...] = (
    Facet("review", "Review", lambda r: _one(r.review)),
    Facet("cancer", "Cancer", lambda r: r.cancers),
    Facet(
        "mirna",
        "miRNA",
        lambda r: [*_one(r.mirna), *r.families],
        help="a precursor or group also matches its mature miRNAs and members",
    ),
    Facet("source", "Source cell", lambda r: r.sources),
    Facet("vehicle", "Vehicle", lambda r: _one(r.vehicle)),
    Facet(
        "recipient",
        "Recipient cell",
        lambda r: r.lineage,
        shown=lambda r: r.recipients,
        help="a cell type also matches its Cell Ontology subtypes",
    ),
    Facet("target", "Target gene", lambda r: r.targets),
    Facet("effect", "Effect on the tumour", lambda r: _one(r.effect)),
    Facet("flag", "Curation flag", lambda r: r.flags),
)
FACET_KEYS = tuple(f.key for f in FACETS)

#: Sortable columns: URL key -> (heading, the value a row sorts by).
SORTS: dict[str, tuple[str, Callable[[ClaimRow], object]]] = {
    "claim": ("Statement", lambda r: _natural(r.name)),
    "mirna": ("miRNA", lambda r: _natural(r.mirna.label if r.mirna else "")),
    "cancer": ("Cancer", lambda r: ";".join(t.label for t in sorted(r.cancers)).lower()),
    "effect": ("Effect", lambda r: r.effect_notation or "~"),
    "source": ("Source cell", lambda r: ";".join(t.label for t in sorted(r.sources)).lower() or "~"),
    "vehicle": ("Vehicle", lambda r: r.vehicle.label.lower() if r.vehicle else "~"),
    "recipient": ("Recipient cell", lambda r: ";".join(t.label for t in sorted(r.recipients)).lower() or "~"),
    "target": ("Targets", lambda r: ";".join(t.label for t in sorted(r.targets)).lower() or "~"),
    "review": ("Review", lambda r: (r.review.label if r.review else "", _natural(r.location))),
    "location": ("Where", lambda r: _natural(r.location)),
}


@dataclass(frozen=True)
class ClaimTable:
    """All claims of a store, as rows, in statement order."""

    rows: tuple[ClaimRow, ...]
    terms: dict[str, Term] = field(default_factory=dict)
    """Every facet value by key."""
    listed: dict[str, frozenset[str]] = field(default_factory=dict)
    """The values each facet lists for choosing (keys)."""


@dataclass(frozen=True)
class Selection:
    """What a person chose: values per facet, free text, and the sort. Parsed from (and written back to) a URL."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    text: str = ""
    sort: str = "claim"
    descending: bool = False

    @classmethod
    def parse(cls, params: Mapping[str, Sequence[str]]) -> Selection:
        """From query parameters (``cancer=MONDO:0007254&recipient=CL:0000235&q=exosome&sort=-mirna``)."""
        filters = []
        for facet in FACETS:
            chosen = tuple(dict.fromkeys(compress(v.strip()) for v in params.get(facet.key, ()) if v.strip()))
            if chosen:
                filters.append((facet.key, chosen))
        sort = (list(params.get("sort", ())) or ["claim"])[-1].strip() or "claim"
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        if sort not in SORTS:
            raise InputError(f"cannot sort by {sort!r}; sort by one of: {', '.join(SORTS)} (a leading - reverses)")
        text = " ".join(" ".join(params.get("q", ())).split())[:200]
        return cls(tuple(filters), text, sort, descending)

    def chosen(self, facet: str) -> tuple[str, ...]:
        return dict(self.filters).get(facet, ())

    def params(self) -> list[tuple[str, str]]:
        """The selection as query parameters, in a stable order (the URL that shares it)."""
        pairs = [(key, value) for key, values in self.filters for value in values]
        if self.text:
            pairs.append(("q", self.text))
        if self.sort != "claim" or self.descending:
            pairs.append(("sort", ("-" if self.descending else "") + self.sort))
        return pairs

    def toggled(self, facet: str, value: str) -> Selection:
        """The selection with ``value`` of ``facet`` added, or removed when it was chosen."""
        current = self.chosen(facet)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        filters = [(k, v) for k, v in self.filters if k != facet]
        if values:
            filters.append((facet, values))
        order = {k: i for i, k in enumerate(FACET_KEYS)}
        return Selection(tuple(sorted(filters, key=lambda kv: order[kv[0]])), self.text, self.sort, self.descending)

    def sorted_by(self, sort: str) -> Selection:
        """The selection sorted by ``sort`` (reversed when it already is sorted that way, ascending)."""
        descending = sort == self.sort and not self.descending
        return Selection(self.filters, self.text, sort, descending)


@dataclass(frozen=True)
class FacetValue:
    term: Term
    count: int
    chosen: bool


@dataclass(frozen=True)
class FacetCounts:
    facet: Facet
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class Browse:
    """The rows a selection gives, sorted, and every facet's values with their counts."""

    selection: Selection
    rows: tuple[ClaimRow, ...]
    total: int
    facets: tuple[FacetCounts, ...]


# ------------------------------------------------------------------------------------------------------------
# Reading the rows
# ------------------------------------------------------------------------------------------------------------


def claim_table(store: Store) -> ClaimTable:
    """Every regulatory claim of ``store`` as a row, read with one query (``claim_facets``)."""
    result = run_stored_query(store, QUERY)
    rows: dict[str, ClaimRow] = {}
    for claim, kind, value, label in result.rows:
        row = rows.setdefault(str(claim), ClaimRow(str(claim)))
        field_name, text = str(kind), str(value)
        term = Term(str(label) if label is not None else _local_name(text), text)
        if field_name in _TERM_FIELDS:
            setattr(row, field_name, term)
        elif field_name in _TEXT_FIELDS:
            setattr(row, field_name, text)
        elif field_name == "section":
            row.sections.append(text)
        elif field_name == "reference":
            row.references.append(int(text))
        else:
            getattr(row, _LISTS[field_name]).append(term)
    for row in rows.values():
        row.sections.sort()
        row.references.sort()
        for name in _LISTS.values():
            getattr(row, name).sort()
        row.text = _haystack(row)
    terms: dict[str, Term] = {}
    listed: dict[str, set[str]] = defaultdict(set)
    for row in rows.values():
        for f in FACETS:
            values = f.values(row)
            terms.update((t.key, t) for t in values)
            row.facets[f.key] = frozenset(t.key for t in values)
            listed[f.key].update(t.key for t in (f.shown(row) if f.shown else values))
    return ClaimTable(
        tuple(sorted(rows.values(), key=lambda r: r.iri)), terms, {k: frozenset(v) for k, v in listed.items()}
    )


#: ``claim_facets`` kinds that set one field of the row: to a term (IRI and label), or to the text itself.
_TERM_FIELDS = frozenset({"review", "mirna", "vehicle", "effect"})
_TEXT_FIELDS = frozenset({"doi", "as_written", "effect_notation", "table", "quote"})
_LISTS = {
    "family": "families",
    "cancer": "cancers",
    "source": "sources",
    "recipient": "recipients",
    "lineage": "lineage",
    "target": "targets",
    "flag": "flags",
}


def _haystack(row: ClaimRow) -> str:
    terms = [
        row.review,
        row.mirna,
        *row.families,
        *row.cancers,
        *row.sources,
        row.vehicle,
        *row.recipients,
        *row.targets,
        row.effect,
        *row.flags,
    ]
    words = [row.name, row.as_written, row.location, row.quote, *(str(n) for n in row.references)]
    words += [t.label for t in terms if t] + [t.key for t in terms if t]
    return "\n".join(words).lower()


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _natural(text: str) -> tuple:
    """A sort key that puts miR-9 before miR-21 and Table 4 before Table 10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text.lower()))


# ------------------------------------------------------------------------------------------------------------
# Browsing
# ------------------------------------------------------------------------------------------------------------


def browse(table: ClaimTable, selection: Selection) -> Browse:
    """The rows ``selection`` gives and each facet's counts, in one pass over the rows."""
    words = selection.text.lower().split()
    wanted = [(key, set(values)) for key, values in selection.filters]
    counts: dict[str, Counter[str]] = {f.key: Counter() for f in FACETS}
    kept: list[ClaimRow] = []
    for row in table.rows:
        if words and not all(w in row.text for w in words):
            continue
        failing = [key for key, chosen in wanted if row.facets[key].isdisjoint(chosen)]
        if not failing:
            kept.append(row)
            for key, values in row.facets.items():
                counts[key].update(values)
        elif len(failing) == 1:  # what choosing another value of that one facet would give
            counts[failing[0]].update(row.facets[failing[0]])
    kept.sort(key=SORTS[selection.sort][1], reverse=selection.descending)
    facets = []
    for f in FACETS:
        chosen = selection.chosen(f.key)
        tally = counts[f.key]
        keys = {k for k in table.listed.get(f.key, ()) if tally[k]} | set(chosen)
        values = [FacetValue(table.terms.get(k) or Term(k, k), tally[k], k in chosen) for k in keys]
        values.sort(key=lambda v: (not v.chosen, -v.count, v.term.label.lower()))
        facets.append(FacetCounts(f, tuple(values)))
    return Browse(selection, tuple(kept), len(table.rows), tuple(facets))


# ------------------------------------------------------------------------------------------------------------
# Downloads
# ------------------------------------------------------------------------------------------------------------


def download(store: Store, rows: Sequence[ClaimRow], fmt: str) -> bytes:
    """The rows in a download format: CSV, TSV or JSON with ``all_claims``' columns, or the claims' RDF (Turtle)."""
    if fmt not in DOWNLOADS:
        raise InputError(f"unknown download format {fmt!r}; use one of: {', '.join(DOWNLOADS)}")
    if fmt == "ttl":
        return claims_rdf(store, [r.iri for r in rows]).serialize(format="turtle", encoding="utf-8")
    cells = [r.cells() for r in rows]
    if fmt == "json":
        return json.dumps(cells, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    else:
        writer = csv.DictWriter(
            out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
    writer.writeheader()
    writer.writerows(cells)
    return out.getvalue().encode("utf-8")


def claims_rdf(store: Store, iris: Sequence[str]) -> Graph:
    """Every triple whose subject is one of the claims (their RDF as curated), with the project's prefixes."""
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    for start in range(0, len(iris), 200):  # VALUES blocks of a bounded size
        values = " ".join(URIRef(i).n3() for i in iris[start : start + 200])
        graph += store.construct(f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ VALUES ?c {{ {values} }} ?c ?p ?o }}")
    return graph
