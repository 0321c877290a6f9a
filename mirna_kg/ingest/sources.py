"""The row formats ingest reads (miRTarBase's table, TarBase's): their columns, and how one row becomes N-Triples
lines or a reject.

A database (``data/ttl/databases.ttl``) names its row format with ``mkg:rowFormat``; several databases may share
one. A new row format is one ``RowFormat`` class here, listed in ``ROW_FORMATS``.

Rows are turned into N-Triples text directly (no rdflib term per row): every IRI comes from
``mirna_kg.namespaces`` once, as a ``<…>`` string, and literals are escaped here. The model is the ontology's
external-evidence block (``mkg:TargetInteractionEvidence`` → ``mkg:interaction`` → ``mkg:MirnaTargetInteraction``).

Each row is checked as it is written (``CheckViolation``), for what the release graph must hold and a row can
show: the interaction's miRNA is a miRBase mature accession and its target an HGNC, NCBI Gene or Ensembl gene (the
two parts its IRI is minted from, so the IRI names exactly one of each), and each record is typed and points to
an interaction defined in the release. Those checks cost a few comparisons per row in the mapping process; the
loader checks on the loaded graph only what no single row shows (``loader.run_checks``).

Record IRIs come from the source's own identifiers, so re-ingesting the same file gives the same graph:
miRTarBase ``mkge:mirtarbase-10.0/MIRT000002-19270761`` (MIRT id and PMID: one evidence row per article);
TarBase has no record ids, so ``mkge:tarbase-9/<hash>`` hashes the fields that identify a record (miRNA, gene,
PMID, method, tissue, cell line, cell type, regulation).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import ClassVar

from ..namespaces import ENSEMBL, HGNC, MIRBASE_MATURE, MKG, MKGE, NCBIGENE, OBO, interaction_iri_text, slug
from .reference import MirnaProblem, ReferenceTables


class Reject(Exception):
    """A row that cannot be ingested; ``reason`` is one of a small set of reject reasons."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CheckViolation(Exception):
    """A row whose triples would break what the release graph must hold: the ingest stops, the store is left as
    it was. Not a ``Reject``: a reject is a row the source got wrong, this is a mapping or reference table that
    does not hold its promise, which no row of the release should be dropped for silently."""

    def __init__(self, check: str, subject: str, problem: str) -> None:
        subject_iri = subject.removeprefix("<").removesuffix(">")  # named as the loader's SPARQL checks name it
        super().__init__(f"{check}: {subject_iri} {problem}")
        self.check = check


def iri(value: str) -> str:
    return f"<{value}>"


A = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
P = {
    name: iri(str(MKG[name]))
    for name in (
        "interaction",
        "interactingMirna",
        "interactionTarget",
        "mirnaName",
        "targetSymbol",
        "sourceRelease",
        "sourceRecordId",
        "mirnaSpecies",
        "targetSpecies",
        "experimentalMethod",
        "supportType",
        "pubmedId",
        "tissue",
        "cellLine",
        "regulation",
        "confidence",
        "mirnaAsRecorded",
        "geneAsRecorded",
    )
}
EVIDENCE_CLASS = iri(str(MKG.TargetInteractionEvidence))
INTERACTION_CLASS = iri(str(MKG.MirnaTargetInteraction))
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_MATURE_BASE = str(MIRBASE_MATURE)
_GENE_BASES = {"hgnc": str(HGNC), "ncbigene": str(NCBIGENE), "ensembl": str(ENSEMBL)}

#: Species as the sources write them (and miRBase codes) -> NCBITaxon IRI; anything else is rejected.
SPECIES = {"Homo sapiens": "hsa", "Mus musculus": "mmu", "hsa": "hsa", "mmu": "mmu", "human": "hsa", "mouse": "mmu"}
TAXON = {"hsa": iri(OBO["NCBITaxon_9606"]), "mmu": iri(OBO["NCBITaxon_10090"])}

SUPPORT_TYPES = {
    "functional mti": MKG.functionalMTI,
    "functional mti (weak)": MKG.functionalMTIWeak,
    "non-functional mti": MKG.nonFunctionalMTI,
    "non-functional mti (weak)": MKG.nonFunctionalMTIWeak,
}

