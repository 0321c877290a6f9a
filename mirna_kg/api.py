"""The application core: every use case of mirna-kg as a plain function, under every face.

The CLI (``mirna_kg.cli``), the web server and the tests call these and nothing deeper; they only parse input
and render output. Errors are ``mirna_kg.errors`` classes, which each face maps to its own codes (exit codes,
HTTP statuses) — the meaning lives here, the mapping in the face (pySHACL's ``cli.py`` / ``sh_http.py`` model).

>>> store = open_store()
>>> stats(store)["claims"] > 100
True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .answers import (
    Answer,
    PreparedQuery,
    answer_stored_query,
    empty_note,
    prepare_stored_query,
    run_stored_query,
    stale_store_note,
)
from .errors import InputError
from .namespaces import CURATED_GRAPH_IRI, INFERRED_GRAPH_IRI
from .queries import StoredQuery, find_query, stored_queries
from .resources import ProjectLayout, graph_files, project, sources_digest
from .stores import DEFAULT_ENGINE, ResultTable, Store, is_remote, open_disk_store, open_files
from .stores.oxigraph import Manifest, OxigraphStore, fill_disk_store, store_lock
from .stores.sparql import check_query

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from .building import BuildResult
    from .claims import Browse, ClaimRow, ClaimTable, Selection, claim_table
    from .claims import browse as browse_claims
    from .claims import download as download_claims
    from .curation.sheets import ImportResult
    from .entities import EntityDescription, Match
    from .ingest.evidence import Evidence
    from .ingest.loader import IngestResult
    from .ingest.push import PushResult
    from .kgx import KgxTables
    from .reasoning import ReasoningResult
    from .report import ValidationReport
    from .reviews import Review
    from .vocabulary import Vocabulary, Word, vocabulary
    from .vocabulary import complete as complete_words

#: Names of the API whose modules are imported when first asked for (``__getattr__``), not with the API: the
#: claims browser reads a query file and the graph IRIs are rdflib terms, which a stored query does without.
#: name -> (module, name there).
LAZY: dict[str, tuple[str, str]] = {
    **{name: ("claims", name) for name in ("Browse", "ClaimRow", "ClaimTable", "Selection", "claim_table")},
    "browse": ("claims", "browse"),
    "download": ("claims", "download"),
    # the claims browser (``mirna_kg.claims``): every claim as a row, facets with counts, downloads of the rows
    "browse_claims": ("claims", "browse"),
    "download_claims": ("claims", "download"),
    # the SPARQL editor's completion from the graph's own vocabulary (``mirna_kg.vocabulary``)
    **{name: ("vocabulary", name) for name in ("Vocabulary", "Word", "vocabulary")},
    "complete_words": ("vocabulary", "complete"),
    "CURATED_GRAPH": ("namespaces", "CURATED_GRAPH"),
    "INFERRED_GRAPH": ("namespaces", "INFERRED_GRAPH"),
}


def __getattr__(name: str) -> object:
    """A name of ``LAZY``, its module imported now (and the name kept, so this runs once per name)."""
    if name not in LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = LAZY[name]
    if module == "claims":
        from . import claims as source
    elif module == "vocabulary":
        from . import vocabulary as source  # type: ignore[no-redef]
    else:
        from . import namespaces as source  # type: ignore[no-redef]
    value = getattr(source, attribute)
    globals()[name] = value
    return value


__all__ = [
    "Answer",
    "Browse",
    "ClaimRow",
    "ClaimTable",
    "Manifest",
    "PreparedQuery",
    "ResultTable",
    "Selection",
    "Store",
    "StoredQuery",
    "Vocabulary",
    "Word",
    "answer_stored_query",
    "browse_claims",
    "claim_table",
    "complete_words",
    "describe",
    "download_claims",
    "empty_note",
    "find_query",
    "load_store",
    "open_store",
    "prepare_stored_query",
    "query",
    "run_stored_query",
    "search",
    "stale_store_note",
    "stats",
    "stored_queries",
    "vocabulary",
]


# ------------------------------------------------------------------------------------------------------------
# Stores
# ------------------------------------------------------------------------------------------------------------


def open_store(
    source: str | Path | None = None,
    *,
    files: Sequence[Path] | None = None,
    engine: str = DEFAULT_ENGINE,
    with_inferred: bool = False,
    timeout: float = 60.0,
) -> Store:
    """Open the graph for reading.

    ``source`` is None for the project's files (or the RDF ``files`` named) in memory, a folder made by
    ``load_store``, or the URL of a remote SPARQL 1.1 endpoint. ``with_inferred`` adds the reasoner's triples
    to an in-memory store (an on-disk or remote store already holds those derived when it was loaded).
    """
    if source is not None:
        if files:
            raise InputError("--graph files and --store cannot be combined: a store already holds its graph")
        if is_remote(source):
            from .stores.remote import RemoteStore

            return RemoteStore(str(source), timeout=timeout)
        return open_disk_store(Path(source))
    paths = graph_files(list(files) if files else None)
    store = open_files(paths, engine)
    if with_inferred:
        add_inferred(store)
    return store


def add_inferred(store: Store) -> None:
    """Derive the inferred triples of the graph in ``store`` and add them (the one policy: ``inferred``)."""
    from .inferred import derive

    inferred = derive(store)
    if isinstance(store, OxigraphStore):
        store.add_graph(inferred, INFERRED_GRAPH_IRI)
    else:
        store.graph += inferred  # type: ignore[attr-defined]


def load_store(folder: Path, extra_files: Sequence[Path] = (), *, with_inferred: bool = True) -> Manifest:
    """Fill an on-disk Oxigraph store at ``folder`` from the project's files (plus ``extra_files``).

    The curated graph (ontology, imports, data) goes into ``mkgg:curated``, each extra file into its own named
    graph (``mkgg:file/NAME``), the inferred triples into ``mkgg:inferred``; the store is built beside the target
    and swapped in, so a failed load leaves the old store untouched. The store's lock is held throughout: a
    second ``load`` or ``ingest`` of the same store fails at once, naming this one.
    """
    from .formats import rdf_format_of
    from .namespaces import GRAPH

    sources = graph_files()
    for path in extra_files:
        rdf_format_of(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    graphs: dict = {CURATED_GRAPH_IRI: sources}
    for path in extra_files:
        graphs[GRAPH[f"file/{path.stem}"]] = [path]
    with store_lock(folder, "load"):  # before the reasoning: a second writer fails at once, not after it
        if with_inferred:
            from .inferred import derive

            graphs[INFERRED_GRAPH_IRI] = derive(OxigraphStore.from_files(sources))
        return fill_disk_store(folder, graphs, sources_digest(sources))


# ------------------------------------------------------------------------------------------------------------
# Queries
# ------------------------------------------------------------------------------------------------------------


def query(store: Store, sparql: str) -> ResultTable | bool | Graph:
    """Run any SPARQL query: a table for SELECT, a boolean for ASK, a graph for CONSTRUCT and DESCRIBE."""
    info = check_query(sparql)
    if info.form == "SELECT":
        return store.select(sparql)
    if info.form == "ASK":
        return store.ask(sparql)
    return store.construct(sparql)


def stats(store: Store) -> dict[str, int]:
    """Counts of statements and of the entities they refer to, plus the triple count."""
    table = run_stored_query(store, "stats")
    figures = {name: int(value) for name, value in zip(table.variables, table.rows[0], strict=True)}
    figures["triples"] = len(store)
    return figures


# ------------------------------------------------------------------------------------------------------------
# Validation, build, export, reasoning
# ------------------------------------------------------------------------------------------------------------


def validate(paths: Sequence[Path] | None = None, layout: ProjectLayout | None = None) -> ValidationReport:
    """SHACL-validate ontology + imports + data (default: the project's) against the shapes."""
    from .resources import expand_paths
    from .validation import validate_paths

    return validate_paths(expand_paths(list(paths)) if paths else None, layout)


class Exported(NamedTuple):
    """What ``export`` wrote."""

    paths: list[Path]
    summary: str


def build(
    out: Path | None = None, layout: ProjectLayout | None = None, *, with_inferred: bool = True, cache: bool = True
) -> BuildResult:
    """Validate and write the whole release into ``out`` (default: the tree's ``dist/``); ``cache=False`` makes
    everything afresh and keeps nothing in the build cache (the bytes are the same either way)."""
    from .building import build as run_build

    layout = layout or project()
    return run_build(out or layout.dist_dir, layout, with_inferred=with_inferred, cache=cache)


def reason(reasoner: str = "fast", layout: ProjectLayout | None = None) -> ReasoningResult:
    """Classify ontology + imports + data with the fast SPARQL classifier (default) or HermiT (the complete OWL 2
    DL check); the memberships and inferred triples, or the clash."""
    from .reasoning import REASONERS
    from .reasoning import reason as run_reasoner

    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
    if reasoner == "hermit":
        from .reasoning import require_java

        require_java()  # fail before loading anything
    return run_reasoner(OxigraphStore.from_files(graph_files(layout=layout)), reasoner)


class Reasoned(NamedTuple):
    """A reasoner's result, and where its inferred triples were written (None when inconsistent)."""

    result: ReasoningResult
    written: Path | None
    seconds: float

    def class_counts(self) -> list[tuple[str, int]]:
        """How many miRNAs fall in each defined class, by the class's CURIE."""
        from .namespaces import compress

        return [(compress(str(cls)), len(members)) for cls, members in self.result.memberships.items()]


def reason_to_file(out: Path | None = None, reasoner: str = "fast", layout: ProjectLayout | None = None) -> Reasoned:
    """Classify (``reason``) and write the inferred triples to ``OUT/inferred.ttl`` (default: the tree's ``dist/``),
    checking first that the file can be written; nothing is written when the graph is inconsistent."""
    import time

    from .building import INFERRED_NAME
    from .writing import check_writable, write_atomically

    target = (out or (layout or project()).dist_dir) / INFERRED_NAME
    check_writable(target)  # fail now, not after classifying
    started = time.perf_counter()
    result = reason(reasoner, layout)
    seconds = time.perf_counter() - started
    if not result.consistent:
        return Reasoned(result, None, seconds)
    write_atomically(target, result.inferred.serialize(format="turtle", encoding="utf-8"))
    return Reasoned(result, target, seconds)


def graph_stats(graph: Graph) -> dict[str, int]:
    """``stats`` of a graph already in memory (a build's), counted where it is rather than copied into a store."""
    from .stores import RdflibStore

    return stats(RdflibStore(graph))


def refresh_imports(reference: Path, layout: ProjectLayout | None = None) -> dict[Path, Graph]:
    """Re-extract ``ontology/imports/`` from the authoritative identifier tables in ``reference`` for every external
    IRI the graph uses, and write the modules; a curator's step after adding an identifier."""
    from .imports import extract, write_modules

    modules = extract(layout or project(), reference)
    write_modules(modules)
    return modules


EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml", "kgx", "nanopub", "context")


def export(
    fmt: str,
    out: Path | None = None,
    *,
    with_inferred: bool = False,
    store: str | Path | None = None,
    key: Path | None = None,
    layout: ProjectLayout | None = None,
) -> Exported:
    """Write the validated graph in one format; ``out`` defaults to the format's release file name in the
    current folder (a folder for ``kgx`` and ``nanopub``), never into a release by accident.

    ``store`` (kgx only): an on-disk store with ingested releases, whose evidence records are written beside
    the claims, streamed (millions of edges). ``key`` (nanopub only, required): the RSA private key that
    signs one nanopublication per statement (``mirna_kg.interop.nanopubs``).
    """
    from .building import EDGES_NAME, KGX_METADATA_NAME, NODES_NAME, validated_graph
    from .export import SERIALIZATIONS, context_text, guard_release_file, serialize
    from .kgx import to_kgx
    from .loading import parse_file
    from .writing import check_writable

    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown --format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if store is not None and fmt != "kgx":
        raise InputError("--store goes with --format kgx: the other formats are the curated graph alone")
    if store is not None and is_remote(store):
        raise InputError(
            "export --store takes the on-disk store the releases were ingested into, not a remote endpoint"
        )
    if (key is not None) != (fmt == "nanopub"):
        raise InputError(
            "--format nanopub needs --key KEYFILE, an RSA private key to sign with (e.g. `openssl genpkey "
            "-algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem`)"
            if key is None
            else "--key goes with --format nanopub: the other formats are not signed"
        )
    layout = layout or project()
    if fmt == "nanopub":
        return _export_nanopubs(Path(key or ""), out or Path("nanopubs"), layout, with_inferred=with_inferred)
    if fmt != "context":  # fail on an unwritable output before validating and serializing
        check_writable((out or Path()) / NODES_NAME if fmt == "kgx" else out or Path(SERIALIZATIONS[fmt].file_name))
    if fmt == "context":  # derived from the ontology alone
        target = out or Path("mirna-kg.context.jsonld")
        _write_export(target, context_text(parse_file(layout.ontology_file)).encode("utf-8"))
        return Exported([target], f"wrote {target}")
    graph = validated_graph(layout, with_inferred=with_inferred).graph
    if fmt == "kgx":
        folder = out or Path()
        tables = to_kgx(graph)
        if store is not None:
            return _export_kgx_with_evidence(tables, Path(store), folder / NODES_NAME, folder / EDGES_NAME)
        outputs = {
            folder / NODES_NAME: tables.nodes_tsv().encode("utf-8"),
            folder / EDGES_NAME: tables.edges_tsv().encode("utf-8"),
            folder / KGX_METADATA_NAME: tables.metadata_json().encode("utf-8"),
        }
        for path, data in outputs.items():
            guard_release_file(path, data)  # both checked before either is written
        for path, data in outputs.items():
            _write_export(path, data)
        return Exported(
            [folder / NODES_NAME, folder / EDGES_NAME, folder / KGX_METADATA_NAME],
            f"wrote {folder / NODES_NAME} ({len(tables.nodes)} nodes), {folder / EDGES_NAME} "
            f"({len(tables.edges)} edges)",
        )
    target = out or Path(SERIALIZATIONS[fmt].file_name)
    _write_export(target, serialize(graph, fmt))
    return Exported([target], f"wrote {target} ({len(graph)} triples)")


def _export_kgx_with_evidence(tables: KgxTables, store_dir: Path, nodes: Path, edges: Path) -> Exported:
    """The curated KGX tables and every ingested release's evidence records, streamed into the two files."""
    from .export import refuse_release_file
    from .kgx import METADATA_FILE, write_kgx
    from .progress import step

    metadata = nodes.with_name(METADATA_FILE)
    for path in (nodes, edges, metadata):
        refuse_release_file(path)  # a release's KGX is the curated graph alone
    with open_disk_store(store_dir) as opened, step("writing KGX with the ingested evidence"):
        node_count, edge_count = write_kgx(tables, opened, nodes, edges, metadata)
    return Exported(
        [nodes, edges, metadata], f"wrote {nodes} ({node_count} nodes), {edges} ({edge_count} edges), {metadata}"
    )


def _export_nanopubs(key: Path, folder: Path, layout: ProjectLayout, *, with_inferred: bool) -> Exported:
    """One signed nanopub per statement into ``folder`` (with ``nanopubs.tsv``), swapped in as one set: a
    failure leaves the folder as it was. Refuses a folder that holds a build's release."""
    from .building import NODES_NAME, validated_graph
    from .errors import OutputError
    from .interop.nanopubs import INDEX_NAME, index_tsv, load_profile, nanopubs
    from .progress import step
    from .writing import open_release, read_manifest

    profile = load_profile(key)  # a bad key fails before the graph is loaded
    if folder.is_dir() and NODES_NAME in read_manifest(folder):
        raise OutputError(f"{folder}: holds a release made by `mirna-kg build`; write the nanopubs elsewhere (--out)")
    with open_release(folder, what="export") as release:
        graph = validated_graph(layout, with_inferred=with_inferred).graph
        with step("signing a nanopublication per statement"):
            signed = list(nanopubs(graph, profile))
        files = {n.file_name: n.trig for n in signed} | {INDEX_NAME: index_tsv(signed)}
        release.commit(files)
    return Exported([folder / name for name in sorted(files)], f"wrote {len(signed)} nanopublications into {folder}")


def figures(store: Store, out: Path | None = None, fmt: str = "svg") -> list:  # list[FigureFile]
    """Draw every figure of the release from the graph in ``store`` into ``out`` (default ``dist/figures``)."""
    from .figures import FORMATS, render_figures

    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r}; use one of {', '.join(FORMATS)}")
    return render_figures(store, out or project().dist_dir / "figures", fmt)


