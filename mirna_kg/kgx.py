"""KGX TSV (nodes and edges) for Biolink-model knowledge graphs, flattened from the n-ary claims.

Each regulatory claim becomes several binary edges that share the claim's provenance columns (``claim``,
``review``, ``location``, ``reference``) and its ``effect`` on the tumour, so nothing the claim says is lost:

=========================  ==================================  ============================================
claim property             edge                                Biolink predicate (qualifier)
=========================  ==================================  ============================================
mkg:cancer                 miRNA -> cancer                     contributes_to when it promotes the tumour,
                                                               else associated_with
mkg:targetGene             miRNA -> gene                       regulates
mkg:downstreamGene         miRNA -> gene                       affects
mkg:sourceCell             cell -> miRNA                       expresses
mkg:recipientCell          miRNA -> cell                       located_in (original_predicate recipientCell)
mkg:measuredInCell         miRNA -> cell                       expressed_in (where its level was measured)
mkg:promotesProcess        miRNA -> process                    affects (object_direction_qualifier increased)
mkg:inhibitsProcess        miRNA -> process                    affects (object_direction_qualifier decreased)
mkg:regulatesProcess       miRNA -> process                    affects
mkg:pathway                miRNA -> pathway                    participates_in
=========================  ==================================  ============================================

Edge ids are ``{claim CURIE}/{claim property}/{object CURIE}``, stable across builds.

The external evidence (``mirna-kg ingest``) is exported beside the claims by ``write_kgx`` when a store with
ingested releases is given: one edge per evidence record, miRNA -> gene, its id the record's CURIE, with the
record's PMID (``publications``), experiments, support type, tissue and cell line, and the release as the
``primary_knowledge_source`` (the release node ``mkgd:…``, which names the database and links its site; no
``infores:`` identifier is claimed for miRTarBase or TarBase). The predicate says no more than the record:

=====================================================  ======================================================
record                                                 Biolink predicate (qualifier)
=====================================================  ======================================================
support type Functional MTI (or weak)                  regulates
support type Non-Functional MTI (or weak)              physically_interacts_with
no support type, regulation DOWN / UP (TarBase)        regulates (object_direction_qualifier decreased /
                                                       increased)
neither                                                interacts_with
=====================================================  ======================================================

Identifiers are written as Biolink expects them (``kgx_curie``): the prefixes of Biolink's own prefix map
(``HGNC:``, ``mirbase:``, ``CL:``, ``GO:``, ``MONDO:``, ``DOID:``, ``NCBIGene:``, ``ENSEMBL:``, ``PMID:``), the
exact IRI kept in the ``iri`` column. Biolink has no prefix for mature miRNAs (identifiers.org's
``mirbase.mature``); the closest valid form is the miRBase accession under Biolink's ``mirbase`` prefix, the one
Biolink prefers for ``biolink:MicroRNA`` (``mirbase:MIMAT0000076``; the ``iri`` column keeps
``https://identifiers.org/mirbase.mature:MIMAT0000076``). The project's own nodes (cell types, processes,
pathways and miRNA groups that no authority identifies) keep the project's prefixes ``mkg:`` and ``mkgr:``,
declared with every other prefix of the files in the graph metadata (``content_metadata``), which also pins the
Biolink Model version (``BIOLINK_VERSION``) the files are written for.

A miRNA's category is ``biolink:Transcript`` (``MIRNA_CATEGORY``), its ``type`` the Sequence Ontology class of its
accession (``mirna_so_type``: ``SO:0000276`` miRNA for a mature MIMAT, ``SO:0001244`` pre_miRNA for a stem-loop MI).
Biolink's own class, ``biolink:MicroRNA``, is what we would write, but the field's validator (``kgx validate``,
2.6 and 2.7) rejects it: its CamelCase check ``^([A-Z][a-z\\d]+)+$`` refuses every class whose name holds an
acronym (``MicroRNA``, ``RNAProduct``, ``NoncodingRNAProduct``). ``Transcript`` is the nearest ancestor of
``MicroRNA`` it accepts; the SO ``type`` keeps the node as specific as before (more: mature and precursor apart).

The records are read in one pass over each release graph in index order (subject by subject), never joined:
the interaction's two ends come from its IRI (``namespaces.interaction_parts``), so memory stays flat in the
number of records (only the distinct miRNAs and genes are kept, for the nodes file).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from . import __version__
from .errors import StoreError
from .namespaces import MIRBASE, MIRBASE_MATURE, MKG, PREFIXES, compress, interaction_parts
from .stores.oxigraph import OxigraphStore
from .writing import open_atomically

NODE_COLUMNS = ["id", "category", "type", "name", "iri", "provided_by"]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "object_direction_qualifier",
    "original_predicate",
    "claim",
    "effect",
    "review",
    "location",
    "reference",
    "publications",
    "experimental_methods",
    "support_type",
    "tissue",
    "cell_line",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "aggregator_knowledge_source",
]
PROVIDED_BY = "infores:mirna-kg"
NODES_FILE = "mirna-kg_nodes.tsv"
EDGES_FILE = "mirna-kg_edges.tsv"
METADATA_FILE = "mirna-kg_content_metadata.json"

#: The Biolink Model release the KGX files are written for (the ``biolink-model`` package pinned for tests).
BIOLINK_VERSION = "4.4.6"

#: Our CURIE prefix -> Biolink's spelling of it; prefixes not listed are the same in both maps (``CL``, ``GO``,
#: ``MONDO``, ``DOID``, ``mirbase``) or the project's own (``mkg``, ``mkgr`` …).
BIOLINK_PREFIXES = {
    "hgnc": "HGNC",
    "mirbase.mature": "mirbase",  # Biolink has no mature-miRNA prefix: the accession under miRBase's
    "ncbigene": "NCBIGene",
    "ensembl": "ENSEMBL",
}

#: The category of a miRNA node: ``biolink:MicroRNA``'s nearest ancestor that ``kgx validate`` accepts (see above).
MIRNA_CATEGORY = "biolink:Transcript"

#: miRBase namespace -> the Sequence Ontology class of its accessions (the ontology's ``mkg:MatureMicroRNA`` and
#: ``mkg:PrecursorMicroRNA`` are subclasses of the same two; a test checks they agree).
MIRNA_SO_TYPES = {str(MIRBASE_MATURE): "SO:0000276", str(MIRBASE): "SO:0001244"}

#: The project's own prefixes used in the KGX files: declared in the graph metadata, as Biolink has none.
LOCAL_PREFIXES = {name: PREFIXES[name] for name in ("mkg", "mkgs", "mkgr", "mkge", "mkgd")}

#: claim property -> (Biolink predicate, direction qualifier, the miRNA is the subject?)
FLATTENING: dict[URIRef, tuple[str, str, bool]] = {
    MKG.targetGene: ("biolink:regulates", "", True),
    MKG.downstreamGene: ("biolink:affects", "", True),
    MKG.sourceCell: ("biolink:expresses", "", False),
    MKG.recipientCell: ("biolink:located_in", "", True),
    MKG.measuredInCell: ("biolink:expressed_in", "", True),
    MKG.promotesProcess: ("biolink:affects", "increased", True),
    MKG.inhibitsProcess: ("biolink:affects", "decreased", True),
    MKG.regulatesProcess: ("biolink:affects", "", True),
    MKG.pathway: ("biolink:participates_in", "", True),
}

#: claim property -> Biolink category of its values
VALUE_CATEGORY = {
    MKG.cancer: "biolink:Disease",
    MKG.targetGene: "biolink:Gene",
    MKG.downstreamGene: "biolink:Gene",
    MKG.sourceCell: "biolink:Cell",
    MKG.recipientCell: "biolink:Cell",
    MKG.measuredInCell: "biolink:Cell",
    MKG.promotesProcess: "biolink:BiologicalProcess",
    MKG.inhibitsProcess: "biolink:BiologicalProcess",
    MKG.regulatesProcess: "biolink:BiologicalProcess",
    MKG.pathway: "biolink:Pathway",
}


@dataclass(frozen=True)
class KgxTables:
    nodes: list[dict[str, str]]
    edges: list[dict[str, str]]

    def nodes_tsv(self) -> str:
        return _tsv(NODE_COLUMNS, self.nodes)

    def edges_tsv(self) -> str:
        return _tsv(EDGE_COLUMNS, self.edges)

    def metadata_json(self) -> str:
        """The graph metadata of these two tables (``content_metadata``) as written beside them."""
        categories = {row["id"]: row["category"] for row in self.nodes}
        triples = Counter((categories[e["subject"]], e["predicate"], categories[e["object"]]) for e in self.edges)
        return metadata_text(content_metadata(self.nodes, triples))


def content_metadata(nodes: list[dict[str, str]], triples: Counter[tuple[str, str, str]]) -> dict[str, object]:
    """The KGX graph metadata: what the files are, the Biolink version they are written for, the prefixes
    they use (the project's own declared with their IRIs, as Biolink's prefix map has no entry for them), and
    KGX's meta-knowledge-graph summary (per category its id prefixes and count; per subject category,
    predicate and object category the number of edges), so a consumer knows what it holds before loading."""
    by_category: dict[str, dict[str, object]] = {}
    used: set[str] = set()
    for row in nodes:
        prefix = row["id"].split(":", 1)[0]
        used.add(prefix)
        entry = by_category.setdefault(row["category"], {"id_prefixes": set(), "count": 0})
        entry["id_prefixes"].add(prefix)  # type: ignore[union-attr]
        entry["count"] += 1  # type: ignore[operator]
    return {
        "name": "mirna-kg",
        "description": "MicroRNAs in the tumour microenvironment: regulatory claims curated from two reviews, "
        "each edge with its review, location, cited references and effect; with --store, external evidence.",
        "version": __version__,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "biolink_version": BIOLINK_VERSION,
        "provided_by": PROVIDED_BY,
        "format": "KGX TSV (https://github.com/biolink/kgx/blob/master/specification/kgx-format.md)",
        "files": {"nodes": NODES_FILE, "edges": EDGES_FILE},
        "local_prefixes": dict(sorted(LOCAL_PREFIXES.items())),
        "biolink_prefixes": sorted(p for p in used if p not in LOCAL_PREFIXES),
        "nodes": {
            category: {"id_prefixes": sorted(entry["id_prefixes"]), "count": entry["count"]}  # type: ignore[arg-type]
            for category, entry in sorted(by_category.items())
        },
        "edges": [{"subject": s, "predicate": p, "object": o, "count": n} for (s, p, o), n in sorted(triples.items())],
    }


def metadata_text(metadata: dict[str, object]) -> str:
    """The metadata as JSON, keys in a fixed order, so the same graph gives the same bytes."""
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"


def to_kgx(graph: Graph) -> KgxTables:
    """Nodes and edges for every regulatory claim of ``graph``."""
    nodes: dict[URIRef, str] = {}
    edges: list[dict[str, str]] = []
    for claim in sorted(set(graph.subjects(RDF.type, MKG.RegulatoryClaim))):
        mirna = graph.value(claim, MKG.mirna)
        if not isinstance(mirna, URIRef):
            continue
        nodes[mirna] = _mirna_category(graph, mirna)
        provenance = _provenance(graph, claim)
        for cancer in sorted(graph.objects(claim, MKG.cancer)):
            nodes[cancer] = VALUE_CATEGORY[MKG.cancer]
            predicate = "biolink:contributes_to" if provenance["effect"] == "promotes" else "biolink:associated_with"
            edges.append(_edge(claim, MKG.cancer, mirna, predicate, cancer, "", provenance))
        for prop, (predicate, direction, mirna_first) in FLATTENING.items():
            for value in sorted(graph.objects(claim, prop)):
                nodes[value] = VALUE_CATEGORY[prop]
                subject, obj = (mirna, value) if mirna_first else (value, mirna)
                edges.append(_edge(claim, prop, subject, predicate, obj, direction, provenance, value))
    node_rows = [
        {
            "id": kgx_curie(str(n)),
            "category": category,
            "type": mirna_so_type(str(n)) if category == MIRNA_CATEGORY else "",
            "name": _label(graph, n),
            "iri": str(n),
            "provided_by": PROVIDED_BY,
        }
        for n, category in sorted(nodes.items())
    ]
    return KgxTables(node_rows, edges)


def kgx_curie(iri: str) -> str:
    """The CURIE of ``iri`` as Biolink writes it: ``HGNC:9588``, ``mirbase:MIMAT0000076``, ``mkgr:pathway-JNK``.

    >>> kgx_curie("https://identifiers.org/mirbase.mature:MIMAT0000076")
    'mirbase:MIMAT0000076'
    """
    return biolink_curie(compress(iri))


def biolink_curie(curie: str) -> str:
    """One of our CURIEs with Biolink's spelling of its prefix (``hgnc:9588`` -> ``HGNC:9588``)."""
    prefix, sep, local = curie.partition(":")
    return f"{BIOLINK_PREFIXES.get(prefix, prefix)}{sep}{local}"


