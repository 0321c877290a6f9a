"""The ontology's axioms as the fast path needs them, read from any store with one SPARQL SELECT.

``read_tbox(store)`` fetches the OWL/RDFS vocabulary triples (class expressions, RDF lists, subclass,
subproperty, inverse, domain, range, disjointness, distinctness, functional properties) in a single query,
so the blank nodes of class expressions keep one identity across the answer (SPARQL scopes blank-node
labels to one result set). It reads the store rather than the ontology file because the store is what is
being classified: ontology, imports, curated data and any merged external evidence, local or remote. Nothing
else is needed, so a new defined class in ``ontology/mirna-kg.ttl`` is classified with no change to Python.

The class expressions become a small tree (``Named``, ``And``, ``Or``, ``OneOf``, ``Some``, ``HasValue``,
``Min``, ``HasSelf``, ``Unsupported``) and ``TBox.subsumes`` decides subsumption structurally (the rules of
the EL/ALEN family: conjunctions, disjunctions, existentials, nominals, at-least restrictions, told
hierarchy, domain and range). Structural subsumption is sound; it is what yields the inferred links between
named defined classes that HermiT reports (e.g. context-dependent ⊑ tumour-promoting).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Identifier

from ..stores import Store

#: Predicates of the axioms the fast path reads; RDF list cells are read only where a blank node holds them.
AXIOM_PREDICATES = (
    OWL.equivalentClass,
    RDFS.subClassOf,
    OWL.intersectionOf,
    OWL.unionOf,
    OWL.oneOf,
    OWL.someValuesFrom,
    OWL.allValuesFrom,
    OWL.hasValue,
    OWL.hasSelf,
    OWL.onProperty,
    OWL.onClass,
    OWL.onDataRange,
    OWL.minCardinality,
    OWL.minQualifiedCardinality,
    OWL.maxCardinality,
    OWL.maxQualifiedCardinality,
    OWL.cardinality,
    OWL.qualifiedCardinality,
    OWL.complementOf,
    OWL.inverseOf,
    RDFS.subPropertyOf,
    OWL.equivalentProperty,
    RDFS.domain,
    RDFS.range,
    OWL.disjointWith,
    OWL.disjointUnionOf,
    OWL.members,
    OWL.distinctMembers,
    OWL.differentFrom,
    OWL.propertyChainAxiom,
    RDF.first,
    RDF.rest,
)
#: rdf:type objects the fast path needs (functional properties, n-ary disjointness and distinctness).
AXIOM_TYPES = (OWL.FunctionalProperty, OWL.AllDifferent, OWL.AllDisjointClasses, OWL.Restriction, RDFS.Datatype)


def tbox_query() -> str:
    """The one SELECT that reads every axiom the fast path uses."""
    predicates = " ".join(p.n3() for p in AXIOM_PREDICATES)
    types = " ".join(t.n3() for t in AXIOM_TYPES)
    return f"""SELECT ?s ?p ?o WHERE {{
  {{ VALUES ?p {{ {predicates} }} ?s ?p ?o .
     FILTER((?p != {RDF.first.n3()} && ?p != {RDF.rest.n3()}) || isBlank(?s)) }}
  UNION
  {{ VALUES ?o {{ {types} }} ?s a ?o . BIND({RDF.type.n3()} AS ?p) }}
}}"""


# ---- class expressions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prop:
    """A property expression: a named property, or its inverse."""

    iri: URIRef
    inverse: bool = False


@dataclass(frozen=True)
class Named:
    iri: URIRef


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class OneOf:
    items: tuple


@dataclass(frozen=True)
class Some:
    """``someValuesFrom``; the filler ``None`` is owl:Thing; a ``Datatype`` filler restricts a literal."""

    prop: Prop
    filler: object


@dataclass(frozen=True)
class HasValue:
    prop: Prop
    value: Identifier


@dataclass(frozen=True)
class Min:
    """At least ``n`` distinct ``prop`` values in ``filler`` (min cardinality, qualified or not)."""

    n: int
    prop: Prop
    filler: object


@dataclass(frozen=True)
class HasSelf:
    prop: Prop


@dataclass(frozen=True)
class Datatype:
    iri: URIRef


@dataclass(frozen=True)
class Unsupported:
    """A construct no data can prove membership of under the open world (allValuesFrom, complementOf,
    max/exact cardinality) or that the fast path does not read; classes defined by one are classified
    from their asserted members only, and the result's notes say so."""

    kind: str