# ------------------------------------------------------------------------------------------------------------
# Entities
# ------------------------------------------------------------------------------------------------------------


def describe(store: Store, name_or_iri: str) -> EntityDescription:
    """Everything the graph says about an IRI or CURIE, or the best search hit for a name ("miR-21")."""
    from .entities import describe as describe_entity
    from .entities import search as search_entities

    found = describe_entity(store, name_or_iri)
    if not found.exists:
        matches = search_entities(store, name_or_iri, 1)
        if matches:
            found = describe_entity(store, matches[0].iri)
    return found


def resolve(name_or_iri: str) -> URIRef:
    """The IRI an IRI, CURIE (any case of prefix) or w3id path stands for."""
    from .entities import resolve as resolve_iri

    return resolve_iri(name_or_iri)


def reviews() -> list[Review]:
    """The reviews the graph is curated from (``data/ttl/reviews.ttl``), in key order."""
    from .reviews import reviews as read_reviews

    return list(read_reviews().values())


def void_description(store: Store) -> Graph:
    """The VoID description of the graph in ``store`` (the release writes its own into ``dist/void.ttl``)."""
    from .void import describe as void_describe

    return void_describe(store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), {})


def search(store: Store, text: str, limit: int = 20) -> list[Match]:
    """Entities whose names, synonyms or identifiers match ``text``, best first."""
    from .entities import search as search_entities

    return search_entities(store, text, limit)


