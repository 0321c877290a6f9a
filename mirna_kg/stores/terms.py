"""The terms of a query result, read the same way whichever library holds them.

Oxigraph answers with pyoxigraph's terms, the rdflib engine and remote endpoints with rdflib's. The writers
(``mirna_kg.results`` for people, ``protocol`` for the SPARQL protocol) and the name lookups read either kind
through ``term_of``, as a ``Term`` tuple, so a query on the Oxigraph store is answered without importing rdflib
(the largest import of a process); ``rdflib_of`` converts a pyoxigraph term for the callers that want rdflib's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import BNode, Literal
    from rdflib.term import Identifier

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: A term as the writers need it: (kind, value, language, datatype); kind is "uri", "bnode" or "literal".
Term = tuple[str, str, str | None, str | None]

#: A pyoxigraph term of a SELECT row.
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

#: pyoxigraph's terms that a SELECT row holds (RDF-star triple terms aside).
OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


def ox_term(term: object) -> Term | None:
    """A pyoxigraph term as the writers take it; a plain literal's ``xsd:string`` and a language-tagged literal's
    ``rdf:langString`` are left out, as an rdflib literal leaves them out."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    if isinstance(term, ox.Literal):
        language = term.language
        datatype = None if language else term.datatype.value
        return ("literal", term.value, language, None if datatype == XSD_STRING else datatype)
    return ("literal", str(term), None, None)  # RDF-star triple terms, written as text


def rdflib_term(term: Identifier | None) -> Term | None:
    """An rdflib term as the writers take it (rdflib is imported here, not at start-up: a table of rdflib terms
    exists only once something has imported it)."""
    if term is None:
        return None
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        return ("literal", str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    return ("uri", str(term), None, None)


def term_of(term: object) -> Term | None:
    """A term of either library as the writers take it: pyoxigraph's without importing rdflib."""
    if term is None or isinstance(term, OX_TERMS):
        return ox_term(term)
    return rdflib_term(term)  # type: ignore[arg-type]


def text_of(term: object) -> str:
    """A term's text — an IRI, a literal's lexical form, a blank node's label; "" when unbound — without the
    tuple of ``term_of`` (a CSV or TSV cell, one per term of a result)."""
    if term is None:
        return ""
    return term.value if isinstance(term, OX_TERMS) else str(term)


def literal(value: str, language: str | None, datatype: str | None) -> Literal:
    """An rdflib literal from its parts, plain ``xsd:string`` literals written without a datatype."""
    from rdflib import Literal, URIRef

    if language:
        return Literal(value, lang=language)
    if datatype and datatype != XSD_STRING:
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


def blank(label: str) -> BNode:
    from rdflib import BNode

    return BNode(label)


def rdflib_of(term: OxTerm | None) -> Identifier | None:
    """A pyoxigraph term as rdflib's (``ResultTable.rows``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        from rdflib import URIRef

        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blank(term.value)
    return literal(term.value, term.language, term.datatype.value)
