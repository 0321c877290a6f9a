"""The graph's own vocabulary, for completing a SPARQL query as it is typed: prefixes, classes, properties.

The SPARQL editor completes from this server, never from a vocabulary service on the network: the classes are
those the graph declares (the ontology and its imported subsets), the properties those it declares or uses.
Entity names (``hsa-miR-21`` → its IRI) come from ``entities.search``. A term matches when its IRI, CURIE or
label starts with what was typed, then when the label or local name contains it.

>>> from mirna_kg import api
>>> words = vocabulary(api.open_store())
>>> complete(words.classes, "RegulatoryCl")[0].curie
'mkg:RegulatoryClaim'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS

from .namespaces import TURTLE_PREFIXES, compress
from .stores.base import Store


@dataclass(frozen=True)
class Word:
    """A class or property: its IRI, CURIE and label."""

    iri: str
    curie: str
    label: str


@dataclass(frozen=True)
class Vocabulary:
    """What a query over this graph may name: prefixes, classes and properties."""

    prefixes: dict[str, str]
    classes: tuple[Word, ...]
    properties: tuple[Word, ...]


def vocabulary(store: Store) -> Vocabulary:
    """The prefixes, declared classes, and declared or used properties of the graph in ``store``."""
    classes = store.select(f"""
        SELECT ?term (SAMPLE(?l) AS ?label) WHERE {{
          {{ ?term a <{OWL.Class}> }} UNION {{ ?term a <{RDFS.Class}> }}
          FILTER(isIRI(?term))
          OPTIONAL {{ ?term <{RDFS.label}> ?l }}
        }} GROUP BY ?term""").rows
    properties = store.select(f"""
        SELECT ?term (SAMPLE(?l) AS ?label) WHERE {{
          {{ ?term a <{OWL.ObjectProperty}> }} UNION {{ ?term a <{OWL.DatatypeProperty}> }}
          UNION {{ ?term a <{OWL.AnnotationProperty}> }} UNION {{ ?term a <{RDF.Property}> }}
          UNION {{ SELECT DISTINCT ?term WHERE {{ ?s ?term ?o }} }}
          OPTIONAL {{ ?term <{RDFS.label}> ?l }}
        }} GROUP BY ?term""").rows
    return Vocabulary(dict(TURTLE_PREFIXES), _words(classes), _words(properties))


def _words(rows: list[tuple]) -> tuple[Word, ...]:
    words = {
        str(term): Word(str(term), compress(str(term)), str(label) if label is not None else "")
        for term, label in rows
        if term is not None
    }
    return tuple(sorted(words.values(), key=lambda w: w.curie))


def complete(words: tuple[Word, ...], typed: str, limit: int = 50) -> list[Word]:
    """The words that complete ``typed`` (an IRI or CURIE start, or part of a label), best first."""
    text = typed.strip().lstrip("<").rstrip(">").lower()
    if not text:
        return list(words[:limit])
    ranked = []
    for w in words:
        local = re.split(r"[/#:]", w.iri)[-1].lower()
        label = w.label.lower()
        if w.iri.lower().startswith(text) or w.curie.lower().startswith(text):
            score = 0
        elif local.startswith(text) or label.startswith(text):
            score = 1
        elif text in label or text in local:
            score = 2
        else:
            continue
        ranked.append((score, not w.curie.startswith("mkg:"), len(w.curie), w.curie, w))  # ours first
    ranked.sort(key=lambda r: r[:4])
    return [r[4] for r in ranked[:limit]]
