"""Every IRI and prefix of mirna-kg, in one place.

Our own terms live under one permanent base, ``https://w3id.org/mirna-kg/``; external identifiers are used
as the authorities publish them (identifiers.org for miRBase and HGNC, OBO PURLs for CL, GO, MONDO, ECO,
SO, RO and NCBITaxon). The prefix map here feeds the Turtle we write, the SPARQL prefixes we check and the
CURIEs we print, so an IRI is never spelled out anywhere else in the code.

The namespaces and IRIs as rdflib terms (``MKG``, ``CURATED_GRAPH`` …) are made on first use (the module's
``__getattr__``): importing rdflib is the largest part of starting a process, and a stored query on the
Oxigraph store needs only the plain strings (``GRAPH_IRI``, ``CURATED_GRAPH_IRI``, ``PREFIXES``), ``compress``
and ``expand_iri``, none of which touches rdflib.

>>> from mirna_kg.namespaces import MKG, OBO
>>> str(MKG.RegulatoryClaim)
'https://w3id.org/mirna-kg/ontology/RegulatoryClaim'
>>> compress(OBO["CL_0000235"])
'CL:0000235'
>>> expand_iri("mirbase.mature:MIMAT0000076")
'https://identifiers.org/mirbase.mature:MIMAT0000076'
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from rdflib import Namespace, URIRef
    from rdflib.namespace import NamespaceManager

BASE: Final = "https://w3id.org/mirna-kg/"

#: The namespaces as plain strings; each is also a module attribute as an rdflib ``Namespace`` (see the notes).
NAMESPACE_IRIS: Final[dict[str, str]] = {
    "MKG": BASE + "ontology/",  # classes, properties and value-set individuals of the mirna-kg ontology
    "MKGS": BASE + "statement/",  # curated statements: claims, observations, biomarker and therapeutic statements
    "MKGR": BASE + "resource/",  # curated entities that no external authority identifies: pathways, miRNA groups
    "SH": "http://www.w3.org/ns/shacl#",
    "MKGSH": BASE + "shapes/",
    "OBO": "http://purl.obolibrary.org/obo/",
    "MIRBASE": "https://identifiers.org/mirbase:",
    "MIRBASE_MATURE": "https://identifiers.org/mirbase.mature:",
    "HGNC": "https://identifiers.org/hgnc:",
    "DOI": "https://doi.org/",
    "GRAPH": BASE + "graph/",  # named graphs: the curated graph, the inferred triples, one per source release
    "MKGE": BASE + "evidence/",  # ingested interaction records, and the miRNA–gene interactions
    "MKGD": BASE + "dataset/",  # database releases that evidence is ingested from (prov:Entity / dcat:Dataset)
    "NCBIGENE": "https://identifiers.org/ncbigene:",
    "ENSEMBL": "https://identifiers.org/ensembl:",
    "DCAT": "http://www.w3.org/ns/dcat#",
}

GRAPH_IRI: Final = NAMESPACE_IRIS["GRAPH"]
#: The named graphs every store keeps (queries see their union as the default graph), as plain strings.
CURATED_GRAPH_IRI: Final = GRAPH_IRI + "curated"
INFERRED_GRAPH_IRI: Final = GRAPH_IRI + "inferred"

#: Single IRIs, as plain strings; each is also a module attribute as an rdflib ``URIRef``.
TERM_IRIS: Final[dict[str, str]] = {
    "ONTOLOGY_IRI": BASE + "ontology",
    "CURATED_GRAPH": CURATED_GRAPH_IRI,
    "INFERRED_GRAPH": INFERRED_GRAPH_IRI,
}

#: rdflib's own namespaces, which other modules take from here with ours.
_RDFLIB_NAMESPACES = ("DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD")

if TYPE_CHECKING:
    MKG: Namespace
    MKGS: Namespace
    MKGR: Namespace
    SH: Namespace
    MKGSH: Namespace
    OBO: Namespace
    MIRBASE: Namespace
    MIRBASE_MATURE: Namespace
    HGNC: Namespace
    DOI: Namespace
    GRAPH: Namespace
    MKGE: Namespace
    MKGD: Namespace
    NCBIGENE: Namespace
    ENSEMBL: Namespace
    DCAT: Namespace
    ONTOLOGY_IRI: URIRef
    CURATED_GRAPH: URIRef
    INFERRED_GRAPH: URIRef
    from rdflib.namespace import DCTERMS as DCTERMS
    from rdflib.namespace import OWL as OWL
    from rdflib.namespace import PROV as PROV
    from rdflib.namespace import RDF as RDF
    from rdflib.namespace import RDFS as RDFS
    from rdflib.namespace import SKOS as SKOS
    from rdflib.namespace import XSD as XSD


def __getattr__(name: str) -> object:
    """The rdflib terms (``MKG``, ``CURATED_GRAPH``, ``RDF`` …), made when a module first asks for one and kept."""
    if name in NAMESPACE_IRIS:
        from rdflib import Namespace

        value: object = Namespace(NAMESPACE_IRIS[name])
    elif name in TERM_IRIS:
        from rdflib import URIRef

        value = URIRef(TERM_IRIS[name])
    elif name in _RDFLIB_NAMESPACES:
        from rdflib import namespace

        value = getattr(namespace, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


_OBO: Final = NAMESPACE_IRIS["OBO"]

#: CURIE prefix -> IRI prefix. OBO ontologies are listed one by one so CURIEs read CL:0000235, not obo:CL_….
PREFIXES: Final[dict[str, str]] = {
    "mkg": NAMESPACE_IRIS["MKG"],
    "mkgs": NAMESPACE_IRIS["MKGS"],
    "mkgr": NAMESPACE_IRIS["MKGR"],
    "mirbase": NAMESPACE_IRIS["MIRBASE"],
    "mirbase.mature": NAMESPACE_IRIS["MIRBASE_MATURE"],
    "hgnc": NAMESPACE_IRIS["HGNC"],
    "CL": _OBO + "CL_",
    "GO": _OBO + "GO_",
    "MONDO": _OBO + "MONDO_",
    "DOID": _OBO + "DOID_",
    "ECO": _OBO + "ECO_",
    "SO": _OBO + "SO_",
    "RO": _OBO + "RO_",
    "NCBITaxon": _OBO + "NCBITaxon_",
    "obo": _OBO,
    "doi": NAMESPACE_IRIS["DOI"],
    "mkgg": GRAPH_IRI,
    "mkge": NAMESPACE_IRIS["MKGE"],
    "mkgd": NAMESPACE_IRIS["MKGD"],
    "ncbigene": NAMESPACE_IRIS["NCBIGENE"],
    "ensembl": NAMESPACE_IRIS["ENSEMBL"],
    "dcat": NAMESPACE_IRIS["DCAT"],
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": NAMESPACE_IRIS["SH"],
}

#: Turtle cannot write ``CL:0000235`` for an OBO IRI whose prefix we bind as ``CL:`` *and* ``obo:``; the
#: writer gets the unambiguous subset (no ``obo:``).
TURTLE_PREFIXES: Final = {k: v for k, v in PREFIXES.items() if k != "obo"}

#: The external authorities whose identifiers must resolve in the shipped subsets (ontology/imports/).
EXTERNAL_AUTHORITIES: Final[dict[str, str]] = {
    "mirbase": PREFIXES["mirbase"],
    "mirbase.mature": PREFIXES["mirbase.mature"],
    "hgnc": PREFIXES["hgnc"],
    "CL": PREFIXES["CL"],
    "GO": PREFIXES["GO"],
    "MONDO": PREFIXES["MONDO"],
    "DOID": PREFIXES["DOID"],
    "ECO": PREFIXES["ECO"],
    "SO": PREFIXES["SO"],
    "RO": PREFIXES["RO"],
    "NCBITaxon": PREFIXES["NCBITaxon"],
}


def _uri_ref(iri: str) -> URIRef:
    from rdflib import URIRef

    return URIRef(iri)


def release_graph(source: str, release: str) -> URIRef:
    """The named graph of one source release: ``mkgg:mirtarbase-10.0``."""
    return _uri_ref(f"{GRAPH_IRI}{slug(source)}-{slug(release)}")


def release_iri(source: str, release: str) -> URIRef:
    """The node describing one source release (a dcat:Dataset): ``mkgd:mirtarbase-10.0``."""
    return _uri_ref(f"{NAMESPACE_IRIS['MKGD']}{slug(source)}-{slug(release)}")


def interaction_iri(mature_accession: str, gene_curie: str) -> URIRef:
    """The interaction of a mature miRNA and a gene, minted from their identifiers (queries rebuild it):
    ``mkge:interaction/MIMAT0000076-hgnc.9588``."""
    return _uri_ref(interaction_iri_text(mature_accession, gene_curie))


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


_INTERACTION_BASE: Final = f"{NAMESPACE_IRIS['MKGE']}interaction/"


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind our prefix map on a graph's namespace manager (replacing rdflib's defaults)."""
    for prefix, iri in TURTLE_PREFIXES.items():
        manager.bind(prefix, iri, override=True, replace=True)


