"""A VoID + DCAT description of a release: what it is, where it comes from, how big, where to download it.

The counts are computed from the graph being described, so they always match it; the distributions are the
files of the release, given by file name (relative IRIs resolved against the description's own location).
The issue date comes from the input, never from the clock, so the same input gives the same bytes
(``release_date``).
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, date, datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from . import __version__
from .namespaces import BASE, MKG, ONTOLOGY_IRI, bind_prefixes

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT3 = Namespace(str(DCAT))  # open namespace: dcat:version is DCAT 3, newer than rdflib's DCAT
DATASET = URIRef(BASE + "dataset")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
EXAMPLE_TYPES = (MKG.RegulatoryClaim, MKG.CellCompositionObservation, MKG.BiomarkerStatement, MKG.TherapeuticStatement)


#: Dates of the ontology header that say when the graph was made or last changed.
RELEASE_DATE_PROPERTIES = (DCTERMS.modified, DCTERMS.issued, DCTERMS.created)


def release_date(graph: Graph) -> date:
    """The issue date of a release of ``graph``: deterministic, so two builds of one input are byte-identical.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) wins when set; otherwise the newest
    ``dcterms:modified`` / ``issued`` / ``created`` date of the graph's ``owl:Ontology`` headers (so a curator
    who bumps ``dcterms:modified`` in ontology/mirna-kg.ttl dates the release). 1970-01-01 when there is none.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    found = []
    for header in graph.subjects(RDF.type, OWL.Ontology):
        for prop in RELEASE_DATE_PROPERTIES:
            for value in graph.objects(header, prop):
                when = value.toPython() if isinstance(value, Literal) else None
                if isinstance(when, datetime):
                    found.append(when.date())
                elif isinstance(when, date):
                    found.append(when)
    return max(found, default=date(1970, 1, 1))


def describe(graph: Graph, distributions: dict[str, str], issued: date | None = None) -> Graph:
    """VoID/DCAT for ``graph``; ``distributions`` maps file names to media types (``issued``: see
    ``release_date``)."""
    void = Graph()
    bind_prefixes(void.namespace_manager)
    void.bind("void", VOID)
    void.bind("dcat", DCAT)
    void.bind("foaf", FOAF)
    add = void.add
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal("mirna-kg: microRNAs in the tumour microenvironment", lang="en")))
    add(
        (
            DATASET,
            DCTERMS.description,
            Literal(
                "Regulatory claims, cell-composition observations, biomarker and therapeutic statements about "
                "microRNAs in the tumour microenvironment, curated from two reviews with per-statement provenance.",
                lang="en",
            ),
        )
    )
    add((DATASET, DCTERMS.license, LICENSE))
    add((DATASET, DCAT3.version, Literal(__version__)))
    add((DATASET, OWL.versionInfo, Literal(__version__)))
    add((DATASET, DCTERMS.issued, Literal((issued or release_date(graph)).isoformat(), datatype=XSD.date)))
    add((DATASET, VOID.vocabulary, URIRef(str(MKG))))
    add((DATASET, DCTERMS.conformsTo, ONTOLOGY_IRI))
    for source in sorted(graph.subjects(RDF.type, MKG.Review)):  # the reviews are data, not code
        add((DATASET, DCTERMS.source, source))
    _counts(graph, void)
    for rdf_type in EXAMPLE_TYPES:
        example = next(iter(sorted(graph.subjects(RDF.type, rdf_type))), None)
        if example is not None:
            add((DATASET, VOID.exampleResource, example))
    for file_name, media_type in distributions.items():
        distribution = URIRef(file_name)
        add((DATASET, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.title, Literal(file_name)))
        add((distribution, DCAT.downloadURL, distribution))
        add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")))
        add((distribution, DCTERMS.format, Literal(media_type)))
        if media_type in {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}:
            add((DATASET, VOID.dataDump, distribution))
    return void


def _counts(graph: Graph, void: Graph) -> None:
    subjects = set(graph.subjects())
    objects = set(graph.objects())
    entities = {s for s in subjects if isinstance(s, URIRef)}
    classes = Counter(o for o in graph.objects(None, RDF.type))
    properties = Counter(p for p in graph.predicates())
    void.add((DATASET, VOID.triples, Literal(len(graph))))
    void.add((DATASET, VOID.entities, Literal(len(entities))))
    void.add((DATASET, VOID.distinctSubjects, Literal(len(subjects))))
    void.add((DATASET, VOID.distinctObjects, Literal(len(objects))))
    void.add((DATASET, VOID.classes, Literal(len(classes))))
    void.add((DATASET, VOID.properties, Literal(len(properties))))
    for cls, _ in sorted(classes.items()):
        members = {s for s in graph.subjects(RDF.type, cls)}
        partition = BNode()
        void.add((DATASET, VOID.classPartition, partition))
        void.add((partition, VOID["class"], cls))
        void.add((partition, VOID.entities, Literal(len(members))))
    for prop, count in sorted(properties.items()):
        partition = BNode()
        void.add((DATASET, VOID.propertyPartition, partition))
        void.add((partition, VOID.property, prop))
        void.add((partition, VOID.triples, Literal(count)))
