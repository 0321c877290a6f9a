"""Class expressions -> SPARQL 1.1 graph patterns: query rewriting with the ontology's axioms.

``Translator.class_query(cls)`` is one SELECT whose answers are the members of a named class: individuals
typed by it or by any of its subclasses (told or structurally inferred), subjects and objects of properties
whose domain or range is one of them, punned class IRIs used as values of class-valued properties (a class
IRI is a member of itself, as HermiT's input types it), and whatever satisfies its definition, translated
constructor by constructor:

========================  ======================================================================
intersectionOf            the patterns joined on the same variable
unionOf                   UNION
oneOf                     VALUES
someValuesFrom            the property (subproperties, equivalents and inverses as one path) and the
                          filler's members at the other end; a datatype filler is a FILTER
hasValue                  the property path to the value
min(Qualified)Cardinality GROUP BY ... HAVING (COUNT(DISTINCT ...) >= n): counting IRIs as distinct is
                          the unique-name assumption, which the reasoner input makes explicit for the
                          one counted property (``mkg:reportedInCancer``, rolled-up cancers declared
                          pairwise different)
hasSelf                   the property path from the variable to itself
named class               a DISTINCT subquery of its members (definitions inlined; a class already
                          being expanded contributes its asserted members only, so cycles end)
========================  ======================================================================

A property that is not stored but materialized by a query (``conventions.MATERIALIZED_PROPERTIES``) is a
subquery in place of the triple pattern. Constructs no data can prove under the open world (allValuesFrom,
complementOf, max or exact cardinality) match nothing, so a class defined by one keeps its asserted members.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import count

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Identifier

from ..stores import Store
from .tbox import (
    THING,
    And,
    Datatype,
    HasSelf,
    HasValue,
    Min,
    Named,
    OneOf,
    Or,
    Prop,
    Some,
    TBox,
    Unsupported,
)

_PREFIX_LINE = re.compile(r"^\s*PREFIX\s+\S*:\s*<[^>]*>\s*$", re.IGNORECASE | re.MULTILINE)


class Translator:
    """Writes the membership query of any named class from the axioms of one ``TBox``."""

    def __init__(
        self,
        tbox: TBox,
        punned_properties: Sequence[URIRef] = (),
        materialized: Mapping[URIRef, tuple[str, str, str]] | None = None,
    ) -> None:
        self.tbox = tbox
        self.punned = tuple(punned_properties)
        self.materialized: dict[URIRef, tuple[str, str, str]] = {}
        self.prologue: list[str] = []
        for prop, (query, subject, obj) in (materialized or {}).items():
            self.prologue += [line.strip() for line in _PREFIX_LINE.findall(query) if line.strip() not in self.prologue]
            self.materialized[prop] = (_PREFIX_LINE.sub("", query).strip(), subject, obj)
        self.rows: dict[URIRef, list[tuple[Identifier, Identifier]]] = {}
        self._names = count()

    # -- queries --------------------------------------------------------------------------------------

    def class_query(self, cls: URIRef) -> str:
        """SELECT DISTINCT ?member: every IRI that is a member of ``cls``."""
        body = self.members(cls, "?member", frozenset())
        return "\n".join([*self.prologue, f"SELECT DISTINCT ?member WHERE {{\n{body}\n  FILTER(isIRI(?member))\n}}"])

    def members(self, cls: URIRef, var: str, stack: frozenset) -> str:
        """A subquery binding ``var`` to the members of the named class ``cls``."""
        if cls == OWL.Thing:
            return ""
        subclasses = self.tbox.subclasses(cls)
        values = " ".join(c.n3() for c in sorted(subclasses))
        t = self._var("t")
        parts = [f"{{ {var} {RDF.type.n3()} {t} . VALUES {t} {{ {values} }} }}"]
        if self.punned:
            o = self._var("v")
            path = "|".join(p.n3() for p in self.punned)
            parts.append(f"{{ {o} {path} {var} . VALUES {var} {{ {values} }} }}")
        typing = self._typing_properties(subclasses)
        if typing:
            parts.append(self.path(typing, var, self._var("o")))
        if cls not in stack:
            inner = stack | {cls}
            for defined in sorted(subclasses):
                for definition in self.tbox.definitions.get(defined, []):
                    if defined != cls and self.tbox.subsumes(Named(cls), definition):
                        continue  # its matches are already members through the other parts
                    if isinstance(definition, Unsupported):
                        continue
                    parts.append(f"{{ {self.pattern(definition, var, inner)} }}")
        return f"{{ SELECT DISTINCT {var} WHERE {{\n  {' UNION '.join(parts)} }} }}"

    def pattern(self, expression: object, var: str, stack: frozenset) -> str:
        """A graph pattern that binds ``var`` to the individuals satisfying ``expression``."""
        if expression is None or expression == THING:
            return ""
        if isinstance(expression, Named):
            return self.members(expression.iri, var, stack)
        if isinstance(expression, And):
            # restrictions first: they bind the variable from the data; named classes then filter
            ordered = sorted(expression.items, key=lambda item: isinstance(item, Named))
            return " .\n".join(p for p in (self.pattern(item, var, stack) for item in ordered) if p)
        if isinstance(expression, Or):
            return " UNION ".join(f"{{ {self.pattern(item, var, stack)} }}" for item in expression.items)
        if isinstance(expression, OneOf):
            return f"VALUES {var} {{ {' '.join(item.n3() for item in expression.items)} }}"
        if isinstance(expression, Some):
            y = self._var("y")
            filler = self._filler(expression.filler, y, stack)
            return self.path(self.tbox.sub_properties(expression.prop), var, y) + (f" .\n{filler}" if filler else "")
        if isinstance(expression, HasValue):
            return self.path(self.tbox.sub_properties(expression.prop), var, expression.value.n3())
        if isinstance(expression, Min):
            y = self._var("y")
            filler = self._filler(expression.filler, y, stack)
            path = self.path(self.tbox.sub_properties(expression.prop), var, y)
            return (
                f"{{ SELECT {var} WHERE {{ {path} {'. ' + filler if filler else ''} }} GROUP BY {var} "
                f"HAVING (COUNT(DISTINCT {y}) >= {expression.n}) }}"
            )
        if isinstance(expression, HasSelf):
            return self.path(self.tbox.sub_properties(expression.prop), var, var)
        return "FILTER(false)"  # Unsupported: no data proves it

    def path(self, props: set[Prop], subject: str, obj: str) -> str:
        """``subject`` related to ``obj`` by any of ``props``: stored properties as triple patterns over a
        VALUES list of predicates (Oxigraph evaluates that an order of magnitude faster than an alternative
        property path), materialized ones as their rows (``precompute``) or their query."""
        key = lambda p: (str(p.iri), p.inverse)  # noqa: E731 - a sort key
        parts = []
        for inverse in (False, True):
            stored = sorted((p for p in props if p.iri not in self.materialized and p.inverse == inverse), key=key)
            if not stored:
                continue
            s, o = (obj, subject) if inverse else (subject, obj)
            if len(stored) == 1:
                parts.append(f"{{ {s} {stored[0].iri.n3()} {o} }}")
            else:
                predicate = self._var("p")
                parts.append(
                    f"{{ VALUES {predicate} {{ {' '.join(p.iri.n3() for p in stored)} }} {s} {predicate} {o} }}"
                )
        for prop in sorted((p for p in props if p.iri in self.materialized), key=key):
            parts.append(self._materialized(prop, subject, obj))
        return " UNION ".join(parts) if parts else "FILTER(false)"

    def _materialized(self, prop: Prop, subject: str, obj: str) -> str:
        query, s, o = self.materialized[prop.iri]
        a = subject if subject.startswith("?") else self._var("s")
        b = obj if obj.startswith("?") and obj != subject else self._var("o")
        checks = [f"FILTER(sameTerm({x}, {term}))" for x, term in ((a, subject), (b, obj)) if x != term]
        rows = self.rows.get(prop.iri)
        if rows is not None:
            pairs = " ".join(f"({x.n3()} {y.n3()})" for x, y in (((y, x) for x, y in rows) if prop.inverse else rows))
            return f"{{ VALUES ({a} {b}) {{ {pairs} }} {' '.join(checks)} }}"
        if prop.inverse:
            s, o = o, s
        return f"{{ {{ SELECT (?{s} AS {a}) (?{o} AS {b}) WHERE {{ {{ {query} }} }} }} {' '.join(checks)} }}"

    def precompute(self, store: Store) -> None:
        """Run each materialized property's query once on ``store`` and use its rows from then on, so a
        query that uses the property many times (every miRNA class, through its domain) pays for it once."""
        for prop, (query, subject, obj) in self.materialized.items():
            table = store.select("\n".join([*self.prologue, query]))
            i, j = table.variables.index(subject), table.variables.index(obj)
            self.rows[prop] = [(row[i], row[j]) for row in table.rows if row[i] is not None and row[j] is not None]

    # -- helpers --------------------------------------------------------------------------------------

    def _filler(self, filler: object, var: str, stack: frozenset) -> str:
        if isinstance(filler, Datatype):
            if filler.iri == RDFS.Literal:
                return f"FILTER(isLiteral({var}))"
            return f"FILTER(isLiteral({var}) && DATATYPE({var}) = {filler.iri.n3()})"
        return self.pattern(filler, var, stack)

    def _typing_properties(self, classes: set[URIRef]) -> set[Prop]:
        """Property expressions whose subjects are members of one of ``classes`` by a domain or range axiom."""
        out: set[Prop] = set()
        for iri in self.tbox.property_iris():
            for inverse, axioms in ((False, self.tbox.domains), (True, self.tbox.ranges)):
                if axioms.get(iri, set()) & classes:
                    out |= self.tbox.sub_properties(Prop(iri, inverse))
        return out

    def _var(self, stem: str) -> str:
        return f"?{stem}{next(self._names)}"