def mirna_so_type(iri: str) -> str:
    """The Sequence Ontology class of a miRBase accession, from its namespace ("" for anything else).

    >>> mirna_so_type("https://identifiers.org/mirbase.mature:MIMAT0000076")
    'SO:0000276'
    """
    namespace = next((ns for ns in MIRNA_SO_TYPES if iri.startswith(ns)), None)
    return MIRNA_SO_TYPES[namespace] if namespace else ""


def _mirna_category(graph: Graph, mirna: URIRef) -> str:
    types = set(graph.objects(mirna, RDF.type))
    groups = {MKG.MicroRNAGroup, MKG.MicroRNAFamily, MKG.MicroRNACluster, MKG.AmbiguousMicroRNAName}
    return "biolink:GeneFamily" if types & groups else MIRNA_CATEGORY


def _provenance(graph: Graph, claim: URIRef) -> dict[str, str]:
    review = graph.value(claim, MKG.statedIn)
    effect = graph.value(graph.value(claim, MKG.effectOnTumor), SKOS.notation)
    table = graph.value(claim, MKG.table)
    sections = sorted(str(s) for s in graph.objects(claim, MKG.section))
    return {
        "claim": compress(str(claim)),
        "effect": str(effect) if effect else "",
        "review": str(graph.value(review, DCTERMS.identifier) or review or ""),
        "location": str(table) if table else "section " + ";".join(sections),
        "reference": ";".join(str(n) for n in sorted(int(r) for r in graph.objects(claim, MKG.citedReference))),
    }


