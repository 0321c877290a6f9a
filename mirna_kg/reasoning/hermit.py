"""OWL 2 DL reasoning with HermiT through owlready2: the complete consistency check and classification.

``reason_hermit(graph)`` prepares the reasoner input from the asserted graph (``reasoner_input``: the
ontology's punning and cancer roll-up conventions, and no ``owl:imports``, so owlready2 never fetches
anything: the imports are the local modules in ontology/imports/, already merged), runs HermiT in a private
owlready2 World (never owlready2's global default world), and returns the miRNAs' memberships in the defined
classes plus the inferred subclass links between named classes. When HermiT finds the graph inconsistent,
``explain_inconsistency`` names the individuals and axioms that clash.

HermiT is Java: ``require_java`` turns a missing or too old Java into a clear message.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import InputError
from ..namespaces import MKG, bind_prefixes, compress
from ..stores import OxigraphStore, Store
from .conventions import CLASS_VALUED_PROPERTIES, MATERIALIZED_PROPERTIES
from .fast import defined_mirna_classes, different_pairs, disjoint_pairs
from .result import ReasoningResult
from .tbox import read_tbox

MINIMUM_JAVA = 8


def require_java() -> str:
    """The Java version line, or an ``InputError`` saying how to install Java."""
    java = shutil.which("java")
    if java is None:
        raise InputError(
            "HermiT needs Java, and `java` is not on PATH: install a JRE "
            "(e.g. `apt-get install default-jre-headless`) and try again"
        )
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


def reasoner_input(graph: Graph, store: Store | None = None) -> Graph:
    """The asserted graph plus what the ontology's reasoning notes call for, minus ``owl:imports``.

    - each class IRI used as a cell-type or process value is typed, as an individual, by its own class;
    - each materialized property (``mkg:reportedInCancer``) is added from its query (the cancer roll-up),
      run on Oxigraph (``store``, made from ``graph`` when not given), and its values are declared pairwise
      different (no unique-name assumption in OWL);
    - ``owl:imports`` is dropped: the imported modules are local files already in ``graph``, and owlready2
      would otherwise try to download each import.
    """
    store = store or OxigraphStore.from_graph(graph)
    prepared = Graph()
    prepared += graph
    prepared.remove((None, OWL.imports, None))
    for prop in CLASS_VALUED_PROPERTIES:
        for value in set(graph.objects(None, prop)):
            if isinstance(value, URIRef):
                prepared.add((value, RDF.type, OWL.NamedIndividual))
                prepared.add((value, RDF.type, value))
    for prop, (query, subject, obj) in MATERIALIZED_PROPERTIES.items():
        table = store.select(query)
        s, o = table.variables.index(subject), table.variables.index(obj)
        values: set[URIRef] = set()
        for row in table.rows:
            prepared.add((row[s], prop, row[o]))
            prepared.add((row[o], RDF.type, OWL.NamedIndividual))
            values.add(row[o])
        if len(values) > 1:
            node, members = BNode(), BNode()
            prepared.add((node, RDF.type, OWL.AllDifferent))
            prepared.add((node, OWL.distinctMembers, members))
            Collection(prepared, members, sorted(values))
    return prepared


def reason_hermit(graph: Graph) -> ReasoningResult:
    """Classify ``graph`` with HermiT; on inconsistency, explain what clashes."""
    import owlready2

    require_java()
    store = OxigraphStore.from_graph(graph)
    prepared = reasoner_input(graph, store)
    classes = defined_mirna_classes(read_tbox(store))
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
        return _collect(prepared, entailed, classes)


def _collect(asserted: Graph, entailed: Graph, classes: list[URIRef]) -> ReasoningResult:
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

    memberships: dict[URIRef, set[URIRef]] = {cls: set() for cls in classes}
    inferred = Graph()
    bind_prefixes(inferred.namespace_manager)
    for individual, cls in entailed.subject_objects(RDF.type):
        if not isinstance(individual, URIRef) or not isinstance(cls, URIRef):
            continue
        for member_of in closure(cls) & set(classes):
            memberships[member_of].add(individual)
            if (individual, RDF.type, member_of) not in asserted:
                inferred.add((individual, RDF.type, member_of))
    own = str(MKG)
    for sub, sups in superclasses.items():
        for sup in sups:
            if (
                str(sub).startswith(own)
                and str(sup).startswith(own)
                and sub != sup
                and (sub, RDFS.subClassOf, sup) not in asserted
            ):
                inferred.add((sub, RDFS.subClassOf, sup))
    return ReasoningResult(True, memberships, inferred)


def explain_inconsistency(graph: Graph) -> list[str]:
    """Name the individuals and axioms that make ``graph`` inconsistent, for the clash patterns our
    ontology can produce: a functional property with two values that are different individuals (or two
    literals), and an individual in two disjoint classes."""
    lines: list[str] = []
    different = different_pairs(graph)
    for prop in set(graph.subjects(RDF.type, OWL.FunctionalProperty)):
        by_subject: dict[object, set[object]] = defaultdict(set)
        for subject, value in graph.subject_objects(prop):
            by_subject[subject].add(value)
        for subject, values in by_subject.items():
            clashing = sorted(values, key=str)
            if len(clashing) > 1 and any(
                frozenset((a, b)) in different or not isinstance(a, URIRef)
                for i, a in enumerate(clashing)
                for b in clashing[i + 1 :]
            ):
                lines.append(
                    f"{compress(str(subject))}: {compress(str(prop))} is functional (one value) but has "
                    f"{', '.join(compress(str(v)) for v in clashing)}"
                )
    types = _types_with_superclasses(graph)
    for a, b in disjoint_pairs(graph):
        for individual, classes in types.items():
            if a in classes and b in classes:
                lines.append(
                    f"{compress(str(individual))}: is both a {compress(str(a))} and a {compress(str(b))}, "
                    "which the ontology declares disjoint"
                )
    return sorted(set(lines)) or [
        "HermiT found the graph inconsistent; no functional-property or disjointness "
        "clash was found by the diagnostics (run HermiT in Protégé for a justification)"
    ]


def _types_with_superclasses(graph: Graph) -> dict[URIRef, set[URIRef]]:
    out: dict[URIRef, set[URIRef]] = {}
    for individual, cls in graph.subject_objects(RDF.type):
        if isinstance(individual, URIRef) and isinstance(cls, URIRef) and cls != individual:
            out.setdefault(individual, set()).update(graph.transitive_objects(cls, RDFS.subClassOf))
    return out