#: support type as the sources write it (lower-cased) -> its IRI in N-Triples
_SUPPORT_NT = {text: iri(str(value)) for text, value in SUPPORT_TYPES.items()}
_RECORD_ID, _METHOD, _SUPPORT, _PUBMED = P["sourceRecordId"], P["experimentalMethod"], P["supportType"], P["pubmedId"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_PMID = re.compile(r"^\d{1,9}$")
_MIRT = re.compile(r"^MIRT\d+$")
_MATURE_ACCESSION = re.compile(r"^MIMAT\d+$")
_ENTREZ = re.compile(r"^\d+$")
_ENSEMBL_MOUSE = re.compile(r"^ENSMUSG\d+(\.\d+)?$")


_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t]').search
#: how many distinct methods cells ``RowMapper.methods`` remembers before it starts again
METHOD_CELLS = 4096

#: The form of a free-text value (a method, tissue, cell line, gene symbol as recorded): it starts with a letter
#: or digit and has no control characters. A value starting with ``=``, ``+``, ``-`` or ``@`` is a spreadsheet
#: formula (CSV injection), never a method or a tissue, and is rejected with its row.
_TEXT = re.compile(r"^[^\W_][^\x00-\x1f\x7f]*$")


def text(value: str, column: str) -> str:
    """``value`` when it has the form of free text (see ``_TEXT``); else the row is rejected, naming the column."""
    if not _TEXT.match(value):
        raise Reject(f"malformed line: {column} is not text (it must start with a letter or digit)")
    return value


def lit(value: str) -> str:
    """An N-Triples plain string literal (escaped only when it needs to be: most values do not, and the
    test is four times cheaper than the translation)."""
    return '"' + (value.translate(_ESCAPES) if _NEEDS_ESCAPE(value) else value) + '"'


@dataclass
class RowMapper:
    """Maps rows of one source release; remembers the last interaction so repeated rows do not repeat it, and
    what the last row's ends resolved to and the methods cells met, so they do not repeat the work."""

    tables: ReferenceTables
    release_iri: str
    record_base: str
    last_interaction: str = ""
    #: each support type the rows used -> the first record that used it (a handful: the loader asks the store
    #: whether the ontology ranks them, which no row can tell)
    supports: dict[str, str] = field(default_factory=dict)
    #: the previous row's miRNA and target cells and what they resolved to: the rows of one interaction come
    #: one after the other (one per article), and resolving is most of a row's cost
    last_ends: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    #: methods cell -> its ``mkg:experimentalMethod`` line tails; a release names a few dozen method lists over
    #: millions of rows (cleared when full, so memory stays flat whatever the release holds)
    method_tails: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def methods(self, cell: str, column: str) -> tuple[str, ...]:
        """The line tails (`` <mkg:experimentalMethod> "…" .``) of a methods cell: methods split at ``//`` or
        ``;``, each once, in order; a ``Reject`` when one is not text."""
        tails = self.method_tails.get(cell)
        if tails is None:
            methods = dict.fromkeys(m.strip() for m in cell.replace(";", "//").split("//"))  # an ordered set
            tails = tuple(f" {_METHOD} {lit(text(method, column))} .\n" for method in methods if method)
            if len(self.method_tails) >= METHOD_CELLS:
                self.method_tails.clear()
            self.method_tails[cell] = tails
        return tails

    def _mirna(self, name: str, species_text: str | None) -> tuple[str, str, str]:
        if not name:
            raise Reject("malformed line: no miRNA")
        code = SPECIES.get(species_text) if species_text else SPECIES.get(name.split("-", 1)[0])
        if code is None:
            raise Reject("species not human or mouse")
        try:
            accession, species, current = self.tables.mirna(name)
        except MirnaProblem as problem:
            raise Reject(problem.reason) from None
        if species != code:
            raise Reject("miRNA species mismatch")
        return accession, species, current

    def _gene(self, symbol: str, entrez: str, ensembl: str, species: str) -> tuple[str, str]:
        """(gene IRI, CURIE used in the interaction IRI, symbol) for a target gene."""
        if species == "hsa":
            try:
                hit = self.tables.gene(symbol or None, entrez if _ENTREZ.match(entrez or "") else None, ensembl or None)
            except ValueError as problem:
                raise Reject(str(problem)) from None
            if hit is None:
                raise Reject("unknown gene")
            return f"hgnc:{hit[0]}", hit[1]
        # no mouse gene table ships: keep the source's own NCBI Gene (or Ensembl) identifier
        if entrez and _ENTREZ.match(entrez):
            return f"ncbigene:{entrez}", symbol
        if ensembl and _ENSEMBL_MOUSE.match(ensembl):
            return f"ensembl:{ensembl.split('.')[0]}", symbol
        raise Reject("mouse gene without NCBI Gene or Ensembl id")

    def interaction(
        self,
        accession: str,
        mirna_name: str,
        gene_curie: str,
        symbol: str,
        mirna_species: str,
        target_species: str,
        out: list[str],
    ) -> str:
        """The interaction IRI; its triples are written when it differs from the previous row's.

        The species are the interaction's (of its miRNA and of its gene), not each record's: every record of
        the pair would repeat them. Before they are written, the two ends are checked (``CheckViolation``): a
        MIMAT accession (no ``-``) and a gene CURIE of a known prefix (no ``.``) with a local part. That also
        makes the IRI name exactly one miRNA and one target (``interaction_parts`` inverts it), so an
        interaction of the release never has two of either.
        """
        node = iri(interaction_iri_text(accession, gene_curie))
        if node != self.last_interaction:
            prefix, _, local = gene_curie.partition(":")
            if not _MATURE_ACCESSION.match(accession):
                raise CheckViolation("identifier-namespace", node, f"miRNA is not a MIMAT accession: {accession}")
            if prefix not in _GENE_BASES or not local:
                raise CheckViolation("identifier-namespace", node, f"target is not a gene CURIE: {gene_curie}")
            self.last_interaction = node
            out.append(
                f"{node} {A} {INTERACTION_CLASS} .\n"
                f"{node} {P['interactingMirna']} <{_MATURE_BASE}{accession}> .\n"
                f"{node} {P['interactionTarget']} <{_GENE_BASES[prefix]}{local}> .\n"
                f"{node} {P['mirnaName']} {lit(mirna_name)} .\n"
                f"{node} {P['mirnaSpecies']} {TAXON[mirna_species]} .\n"
                f"{node} {P['targetSpecies']} {TAXON[target_species]} .\n"
            )
            if symbol:
                out.append(f"{node} {P['targetSymbol']} {lit(symbol)} .\n")
        return node

    def common(self, record: str, node: str, name: str, current: str, gene: str, symbol: str, out: list[str]) -> None:
        """The triples every record has, whatever its source: its type and its one interaction, written together
        (so every record of the release has both, and only records have an ``mkg:interaction``), the
        interaction being the one this row's ``interaction`` just wrote or met (so it is in the release)."""
        if node != self.last_interaction:
            raise CheckViolation("record-interaction", record, "interaction not written by this release")
        out.append(
            f"{record} {A} {EVIDENCE_CLASS} .\n"
            f"{record} {P['interaction']} {node} .\n"
            f"{record} {P['sourceRelease']} {self.release_iri} .\n"
        )
        if name != current:
            out.append(f"{record} {P['mirnaAsRecorded']} {lit(name)} .\n")
        if gene and gene != symbol:
            out.append(f"{record} {P['geneAsRecorded']} {lit(gene)} .\n")


