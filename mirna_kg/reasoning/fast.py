"""The fast reasoner: classification of the defined classes by SPARQL over any store, fast enough for every build.

``classify(store)`` reads the axioms from the store (``tbox.read_tbox``), finds the defined miRNA classes
(named classes equivalent to a class expression that structurally entails ``mkg:MicroRNAEntity``), runs one
generated SELECT per class (``sparql.Translator``) and returns the same ``ReasoningResult`` as HermiT:
memberships, and a graph of only what is new (memberships not asserted, subclass links between named classes
that the axioms entail but do not state). It needs nothing from the store but ``select``, so it runs on the
in-memory stores, an on-disk store or a remote SPARQL endpoint alike.

It also looks for the clashes the ontology can produce (a functional property with two values that are
different individuals or literals; a member of two disjoint classes), by SPARQL too. That is not HermiT's
complete OWL 2 DL consistency check (``reason(graph, reasoner="hermit")``), which CI runs; it is what a build
can afford every time.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ..namespaces import MKG, bind_prefixes, compress
from ..stores import Store
from .conventions import CLASS_VALUED_PROPERTIES, DEFINED_CLASSES, MATERIALIZED_PROPERTIES, MIRNA_CLASS
from .result import ReasoningResult
from .sparql import Translator
from .tbox import Named, TBox, read_tbox


def translator(store: Store, precompute: bool = True) -> Translator:
    """The translator for ``store``'s axioms and the ontology's reasoning conventions; with ``precompute``,
    materialized properties are computed once on ``store`` and inlined as VALUES."""
    translate = Translator(read_tbox(store), CLASS_VALUED_PROPERTIES, MATERIALIZED_PROPERTIES)
    if precompute:
        translate.precompute(store)
    return translate


def defined_mirna_classes(tbox: TBox) -> list[URIRef]:
    """The defined classes whose definition entails ``mkg:MicroRNAEntity``, in display order: the shipped
    ones as ``DEFINED_CLASSES`` lists them, then any other by IRI."""
    found = {c for c in tbox.defined_classes() if c != MIRNA_CLASS and tbox.subsumes(Named(MIRNA_CLASS), Named(c))}
    return [c for c in DEFINED_CLASSES if c in found] + sorted(found - set(DEFINED_CLASSES))


def class_queries(store: Store) -> dict[URIRef, str]:
    """The generated membership query of each defined miRNA class (to read, or to run elsewhere)."""
    translate = translator(store, precompute=False)
    return {cls: translate.class_query(cls) for cls in defined_mirna_classes(translate.tbox)}


def classify(store: Store) -> ReasoningResult:
    """Memberships of every defined miRNA class and the inferred triples, by SPARQL over ``store``."""
    translate = translator(store)
    tbox = translate.tbox
    explanation = clashes(store, translate)
    if explanation:
        return ReasoningResult(False, explanation=explanation, reasoner="fast", notes=list(tbox.notes))
    classes = defined_mirna_classes(tbox)
    memberships: dict[URIRef, set[URIRef]] = {}
    for cls in classes:
        memberships[cls] = {
            row[0] for row in store.select(translate.class_query(cls)).rows if isinstance(row[0], URIRef)
        }
    inferred = Graph()
    bind_prefixes(inferred.namespace_manager)
    asserted = _asserted_types(store, classes)
    for cls, members in memberships.items():
        for member in members - asserted.get(cls, set()):
            inferred.add((member, RDF.type, cls))
    for sub, sup in tbox.inferred_links(str(MKG)):
        inferred.add((sub, RDFS.subClassOf, sup))
    return ReasoningResult(True, memberships, inferred, reasoner="fast", notes=list(tbox.notes))


def _asserted_types(store: Store, classes: list[URIRef]) -> dict[URIRef, set[URIRef]]:
    if not classes:
        return {}
    values = " ".join(c.n3() for c in classes)
    rows = store.select(f"SELECT ?x ?c WHERE {{ VALUES ?c {{ {values} }} ?x {RDF.type.n3()} ?c }}").rows
    out: dict[URIRef, set[URIRef]] = defaultdict(set)
    for member, cls in rows:
        out[cls].add(member)
    return out


# ---- clashes --------------------------------------------------------------------------------------


def clashes(store: Store, translate: Translator) -> list[str]:
    """The functional-property and disjointness clashes in ``store``, one line each (empty: none found)."""
    tbox = translate.tbox
    graph = tbox.graph
    lines = _functional_clashes(store, graph)
    for a, b in sorted(disjoint_pairs(graph)):
        query = "\n".join(
            [
                *translate.prologue,
                "SELECT DISTINCT ?x WHERE {",
                translate.members(a, "?x", frozenset()),
                ".",
                translate.members(b, "?x", frozenset()),
                "FILTER(isIRI(?x) || isBlank(?x)) }",
            ]
        )
        for (individual,) in store.select(query).rows:
            if individual not in (a, b):
                lines.append(
                    f"{compress(str(individual))}: is both a {compress(str(a))} and a {compress(str(b))}, "
                    "which the ontology declares disjoint"
                )
    return sorted(set(lines))


def _functional_clashes(store: Store, graph: Graph) -> list[str]:
    functional = sorted(p for p in graph.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef))
    if not functional:
        return []
    values = " ".join(p.n3() for p in functional)
    rows = store.select(
        f"SELECT ?s ?p ?a ?b WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?a . ?s ?p ?b . FILTER(!sameTerm(?a, ?b)) }}"
    ).rows
    different = different_pairs(graph)
    by_subject: dict[tuple, set] = defaultdict(set)
    clashing: set[tuple] = set()
    for subject, prop, a, b in rows:
        by_subject[(subject, prop)] |= {a, b}
        if isinstance(a, Literal) or frozenset((a, b)) in different:
            clashing.add((subject, prop))
    return [
        f"{compress(str(subject))}: {compress(str(prop))} is functional (one value) but has "
        f"{', '.join(compress(str(v)) for v in sorted(by_subject[(subject, prop)], key=str))}"
        for subject, prop in sorted(clashing, key=str)
    ]


def different_pairs(graph: Graph) -> set[frozenset]:
    """Pairs of individuals the graph declares different (owl:AllDifferent, owl:differentFrom)."""
    pairs: set[frozenset] = set()
    for node in graph.subjects(RDF.type, OWL.AllDifferent):
        for predicate in (OWL.distinctMembers, OWL.members):
            for members in graph.objects(node, predicate):
                items = list(Collection(graph, members))
                pairs |= {frozenset((a, b)) for i, a in enumerate(items) for b in items[i + 1 :]}
    pairs |= {frozenset(pair) for pair in graph.subject_objects(OWL.differentFrom)}
    return pairs


def disjoint_pairs(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    """Pairs of named classes the graph declares disjoint (disjointWith, disjointUnionOf, AllDisjointClasses)."""
    pairs = {
        (a, b) for a, b in graph.subject_objects(OWL.disjointWith) if isinstance(a, URIRef) and isinstance(b, URIRef)
    }
    lists = list(graph.objects(None, OWL.disjointUnionOf))
    lists += [m for n in graph.subjects(RDF.type, OWL.AllDisjointClasses) for m in graph.objects(n, OWL.members)]
    for members in lists:
        items = [m for m in Collection(graph, members) if isinstance(m, URIRef)]
        pairs |= {(a, b) for i, a in enumerate(items) for b in items[i + 1 :]}
    return pairs