def _edge(
    claim: URIRef,
    prop: URIRef,
    subject: URIRef,
    predicate: str,
    obj: URIRef,
    direction: str,
    provenance: dict[str, str],
    value: URIRef | None = None,
) -> dict[str, str]:
    return {
        "id": f"{compress(str(claim))}/{str(prop)[len(str(MKG)) :]}/{compress(str(value or obj))}",
        "subject": kgx_curie(str(subject)),
        "predicate": predicate,
        "object": kgx_curie(str(obj)),
        "object_direction_qualifier": direction,
        "original_predicate": compress(str(prop)),
        **provenance,
        "knowledge_level": "knowledge_assertion",
        "agent_type": "manual_agent",
        "primary_knowledge_source": PROVIDED_BY,
    }


def _label(graph: Graph, node: URIRef) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else compress(str(node))


def _tsv(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------------------
# External evidence: one edge per record of every ingested release, streamed from an on-disk store
# ------------------------------------------------------------------------------------------------------------

_RDF_TYPE = str(RDF.type)
_EVIDENCE = str(MKG.TargetInteractionEvidence)
_INTERACTION = str(MKG.MirnaTargetInteraction)
_REGULATING_SUPPORT = {str(MKG.functionalMTI), str(MKG.functionalMTIWeak)}
_BINDING_SUPPORT = {str(MKG.nonFunctionalMTI), str(MKG.nonFunctionalMTIWeak)}
#: TarBase's regulation column -> Biolink object_direction_qualifier
REGULATION_DIRECTIONS = {"DOWN": "decreased", "UP": "increased"}

_RELEASES = """
PREFIX mkg:  <https://w3id.org/mirna-kg/ontology/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?graph ?release ?agent WHERE {
  GRAPH ?graph { ?release a mkg:DatabaseRelease OPTIONAL { ?release dcat:inSeries ?database } }
  OPTIONAL { ?database mkg:agentType ?agent }
}
ORDER BY ?graph
"""
_SUPPORT_NAMES = """
PREFIX mkg:  <https://w3id.org/mirna-kg/ontology/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?support ?name WHERE { ?support mkg:supportRank ?rank ; skos:notation ?name }
"""


def evidence_predicate(support: str | None, regulation: str | None) -> tuple[str, str]:
    """(Biolink predicate, object direction qualifier) for a record: no more than its support type or
    regulation says (the table in the module docstring)."""
    if support in _REGULATING_SUPPORT:
        return "biolink:regulates", ""
    if support in _BINDING_SUPPORT:
        return "biolink:physically_interacts_with", ""
    if regulation in REGULATION_DIRECTIONS:
        return "biolink:regulates", REGULATION_DIRECTIONS[regulation]
    return "biolink:interacts_with", ""


def evidence_edges(store: OxigraphStore, nodes: dict[str, dict[str, str]]) -> Iterator[dict[str, str]]:
    """KGX edges for every evidence record of every release in ``store``; the miRNAs and genes they connect are
    added to ``nodes`` (by CURIE) unless already there.

    Each release graph is read in one pass in index order, where a node's triples come together: a record
    becomes an edge as soon as its last triple is read, an interaction adds its two ends to ``nodes``.
    """
    names = {str(support): str(name) for support, name in store.select(_SUPPORT_NAMES).rows}
    for graph, release, agent in store.select(_RELEASES).rows:
        context = {
            "knowledge_level": "knowledge_assertion",
            "agent_type": str(agent or "not_provided"),
            "primary_knowledge_source": compress(str(release)),
            "aggregator_knowledge_source": PROVIDED_BY,
        }
        current: str | None = None
        values: dict[str, list[str]] = {}
        for quad in store.store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))):
            subject = quad.subject.value
            if subject != current:
                if current is not None and (edge := _evidence_node(current, values, nodes, names, context)):
                    yield edge
                current, values = subject, {}
            values.setdefault(quad.predicate.value, []).append(quad.object.value)
        if current is not None and (edge := _evidence_node(current, values, nodes, names, context)):
            yield edge


