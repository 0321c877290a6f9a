"""OWL reasoning with HermiT through owlready2: consistency, inferred class memberships, diagnostics.

``reason(graph)`` prepares the reasoner input from the asserted graph (see ``reasoner_input``), runs HermiT
in a private owlready2 World (never owlready2's global default world), and returns the miRNAs' memberships in
the ontology's defined classes plus the inferred subclass links between named classes. When HermiT finds the
graph inconsistent, ``explain_inconsistency`` names the individuals and axioms that clash.

HermiT is Java: ``require_java`` turns a missing or too old Java into a clear message.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .errors import InputError
from .namespaces import MKG, bind_prefixes, compress

MINIMUM_JAVA = 8

#: Properties whose values are class IRIs used as individuals (punning); see the ontology's reasoning notes.
CLASS_VALUED_PROPERTIES = (MKG.sourceCell, MKG.recipientCell, MKG.cellType, MKG.promotesProcess,
                           MKG.inhibitsProcess, MKG.regulatesProcess)

#: The defined miRNA classes whose memberships `mirna-kg reason` reports, in display order.
DEFINED_CLASSES = (MKG.TumorPromotingMiRNA, MKG.TumorSuppressiveMiRNA, MKG.ContextDependentMiRNA,
                   MKG.VesicleTransferredMiRNA, MKG.ImmuneModulatingMiRNA, MKG.BoneRemodelingMiRNA,
                   MKG.MultiCancerMiRNA)

#: Cancer roll-up shared with queries/shared_across_cancers.rq: each cancer a claim names, mapped to the most
#: general cancer used by any claim that subsumes it (itself when none does); the generic MONDO "cancer"
#: (MONDO:0004992), which curators use where a review names no cancer, does not count as a cancer.
CANCER_ROLLUP = """
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


@dataclass(frozen=True)
class ReasoningResult:
    """What HermiT concluded."""

    consistent: bool
    memberships: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    """defined class -> miRNAs that are members (asserted or inferred, through inferred subclass links)."""
    inferred: Graph = field(default_factory=Graph)
    """Only what the reasoner added: class memberships of miRNAs and subclass links between named classes."""
    explanation: list[str] = field(default_factory=list)


