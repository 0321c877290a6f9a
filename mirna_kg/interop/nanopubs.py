"""A nanopublication per curated statement: the claim, its provenance and its publication info, signed.

Nanopublications are the field's unit for one claim with its provenance. Each statement of the graph (regulatory
claim, cell-composition observation, biomarker or therapeutic statement) becomes one nanopub of four graphs:

- **assertion**: what the statement says — its type and every triple of it that is not provenance (the miRNA,
  cancer, target and downstream genes, source and recipient cells, processes, pathway, effect on the tumour …,
  and the wording as the review writes it);
- **provenance**: the assertion ``prov:wasDerivedFrom`` the review (its DOI) and the curated statement, whose
  provenance triples follow as the graph has them: the review (``mkg:statedIn``), table, row and section,
  cited reference numbers, the verbatim quote, the ECO evidence code, curation notes and flags;
- **pubinfo**: the creator (the project), the licence (CC BY 4.0), the creation time — the release date at
  midnight UTC (``void.release_date``), never the clock — the statement's w3id IRI and the nanopub's type;
- the **head** linking them, written by the ``nanopub`` library, which also signs each nanopub with the user's
  RSA key and makes its trusty URI (``http://purl.org/np/RA…``).

The same graph and key give the same bytes: the signature (RSASSA-PKCS1-v1_5) and the trusty hash are
deterministic and nothing reads the clock. Nothing is published, and nothing here touches the network: the
library reaches a server only when asked to fetch or publish, which this module never does (docs/interop.md
says how to publish with the library's own ``np publish``).
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from Crypto.PublicKey import RSA  # pycryptodome, the nanopub library's own RSA implementation
from nanopub import Nanopub, NanopubConf, Profile
from nanopub.namespaces import NPX
from nanopub.profile import format_key
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from ..errors import InputError
from ..namespaces import BASE, MKG, bind_prefixes
from ..void import DATASET, LICENSE, release_date

#: Properties of a statement that say where and how it is stated, not what: they go to the provenance graph.
PROVENANCE_PROPERTIES = frozenset(
    {
        MKG.statedIn,
        MKG.table,
        MKG.tableRow,
        MKG.tableGroup,
        MKG.tableReference,
        MKG.section,
        MKG.citedReference,
        MKG.quote,
        MKG.evidence,
        MKG.firstAuthor,
        MKG.attributedTo,
        MKG.curationNote,
        MKG.flag,
    }
)
#: The project as the creator of every nanopub.
CREATOR = URIRef(BASE)
INDEX_NAME = "nanopubs.tsv"


@dataclass(frozen=True)
class SignedNanopub:
    """One statement's nanopub: its trusty URI and its TriG."""

    statement: URIRef
    uri: str
    trig: bytes

    @property
    def file_name(self) -> str:
        """``gu2026-t4-r01-miR-19a-5p.trig``: the statement's local name, unique in the graph."""
        return str(self.statement).rsplit("/", 1)[-1] + ".trig"


def statements(graph: Graph) -> list[URIRef]:
    """Every curated statement of ``graph`` (whatever is stated in a review), sorted."""
    reviews = set(graph.subjects(RDF.type, MKG.Review))
    stated = graph.subject_objects(MKG.statedIn)
    return sorted({s for s, review in stated if review in reviews and isinstance(s, URIRef)})


def assertion_of(graph: Graph, statement: URIRef) -> Graph:
    """What ``statement`` says: its triples that are not provenance."""
    assertion = Graph()
    bind_prefixes(assertion.namespace_manager)
    for prop, value in graph.predicate_objects(statement):
        if prop not in PROVENANCE_PROPERTIES:
            assertion.add((statement, prop, value))
    return assertion


def load_profile(key_file: Path) -> Profile:
    """A signing profile from an RSA private key file: PEM (``openssl genpkey``, PKCS#1 or PKCS#8) or the
    nanopub library's own ``id_rsa`` (base64 DER, no header). The profile names the project, not a person:
    nothing is attributed to it. A file that is not an RSA private key fails here, before any work."""
    try:
        text = key_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{key_file}: cannot read the private key ({exc}); give an RSA private key file") from exc
    try:
        key = RSA.import_key(text if "-----BEGIN" in text else b64decode("".join(text.split()), validate=True))
        if not key.has_private():
            raise ValueError("it is a public key")
    except (ValueError, IndexError, TypeError, binascii.Error) as exc:
        raise InputError(
            f"{key_file}: not an RSA private key ({exc}); make one with `openssl genpkey -algorithm RSA "
            "-pkeyopt rsa_keygen_bits:2048 -out key.pem` or the nanopub library's `np setup`"
        ) from exc
    private = format_key(key.export_key("PEM", pkcs=8).decode("ascii"))
    return Profile(orcid_id=str(CREATOR), name="mirna-kg", private_key=private)


def nanopub_of(graph: Graph, statement: URIRef, profile: Profile, created: datetime) -> SignedNanopub:
    """The signed nanopub of one statement (see the module docstring for its graphs)."""
    assertion = assertion_of(graph, statement)
    conf = NanopubConf(profile=profile)
    publication = Nanopub(assertion=assertion, provenance=Graph(), pubinfo=Graph(), conf=conf)
    this, head_assertion = publication.metadata.np_uri, publication.assertion.identifier
    provenance = publication.provenance
    for review in sorted(graph.objects(statement, MKG.statedIn)):
        provenance.add((head_assertion, PROV.wasDerivedFrom, review))
    provenance.add((head_assertion, PROV.wasDerivedFrom, statement))
    for prop in sorted(PROVENANCE_PROPERTIES):
        for value in graph.objects(statement, prop):
            provenance.add((statement, prop, value))
    pubinfo = publication.pubinfo
    pubinfo.add((this, DCTERMS.creator, CREATOR))
    pubinfo.add((this, DCTERMS.license, LICENSE))
    pubinfo.add((this, DCTERMS.created, Literal(created.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)))
    pubinfo.add((this, DCTERMS.source, statement))
    pubinfo.add((this, DCTERMS.isPartOf, DATASET))
    for kind in sorted(graph.objects(statement, RDF.type)):
        if str(kind).startswith(str(MKG)):
            pubinfo.add((this, NPX.hasNanopubType, kind))
    bind_prefixes(publication.rdf.namespace_manager)
    publication.sign()
    trig = publication.rdf.serialize(format="trig", encoding="utf-8")
    return SignedNanopub(statement, str(publication.source_uri), trig)


def creation_time(graph: Graph) -> datetime:
    """When the nanopubs of ``graph`` are created: its release date at midnight UTC, never the clock."""
    day = release_date(graph)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def nanopubs(graph: Graph, profile: Profile) -> Iterator[SignedNanopub]:
    """A signed nanopub for every statement of ``graph``, in statement order, created at the release date."""
    created = creation_time(graph)
    for statement in statements(graph):
        yield nanopub_of(graph, statement, profile, created)


def index_tsv(published: list[SignedNanopub]) -> bytes:
    """``nanopubs.tsv``: statement IRI, nanopub (trusty) URI and file, one line each, sorted by statement."""
    lines = ["statement\tnanopub\tfile"]
    lines += [f"{n.statement}\t{n.uri}\t{n.file_name}" for n in sorted(published, key=lambda n: str(n.statement))]
    return ("\n".join(lines) + "\n").encode("utf-8")
