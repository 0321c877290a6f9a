"""What a reasoner concluded, in one shape for both reasoners (fast SPARQL path and HermiT)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef


@dataclass(frozen=True)
class ReasoningResult:
    """Consistency, the miRNAs' memberships in the defined classes, and only what reasoning added."""

    consistent: bool
    memberships: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    """defined miRNA class -> miRNAs that are members (asserted or inferred), in display order."""
    inferred: Graph = field(default_factory=Graph)
    """Only what the reasoner added: class memberships of miRNAs and subclass links between named classes."""
    explanation: list[str] = field(default_factory=list)
    """When inconsistent: the individuals and axioms that clash, one line each."""
    reasoner: str = "hermit"
    """Which reasoner produced this: ``fast`` or ``hermit``."""
    notes: list[str] = field(default_factory=list)
    """Definitions the reasoner could not use (the fast path names each class expression outside its fragment)."""
