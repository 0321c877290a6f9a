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
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .namespaces import MKG, compress

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
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
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
