"""What the ontology's reasoning notes call for, shared by both reasoners so they see the same input.

The ontology (``ontology/mirna-kg.ttl``, section "Reasoning") refers to cell types and GO processes by class
IRI (punning) and defines "reported in more than one cancer" over ``mkg:reportedInCancer``, a property
materialized from the claims with the cancer roll-up below. HermiT gets both as extra triples
(``hermit.reasoner_input``); the fast path reads the same two conventions as query rewriting
(``sparql.Translator``): a punned value is a member of its own class, and ``mkg:reportedInCancer`` is the
roll-up query.
"""

from __future__ import annotations

from typing import Final

from ..namespaces import MKG

#: Properties whose values are class IRIs used as individuals (punning); see the ontology's reasoning notes.
CLASS_VALUED_PROPERTIES: Final = (
    MKG.sourceCell,
    MKG.recipientCell,
    MKG.cellType,
    MKG.promotesProcess,
    MKG.inhibitsProcess,
    MKG.regulatesProcess,
)

#: The class every reported defined class is about: a defined class whose definition entails it is a
#: "defined miRNA class", reported by ``mirna-kg reason`` (found from the axioms, never listed by hand).
MIRNA_CLASS: Final = MKG.MicroRNAEntity

#: Display order of the shipped ontology's defined miRNA classes. Only an order: classes the ontology adds
#: later are reported too, after these, by IRI.
DEFINED_CLASSES: Final = (
    MKG.TumorPromotingMiRNA,
    MKG.TumorSuppressiveMiRNA,
    MKG.ContextDependentMiRNA,
    MKG.VesicleTransferredMiRNA,
    MKG.ImmuneModulatingMiRNA,
    MKG.BoneRemodelingMiRNA,
    MKG.MultiCancerMiRNA,
)

#: Cancer roll-up shared with queries/shared_across_cancers.rq: each cancer a claim names, mapped to the most
#: general cancer used by any claim that subsumes it (itself when none does); the generic MONDO "cancer"
#: (MONDO:0004992), which curators use where a review names no cancer, does not count as a cancer.
#: Projects ``?mirna`` (subject) and ``?root`` (object) of ``mkg:reportedInCancer``.
CANCER_ROLLUP: Final = """
PREFIX mkg:   <https://w3id.org/mirna-kg/ontology/>
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX MONDO: <http://purl.obolibrary.org/obo/MONDO_>
SELECT DISTINCT ?mirna ?root WHERE {
  ?claim a mkg:RegulatoryClaim ; mkg:mirna ?mirna ; mkg:cancer ?cancer .
  {
    # cancer roll-up: each used cancer -> the most general used cancer that subsumes it (the generic
    # MONDO "cancer", used where a review names none, is left out)
    SELECT DISTINCT ?cancer ?root WHERE {
      {
        SELECT DISTINCT ?root WHERE {
          { SELECT DISTINCT ?root WHERE {
              ?y a mkg:RegulatoryClaim ; mkg:cancer ?root . FILTER(?root != MONDO:0004992) } }
          OPTIONAL {
            ?root rdfs:subClassOf+ ?higher .
            FILTER(?higher != MONDO:0004992)
            FILTER EXISTS { ?z a mkg:RegulatoryClaim ; mkg:cancer ?higher }
          }
          FILTER(!BOUND(?higher))
        }
      }
      { SELECT DISTINCT ?cancer ?root WHERE {
          ?x a mkg:RegulatoryClaim ; mkg:cancer ?cancer . ?cancer rdfs:subClassOf* ?root } }
    }
  }
}
"""

#: Properties that are not stored but defined by a SELECT over the store: property -> (query, subject
#: variable, object variable). Both reasoners use the same query.
MATERIALIZED_PROPERTIES: Final = {MKG.reportedInCancer: (CANCER_ROLLUP, "mirna", "root")}
