"""Every IRI and prefix of mirna-kg, in one place.

Our own terms live under one permanent base, ``https://w3id.org/mirna-kg/``; external identifiers are used
as the authorities publish them (identifiers.org for miRBase and HGNC, OBO PURLs for CL, GO, MONDO, ECO,
SO, RO and NCBITaxon). The prefix map here feeds the Turtle we write, the SPARQL prefixes we check and the
CURIEs we print, so an IRI is never spelled out anywhere else in the code.

>>> str(MKG.RegulatoryClaim)
'https://w3id.org/mirna-kg/ontology/RegulatoryClaim'
>>> compress(OBO["CL_0000235"])
'CL:0000235'
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Final

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager

if TYPE_CHECKING:
    import curies

BASE: Final = "https://w3id.org/mirna-kg/"

MKG: Final = Namespace(BASE + "ontology/")
"""Classes, properties and value-set individuals of the mirna-kg ontology."""
MKGS: Final = Namespace(BASE + "statement/")
"""Curated statements: regulatory claims, observations, biomarker and therapeutic statements."""
MKGR: Final = Namespace(BASE + "resource/")
"""Curated entities that no external authority identifies: pathways, miRNA groups."""
SH: Final = Namespace("http://www.w3.org/ns/shacl#")
MKGSH: Final = Namespace(BASE + "shapes/")

ONTOLOGY_IRI: Final = URIRef(BASE + "ontology")

OBO: Final = Namespace("http://purl.obolibrary.org/obo/")
MIRBASE: Final = Namespace("https://identifiers.org/mirbase:")
MIRBASE_MATURE: Final = Namespace("https://identifiers.org/mirbase.mature:")
HGNC: Final = Namespace("https://identifiers.org/hgnc:")
DOI: Final = Namespace("https://doi.org/")
GRAPH: Final = Namespace(BASE + "graph/")
"""Named graphs of a store: the curated graph, the inferred triples, and one per external source release."""

MKGE: Final = Namespace(BASE + "evidence/")
"""External evidence: interaction records ingested from database releases, and the miRNA–gene interactions."""
MKGD: Final = Namespace(BASE + "dataset/")
"""Database releases that external evidence is ingested from (one prov:Entity / dcat:Dataset node each)."""
NCBIGENE: Final = Namespace("https://identifiers.org/ncbigene:")
ENSEMBL: Final = Namespace("https://identifiers.org/ensembl:")
DCAT: Final = Namespace("http://www.w3.org/ns/dcat#")

#: The named graphs every store keeps (queries see their union as the default graph).
CURATED_GRAPH: Final = GRAPH["curated"]
INFERRED_GRAPH: Final = GRAPH["inferred"]

#: CURIE prefix -> IRI prefix. OBO ontologies are listed one by one so CURIEs read CL:0000235, not obo:CL_….
PREFIXES: Final[dict[str, str]] = {
    "mkg": str(MKG),
    "mkgs": str(MKGS),
    "mkgr": str(MKGR),
    "mirbase": str(MIRBASE),
    "mirbase.mature": str(MIRBASE_MATURE),
    "hgnc": str(HGNC),
    "CL": str(OBO) + "CL_",
    "GO": str(OBO) + "GO_",
    "MONDO": str(OBO) + "MONDO_",
    "DOID": str(OBO) + "DOID_",
    "ECO": str(OBO) + "ECO_",
    "SO": str(OBO) + "SO_",
    "RO": str(OBO) + "RO_",
    "NCBITaxon": str(OBO) + "NCBITaxon_",
    "obo": str(OBO),
    "doi": str(DOI),
    "mkgg": str(GRAPH),
    "mkge": str(MKGE),
    "mkgd": str(MKGD),
    "ncbigene": str(NCBIGENE),
    "ensembl": str(ENSEMBL),
    "dcat": str(DCAT),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "sh": str(SH),
}

#: Turtle cannot write ``CL:0000235`` for an OBO IRI whose prefix we bind as ``CL:`` *and* ``obo:``; the
#: writer gets the unambiguous subset (no ``obo:``).
TURTLE_PREFIXES: Final = {k: v for k, v in PREFIXES.items() if k != "obo"}

#: The external authorities whose identifiers must resolve in the shipped subsets (ontology/imports/).
EXTERNAL_AUTHORITIES: Final[dict[str, str]] = {
    "mirbase": str(MIRBASE),
    "mirbase.mature": str(MIRBASE_MATURE),
    "hgnc": str(HGNC),
    "CL": PREFIXES["CL"],
    "GO": PREFIXES["GO"],
    "MONDO": PREFIXES["MONDO"],
    "DOID": PREFIXES["DOID"],
    "ECO": PREFIXES["ECO"],
    "SO": PREFIXES["SO"],
    "RO": PREFIXES["RO"],
    "NCBITaxon": PREFIXES["NCBITaxon"],
}


def release_graph(source: str, release: str) -> URIRef:
    """The named graph of one source release: ``mkgg:mirtarbase-10.0``."""
    return GRAPH[f"{slug(source)}-{slug(release)}"]


def release_iri(source: str, release: str) -> URIRef:
    """The node describing one source release (a dcat:Dataset): ``mkgd:mirtarbase-10.0``."""
    return MKGD[f"{slug(source)}-{slug(release)}"]


def interaction_iri(mature_accession: str, gene_curie: str) -> URIRef:
    """The interaction of a mature miRNA and a gene, minted from their identifiers (queries rebuild it):
    ``mkge:interaction/MIMAT0000076-hgnc.9588``."""
    return URIRef(interaction_iri_text(mature_accession, gene_curie))


def interaction_iri_text(mature_accession: str, gene_curie: str) -> str:
    """``interaction_iri`` as a plain string: ingest mints one per row, and skips building an rdflib term."""
    return f"{_INTERACTION_BASE}{mature_accession}-{gene_curie.replace(':', '.')}"


def interaction_parts(iri: str) -> tuple[str, str] | None:
    """The (mature accession, gene CURIE) an interaction IRI was minted from, or None for another IRI.

    The inverse of ``interaction_iri``, so a streaming export can name both ends of a record's interaction
    without looking the interaction up.

    >>> interaction_parts("https://w3id.org/mirna-kg/evidence/interaction/MIMAT0000076-hgnc.9588")
    ('MIMAT0000076', 'hgnc:9588')
    """
    if not iri.startswith(_INTERACTION_BASE):
        return None
    accession, _, gene = iri[len(_INTERACTION_BASE) :].partition("-")
    prefix, _, local = gene.partition(".")
    if not accession or not local:
        return None
    return accession, f"{prefix}:{local}"


_INTERACTION_BASE: Final = f"{MKGE}interaction/"


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind our prefix map on a graph's namespace manager (replacing rdflib's defaults)."""
    for prefix, iri in TURTLE_PREFIXES.items():
        manager.bind(prefix, iri, override=True, replace=True)


