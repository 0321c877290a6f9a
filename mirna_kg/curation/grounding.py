"""Names to identifiers with the shipped tables only: the curator's sheet and the draft both ground here.

A sheet cell may leave an identifier empty and give the name; a draft finds names in the text. Either way the
name is resolved with what the project ships — miRBase 22.1 and the HGNC complete set in ``data/reference/``,
the CL, MONDO and GO subsets (labels and synonyms) in ``ontology/imports/``, the project's own classes, groups
and pathways — and never on the network. A name that fits several entries is an ``Ambiguous`` error listing
them; a name that fits none is ``Unknown``. Neither is ever guessed away.

miRNA names follow ``data/README.md``: a name with an arm is the mature entry; an arm-less name that is the
current miRBase name of a locus's only mature is that mature; any other arm-less name is the stem-loop when
miRBase has one human locus for it; several loci are ambiguous unless the curated groups already name them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..checks import normalize as normalize_mirna
from ..ingest.reference import ALIAS_FILE, HGNC_FILE, MIRBASE_FILE, read_table
from ..loading import load
from ..namespaces import HGNC, MIRBASE, MIRBASE_MATURE, MKG, MKGR, OBO, compress
from ..resources import ProjectLayout, graph_files

#: Hyphens and dashes a PDF extraction leaves in names (non-breaking hyphen, en dash, minus sign).
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "ε": "epsilon"}
_ARM = re.compile(r"-[35]p$", re.IGNORECASE)


class GroundingError(Exception):
    """A name that cannot be grounded to one entry."""


class Unknown(GroundingError):
    """No shipped entry has this name."""


class Ambiguous(GroundingError):
    """Several shipped entries have this name; the message lists them."""


@dataclass(frozen=True)
class Entry:
    """One grounded entry: its IRI and the label the project shows for it."""

    iri: URIRef
    label: str

    @property
    def curie(self) -> str:
        return compress(str(self.iri))


def clean(text: str) -> str:
    """A name as a lookup key: dashes made ASCII, Greek letters spelled, one space."""
    text = _DASHES.sub("-", text)
    return " ".join(text.split())


def _key(text: str) -> str:
    text = clean(text).casefold()
    for letter, word in _GREEK.items():
        text = text.replace(letter, word)
    return text


def _singular(key: str) -> str:
    """``macrophages`` -> ``macrophage`` (only a final plural s of the last word)."""
    if key.endswith("ies"):
        return key[:-3] + "y"
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


@dataclass
class NameIndex:
    """Lower-case name -> entries, for one kind of entity."""

    what: str
    names: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[URIRef, str] = field(default_factory=dict)

    def add(self, iri: URIRef, label: str, *names: str) -> None:
        self.labels.setdefault(iri, label)
        for name in (label, *names):
            if name:
                self.names[_key(name)].add(iri)

    def find(self, name: str) -> Entry:
        """The one entry named ``name`` (exact, then singular); ``Unknown`` or ``Ambiguous`` otherwise."""
        key = _key(name)
        hits = self.names.get(key) or self.names.get(_singular(key)) or set()
        if not hits:
            raise Unknown(f"no {self.what} named {name!r} in the shipped tables")
        if len(hits) > 1:
            shown = ", ".join(f"{self.labels[h]} ({compress(str(h))})" for h in sorted(hits))
            raise Ambiguous(f"{name!r} names several {self.what}s: {shown}; give one identifier")
        iri = next(iter(hits))
        return Entry(iri, self.labels[iri])

    def has(self, iri: URIRef) -> bool:
        return iri in self.labels


@dataclass
class MirnaTables:
    """miRBase 22.1 (human, mouse) from ``data/reference/``: matures, loci and their relation."""

    mature: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (MIMAT, precursor MI)
    precursor: dict[str, str] = field(default_factory=dict)  # name -> MI
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # old mature name -> MIMATs
    matures_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # MI -> MIMATs
    names: dict[str, str] = field(default_factory=dict)  # accession -> current name
    old_loci: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # earlier locus name -> MIs


@dataclass
class Grounder:
    """Every lookup the sheet import and the draft need, built once from the shipped files."""

    graph: Graph
    genes: NameIndex
    cells: NameIndex
    cancers: NameIndex
    processes: NameIndex
    pathways: NameIndex
    groups: NameIndex
    mirbase: MirnaTables
    hgnc_ids: dict[str, str]  # HGNC number -> approved symbol (the complete set)

    def label(self, iri: URIRef) -> str:
        """The project's label of ``iri`` (the CURIE when it has none)."""
        label = self.graph.value(iri, RDFS.label)
        if label is None and str(iri).startswith(str(HGNC)):
            symbol = self.hgnc_ids.get(str(iri)[len(str(HGNC)) :])
            return symbol or compress(str(iri))
        return str(label) if label is not None else compress(str(iri))

    def gene(self, name: str) -> Entry:
        """An HGNC gene by approved symbol, then by an alias or previous symbol naming one gene only."""
        return self.genes.find(name)

    def cell(self, name: str) -> Entry:
        return self.cells.find(name)

    def cancer(self, name: str) -> Entry:
        return self.cancers.find(name)

    def process(self, name: str) -> Entry:
        return self.processes.find(name)

    def pathway(self, name: str) -> Entry:
        return self.pathways.find(name)

    def mirna(self, written: str, species: str = "hsa") -> Entry:
        """A miRNA name as a review writes it, by the arm and species rules of ``data/README.md``."""
        name = clean(written)
        name = re.sub(r"^(?:microRNA|miRNA|mir)-", "miR-", name, flags=re.IGNORECASE)
        name = re.sub(r"^let-", "let-", name, flags=re.IGNORECASE)
        name = re.sub(r"^(hsa|mmu)-", "", name)
        if not re.match(r"^(miR|let)-\d", name):
            return self._group(written, species)
        full = f"{species}-{name}"
        tables = self.mirbase
        if _ARM.search(name):
            if full in tables.mature:
                return self._entry(MIRBASE_MATURE[tables.mature[full][0]])
            matures = tables.aliases.get(full, set())
            if len(matures) == 1:
                return self._entry(MIRBASE_MATURE[next(iter(matures))])
            stem = _ARM.sub("", full)
            if stem in tables.mature:  # a locus's only mature, named without its arm (hsa-miR-184)
                return self._entry(MIRBASE_MATURE[tables.mature[stem][0]])
            raise Unknown(f"no miRBase 22.1 mature miRNA named {full!r}")
        if full in tables.mature:  # hsa-miR-1275: the current name of a locus's only mature
            return self._entry(MIRBASE_MATURE[tables.mature[full][0]])
        locus = full.replace("-miR-", "-mir-")
        loci = sorted(
            {
                acc
                for pname, acc in tables.precursor.items()
                if pname == locus or re.fullmatch(rf"{re.escape(locus)}-\d+", pname)
            }
        )
        if not loci:  # an earlier name of the locus (hsa-mir-203 is hsa-mir-203a since miRBase 21)
            loci = sorted(
                {
                    acc
                    for pname, accs in tables.old_loci.items()
                    if pname == locus or re.fullmatch(rf"{re.escape(locus)}-\d+", pname)
                    for acc in accs
                }
            )
        if len(loci) == 1:
            return self._entry(MIRBASE[loci[0]])
        try:
            return self._group(written, species)
        except Unknown:
            pass
        if loci:
            shown = ", ".join(f"{tables.names[a]} (mirbase:{a})" for a in loci)
            raise Ambiguous(
                f"{written!r} names several miRBase loci: {shown}; give one of them, or a group mkgr:group-… "
                "(data/README.md: ambiguous names)"
            )
        raise Unknown(f"no miRBase 22.1 miRNA named {full!r}")

    def _group(self, written: str, species: str) -> Entry:
        key = normalize_mirna(clean(written))
        hits = {iri for iri, label in self.groups.labels.items() if normalize_mirna(label) == key}
        hits = {h for h in hits if str(h).startswith(f"{MKGR}group-{species}-")} or hits
        if len(hits) == 1:
            iri = next(iter(hits))
            return Entry(iri, self.groups.labels[iri])
        if hits:
            shown = ", ".join(compress(str(h)) for h in sorted(hits))
            raise Ambiguous(f"{written!r} names several miRNA groups: {shown}; give one")
        raise Unknown(f"no miRNA or curated miRNA group named {written!r}")

    def _entry(self, iri: URIRef) -> Entry:
        accession = str(iri).rsplit(":", 1)[-1]
        return Entry(iri, self.mirbase.names.get(accession, accession))

    def known(self, iri: URIRef) -> bool:
        """Whether ``iri`` names an entry of the shipped tables (full miRBase/HGNC tables, or the subsets)."""
        text = str(iri)
        if text.startswith(str(HGNC)):
            return text[len(str(HGNC)) :] in self.hgnc_ids
        if text.startswith((str(MIRBASE_MATURE), str(MIRBASE))):
            return text.rsplit(":", 1)[-1] in self.mirbase.names
        return self.graph.value(iri, RDFS.label) is not None or (iri, RDF.type, None) in self.graph


