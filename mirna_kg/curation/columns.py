"""The columns of a claim sheet: one place says what each column holds, which property it is, how lists split.

A sheet row is one statement. The column table drives the export (graph -> cells), the import (cells -> graph),
the XLSX drop-downs and the "columns" sheet that documents them, so a new property is one line here. Kinds:

- ``entity``: identifiers; a cell lists items ``label (CURIE)``, a bare ``CURIE`` or a bare name (grounded on
  import with the shipped tables, see ``grounding``);
- ``vocab``: the ontology's value sets (``exosome``, ``tableProseDisagreement``), local names, drop-downs;
- ``text`` / ``int`` / ``decimal`` / ``boolean``: literals, kept with their lexical form.

Short lists are separated by ``"; "``; free-text columns (quotes, findings, notes) put each value on its own line
in the cell, because a quote may itself contain "; ".
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import XSD

from ..namespaces import MKG

LIST_SEPARATOR = "; "
LINE_SEPARATOR = "\n"


@dataclass(frozen=True)
class Column:
    """One sheet column: its name, the property it holds, how its values look and split."""

    name: str
    doc: str
    predicate: URIRef | None = None
    kind: str = "text"  # entity | vocab | text | int | decimal | boolean | special
    ground: str = ""  # for entity columns: gene | cell | cancer | process | pathway | mirna | statement | term
    separator: str | None = LIST_SEPARATOR  # None: one value only

    @property
    def datatype(self) -> URIRef | None:
        return {"int": XSD.positiveInteger, "decimal": XSD.decimal, "boolean": XSD.boolean}.get(self.kind)


def _entity(name: str, predicate: URIRef, ground: str, doc: str) -> Column:
    return Column(name, doc, predicate, "entity", ground)


def _text(name: str, predicate: URIRef, doc: str, separator: str | None = LINE_SEPARATOR) -> Column:
    return Column(name, doc, predicate, "text", separator=separator)


#: Statement kinds: the word in the ``kind`` column and the class it stands for.
KINDS: dict[str, URIRef] = {
    "regulatory claim": MKG.RegulatoryClaim,
    "cell composition": MKG.CellCompositionObservation,
    "biomarker": MKG.BiomarkerStatement,
    "therapeutic": MKG.TherapeuticStatement,
}

#: ``effect`` column word -> value of mkg:effectOnTumor (empty: mkg:effectNotStated on a regulatory claim).
EFFECTS: dict[str, URIRef] = {"promotes": MKG.promotesTumor, "inhibits": MKG.inhibitsTumor}

#: Evidence when the sheet leaves it empty: "author statement supported by traceable reference" (every review).
DEFAULT_EVIDENCE = "ECO:0000304"

COLUMNS: tuple[Column, ...] = (
    Column(
        "statement",
        "The statement's IRI (mkgs:…). Empty on a new row: minted from review, table or section, "
        "row and miRNA as written (data/README.md).",
        kind="special",
        separator=None,
    ),
    Column("kind", "regulatory claim, cell composition, biomarker or therapeutic.", kind="special", separator=None),
    Column(
        "file",
        "The Turtle file under data/ttl/REVIEW/ the statement lives in (empty: from its location, "
        "e.g. t4.ttl or s2.ttl).",
        kind="special",
        separator=None,
    ),
    _text("mirna_as_written", MKG.mirnaAsWritten, "The miRNA name as the review writes it (typos repaired).", None),
    _entity(
        "mirna",
        MKG.mirna,
        "mirna",
        "miRBase CURIE (mirbase.mature:MIMAT…, mirbase:MI…) or a group "
        "mkgr:group-…; empty: grounded from mirna_as_written by the arm and species rules.",
    ),
    Column("mirna_label", "The miRNA entry's label (shown for reading; ignored on import).", kind="label"),
    _entity("cancer", MKG.cancer, "cancer", "MONDO CURIE(s); empty: grounded from cancer_label."),
    Column("cancer_label", "The cancer's name; used on import only when cancer is empty.", kind="label"),
    _entity(
        "source_cell",
        MKG.sourceCell,
        "cell",
        "The cell that makes, releases or carries the miRNA (CL or the project's tumour-associated class).",
    ),
    _text("source_cell_as_written", MKG.sourceCellAsWritten, "The review's words for the source cell."),
    Column(
        "vehicle", "How the miRNA travels (exosome, extracellularVesicle, …).", MKG.vehicle, "vocab", separator=None
    ),
    _entity("recipient_cell", MKG.recipientCell, "cell", "The cell that receives the miRNA or in which it acts."),
    _text("recipient_cell_as_written", MKG.recipientCellAsWritten, "The review's words for the recipient cell."),
    _entity("targets", MKG.targetGene, "gene", "HGNC genes the review says the miRNA targets (targeting wording)."),
    _entity("downstream_genes", MKG.downstreamGene, "gene", "Every other gene the review names for the claim."),
    Column(
        "effect",
        "Effect on the tumour: promotes, inhibits, or empty when the review does not say.",
        MKG.effectOnTumor,
        "special",
        separator=None,
    ),
    _entity("pathway", MKG.pathway, "pathway", "Signalling pathways or axes (mkgr:pathway-…)."),
    _entity("promotes_process", MKG.promotesProcess, "process", "GO processes (or the project's) it promotes."),
    _entity("inhibits_process", MKG.inhibitsProcess, "process", "GO processes (or the project's) it inhibits."),
    _entity("regulates_process", MKG.regulatesProcess, "process", "Processes it regulates, direction not stated."),
    Column(
        "expression_change",
        "The change of the miRNA the review reports.",
        MKG.expressionChange,
        "vocab",
        separator=None,
    ),
    _entity(
        "organism", MKG.organism, "term", "NCBITaxon CURIE when the study is not in human (mouse: NCBITaxon:10090)."
    ),
    _text("experimental_model", MKG.experimentalModel, "The model in words."),
    _text("function_as_written", MKG.functionAsWritten, "The table's function cell, verbatim."),
    _text("impact_as_written", MKG.impactAsWritten, "The table's impact cell, verbatim."),
    _text("table", MKG.table, 'The table ("Table 4").', None),
    Column("table_row", "The printed body row of the table, counting from 1.", MKG.tableRow, "int", separator=None),
    _text("table_group", MKG.tableGroup, "The table's group heading of the row.", LIST_SEPARATOR),
    _text("section", MKG.section, 'The section ("4.1.2"; review 002: "2", "3", "4").', LIST_SEPARATOR),
    Column("references", "The prose's reference numbers.", MKG.citedReference, "int"),
    Column(
        "table_references",
        "A table's own (Refs.) numbers where they differ from the prose's.",
        MKG.tableReference,
        "int",
    ),
    _text("first_author", MKG.firstAuthor, "The first author where the review names one.", LIST_SEPARATOR),
    _text("quote", MKG.quote, "Verbatim passages of the review (10-600 characters), one per line."),
    _entity("evidence", MKG.evidence, "term", f"ECO evidence class (default {DEFAULT_EVIDENCE})."),
    Column("flags", "Curation flags (tableProseDisagreement, typoRepaired, …).", MKG.flag, "vocab"),
    _entity("disagrees_with", MKG.disagreesWith, "statement", "Statements this one disagrees with (mkgs:…)."),
    _entity("supported_by", MKG.supportedBy, "statement", "Detailed statements a summary role rests on."),
    _entity("cell_type", MKG.cellType, "cell", "Cell composition: the cell type observed."),
    _text("cell_type_as_written", MKG.cellTypeAsWritten, "Cell composition: the review's words for it."),
    _text("finding", MKG.finding, "Cell composition and biomarkers: the finding in the review's words."),
    _text("attributed_to", MKG.attributedTo, "The study or author a finding is attributed to.", LIST_SEPARATOR),
    Column(
        "is_consensus",
        "Cell composition: true when the review calls the finding a consensus.",
        MKG.isConsensus,
        "boolean",
        separator=None,
    ),
    Column(
        "proportion_percent",
        "Cell composition: the proportion in percent.",
        MKG.proportionPercent,
        "decimal",
        separator=None,
    ),
    Column("sample_type", "Biomarker: the sample the miRNA is measured in.", MKG.sampleType, "vocab"),
    Column("purpose", "Biomarker: diagnosis, prognosis, …", MKG.purpose, "vocab"),
    _text("comparison", MKG.comparison, "Biomarker: the groups compared."),
    _entity("increased_mirna", MKG.increasedMirna, "mirna", "Biomarker: miRNAs that rise."),
    _entity("decreased_mirna", MKG.decreasedMirna, "mirna", "Biomarker: miRNAs that fall."),
    Column("accuracy", "Biomarker: accuracy.", MKG.accuracy, "decimal", separator=None),
    Column("auc_min", "Biomarker: lowest AUC reported.", MKG.aucMin, "decimal", separator=None),
    Column("auc_max", "Biomarker: highest AUC reported.", MKG.aucMax, "decimal", separator=None),
    Column("strategy_type", "Therapeutic: the strategy (mimic, inhibitor, …).", MKG.strategyType, "vocab"),
    Column("development_stage", "Therapeutic: how far it got.", MKG.developmentStage, "vocab", separator=None),
    _text("delivery_system", MKG.deliverySystem, "Therapeutic: how it is delivered."),
    _text("outcome", MKG.outcome, "Therapeutic: the outcome in the review's words."),
    _text("termination_reason", MKG.terminationReason, "Therapeutic: why a trial stopped."),
    _text("note", MKG.curationNote, "Curation notes: identifier choices, ambiguities, repairs."),
    Column(
        "extra",
        "Any other property, one per line as Turtle: `mkg:property value` (kept so nothing the graph holds is lost).",
        kind="special",
        separator=LINE_SEPARATOR,
    ),
)

#: Draft-only columns: the import ignores them.
DRAFT_COLUMNS: tuple[Column, ...] = (
    Column("confidence", "Draft: how sure the rule that proposed the row is (0-1); sort by it.", kind="label"),
    Column("why", "Draft: the words that triggered the row.", kind="label"),
)

BY_NAME: dict[str, Column] = {c.name: c for c in (*COLUMNS, *DRAFT_COLUMNS)}
BY_PREDICATE: dict[URIRef, Column] = {c.predicate: c for c in COLUMNS if c.predicate is not None}
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