def _evidence_node(
    node: str,
    values: dict[str, list[str]],
    nodes: dict[str, dict[str, str]],
    support_names: dict[str, str],
    context: dict[str, str],
) -> dict[str, str] | None:
    """The edge of a record, or None (an interaction's ends go into ``nodes``; other nodes are skipped)."""
    types = values.get(_RDF_TYPE, ())
    if _INTERACTION in types:
        for prop, name_prop, category in (
            ("interactingMirna", "mirnaName", MIRNA_CATEGORY),
            ("interactionTarget", "targetSymbol", "biolink:Gene"),
        ):
            for iri in values.get(str(MKG[prop]), ()):
                curie = kgx_curie(iri)
                if curie not in nodes:
                    name = values.get(str(MKG[name_prop]), [curie])[0]
                    nodes[curie] = {
                        "id": curie,
                        "category": category,
                        "type": mirna_so_type(iri) if category == MIRNA_CATEGORY else "",
                        "name": name,
                        "iri": iri,
                        "provided_by": PROVIDED_BY,
                    }
        return None
    if _EVIDENCE not in types:
        return None
    interaction = values.get(str(MKG.interaction), [""])[0]
    ends = interaction_parts(interaction)
    if ends is None:
        raise StoreError(f"{node}: its interaction {interaction!r} is not an IRI mirna-kg mints; re-ingest the release")
    accession, gene = ends
    support = values.get(str(MKG.supportType), [None])[0]
    regulation = values.get(str(MKG.regulation), [None])[0]
    predicate, direction = evidence_predicate(support, regulation)
    return {
        "id": compress(node),
        "subject": f"mirbase:{accession}",
        "predicate": predicate,
        "object": biolink_curie(gene),
        "object_direction_qualifier": direction,
        "original_predicate": "mkg:interaction",
        "publications": "|".join(f"PMID:{p}" for p in sorted(values.get(str(MKG.pubmedId), ()))),
        "experimental_methods": "|".join(sorted(values.get(str(MKG.experimentalMethod), ()))),
        "support_type": support_names.get(support or "", ""),
        "tissue": "|".join(sorted(values.get(str(MKG.tissue), ()))),
        "cell_line": "|".join(sorted(values.get(str(MKG.cellLine), ()))),
        **context,
    }