@cache
def converter() -> curies.Converter:
    """The prefix map as a ``curies`` converter (longest IRI prefix wins, so ``mirbase.mature:`` beats
    ``mirbase:``). Built on first use: ``curies`` brings pydantic with it (a costly import), which the commands
    that never print a CURIE — ingest's mapping process above all — do without."""
    import curies

    return curies.Converter.from_prefix_map(TURTLE_PREFIXES)


def compress(iri: str) -> str:
    """CURIE for ``iri`` under our prefix map, or the IRI itself when no prefix covers it."""
    return converter().compress(iri) or iri


def expand(curie_or_iri: str) -> URIRef:
    """IRI for a CURIE (``CL:0000235``), or the IRI itself when given one."""
    expanded = converter().expand(curie_or_iri) if ":" in curie_or_iri else None
    return URIRef(expanded or curie_or_iri)


def authority_of(iri: str) -> str | None:
    """Which external authority an IRI belongs to (``"CL"``, ``"hgnc"`` …), or None for our own/others."""
    best: str | None = None
    for name, base in EXTERNAL_AUTHORITIES.items():
        if iri.startswith(base) and (best is None or len(base) > len(EXTERNAL_AUTHORITIES[best])):
            best = name
    return best


_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")


def slug(text: str) -> str:
    """A name made safe for a Turtle local name: runs of other characters become one ``_``."""
    return _SLUG_UNSAFE.sub("_", text.strip()).strip("_.")


def location_slug(location: str) -> str:
    """``"Table 4"`` -> ``t4``, ``"Table I"`` -> ``tI``, ``"4.1.1"`` -> ``s4.1.1``."""
    text = location.strip()
    if match := re.fullmatch(r"[Tt]able\s+(\S+)", text):
        return "t" + slug(match.group(1))
    return "s" + slug(text.split()[0]) if text else "s"