def _write_export(target: Path, data: bytes) -> None:
    """Write one exported file atomically, unless it would replace a release file with another graph."""
    from .export import guard_release_file
    from .writing import write_atomically

    if not guard_release_file(target, data):
        write_atomically(target, data)


# ------------------------------------------------------------------------------------------------------------
# External evidence: ingest, generate, push (mirna_kg.ingest)
# ------------------------------------------------------------------------------------------------------------


def ingest_release(
    store_dir: Path,
    source: str,
    path: Path,
    *,
    release: str | None = None,
    rejects: Path | None = None,
    with_inferred: bool = False,
    layout: ProjectLayout | None = None,
) -> IngestResult:
    """Ingest a release file of the database ``source`` (a key of ``data/ttl/databases.ttl``) into the on-disk
    store (made first if missing) as the named graph ``mkgg:<source>-<release>``, replacing that graph; rejected
    rows go to ``rejects``. The store's lock is held throughout: a second writer fails at once."""
    from .ingest.loader import ingest

    return ingest(
        store_dir,
        source,
        path,
        release=release,
        rejects_path=rejects,
        create=lambda folder: load_store(folder, with_inferred=with_inferred),
        layout=layout,
    )


def ingest_databases(layout: ProjectLayout | None = None) -> list[str]:
    """The keys of the databases ``ingest`` reads (``data/ttl/databases.ttl``), for help texts."""
    from .ingest.databases import databases

    return list(databases(layout or project()))