def _mirbase(folder: Path) -> MirnaTables:
    tables = MirnaTables()
    for row in read_table(folder / MIRBASE_FILE):
        tables.precursor[row["precursor_name"]] = row["precursor_acc"]
        tables.names[row["precursor_acc"]] = row["precursor_name"]
        if row["mature_acc"]:
            tables.mature[row["mature_name"]] = (row["mature_acc"], row["precursor_acc"])
            tables.names[row["mature_acc"]] = row["mature_name"]
            tables.matures_of[row["precursor_acc"]].append(row["mature_acc"])
            for alias in filter(None, row["mature_aliases"].split(";")):
                if alias != row["mature_name"]:
                    tables.aliases[alias].add(row["mature_acc"])
    for row in read_table(folder / ALIAS_FILE):
        if row["accession_type"] == "precursor" and row["name"] != row["current_name"]:
            tables.old_loci[row["name"]].add(row["accession"])
    return tables


def _genes(folder: Path) -> tuple[NameIndex, dict[str, str]]:
    """Approved symbols win over aliases: an alias that is some gene's symbol never shadows it."""
    index = NameIndex("HGNC gene")
    symbols: dict[str, str] = {}
    others: dict[str, set[URIRef]] = defaultdict(set)
    for row in read_table(folder / HGNC_FILE):
        number = row["hgnc_id"].removeprefix("HGNC:")
        symbols[number] = row["symbol"]
        iri = HGNC[number]
        index.add(iri, row["symbol"])
        for column in ("alias_symbol", "prev_symbol"):
            for name in filter(None, row[column].split("|")):
                others[_key(name)].add(iri)
    for key, hits in others.items():
        if key not in index.names:
            index.names[key] = hits
    return index, symbols


