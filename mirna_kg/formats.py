"""The one table of RDF and SPARQL-results formats: file suffix, media type, rdflib name, Oxigraph name.

Loading, the stores, export and the web server all look formats up here, so a format is named once. Source
files are triples only: the curated graph has no named graphs of its own (the stores put it in one, see
``mirna_kg.namespaces.GRAPHS``), and a quad file (``.trig``, ``.nq``) would silently lose its graph names in
rdflib's merge, so it is refused everywhere with the same message.

>>> rdf_format_of(Path("data/ttl/reviews.ttl")).media_type
'text/turtle'
>>> negotiate("application/sparql-results+json;q=0.9, text/csv", RESULT_FORMATS).name
'csv'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, TypeVar

from .errors import InputError


class RdfFormat(NamedTuple):
    """An RDF serialization as every component of mirna-kg names it."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    rdflib: str
    oxigraph: str
    """Attribute name on ``pyoxigraph.RdfFormat``."""
    quads: bool = False
    aliases: tuple[str, ...] = ()
    """Other media types clients send for the same format."""

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @property
    def file_name(self) -> str:
        """The release file of this format (``mirna-kg.ttl``)."""
        return f"mirna-kg{self.suffix}"

    def to_oxigraph(self) -> object:
        import pyoxigraph

        return getattr(pyoxigraph.RdfFormat, self.oxigraph)


class ResultsFormat(NamedTuple):
    """A SPARQL query-results serialization (SELECT and ASK)."""

    name: str
    suffix: str
    media_type: str
    oxigraph: str
    aliases: tuple[str, ...] = ()

    def to_oxigraph(self) -> object:
        import pyoxigraph

        return getattr(pyoxigraph.QueryResultsFormat, self.oxigraph)


TURTLE = RdfFormat("turtle", (".ttl",), "text/turtle", "turtle", "TURTLE", aliases=("application/x-turtle",))
NTRIPLES = RdfFormat("ntriples", (".nt",), "application/n-triples", "nt", "N_TRIPLES", aliases=("text/plain",))
JSONLD = RdfFormat("jsonld", (".jsonld",), "application/ld+json", "json-ld", "JSON_LD")
RDFXML = RdfFormat("rdfxml", (".owl", ".rdf"), "application/rdf+xml", "xml", "RDF_XML", aliases=("application/xml",))
NQUADS = RdfFormat("nquads", (".nq",), "application/n-quads", "nquads", "N_QUADS", quads=True)
TRIG = RdfFormat("trig", (".trig",), "application/trig", "trig", "TRIG", quads=True)

RDF_FORMATS: tuple[RdfFormat, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS, TRIG)
TRIPLE_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in RDF_FORMATS if not f.quads)
#: The serialisations a release carries (``mirna-kg build``, ``mirna-kg export --format NAME``).
RELEASE_FORMATS: tuple[RdfFormat, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML)

SPARQL_JSON = ResultsFormat("json", ".srj", "application/sparql-results+json", "JSON", aliases=("application/json",))
SPARQL_XML = ResultsFormat("xml", ".srx", "application/sparql-results+xml", "XML", aliases=("application/xml",))
SPARQL_CSV = ResultsFormat("csv", ".csv", "text/csv", "CSV")
SPARQL_TSV = ResultsFormat("tsv", ".tsv", "text/tab-separated-values", "TSV")
RESULT_FORMATS: tuple[ResultsFormat, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)

#: Suffixes of the files the project reads as sources (quad formats are recognised only to refuse them).
RDF_SUFFIXES = frozenset(s for f in RDF_FORMATS for s in f.suffixes)

F = TypeVar("F", RdfFormat, ResultsFormat)


def rdf_format_of(path: Path, *, quads_allowed: bool = False) -> RdfFormat:
    """The format of an RDF file, from its suffix; an ``InputError`` that says what to do otherwise."""
    suffix = path.suffix.lower()
    for fmt in RDF_FORMATS:
        if suffix in fmt.suffixes:
            if fmt.quads and not quads_allowed:
                raise InputError(
                    f"{path}: {fmt.name} files hold named graphs, which mirna-kg sources do not keep; "
                    "convert it to Turtle or N-Triples (one graph per file), e.g. `oxigraph convert`"
                )
            return fmt
    known = ", ".join(sorted(s for f in TRIPLE_FORMATS for s in f.suffixes))
    raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use one of {known})")


def rdf_format_named(name: str) -> RdfFormat:
    """An RDF format by its short name (``turtle``, ``ntriples`` …)."""
    for fmt in RDF_FORMATS:
        if fmt.name == name:
            return fmt
    raise InputError(f"unknown RDF format {name!r}; use one of {', '.join(f.name for f in TRIPLE_FORMATS)}")


def negotiate(accept: str | None, offered: Sequence[F]) -> F | None:
    """The offered format an HTTP ``Accept`` header prefers (q-values honoured, ``*/*`` is the first offer).

    None when the client accepts none of them; the first offer when there is no header.
    """
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, F] | None = None
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        match = _match(media.lower(), offered)
        if match is not None and (best is None or quality > best[0]):
            best = (quality, position, match)
    return best[2] if best else None


def _match(media: str, offered: Sequence[F]) -> F | None:
    if media in ("*/*", ""):
        return offered[0]
    if media.endswith("/*"):
        family = media[:-1]
        return next((f for f in offered if f.media_type.startswith(family)), None)
    return next((f for f in offered if media == f.media_type or media in f.aliases), None)
