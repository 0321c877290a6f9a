"""What the graph says about one IRI (``describe``), and finding an IRI by name (``search``).

Both are plain SPARQL through the ``Store`` seam, so they answer the same on an in-memory Oxigraph store, an
on-disk store, rdflib or a remote endpoint. The web pages, the static site and ``mirna-kg describe`` all
render an ``EntityDescription``; none of them queries the graph itself.

An entity page is organised around the *statements* (regulatory claims, biomarker, therapeutic and cell
composition statements) that involve the entity: those are what a reader comes for. A miRNA's statements
include those made about its relatives (precursor, matures, the groups that list it), because a review's
"miR-21" and another's "miR-21-5p" are about the same gene product; each such row says through which node.

>>> from mirna_kg import api
>>> store = api.open_store()
>>> d = describe(store, "hgnc:17635")
>>> d.label, d.kind
('CD274', 'gene')
>>> search(store, "CD274", 1)[0].curie
'hgnc:17635'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Identifier

from .namespaces import BASE, INFERRED_GRAPH, MKG, OBO, TURTLE_PREFIXES, authority_of, compress, expand
from .stores.base import Store

__all__ = ["Claim", "EntityDescription", "Link", "Match", "Ref", "Statement", "Value", "describe", "resolve", "search"]

#: How many incoming statements an entity page lists at most (an ontology class can have thousands).
MAX_INCOMING = 500

#: The properties that name a cell type on a statement, as a SPARQL property path.
CELL_ROLES = "|".join(f"<{p}>" for p in (MKG.sourceCell, MKG.recipientCell, MKG.measuredInCell, MKG.cellType))
#: The properties through which a statement involves an entity, in the order the claims table shows them.
STATEMENT_ROLES = (
    MKG.mirna,
    MKG.increasedMirna,
    MKG.decreasedMirna,
    MKG.cancer,
    MKG.sourceCell,
    MKG.recipientCell,
    MKG.measuredInCell,
    MKG.cellType,
    MKG.targetGene,
    MKG.downstreamGene,
    MKG.pathway,
    MKG.promotesProcess,
    MKG.inhibitsProcess,
    MKG.regulatesProcess,
    MKG.vehicle,
    MKG.statedIn,
)
MIRNA_CLASSES = frozenset(
    {
        MKG.MatureMicroRNA,
        MKG.PrecursorMicroRNA,
        MKG.MicroRNAGroup,
        MKG.MicroRNAFamily,
        MKG.MicroRNACluster,
        MKG.AmbiguousMicroRNAName,
        MKG.MicroRNAEntity,
    }
)
STATEMENT_CLASSES = frozenset(
    {
        MKG.Statement,
        MKG.RegulatoryClaim,
        MKG.CellCompositionObservation,
        MKG.BiomarkerStatement,
        MKG.TherapeuticStatement,
    }
)
#: Name properties search looks at: ``(property, statement property leading to the named entity or None)``.
#: A review's way of writing a name sits on the statement, so a match leads to the entity it names.
NAME_PROPERTIES: tuple[tuple[URIRef, URIRef | None], ...] = (
    (RDFS.label, None),
    (SKOS.prefLabel, None),
    (SKOS.altLabel, None),
    (SKOS.hiddenLabel, None),
    (MKG.mirnaAsWritten, MKG.mirna),
    (MKG.sourceCellAsWritten, MKG.sourceCell),
    (MKG.recipientCellAsWritten, MKG.recipientCell),
    (MKG.measuredInCellAsWritten, MKG.measuredInCell),
    (MKG.cellTypeAsWritten, MKG.cellType),
)
PROCESS_DIRECTIONS = {
    MKG.promotesProcess: "promotes",
    MKG.inhibitsProcess: "inhibits",
    MKG.regulatesProcess: "regulates",
}


@dataclass(frozen=True)
class Ref:
    """A resource as a page links to it: its IRI, a readable name and its CURIE."""

    iri: str
    label: str
    curie: str

    @property
    def internal(self) -> bool:
        """Whether the IRI is one of ours (under the w3id base), i.e. has a page at the same path."""
        return self.iri.startswith(BASE)


@dataclass(frozen=True)
class Value:
    """An object of a statement: a resource (``ref``) or a literal (``text`` with language or datatype)."""

    text: str
    ref: Ref | None = None
    language: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Statement:
    """One triple seen from the entity: ``predicate`` and the other end (object, or subject when incoming)."""

    predicate: Ref
    value: Value
    inferred: bool = False


@dataclass(frozen=True)
class Link:
    """An identifier of the entity at an outside authority, and where a person reads about it."""

    authority: str
    identifier: str
    url: str


@dataclass
class Claim:
    """A statement involving the entity, as one row of the claims table."""

    ref: Ref
    kind: str
    roles: list[str] = field(default_factory=list)
    """How the described entity takes part (the role properties' labels, e.g. "target gene")."""
    via: Ref | None = None
    """For a miRNA: the related node the statement names, when it is not the entity itself."""
    mirnas: list[Ref] = field(default_factory=list)
    mirna_as_written: str = ""
    cancers: list[Ref] = field(default_factory=list)
    effect: Ref | None = None
    source_cells: list[Ref] = field(default_factory=list)
    vehicles: list[Ref] = field(default_factory=list)
    recipient_cells: list[Ref] = field(default_factory=list)
    measured_in: list[Ref] = field(default_factory=list)
    """Cells where the review reports the miRNA's level (not where it acts)."""
    targets: list[Ref] = field(default_factory=list)
    downstream: list[Ref] = field(default_factory=list)
    processes: list[tuple[str, Ref]] = field(default_factory=list)
    pathways: list[Ref] = field(default_factory=list)
    review: Ref | None = None
    table: str = ""
    row: str = ""
    sections: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    first_author: str = ""
    quote: str = ""
    flags: list[Ref] = field(default_factory=list)
    disagrees_with: list[Ref] = field(default_factory=list)
    supported_by: list[Ref] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def location(self) -> str:
        """Table and row, and the sections, as a citation reads them ("Table 4 row 2; §4.1.1")."""
        parts = []
        if self.table:
            parts.append(f"{self.table} row {self.row}" if self.row else self.table)
        if self.sections:
            parts.append("§" + ", §".join(self.sections))
        return "; ".join(parts)


@dataclass
class EntityDescription:
    """Everything the graph says about one IRI, organised for reading."""

    iri: str
    curie: str
    label: str
    kind: str
    """mirna, gene, cell, cancer, process, pathway, statement, review, class, property or other."""
    exists: bool
    labels: list[str] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    definition: str = ""
    types: list[Ref] = field(default_factory=list)
    inferred_classes: list[Ref] = field(default_factory=list)
    identifiers: list[Link] = field(default_factory=list)
    relatives: dict[str, list[Ref]] = field(default_factory=dict)
    """"precursor", "mature products", "groups", "members" → related miRNA nodes."""
    claims: list[Claim] = field(default_factory=list)
    """Statements involving the entity (for a statement: itself, whole)."""
    related_claims: list[Claim] = field(default_factory=list)
    """For a statement: the statements it disagrees with or is supported by."""
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    incoming_truncated: bool = False
    notes: list[str] = field(default_factory=list)
    evidence: list = field(default_factory=list)
    """External miRNA–target evidence (``mirna_kg.ingest.evidence.Evidence``) for a miRNA or gene, when a store
    holds an ingested release (empty otherwise)."""

    @property
    def ref(self) -> Ref:
        return Ref(self.iri, self.label, self.curie)


@dataclass(frozen=True)
class Match:
    """A search hit: the entity, the name that matched and how well."""

    iri: str
    label: str
    curie: str
    kind: str
    matched: str
    """The name (label, synonym, name as written, identifier) that matched."""
    field: str
    """Which kind of name: label, synonym, hidden synonym, as written, identifier."""
    score: float


# ------------------------------------------------------------------------------------------------------------
# describe
# ------------------------------------------------------------------------------------------------------------


def resolve(name_or_iri: str) -> URIRef:
    """An IRI from an IRI, a CURIE (``hgnc:3236``, ``CL:0000235``; the prefix in any case) or a w3id path."""
    text = name_or_iri.strip()
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    if text.startswith(("ontology/", "statement/", "resource/")):
        return URIRef(BASE + text)
    prefix, sep, local = text.partition(":")
    if sep:
        for known in TURTLE_PREFIXES:
            if known.lower() == prefix.lower():
                return expand(f"{known}:{local}")
    return URIRef(text)


def describe(store: Store, iri: str) -> EntityDescription:
    """Everything ``store`` says about ``iri`` (an IRI or CURIE); ``exists`` is False when it says nothing."""
    text = iri.strip()
    looks_like_iri = _IRI_SAFE.fullmatch(text) or text.startswith(("ontology/", "statement/", "resource/"))
    node = resolve(text) if looks_like_iri else None
    if node is None or not _IRI_SAFE.fullmatch(str(node)):  # a name, not an IRI: nothing to look up
        return EntityDescription(iri=text, curie=text, label=text, kind="other", exists=False)
    term = node.n3()
    outgoing_rows = store.select(f"""
        SELECT ?p ?o ?pl ?ol WHERE {{
          {term} ?p ?o .
          OPTIONAL {{ ?p <{RDFS.label}> ?pl }}
          OPTIONAL {{ ?o <{RDFS.label}> ?ol }}
        }}""").rows
    inferred_rows = store.select(f"SELECT ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ {term} ?p ?o }} }}").rows
    inferred = {(str(p), str(o)) for p, o in inferred_rows}
    incoming_rows = store.select(f"""
        SELECT ?s ?p ?sl ?pl WHERE {{
          ?s ?p {term} .
          OPTIONAL {{ ?s <{RDFS.label}> ?sl }}
          OPTIONAL {{ ?p <{RDFS.label}> ?pl }}
        }} LIMIT {MAX_INCOMING * 4}""").rows

    outgoing = _statements(outgoing_rows, inferred)
    incoming = _statements([(p, s, pl, sl) for s, p, sl, pl in incoming_rows], set())
    values = _by_predicate(outgoing)
    labels = _texts(values.get(str(RDFS.label), []))
    alt = _texts(values.get(str(SKOS.altLabel), [])) + _texts(values.get(str(SKOS.prefLabel), []))
    types = [s.value.ref for s in outgoing if s.predicate.iri == str(RDF.type) and s.value.ref and not s.inferred]
    inferred_classes = [
        s.value.ref for s in outgoing if s.predicate.iri == str(RDF.type) and s.value.ref and s.inferred
    ]
    exists = bool(outgoing or incoming)
    curie = compress(str(node))
    kind = _kind(str(node), {t.iri for t in types}, {s.predicate.iri for s in incoming}, outgoing)
    description = EntityDescription(
        iri=str(node),
        curie=curie,
        label=labels[0] if labels else _fallback_label(str(node)),
        kind=kind,
        exists=exists,
        labels=labels,
        alt_labels=sorted(set(alt) - set(labels)),
        definition=next(iter(_texts(values.get(str(SKOS.definition), []))), "")
        or next(iter(_texts(values.get(str(RDFS.comment), []))), ""),
        types=_unique(types),
        inferred_classes=_unique(inferred_classes),
        identifiers=identifier_links(str(node)),
        outgoing=outgoing,
        incoming=incoming[:MAX_INCOMING],
        incoming_truncated=len(incoming) > MAX_INCOMING,
        notes=_texts(values.get(str(MKG.curationNote), [])),
    )
    if not exists:
        return description
    if kind == "mirna":
        description.relatives = _relatives(store, term)
    if kind == "statement":
        description.claims = _claims(store, {str(node): ([], None)})
        linked = {r.iri for c in description.claims for r in (*c.disagrees_with, *c.supported_by)}
        linked |= {
            s.value.ref.iri
            for s in incoming
            if s.value.ref and s.predicate.iri in (str(MKG.disagreesWith), str(MKG.supportedBy))
        }
        linked.discard(str(node))
        description.related_claims = _claims(store, {iri: ([], None) for iri in sorted(linked)})
    else:
        description.claims = _claims(store, _involving(store, node, incoming, description.relatives))
    if kind in ("mirna", "gene"):
        description.evidence = _evidence(store, str(node), kind)
    return description


def _evidence(store: Store, iri: str, kind: str) -> list:
    """The external evidence for a miRNA or gene; nothing (and no cost beyond one ASK) without ingested data."""
    from .ingest.evidence import evidence_for

    if not store.ask(f"ASK {{ ?record a <{MKG.TargetInteractionEvidence}> }}"):
        return []
    return evidence_for(store, mirna_iri=iri) if kind == "mirna" else evidence_for(store, gene_iri=iri)


def _involving(
    store: Store, node: URIRef, incoming: list[Statement], relatives: dict[str, list[Ref]]
) -> dict[str, tuple[list[str], Ref | None]]:
    """Statements that involve the entity (or, for a miRNA, a relative): IRI → (roles, via node)."""
    roles = {str(p) for p in STATEMENT_ROLES}
    found: dict[str, tuple[list[str], Ref | None]] = {}
    for statement in incoming:
        ref = statement.value.ref
        if ref and statement.predicate.iri in roles and ref.iri.startswith(str(BASE + "statement/")):
            found.setdefault(ref.iri, ([], None))[0].append(statement.predicate.label)
    related = [r for key, refs in relatives.items() if key != "members" for r in refs]
    if related:
        values = " ".join(URIRef(r.iri).n3() for r in related)
        rows = store.select(f"""
            SELECT ?st ?node WHERE {{ VALUES ?node {{ {values} }} ?st <{MKG.mirna}> ?node }}""").rows
        by_iri = {r.iri: r for r in related}
        for st, rel in rows:
            if str(st) not in found:
                found[str(st)] = (["miRNA (related)"], by_iri.get(str(rel)))
    return found


def _claims(store: Store, statements: dict[str, tuple[list[str], Ref | None]]) -> list[Claim]:
    """The claim rows of the given statements, fetched in one query."""
    if not statements:
        return []
    values = " ".join(URIRef(iri).n3() for iri in statements)
    rows = store.select(f"""
        SELECT ?st ?p ?o ?ol WHERE {{
          VALUES ?st {{ {values} }}
          ?st ?p ?o .
          OPTIONAL {{ ?o <{RDFS.label}> ?ol }}
        }}""").rows
    props: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    seen: set[tuple[str, str, str]] = set()
    for st, p, o, ol in rows:
        if (str(st), str(p), str(o)) in seen:
            continue
        seen.add((str(st), str(p), str(o)))
        props[str(st)][str(p)].append(_value(o, ol))
    claims = []
    for iri, (roles, via) in statements.items():
        got = props.get(iri)
        if not got:
            continue

        def refs(prop: URIRef, got: dict[str, list[Value]] = got) -> list[Ref]:
            return sorted((v.ref for v in got.get(str(prop), []) if v.ref), key=_label_key)

        def texts(prop: URIRef, got: dict[str, list[Value]] = got) -> list[str]:
            return sorted((v.text for v in got.get(str(prop), []) if v.ref is None), key=_natural)

        kinds = [r for r in refs(RDF.type) if URIRef(r.iri) in STATEMENT_CLASSES]
        claims.append(
            Claim(
                ref=Ref(iri, compress(iri).partition(":")[2] or iri, compress(iri)),
                kind=kinds[0].label if kinds else "statement",
                roles=sorted(set(roles)),
                via=via,
                mirnas=refs(MKG.mirna) + refs(MKG.increasedMirna) + refs(MKG.decreasedMirna),
                mirna_as_written="; ".join(texts(MKG.mirnaAsWritten)),
                cancers=refs(MKG.cancer),
                effect=next(iter(refs(MKG.effectOnTumor)), None),
                source_cells=refs(MKG.sourceCell),
                vehicles=refs(MKG.vehicle),
                recipient_cells=refs(MKG.recipientCell) + refs(MKG.cellType),
                measured_in=refs(MKG.measuredInCell),
                targets=refs(MKG.targetGene),
                downstream=refs(MKG.downstreamGene),
                processes=[(word, r) for prop, word in PROCESS_DIRECTIONS.items() for r in refs(prop)],
                pathways=refs(MKG.pathway),
                review=next(iter(refs(MKG.statedIn)), None),
                table=next(iter(texts(MKG.table)), ""),
                row=next(iter(texts(MKG.tableRow)), ""),
                sections=texts(MKG.section),
                references=texts(MKG.citedReference),
                first_author="; ".join(texts(MKG.firstAuthor)),
                quote=next(iter(texts(MKG.quote)), ""),
                flags=refs(MKG.flag),
                disagrees_with=refs(MKG.disagreesWith),
                supported_by=refs(MKG.supportedBy),
                notes=texts(MKG.curationNote),
            )
        )
    claims.sort(key=lambda c: (c.review.label if c.review else "", _natural(c.ref.curie)))
    return claims


def _relatives(store: Store, term: str) -> dict[str, list[Ref]]:
    """Precursor, mature products, groups listing it (or its precursor/matures) and a group's members."""
    rows = store.select(f"""
        PREFIX mkg: <{MKG}>
        SELECT DISTINCT ?how ?rel ?label WHERE {{
          {{ ?rel mkg:hasMatureProduct {term} BIND("precursor" AS ?how) }}
          UNION {{ {term} mkg:hasMatureProduct ?rel BIND("mature products" AS ?how) }}
          UNION {{ ?rel mkg:hasMember {term} BIND("groups" AS ?how) }}
          UNION {{ ?rel mkg:hasMember/mkg:hasMatureProduct {term} BIND("groups" AS ?how) }}
          UNION {{ ?rel mkg:hasMember ?m . {term} mkg:hasMatureProduct ?m BIND("groups" AS ?how) }}
          UNION {{ {term} mkg:hasMember ?rel BIND("members" AS ?how) }}
          OPTIONAL {{ ?rel <{RDFS.label}> ?label }}
        }}""").rows
    out: dict[str, list[Ref]] = {}
    for how, rel, label in rows:
        out.setdefault(str(how), []).append(_ref(rel, label))
    order = ("precursor", "mature products", "groups", "members")
    return {k: _unique(sorted(out[k], key=lambda r: _natural(r.label))) for k in order if k in out}


def _kind(iri: str, types: set[str], incoming_predicates: set[str], outgoing: list[Statement]) -> str:
    if types & {str(c) for c in STATEMENT_CLASSES}:
        return "statement"
    if types & {str(c) for c in MIRNA_CLASSES}:
        return "mirna"
    if str(MKG.Gene) in types:
        return "gene"
    if str(MKG.Review) in types:
        return "review"
    if str(MKG.SignalingPathway) in types:
        return "pathway"
    authority = authority_of(iri)
    if authority == "CL" or incoming_predicates & {
        str(MKG.sourceCell),
        str(MKG.recipientCell),
        str(MKG.measuredInCell),
        str(MKG.cellType),
    }:
        return "cell"
    if authority in ("MONDO", "DOID") or str(MKG.cancer) in incoming_predicates:
        return "cancer"
    if authority == "GO" or incoming_predicates & {str(p) for p in PROCESS_DIRECTIONS}:
        return "process"
    if types & {str(OWL.Class), str(RDFS.Class)}:
        return "class"
    if types & {str(OWL.ObjectProperty), str(OWL.DatatypeProperty), str(OWL.AnnotationProperty), str(RDF.Property)}:
        return "property"
    return "other"


def identifier_links(iri: str) -> list[Link]:
    """Where to read about the entity at its authority (miRBase, HGNC, OBO, doi.org)."""
    curie = compress(iri)
    local = curie.partition(":")[2]
    authority = authority_of(iri)
    links = []
    if authority == "mirbase":
        links.append(Link("miRBase", local, f"https://www.mirbase.org/hairpin/{local}"))
    elif authority == "mirbase.mature":
        links.append(Link("miRBase", local, f"https://www.mirbase.org/mature/{local}"))
    elif authority == "hgnc":
        links.append(
            Link("HGNC", f"HGNC:{local}", f"https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:{local}")
        )
    elif authority is not None and iri.startswith(str(OBO)):
        links.append(Link(authority, curie, iri))
    elif iri.startswith("https://doi.org/"):
        links.append(Link("DOI", iri.removeprefix("https://doi.org/"), iri))
    if iri.startswith("https://identifiers.org/"):
        links.append(Link("identifiers.org", curie, iri))
    return links


# ------------------------------------------------------------------------------------------------------------
# search
# ------------------------------------------------------------------------------------------------------------

_FIELD_NAMES = {
    str(RDFS.label): "label",
    str(SKOS.prefLabel): "label",
    str(SKOS.altLabel): "synonym",
    str(SKOS.hiddenLabel): "hidden synonym",
}
_FIELD_WEIGHT = {"label": 1.0, "identifier": 1.0, "synonym": 0.85, "hidden synonym": 0.8, "as written": 0.75}
_SPECIES = re.compile(r"^(hsa|mmu)-", re.IGNORECASE)


def _normal(text: str) -> str:
    """A name compared without case, species prefix or punctuation ("hsa-miR-21" ~ "mir21", "PD-L1" ~ "pdl1")."""
    return re.sub(r"[^a-z0-9]+", "", _SPECIES.sub("", text.strip()).lower())


def search(store: Store, text: str, limit: int = 20) -> list[Match]:
    """Entities whose names or identifiers match ``text``, best first.

    Looks at rdfs:label, skos:altLabel/hiddenLabel (aliases, previous symbols, synonyms), the names as a review
    writes them (``mkg:*AsWritten`` on statements, leading to the entity named) and CURIEs/local identifiers.
    Ranking: an exact name beats a prefix, which beats a word inside the name; labels beat synonyms;
    shorter names win ties. Statements are found by their identifier only.
    """
    wanted = text.strip()
    if not wanted:
        return []
    needle = Literal(wanted.lower()).n3()
    normal = Literal(_normal(wanted)).n3()
    branches = []
    for prop, via in NAME_PROPERTIES:
        hop = f"?named <{via}> ?s ." if via else "BIND(?named AS ?s)"
        branches.append(f"""{{ ?named <{prop}> ?name .
            FILTER(CONTAINS(LCASE(STR(?name)), {needle})
                   || CONTAINS(REPLACE(LCASE(STR(?name)), "^(hsa|mmu)-|[^a-z0-9]+", ""), {normal}))
            {hop} BIND(<{prop}> AS ?field) }}""")
    resolved = resolve(wanted) if _IRI_SAFE.fullmatch(wanted) else None
    if resolved is not None or re.fullmatch(r"[A-Za-z]*_?\d{4,}", wanted):
        local = Literal(re.sub(r"^[A-Za-z.]+[:_]", "", wanted).lower()).n3()
        same = f"?s = {resolved.n3()} || " if resolved is not None and _IRI_SAFE.fullmatch(str(resolved)) else ""
        branches.append(f"""{{ ?s <{RDFS.label}> ?any .
            FILTER({same}STRENDS(LCASE(STR(?s)), {local}))
            BIND(STR(?s) AS ?name) BIND("identifier" AS ?field) }}""")
    statements = ""
    if re.fullmatch(r"[\w.\-]+", wanted) and len(wanted) >= 4:
        statements = f"""UNION {{ ?s a/<{RDFS.subClassOf}>* <{MKG.Statement}> .
            FILTER(CONTAINS(LCASE(STR(?s)), {needle})) BIND(STR(?s) AS ?name) BIND("identifier" AS ?field) }}"""
    rows = store.select(f"""
        SELECT DISTINCT ?s ?name ?field ?label ?type ?cell WHERE {{
          {{ {" UNION ".join(branches)} }} {statements}
          FILTER(isIRI(?s))
          OPTIONAL {{ ?s <{RDFS.label}> ?label }}
          OPTIONAL {{ ?s a ?type }}
          BIND(EXISTS {{ ?any_statement {CELL_ROLES} ?s }} AS ?cell)
        }} LIMIT 5000""").rows
    best: dict[str, Match] = {}
    types: dict[str, set[str]] = defaultdict(set)
    cells: set[str] = set()
    for s, name, fld, label, rdf_type, cell in rows:
        if rdf_type is not None:
            types[str(s)].add(str(rdf_type))
        if cell is not None and cell.toPython() is True:
            cells.add(str(s))
        field_name = _FIELD_NAMES.get(str(fld), "identifier" if str(fld) == "identifier" else "as written")
        shown = str(label) if label is not None else _fallback_label(str(s))
        matched = compress(str(name)) if field_name == "identifier" else str(name)
        score = _score(wanted, matched if field_name != "identifier" else compress(str(s)), field_name)
        curie = compress(str(s))
        if field_name == "identifier" and (
            str(s) == str(resolved) or wanted.lower() in (curie.lower(), curie.partition(":")[2].lower())
        ):
            score = 1.0
        current = best.get(str(s))
        if current is None or score > current.score:
            best[str(s)] = Match(str(s), shown, compress(str(s)), "", matched, field_name, score)
    matches = [
        Match(
            m.iri,
            m.label,
            m.curie,
            _kind(m.iri, types[m.iri], {str(MKG.cellType)} if m.iri in cells else set(), []),
            m.matched,
            m.field,
            m.score,
        )
        for m in best.values()
    ]
    matches.sort(key=lambda m: (-m.score, _KIND_ORDER.get(m.kind, 9), len(m.label), m.label.lower()))
    return matches[:limit]


#: An absolute IRI as a SPARQL query may hold it: none of the forbidden characters, no undecodable bytes
#: (a path such as ``/ontology/%FF`` decodes to U+FFFD or a lone surrogate).
_IRI_SAFE = re.compile(r'[a-z][a-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20\ud800-\udfff\ufffd]*', re.IGNORECASE)
_KIND_ORDER = {
    "mirna": 0,
    "gene": 1,
    "cell": 2,
    "cancer": 3,
    "process": 4,
    "pathway": 4,
    "other": 5,
    "review": 6,
    "class": 7,
    "property": 7,
    "statement": 8,
}


def _score(wanted: str, name: str, field_name: str) -> float:
    """1 exact, 0.9 exact ignoring species/punctuation, 0.7 prefix, 0.5 word start, 0.3 anywhere; × field."""
    w, n = wanted.lower(), name.lower()
    if w == n:
        base = 1.0
    elif _normal(wanted) and _normal(wanted) == _normal(name):
        base = 0.9
    elif n.startswith(w) or _normal(name).startswith(_normal(wanted)):
        base = 0.7
    elif re.search(r"(^|[^a-z0-9])" + re.escape(w), n):
        base = 0.5
    else:
        base = 0.3
    return round(base * _FIELD_WEIGHT.get(field_name, 0.7), 4)


# ------------------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------------------


def _ref(term: Identifier, label: Identifier | None) -> Ref:
    iri = str(term)
    return Ref(iri, str(label) if label is not None else _fallback_label(iri), compress(iri))


def _value(term: Identifier, label: Identifier | None) -> Value:
    if isinstance(term, Literal):
        return Value(str(term), None, term.language, str(term.datatype) if term.datatype else None)
    return Value(str(term), _ref(term, label))


def _statements(rows: Iterable[tuple], inferred: set[tuple[str, str]]) -> list[Statement]:
    """Statements from (predicate, other end, predicate label, other end label) rows; one per pair."""
    seen: dict[tuple[str, str], Statement] = {}
    for p, o, pl, ol in rows:
        key = (str(p), str(o) if not isinstance(o, Literal) else o.n3())
        if key in seen:
            continue
        pred = Ref(str(p), str(pl) if pl is not None else _fallback_label(str(p)), compress(str(p)))
        seen[key] = Statement(pred, _value(o, ol), (str(p), str(o)) in inferred)
    return sorted(
        seen.values(),
        key=lambda s: (
            _PREDICATE_ORDER.get(s.predicate.iri, 5),
            s.predicate.label.lower(),
            _natural(s.value.ref.label if s.value.ref else s.value.text),
        ),
    )


_PREDICATE_ORDER = {str(RDFS.label): 0, str(RDF.type): 1, str(SKOS.altLabel): 2, str(SKOS.definition): 3}


def _by_predicate(statements: list[Statement]) -> dict[str, list[Value]]:
    out: dict[str, list[Value]] = defaultdict(list)
    for s in statements:
        out[s.predicate.iri].append(s.value)
    return out


def _texts(values: list[Value]) -> list[str]:
    return [v.text for v in values if v.ref is None]


def _unique(refs: list[Ref]) -> list[Ref]:
    seen: set[str] = set()
    return [r for r in refs if not (r.iri in seen or seen.add(r.iri))]


def _fallback_label(iri: str) -> str:
    curie = compress(iri)
    return curie if curie != iri else re.split(r"[/#]", iri.rstrip("/"))[-1] or iri


def _label_key(ref: Ref) -> str:
    return ref.label.lower()


def _natural(text: str) -> tuple:
    """Sort key that orders "r2" before "r10" and "miR-21" before "miR-100"."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))