def _ontology_index(graph: Graph, what: str, prefixes: tuple[str, ...], roots: tuple[URIRef, ...] = ()) -> NameIndex:
    """Entries of the import subsets (and our subclasses of them) with labels and synonyms."""
    index = NameIndex(what)
    ours = set()
    for root in roots:
        ours |= {s for s in graph.transitive_subjects(RDFS.subClassOf, root) if str(s).startswith(str(MKG))}
    for subject, label in graph.subject_objects(RDFS.label):
        if not isinstance(subject, URIRef) or not isinstance(label, Literal):
            continue
        if str(subject).startswith(prefixes) or subject in ours:
            synonyms = [str(o) for o in graph.objects(subject, SKOS.altLabel)]
            index.add(subject, str(label), *synonyms)
    return index


def _cancer_variants(index: NameIndex) -> None:
    """The everyday names of MONDO's cancer labels, where no entry has the name already: "malignant colon
    neoplasm" is "colon cancer", "nasopharyngeal carcinoma" "nasopharyngeal cancer", "plasma cell myeloma"
    "myeloma" (the shipped MONDO subset carries labels only)."""
    variants: dict[str, set[URIRef]] = defaultdict(set)
    for iri, label in index.labels.items():
        key = _key(label)
        if match := re.fullmatch(r"malignant (.+) neoplasm", key):
            variants[f"{match.group(1)} cancer"].add(iri)
            variants[f"{match.group(1)} tumor"].add(iri)
        if match := re.fullmatch(r"(.+) carcinoma", key):
            variants[f"{match.group(1)} cancer"].add(iri)
        if match := re.fullmatch(r"(?:plasma cell|cutaneous|malignant) (.+)", key):
            variants[match.group(1)].add(iri)
    for name, hits in variants.items():
        if name not in index.names:
            index.names[name] = hits


@cache
def grounder(root: Path) -> Grounder:
    """The lookups of the tree at ``root`` (cached per tree: building them reads the whole HGNC table)."""
    layout = ProjectLayout(root)
    graph = load(graph_files(layout=layout)).graph
    reference = root / "data" / "reference"
    genes, symbols = _genes(reference)
    cells = _ontology_index(graph, "cell type", (f"{OBO}CL_",), (OBO["CL_0000000"],))
    cancers = _ontology_index(graph, "cancer", (f"{OBO}MONDO_",))
    _cancer_variants(cancers)
    processes = _ontology_index(graph, "process", (f"{OBO}GO_",), (OBO["GO_0008150"],))
    pathways = NameIndex("pathway")
    for subject in graph.subjects(RDF.type, MKG.SignalingPathway):
        if isinstance(subject, URIRef):
            pathways.add(subject, str(graph.value(subject, RDFS.label) or compress(str(subject))))
    groups = NameIndex("miRNA group")
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef) and str(subject).startswith(f"{MKGR}group-"):
            groups.add(subject, str(label))
    return Grounder(graph, genes, cells, cancers, processes, pathways, groups, _mirbase(reference), symbols)