# ------------------------------------------------------------------------------------------------------------
# miRTarBase
# ------------------------------------------------------------------------------------------------------------

MIRTARBASE_COLUMNS = (
    "miRTarBase ID",
    "miRNA",
    "Species (miRNA)",
    "Target Gene",
    "Target Gene (Entrez ID)",
    "Species (Target Gene)",
    "Experiments",
    "Support Type",
    "References (PMID)",
)


def mirtarbase_row(mapper: RowMapper, fields: dict[str, str], out: list[str]) -> None:
    """One miRTarBase row (one evidence: an interaction, its experiments and one article) as N-Triples."""
    mirt = fields["miRTarBase ID"]
    if not _MIRT.match(mirt):
        raise Reject("malformed line: bad miRTarBase ID")
    pmid = fields["References (PMID)"]
    if pmid and not _PMID.match(pmid):
        raise Reject("malformed line: bad PMID")
    support_text = fields["Support Type"]
    support = _SUPPORT_NT.get(support_text.lower()) if support_text else None
    if support_text and support is None:
        raise Reject("unknown support type")
    name, gene = fields["miRNA"], fields["Target Gene"]
    cells = (name, fields["Species (miRNA)"], fields["Species (Target Gene)"], gene, fields["Target Gene (Entrez ID)"])
    if cells == mapper.last_ends[0]:
        node, accession, mirna_species, current, target_species, curie, symbol = mapper.last_ends[1]
    else:
        accession, mirna_species, current = mapper._mirna(name, cells[1])
        target_species = SPECIES.get(cells[2])
        if target_species is None:
            raise Reject("species not human or mouse")
        if gene:
            text(gene, "Target Gene")
        curie, symbol = mapper._gene(gene, cells[4], "", target_species)
        node = iri(interaction_iri_text(accession, curie))
        mapper.last_ends = (cells, (node, accession, mirna_species, current, target_species, curie, symbol))
    if node != mapper.last_interaction:  # else written by the row before
        mapper.interaction(accession, current, curie, symbol, mirna_species, target_species, out)
    record = f"<{mapper.record_base}{mirt}-{pmid or 'nopmid'}>"
    mapper.common(record, node, name, current, gene, symbol, out)
    out.append(f'{record} {_RECORD_ID} "{mirt}" .\n')  # an ID and a PMID of digits need no escaping
    out.extend([record + tail for tail in mapper.methods(fields["Experiments"], "Experiments")])
    if pmid:
        out.append(f'{record} {_PUBMED} "{pmid}" .\n')
    if support is not None:  # last: a row rejected above uses no support type
        out.append(f"{record} {_SUPPORT} {support} .\n")
        mapper.supports.setdefault(support, record)