def generate_release(
    source: str, rows: int, out: Path, *, seed: int | None = None, layout: ProjectLayout | None = None
) -> Path:
    """Write a synthetic release file in the exact format of the database ``source`` (CSV, TSV or XLSX, by
    ``out``'s suffix), atomically; miRTarBase-like rows reuse the curated graph's miRNA–target pairs."""
    from .ingest.databases import database
    from .ingest.loader import row_format_of
    from .ingest.synthetic import write

    row_format = row_format_of(database(source, layout or project())).key
    if row_format == "mirtarbase":
        with open_store() as curated:
            return write(row_format, rows, out, seed, store=curated)
    return write(row_format, rows, out, seed)


def push(
    url: str,
    source: str | Path | None = None,
    *,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 600.0,
    with_inferred: bool = False,
) -> PushResult:
    """Put every named graph of ``source`` (an on-disk store; default: the project's files, optionally with the
    inferred triples) into the remote store at ``url`` over the SPARQL 1.1 Graph Store Protocol, one PUT per graph."""
    from .ingest.push import push_graphs

    local = open_store(with_inferred=with_inferred) if source is None else open_store(source)
    with local:
        return push_graphs(local, url, graph_store=graph_store, user=user, password=password, timeout=timeout)


def evidence_for(store: Store, mirna_iri: str | None = None, gene_iri: str | None = None) -> list[Evidence]:
    """External evidence (ingested releases) for a miRNA and/or gene IRI; empty without releases."""
    from .ingest.evidence import evidence_for as find

    return find(store, mirna_iri, gene_iri)


