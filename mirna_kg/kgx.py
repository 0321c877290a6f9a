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

The records are read in one pass over each release graph in index order (subject by subject), never joined:
the interaction's two ends come from its IRI (``namespaces.interaction_parts``), so memory stays flat in the
number of records (only the distinct miRNAs and genes are kept, for the nodes file).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .errors import StoreError
from .namespaces import MKG, compress, interaction_parts
from .stores.oxigraph import OxigraphStore
from .writing import open_atomically

NODE_COLUMNS = ["id", "category", "name", "iri", "provided_by"]
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

#: claim property -> (Biolink predicate, direction qualifier, the miRNA is the subject?)
FLATTENING: dict[URIRef, tuple[str, str, bool]] = {
    MKG.targetGene: ("biolink:regulates", "", True),
    MKG.downstreamGene: ("biolink:affects", "", True),
    MKG.sourceCell: ("biolink:expresses", "", False),
    MKG.recipientCell: ("biolink:located_in", "", True),
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
            "id": compress(str(n)),
            "category": category,
            "name": _label(graph, n),
            "iri": str(n),
            "provided_by": PROVIDED_BY,
        }
        for n, category in sorted(nodes.items())
    ]
    return KgxTables(node_rows, edges)


def _mirna_category(graph: Graph, mirna: URIRef) -> str:
    types = set(graph.objects(mirna, RDF.type))
    groups = {MKG.MicroRNAGroup, MKG.MicroRNAFamily, MKG.MicroRNACluster, MKG.AmbiguousMicroRNAName}
    return "biolink:GeneFamily" if types & groups else "biolink:MicroRNA"


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
        "subject": compress(str(subject)),
        "predicate": predicate,
        "object": compress(str(obj)),
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
            ("interactingMirna", "mirnaName", "biolink:MicroRNA"),
            ("interactionTarget", "targetSymbol", "biolink:Gene"),
        ):
            for iri in values.get(str(MKG[prop]), ()):
                curie = compress(iri)
                if curie not in nodes:
                    name = values.get(str(MKG[name_prop]), [curie])[0]
                    nodes[curie] = {
                        "id": curie,
                        "category": category,
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
        "subject": f"mirbase.mature:{accession}",
        "predicate": predicate,
        "object": gene,
        "object_direction_qualifier": direction,
        "original_predicate": "mkg:interaction",
        "publications": "|".join(f"PMID:{p}" for p in sorted(values.get(str(MKG.pubmedId), ()))),
        "experimental_methods": "|".join(sorted(values.get(str(MKG.experimentalMethod), ()))),
        "support_type": support_names.get(support or "", ""),
        "tissue": "|".join(sorted(values.get(str(MKG.tissue), ()))),
        "cell_line": "|".join(sorted(values.get(str(MKG.cellLine), ()))),
        **context,
    }


def write_kgx(tables: KgxTables, store: OxigraphStore, nodes_path: Path, edges_path: Path) -> tuple[int, int]:
    """Write the curated ``tables`` and the evidence of every release in ``store`` as one KGX node file and one
    edge file, streamed; returns (nodes, edges). Both files are written in full before either replaces an
    older one (``open_atomically``), so a failure leaves the old pair as it was."""
    nodes = {row["id"]: row for row in tables.nodes}
    edges = len(tables.edges)
    with open_atomically(nodes_path) as nodes_out, open_atomically(edges_path) as edges_out:
        text = io.TextIOWrapper(edges_out, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=EDGE_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(tables.edges)
        for edge in evidence_edges(store, nodes):
            writer.writerow(edge)
            edges += 1
        text.flush()
        text.detach()  # the atomic writer closes the file itself
        nodes_out.write(_tsv(NODE_COLUMNS, [nodes[key] for key in sorted(nodes)]).encode("utf-8"))
    return len(nodes), edges