# ------------------------------------------------------------------------------------------------------------
# TarBase v9
# ------------------------------------------------------------------------------------------------------------

TARBASE_COLUMNS = (
    "mirna_name",
    "gene_name",
    "regulation",
    "article_pubmed_id",
    "experimental_method",
    "tissue",
    "cell_line",
    "confidence",
)
_TARBASE_KEY = (
    "mirna_name",
    "gene_name",
    "gene_id",
    "article_pubmed_id",
    "experimental_method",
    "tissue",
    "cell_line",
    "cell_type",
    "regulation",
)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_EMPTY = {"", "-", "NA", "N/A", "nan", "None"}


def tarbase_row(mapper: RowMapper, fields: dict[str, str], out: list[str]) -> None:
    """One TarBase v9 row (an interaction by one method in one article and sample) as N-Triples."""
    pmid = fields["article_pubmed_id"]
    if pmid in _EMPTY:
        pmid = ""
    if pmid and not _PMID.match(pmid):
        raise Reject("malformed line: bad PMID")
    confidence = fields["confidence"]
    if confidence not in _EMPTY and not _NUMBER.match(confidence):
        raise Reject("malformed line: bad confidence")
    name = fields["mirna_name"]
    species_text = fields.get("species") or None
    accession, mirna_species, current = mapper._mirna(name, species_text)
    gene = fields["gene_name"]
    if gene:
        text(gene, "gene_name")
    ensembl = fields.get("gene_id", "")
    curie, symbol = mapper._gene(gene, "", ensembl if ensembl.startswith("ENS") else "", mirna_species)
    node = mapper.interaction(accession, current, curie, symbol, mirna_species, mirna_species, out)
    key = "\x1f".join(fields.get(k, "") for k in _TARBASE_KEY)
    record = iri(mapper.record_base + hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest())
    mapper.common(record, node, name, current, gene, symbol, out)
    method = fields["experimental_method"]
    if method not in _EMPTY:
        out.append(f"{record} {P['experimentalMethod']} {lit(text(method, 'experimental_method'))} .\n")
    if pmid:
        out.append(f"{record} {P['pubmedId']} {lit(pmid)} .\n")
    for column, prop in (("tissue", "tissue"), ("cell_line", "cellLine"), ("regulation", "regulation")):
        if (value := fields[column]) not in _EMPTY:
            out.append(f"{record} {P[prop]} {lit(text(value, column))} .\n")
    if confidence not in _EMPTY:
        out.append(f'{record} {P["confidence"]} "{confidence}"^^<{XSD_DECIMAL}> .\n')


class RowFormat:
    """How rows of one kind of release table are read: the columns its header must have, and the mapping of
    one row to N-Triples lines (or a ``Reject``). What a database *is* (title, web site, default release, and
    which row format it uses) is data: ``databases.database(key)``."""

    key: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]

    def map_row(self, mapper: RowMapper, fields: dict[str, str], out: list[str]) -> None:
        raise NotImplementedError


class MirtarbaseRows(RowFormat):
    """miRTarBase's MTI table (CSV, TSV or XLSX): one row per interaction and article."""

    key = "mirtarbase"
    columns = MIRTARBASE_COLUMNS
    map_row = staticmethod(mirtarbase_row)


class TarbaseRows(RowFormat):
    """TarBase v9's TSV: one row per interaction, method, article and sample."""

    key = "tarbase"
    columns = TARBASE_COLUMNS
    map_row = staticmethod(tarbase_row)


#: The row formats by the key a database names with ``mkg:rowFormat`` in ``data/ttl/databases.ttl``.
ROW_FORMATS: dict[str, RowFormat] = {cls.key: cls() for cls in (MirtarbaseRows, TarbaseRows)}


def record_base(database_key: str, release: str) -> str:
    """The namespace of a release's evidence records: ``mkge:<database>-<release>/``."""
    return str(MKGE[f"{slug(database_key)}-{slug(release)}/"])