# ------------------------------------------------------------------------------------------------------------
# Curation: claim sheets and drafts (mirna_kg.curation)
# ------------------------------------------------------------------------------------------------------------


def sheet_export(review_key: str, out: Path, layout: ProjectLayout | None = None) -> int:
    """Write one row per statement of a review to a claim sheet (``.xlsx`` or ``.tsv``); the number of rows."""
    from .curation.sheets import export_review

    return export_review(review_key, out, layout)


def sheet_import(
    sheet: Path, review_key: str, source: Path | None = None, layout: ProjectLayout | None = None
) -> ImportResult:
    """Check a claim sheet and write the review's Turtle files from it; nothing is written on any problem."""
    from .curation.sheets import import_review

    return import_review(sheet, review_key, source, layout)


def draft(text: Path, review_key: str, out: Path, layout: ProjectLayout | None = None) -> int:
    """Propose candidate rows from a review's text into a sheet for a curator; the number of rows."""
    from .curation.draft import write_draft

    return write_draft(text, review_key, out, layout)


# ------------------------------------------------------------------------------------------------------------
# The release described for machines (mirna_kg.interop): RO-Crate, schema.org, FAIR Signposting
# ------------------------------------------------------------------------------------------------------------


def release_crate(dist_dir: Path) -> dict | None:
    """The release's RO-Crate metadata (``dist/ro-crate-metadata.json``), or None when no release is built."""
    import json

    from .interop.crate import CRATE_NAME

    path = dist_dir / CRATE_NAME
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not readable RO-Crate metadata ({exc}); run `mirna-kg build` again") from exc


def dataset_script(crate: dict, download_base: str) -> str:
    """The schema.org ``Dataset`` of the release as the ``<script type="application/ld+json">`` of a landing
    page (escaped so that no value can close the element)."""
    from .interop.crate import dataset_script as script

    return script(crate, download_base)


def landing_signposts(crate: dict | None, download_base: str = "/downloads/") -> str:
    """The FAIR Signposting ``Link`` header of the landing page (every release file an ``item``)."""
    from .interop.signposting import crate_files, landing_links, link_header

    return link_header(landing_links(crate_files(crate) if crate else {}, download_base))


def entity_signposts(iri: str, page_path: str, types: Sequence[str] = ()) -> str:
    """The FAIR Signposting ``Link`` header of an entity's page (``cite-as``, ``describedby``, ``type``,
    ``license``)."""
    from .interop.signposting import entity_links, link_header

    return link_header(entity_links(iri, page_path, types))