def require_java() -> str:
    """The Java version line, or an ``InputError`` saying how to install Java."""
    java = shutil.which("java")
    if java is None:
        raise InputError("HermiT needs Java, and `java` is not on PATH: install a JRE "
                         "(e.g. `apt-get install default-jre-headless`) and try again")
    completed = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    text = completed.stderr or completed.stdout
    match = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not match:
        raise InputError(f"cannot tell the Java version from `java -version`: {text.strip()[:200]}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" style
        major = int(match.group(2))
    if major < MINIMUM_JAVA:
        raise InputError(f"HermiT needs Java {MINIMUM_JAVA} or newer; found Java {major}")
    return text.splitlines()[0]


def reasoner_input(graph: Graph) -> Graph:
    """The asserted graph plus what the ontology's reasoning notes call for.

    - each class IRI used as a cell-type or process value is typed, as an individual, by its own class;
    - ``mkg:reportedInCancer`` is materialized from the claims with the cancer roll-up, and the rolled-up
      cancers are declared pairwise different (no unique-name assumption in OWL).
    """
    prepared = Graph()
    prepared += graph
    for prop in CLASS_VALUED_PROPERTIES:
        for value in set(graph.objects(None, prop)):
            if isinstance(value, URIRef):
                prepared.add((value, RDF.type, OWL.NamedIndividual))
                prepared.add((value, RDF.type, value))
    cancers: set[URIRef] = set()
    for mirna, cancer in graph.query(CANCER_ROLLUP):
        prepared.add((mirna, MKG.reportedInCancer, cancer))
        prepared.add((cancer, RDF.type, OWL.NamedIndividual))
        cancers.add(cancer)
    if len(cancers) > 1:
        node, members = BNode(), BNode()
        prepared.add((node, RDF.type, OWL.AllDifferent))
        prepared.add((node, OWL.distinctMembers, members))
        Collection(prepared, members, sorted(cancers))
    return prepared


def reason(graph: Graph) -> ReasoningResult:
    """Classify ``graph`` with HermiT; on inconsistency, explain what clashes."""
    import owlready2

    require_java()
    prepared = reasoner_input(graph)
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.nt"
        path.write_bytes(prepared.serialize(format="nt", encoding="utf-8"))
        ontology = world.get_ontology(path.as_uri()).load()
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasoningResult(False, explanation=explain_inconsistency(prepared))
        entailed = world.as_rdflib_graph()
        return _collect(prepared, entailed)


def _collect(asserted: Graph, entailed: Graph) -> ReasoningResult:
    """Memberships in the defined classes (closed under subclass links) and what is new."""
    superclasses: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in entailed.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            superclasses[sub].add(sup)

    def closure(cls: URIRef) -> set[URIRef]:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in superclasses.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    memberships: dict[URIRef, set[URIRef]] = {cls: set() for cls in DEFINED_CLASSES}
    inferred = Graph()
    bind_prefixes(inferred.namespace_manager)
    for individual, cls in entailed.subject_objects(RDF.type):
        if not isinstance(individual, URIRef) or not isinstance(cls, URIRef):
            continue
        for member_of in closure(cls) & set(DEFINED_CLASSES):
            memberships[member_of].add(individual)
            if (individual, RDF.type, member_of) not in asserted:
                inferred.add((individual, RDF.type, member_of))
    own = str(MKG)
    for sub, sups in superclasses.items():
        for sup in sups:
            if (str(sub).startswith(own) and str(sup).startswith(own) and sub != sup
                    and (sub, RDFS.subClassOf, sup) not in asserted):
                inferred.add((sub, RDFS.subClassOf, sup))
    return ReasoningResult(True, memberships, inferred)


def explain_inconsistency(graph: Graph) -> list[str]:
    """Name the individuals and axioms that make ``graph`` inconsistent, for the clash patterns our
    ontology can produce: a functional property with two values that are different individuals (or two
    literals), and an individual in two disjoint classes."""
    lines: list[str] = []
    different = _different_pairs(graph)
    for prop in set(graph.subjects(RDF.type, OWL.FunctionalProperty)):
        by_subject: dict[object, set[object]] = defaultdict(set)
        for subject, value in graph.subject_objects(prop):
            by_subject[subject].add(value)
        for subject, values in by_subject.items():
            clashing = sorted(values, key=str)
            if len(clashing) > 1 and any(frozenset((a, b)) in different or not isinstance(a, URIRef)
                                         for i, a in enumerate(clashing) for b in clashing[i + 1:]):
                lines.append(f"{compress(str(subject))}: {compress(str(prop))} is functional (one value) but has "
                             f"{', '.join(compress(str(v)) for v in clashing)}")
    types = _types_with_superclasses(graph)
    for a, b in _disjoint_pairs(graph):
        for individual, classes in types.items():
            if a in classes and b in classes:
                lines.append(f"{compress(str(individual))}: is both a {compress(str(a))} and a {compress(str(b))}, "
                             "which the ontology declares disjoint")
    return sorted(set(lines)) or ["HermiT found the graph inconsistent; no functional-property or disjointness "
                                  "clash was found by the diagnostics (run HermiT in Protégé for a justification)"]


def _different_pairs(graph: Graph) -> set[frozenset]:
    pairs: set[frozenset] = set()
    for node in graph.subjects(RDF.type, OWL.AllDifferent):
        for members in graph.objects(node, OWL.distinctMembers):
            items = list(Collection(graph, members))
            pairs |= {frozenset((a, b)) for i, a in enumerate(items) for b in items[i + 1:]}
    pairs |= {frozenset(pair) for pair in graph.subject_objects(OWL.differentFrom)}
    return pairs


def _disjoint_pairs(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    pairs = {(a, b) for a, b in graph.subject_objects(OWL.disjointWith)
             if isinstance(a, URIRef) and isinstance(b, URIRef)}
    for _, members in graph.subject_objects(OWL.disjointUnionOf):
        items = [m for m in Collection(graph, members) if isinstance(m, URIRef)]
        pairs |= {(a, b) for i, a in enumerate(items) for b in items[i + 1:]}
    return pairs


def _types_with_superclasses(graph: Graph) -> dict[URIRef, set[URIRef]]:
    out: dict[URIRef, set[URIRef]] = {}
    for individual, cls in graph.subject_objects(RDF.type):
        if isinstance(individual, URIRef) and isinstance(cls, URIRef) and cls != individual:
            out.setdefault(individual, set()).update(graph.transitive_objects(cls, RDFS.subClassOf))
    return out
