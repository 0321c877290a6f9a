"""External evidence for one miRNA or gene, for entity pages and ``describe``.

``evidence_for(store, mirna_iri=…, gene_iri=…)`` answers from the interaction nodes (``mkg:interactingMirna``,
``mkg:interactionTarget``), so it touches only the records of that entity, however large the releases are. A
precursor or group IRI is widened to its mature miRNAs first (as the curated graph relates them). On a store
without ingested releases it returns an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ..stores.base import Store

_QUERY = """
PREFIX mkg:     <https://w3id.org/mirna-kg/ontology/>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?mature ?mature_name ?gene (SAMPLE(?symbol) AS ?gene_symbol) (COUNT(DISTINCT ?record) AS ?records)
       (MAX(?rank) AS ?best) (GROUP_CONCAT(DISTINCT ?method; separator=";") AS ?methods)
       (GROUP_CONCAT(DISTINCT ?pmid; separator=";") AS ?pmids)
       (GROUP_CONCAT(DISTINCT ?source; separator=";") AS ?sources)
WHERE {
  %(anchor)s
  ?interaction mkg:interactingMirna ?mature ; mkg:interactionTarget ?gene ; mkg:mirnaName ?mature_name .
  OPTIONAL { ?interaction mkg:targetSymbol ?symbol }
  ?record mkg:interaction ?interaction ; mkg:sourceRelease/dcterms:title ?source .
  OPTIONAL { ?record mkg:supportType ?support }
      OPTIONAL { ?support mkg:supportRank ?rank }  # apart: a path here is joined over every record
  OPTIONAL { ?record mkg:experimentalMethod ?method }
  OPTIONAL { ?record mkg:pubmedId ?pmid }
}
GROUP BY ?mature ?mature_name ?gene
ORDER BY DESC(?records) ?mature_name ?gene_symbol
"""

_MATURES = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
SELECT DISTINCT ?mature WHERE {
  %(node)s (mkg:hasMember|mkg:hasMatureProduct)* ?mature .
  FILTER(STRSTARTS(STR(?mature), "https://identifiers.org/mirbase.mature:"))
}
"""

_SUPPORT = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?rank ?notation WHERE { ?s mkg:supportRank ?rank ; skos:notation ?notation }
"""


@dataclass(frozen=True)
class Evidence:
    """The external evidence for one mature miRNA–gene pair, over every ingested release."""

    mirna: str
    mirna_name: str
    gene: str
    gene_symbol: str
    records: int
    strongest_support: str | None
    methods: list[str]
    pmids: list[str]
    sources: list[str]


def evidence_for(
    store: Store, mirna_iri: str | None = None, gene_iri: str | None = None, *, limit: int | None = 500
) -> list[Evidence]:
    """Evidence rows for a miRNA (mature, precursor or group IRI) and/or a gene IRI, most records first."""
    if mirna_iri is None and gene_iri is None:
        raise ValueError("give mirna_iri, gene_iri or both")
    anchors = []
    if mirna_iri is not None:
        # resolve the matures first (a small curated lookup), then start the evidence query from them: a path
        # inside the evidence query lets the engine start from every interaction instead
        matures = [row[0] for row in store.select(_MATURES % {"node": URIRef(mirna_iri).n3()}).rows]
        if not matures:
            return []
        anchors.append(f"VALUES ?mature {{ {' '.join(URIRef(str(m)).n3() for m in matures)} }}")
        anchors.append("?interaction mkg:interactingMirna ?mature .")
    if gene_iri is not None:
        anchors.append(f"?interaction mkg:interactionTarget {URIRef(gene_iri).n3()} .")
    text = _QUERY % {"anchor": "\n  ".join(anchors)}
    if limit:
        text += f"LIMIT {int(limit)}\n"
    ranks = {int(rank): str(notation) for rank, notation in store.select(_SUPPORT).rows}
    rows = []
    for mature, name, gene, symbol, records, best, methods, pmids, sources in store.select(text).rows:
        rows.append(
            Evidence(
                str(mature),
                str(name),
                str(gene),
                str(symbol or ""),
                int(records),
                ranks.get(int(best)) if best is not None else None,
                _split(methods),
                _split(pmids),
                _split(sources),
            )
        )
    return rows


def _split(value: object) -> list[str]:
    return [v for v in str(value or "").split(";") if v]