THING = Named(OWL.Thing)


@dataclass
class TBox:
    """The axioms of one store, with the closures the translation and the subsumption tests need."""

    graph: Graph
    definitions: dict[URIRef, list[object]] = field(default_factory=dict)
    """named class -> the class expressions it is equivalent to."""
    told_supers: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    """named class -> named classes it is a told subclass of (direct; equivalences both ways)."""
    anonymous_supers: dict[URIRef, list[object]] = field(default_factory=lambda: defaultdict(list))
    """named class -> anonymous class expressions it is a told subclass of."""
    sub_props: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    equivalent_props: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    inverses: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    domains: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    notes: list[str] = field(default_factory=list)
    _cache: dict[tuple, object] = field(default_factory=dict, repr=False)

    # -- closures -------------------------------------------------------------------------------------

    def sub_properties(self, prop: Prop) -> set[Prop]:
        """Every property expression that entails ``prop`` (itself included): subproperties, equivalent
        properties and inverses, transitively."""
        key = ("sub_properties", prop)
        if key not in self._cache:
            self._cache[key] = self._sub_properties(prop)
        return self._cache[key]  # type: ignore[return-value]

    def _sub_properties(self, prop: Prop) -> set[Prop]:
        seen, todo = {prop}, [prop]
        while todo:
            current = todo.pop()
            related = {Prop(q, current.inverse) for q in self.sub_props.get(current.iri, ())}
            related |= {Prop(q, current.inverse) for q in self.equivalent_props.get(current.iri, ())}
            related |= {Prop(q, not current.inverse) for q in self.inverses.get(current.iri, ())}
            for item in related - seen:
                seen.add(item)
                todo.append(item)
        return seen

    def super_properties(self, prop: Prop) -> set[Prop]:
        """Every property expression ``prop`` entails (itself included)."""
        key = ("super_properties", prop)
        if key not in self._cache:
            self._cache[key] = self._super_properties(prop)
        return self._cache[key]  # type: ignore[return-value]

    def _super_properties(self, prop: Prop) -> set[Prop]:
        parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sup, subs in self.sub_props.items():
            for sub in subs:
                parents[sub].add(sup)
        seen, todo = {prop}, [prop]
        while todo:
            current = todo.pop()
            related = {Prop(q, current.inverse) for q in parents.get(current.iri, ())}
            related |= {Prop(q, current.inverse) for q in self.equivalent_props.get(current.iri, ())}
            related |= {Prop(q, not current.inverse) for q in self.inverses.get(current.iri, ())}
            for item in related - seen:
                seen.add(item)
                todo.append(item)
        return seen

    def told_ancestors(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and every named class it is a told subclass of, transitively."""
        key = ("told_ancestors", cls)
        if key not in self._cache:
            self._cache[key] = self._told_ancestors(cls)
        return self._cache[key]  # type: ignore[return-value]

    def _told_ancestors(self, cls: URIRef) -> set[URIRef]:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in self.told_supers.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def domain_of(self, prop: Prop) -> set[URIRef]:
        """Named classes every subject of ``prop`` belongs to (domains of it and its super-properties; the
        range when inverted)."""
        out: set[URIRef] = set()
        for sup in self.super_properties(prop):
            out |= (self.ranges if sup.inverse else self.domains).get(sup.iri, set())
        return out

    def named_classes(self) -> set[URIRef]:
        """Every named class the axioms mention as a class."""
        out = set(self.definitions) | set(self.told_supers) | set(self.anonymous_supers)
        for sups in self.told_supers.values():
            out |= sups
        return out

    def property_iris(self) -> set[URIRef]:
        """Every named property the axioms mention."""
        out = set(self.domains) | set(self.ranges) | set(self.sub_props) | set(self.inverses)
        for subs in self.sub_props.values():
            out |= subs
        return out

    # -- hierarchy ------------------------------------------------------------------------------------

    def defined_classes(self) -> set[URIRef]:
        """Named classes equivalent to a class expression (the classes the fast path classifies)."""
        return set(self.definitions)

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and every named class it is a subclass of, told or structurally inferred."""
        key = ("ancestors", cls)
        if key not in self._cache:
            self._cache[key] = self._ancestors(cls)
        return self._cache[key]  # type: ignore[return-value]

    def _ancestors(self, cls: URIRef) -> set[URIRef]:
        found = set(self.told_ancestors(cls))
        self._cache[("ancestors", cls)] = found  # placeholder: cycles of equivalent classes end here
        for ancestor in found - {cls}:
            if self._has_axioms(ancestor):
                found |= self.ancestors(ancestor)
        if not self._has_axioms(cls):
            return found
        candidates = [c for c in self.defined_classes() if c not in found]
        changed = True
        while changed:  # a new ancestor can bring definitions that imply more ancestors
            changed = False
            for ancestor in list(found):
                for expression in self.definitions.get(ancestor, []) + self.anonymous_supers.get(ancestor, []):
                    for c in self._named_supers(expression) - found:
                        found |= self.told_ancestors(c)
                        changed = True
            for c in [c for c in candidates if c not in found]:
                if self.subsumes(Named(c), Named(cls)):
                    found |= self.told_ancestors(c)
                    changed = True
        return found

    def _has_axioms(self, cls: URIRef) -> bool:
        """Does ``cls`` have a definition or an anonymous superclass (so more than its told ancestors)?"""
        return bool(self.definitions.get(cls) or self.anonymous_supers.get(cls))

    def _named_supers(self, expression: object) -> set[URIRef]:
        """Named classes an expression is structurally subsumed by through conjuncts, disjunctions (common
        to every disjunct) and the domain of a restriction's property."""
        if isinstance(expression, Named):
            return self.told_ancestors(expression.iri)
        if isinstance(expression, And):
            out: set[URIRef] = set()
            for item in expression.items:
                out |= self._named_supers(item)
            return out
        if isinstance(expression, Or) and expression.items:
            sets = [self._named_supers(item) for item in expression.items]
            return set.intersection(*sets)
        prop = getattr(expression, "prop", None)
        if prop is not None and not isinstance(expression, HasSelf):
            out = set()
            for d in self.domain_of(prop):
                out |= self.told_ancestors(d)
            return out
        return set()

    def subclasses(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and every named class that is a subclass of it, told or structurally inferred."""
        key = ("subclasses", None)
        if key not in self._cache:
            index: dict[URIRef, set[URIRef]] = defaultdict(set)
            for named in self.named_classes():
                for ancestor in self.ancestors(named):
                    index[ancestor].add(named)
            self._cache[key] = index
        return self._cache[key].get(cls, set()) | {cls}  # type: ignore[attr-defined]

    def inferred_links(self, namespace: str) -> set[tuple[URIRef, URIRef]]:
        """Direct subclass links from each defined class to named classes, both in ``namespace``, that the
        axioms entail but do not state (HermiT's classification restricted to the same pairs)."""
        links: set[tuple[URIRef, URIRef]] = set()
        for sub in self.defined_classes():
            if not str(sub).startswith(namespace):
                continue
            strict = {a for a in self.ancestors(sub) if sub not in self.ancestors(a)}
            for sup in strict:
                if not str(sup).startswith(namespace) or sup in self.told_supers.get(sub, ()):
                    continue
                between = any(
                    sup in self.ancestors(mid) and mid not in self.ancestors(sup) for mid in strict if mid != sup
                )
                if not between:
                    links.add((sub, sup))
        return links

    # -- subsumption ----------------------------------------------------------------------------------

    def subsumes(self, sup: object, sub: object, _stack: frozenset = frozenset()) -> bool:
        """Structurally, is every instance of ``sub`` an instance of ``sup``? Sound, not complete."""
        key = ("subsumes", sup, sub)
        known = self._cache.get(key)
        if known is None:
            known = self._subsumes(sup, sub, _stack)
            if known or not _stack:  # a "no" inside a cycle guard may be a "yes" from the top
                self._cache[key] = known
        return known  # type: ignore[return-value]

    def _subsumes(self, sup: object, sub: object, _stack: frozenset) -> bool:
        key = (sup, sub)
        if key in _stack or len(_stack) > 64:
            return False
        stack = _stack | {key}
        if sup is None or sup in (sub, THING):
            return True
        if sub is None or isinstance(sub, Unsupported) or isinstance(sup, Unsupported):
            return False
        # decompose the subsumer first where it splits into conditions that must all hold
        if isinstance(sup, And):
            return all(self.subsumes(item, sub, stack) for item in sup.items)
        if isinstance(sub, Or):
            return all(self.subsumes(sup, item, stack) for item in sub.items)
        if isinstance(sub, OneOf) and isinstance(sup, OneOf):
            return set(sub.items) <= set(sup.items)
        if isinstance(sub, And) and any(self.subsumes(sup, item, stack) for item in sub.items):
            return True
        if isinstance(sup, Or) and any(self.subsumes(item, sub, stack) for item in sup.items):
            return True
        if isinstance(sub, Named):
            if isinstance(sup, Named) and sup.iri in self.told_ancestors(sub.iri):
                return True
            expressions = [
                e
                for a in self.told_ancestors(sub.iri)
                for e in self.definitions.get(a, []) + self.anonymous_supers.get(a, [])
            ]
            if any(self.subsumes(sup, e, stack) for e in expressions):
                return True
        if isinstance(sup, Named) and any(self.subsumes(d, sub, stack) for d in self.definitions.get(sup.iri, [])):
            return True
        prop = getattr(sub, "prop", None)
        restriction = prop is not None and not isinstance(sub, HasSelf) and (not isinstance(sub, Min) or sub.n >= 1)
        if (
            isinstance(sup, Named)
            and restriction
            and any(sup.iri in self.told_ancestors(d) for d in self.domain_of(prop))
        ):
            return True
        return self._restriction_subsumes(sup, sub, stack)

    def _restriction_subsumes(self, sup: object, sub: object, stack: frozenset) -> bool:
        def implies(sub_prop: Prop, sup_prop: Prop) -> bool:
            return sub_prop in self.sub_properties(sup_prop)

        if isinstance(sup, Some):
            if isinstance(sub, Some | Min) and implies(sub.prop, sup.prop) and (not isinstance(sub, Min) or sub.n >= 1):
                return self.subsumes(sup.filler, sub.filler, stack)
            if isinstance(sub, HasValue) and implies(sub.prop, sup.prop):
                return self.subsumes(sup.filler, OneOf((sub.value,)), stack)
        if isinstance(sup, Min):
            if sup.n <= 1:
                return self.subsumes(Some(sup.prop, sup.filler), sub, stack)
            if isinstance(sub, Min) and sub.n >= sup.n and implies(sub.prop, sup.prop):
                return self.subsumes(sup.filler, sub.filler, stack)
        if isinstance(sup, HasValue):
            if isinstance(sub, HasValue) and sub.value == sup.value and implies(sub.prop, sup.prop):
                return True
            if isinstance(sub, Some) and isinstance(sub.filler, OneOf) and sub.filler.items == (sup.value,):
                return implies(sub.prop, sup.prop)
        if isinstance(sup, HasSelf) and isinstance(sub, HasSelf):
            return implies(sub.prop, sup.prop)
        return False


# ---- reading --------------------------------------------------------------------------------------


def read_tbox(store: Store) -> TBox:
    """The axioms of ``store``, read with one SPARQL SELECT."""
    graph = Graph()
    for s, p, o in store.select(tbox_query()).rows:
        if s is not None and p is not None and o is not None:
            graph.add((s, p, o))
    return tbox_from_graph(graph)


def tbox_from_graph(graph: Graph) -> TBox:
    """Parse the axiom triples into definitions, hierarchies and property closures."""
    tbox = TBox(graph)
    parser = _Parser(graph, tbox.notes)
    for cls, expression in graph.subject_objects(OWL.equivalentClass):
        for a, b in ((cls, expression), (expression, cls)):
            if isinstance(a, URIRef):
                if isinstance(b, URIRef):
                    tbox.told_supers[a].add(b)
                else:
                    tbox.definitions.setdefault(a, []).append(parser.parse(b, a))
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef):
            if isinstance(sup, URIRef):
                tbox.told_supers[sub].add(sup)
            else:
                tbox.anonymous_supers[sub].append(parser.parse(sup, sub))
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            tbox.sub_props[sup].add(sub)
    for a, b in graph.subject_objects(OWL.equivalentProperty):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            tbox.equivalent_props[a].add(b)
            tbox.equivalent_props[b].add(a)
    for a, b in graph.subject_objects(OWL.inverseOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            tbox.inverses[a].add(b)
            tbox.inverses[b].add(a)
    for target, predicate in ((tbox.domains, RDFS.domain), (tbox.ranges, RDFS.range)):
        for prop, cls in graph.subject_objects(predicate):
            if isinstance(prop, URIRef) and isinstance(cls, URIRef):
                target[prop].add(cls)
    return tbox


class _Parser:
    """RDF (OWL 2 mapping to RDF graphs) -> class expression tree."""

    def __init__(self, graph: Graph, notes: list[str]) -> None:
        self.graph = graph
        self.notes = notes

    def parse(self, node: Identifier, owner: URIRef) -> object:
        expression = self._parse(node)
        for kind in sorted(_unsupported_kinds(expression)):
            self.notes.append(
                f"{owner}: the definition uses {kind}, which no data can prove under the open "
                "world or the fast path does not read; only its asserted members are classified"
            )
        return expression

    def _list(self, node: Identifier) -> list[Identifier]:
        return list(Collection(self.graph, node))

    def _parse(self, node: Identifier) -> object:
        g = self.graph
        if isinstance(node, URIRef):
            if node in (RDFS.Literal,) or str(node).startswith(str(XSD)) or (node, RDF.type, RDFS.Datatype) in g:
                return Datatype(node)
            return Named(node)
        if isinstance(node, Literal):
            return Unsupported("a literal where a class is expected")
        if (items := g.value(node, OWL.intersectionOf)) is not None:
            return And(tuple(self._parse(i) for i in self._list(items)))
        if (items := g.value(node, OWL.unionOf)) is not None:
            return Or(tuple(self._parse(i) for i in self._list(items)))
        if (items := g.value(node, OWL.oneOf)) is not None:
            return OneOf(tuple(self._list(items)))
        if g.value(node, OWL.complementOf) is not None:
            return Unsupported("owl:complementOf")
        on_property = g.value(node, OWL.onProperty)
        if on_property is None:
            return Unsupported("a class expression without a known constructor")
        prop = self._property(on_property)
        if prop is None:
            return Unsupported("a property chain or unnamed property")
        if (filler := g.value(node, OWL.someValuesFrom)) is not None:
            return Some(prop, self._filler(filler))
        if (value := g.value(node, OWL.hasValue)) is not None:
            return HasValue(prop, value)
        if g.value(node, OWL.hasSelf) is not None:
            return HasSelf(prop)
        for predicate in (OWL.minCardinality, OWL.minQualifiedCardinality):
            if (count := g.value(node, predicate)) is not None:
                filler = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                n = int(count)
                parsed = None if filler is None else self._filler(filler)
                return Min(n, prop, parsed) if n > 1 else Some(prop, parsed) if n == 1 else THING
        for predicate in (
            OWL.allValuesFrom,
            OWL.maxCardinality,
            OWL.maxQualifiedCardinality,
            OWL.cardinality,
            OWL.qualifiedCardinality,
        ):
            if (node, predicate, None) in g:
                return Unsupported(predicate.n3(g.namespace_manager))
        return Unsupported("a restriction without a known constructor")

    def _filler(self, node: Identifier) -> object:
        parsed = self._parse(node)
        return None if parsed == THING else parsed

    def _property(self, node: Identifier) -> Prop | None:
        if isinstance(node, URIRef):
            return Prop(node)
        inverse_of = self.graph.value(node, OWL.inverseOf)
        if isinstance(inverse_of, URIRef):
            return Prop(inverse_of, inverse=True)
        return None


def _unsupported_kinds(expression: object) -> set[str]:
    if isinstance(expression, Unsupported):
        return {expression.kind}
    out: set[str] = set()
    for child in _children(expression):
        out |= _unsupported_kinds(child)
    return out


def _children(expression: object) -> Iterable[object]:
    if isinstance(expression, And | Or):
        return expression.items
    if isinstance(expression, Some | Min):
        return () if expression.filler is None else (expression.filler,)
    return ()


def referenced_classes(expression: object) -> set[URIRef]:
    """Named classes an expression mentions."""
    if isinstance(expression, Named):
        return {expression.iri}
    out: set[URIRef] = set()
    for child in _children(expression):
        out |= referenced_classes(child)
    return out