def write_kgx(
    tables: KgxTables, store: OxigraphStore, nodes_path: Path, edges_path: Path, metadata_path: Path | None = None
) -> tuple[int, int]:
    """Write the curated ``tables`` and the evidence of every release in ``store`` as one KGX node file and one
    edge file, streamed, and the graph metadata beside them (``metadata_path``); returns (nodes, edges). All
    files are written in full before any replaces an older one (``open_atomically``), so a failure leaves the
    old set as it was."""
    nodes = {row["id"]: row for row in tables.nodes}
    categories = {row["id"]: row["category"] for row in tables.nodes}
    triples = Counter((categories[e["subject"]], e["predicate"], categories[e["object"]]) for e in tables.edges)
    edges = len(tables.edges)
    metadata_path = metadata_path or nodes_path.with_name(METADATA_FILE)
    with (
        open_atomically(nodes_path) as nodes_out,
        open_atomically(edges_path) as edges_out,
        open_atomically(metadata_path) as metadata_out,
    ):
        text = io.TextIOWrapper(edges_out, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=EDGE_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(tables.edges)
        for edge in evidence_edges(store, nodes):
            writer.writerow(edge)
            triples[MIRNA_CATEGORY, edge["predicate"], "biolink:Gene"] += 1
            edges += 1
        text.flush()
        text.detach()  # the atomic writer closes the file itself
        rows = [nodes[key] for key in sorted(nodes)]
        nodes_out.write(_tsv(NODE_COLUMNS, rows).encode("utf-8"))
        metadata_out.write(metadata_text(content_metadata(rows, triples)).encode("utf-8"))
    return len(nodes), edges
