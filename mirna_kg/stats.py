"""Rendering graph statistics (computed by ``mirna_kg.api.stats`` with the stored query ``queries/stats.rq``).

The triple count differs with the reasoner's inferred triples (``build`` and the web server include them,
``stats`` by default does not), so the count says how many of its triples are inferred, and ``GLOSSARY`` says
what the statement counts are, in the words of the ontology's class definitions.
"""

from __future__ import annotations

from .namespaces import INFERRED_GRAPH
from .stores import RdflibStore, Store

#: What the statement figures count (the classes ``queries/stats.rq`` counts, as ``ontology/mirna-kg.ttl``
#: defines them).
GLOSSARY = {
    "claims": "regulatory claims (mkg:RegulatoryClaim): a miRNA acting in the tumour microenvironment of a cancer, "
    "with its source cell, vehicle, recipient cell, targets and effect on the tumour",
    "observations": "cell composition observations (mkg:CellCompositionObservation): the abundance or state of one "
    "cell type in the tumour microenvironment of a cancer, such as its proportion in bone metastases",
    "biomarkers": "biomarker statements (mkg:BiomarkerStatement): miRNAs measured to diagnose, predict or monitor "
    "a cancer",
    "therapeutics": "therapeutic statements (mkg:TherapeuticStatement): miRNA-directed treatments and their delivery",
}


def inferred_triples(store: Store) -> int | None:
    """How many of the store's triples the reasoner inferred (its ``mkgg:inferred`` graph; 0 when it has none),
    or None when the store cannot tell them apart (rdflib's engine holds one graph, without named graphs)."""
    if isinstance(store, RdflibStore):
        return None
    table = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
    return int(table.rows[0][0]) if table.rows and table.rows[0][0] is not None else 0


def render_stats(figures: dict[str, int], inferred: int | None = None) -> str:
    """One ``name  value`` line per figure, aligned; under ``triples``, how many are from the sources and how
    many inferred (``inferred``: None when not known, 0 when there are none)."""
    rows = [(name.replace("_", " "), str(value)) for name, value in figures.items()]
    if inferred and "triples" in figures:
        rows += [("  from the sources", str(figures["triples"] - inferred)), ("  inferred", str(inferred))]
    width = max(len(name) for name, _ in rows)
    digits = max(7, *(len(value) for _, value in rows))
    lines = [f"{name:{width}}  {value:>{digits}}" for name, value in rows]
    if inferred == 0:
        lines.append("  (none inferred; --with-inferred adds the reasoner's, as build and serve do)")
    return "\n".join(lines) + "\n"


def glossary() -> list[str]:
    """What the statement figures count, one sentence each."""
    return [f"{name}: {meaning}." for name, meaning in GLOSSARY.items()]


def build_verdict(warnings: int, inferred: int | None) -> list[str]:
    """What a successful build established: the graph was validated (SHACL and the curation checks) and, unless
    built with ``--no-inferred`` (``inferred`` None), classified by the reasoner."""
    checked = "validated: the graph conforms to the SHACL shapes (shapes/) and passes the curation checks"
    if warnings:
        checked += f" ({warnings} warning{'s' if warnings != 1 else ''}; `mirna-kg validate` lists them)"
    if inferred is None:
        classified = "not classified (--no-inferred): the release holds the sources' triples only"
    else:
        classified = (
            "classified: the fast reasoner placed the miRNAs in the ontology's defined classes "
            f"({inferred} inferred triples, in inferred.ttl and merged into every serialization)"
        )
    return [checked, classified]