@cache
def _iri_prefixes() -> re.Pattern[str]:
    """The IRI prefixes of ``TURTLE_PREFIXES``, longest first, so that the first to match is the longest
    (``mirbase.mature:`` beats ``mirbase:``, ``CL:`` beats ``obo:``)."""
    bases = sorted(TURTLE_PREFIXES.values(), key=len, reverse=True)
    return re.compile("|".join(re.escape(base) for base in bases))


_PREFIX_OF: Final = {iri: prefix for prefix, iri in TURTLE_PREFIXES.items()}


def compress(iri: str) -> str:
    """CURIE for ``iri`` under our prefix map (the longest IRI prefix wins), or the IRI itself when no prefix
    covers it. Plain string work: no CURIE library, which would cost more to import than a query takes."""
    text = str(iri)
    match = _iri_prefixes().match(text)
    if match is None:
        return text
    return f"{_PREFIX_OF[match.group(0)]}:{text[match.end() :]}"


def expand_iri(curie_or_iri: str) -> str:
    """IRI for a CURIE (``CL:0000235``; the prefix as ``TURTLE_PREFIXES`` spells it), or the text itself when
    its prefix is not ours (an IRI, or an unknown prefix)."""
    prefix, colon, local = curie_or_iri.partition(":")
    base = TURTLE_PREFIXES.get(prefix) if colon else None
    return curie_or_iri if base is None else base + local


def expand(curie_or_iri: str) -> URIRef:
    """``expand_iri`` as an rdflib term."""
    return _uri_ref(expand_iri(curie_or_iri))


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
