"""Every ``mirna-kg`` command: its options, its help (the docstring) and what it does.

A command parses nothing itself: argparse hands it its options by name. It imports what it needs when it runs
(``from .. import api``), so starting the program and showing help stay cheap; it calls one core function and
prints the result. Errors are the core's exceptions; ``mirna_kg.cli.main`` turns them into one line and an exit
code. A command returns its exit code when that is not 0 (``validate``: 1 when the graph does not conform).
"""

from __future__ import annotations

import os
import sys

from .. import __version__
from ..errors import InputError, MirnaKgError
from .parsing import Arg, Command, Toggle, count, path, port_number, terminal_columns

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from pathlib import Path

ROOT = Command(
    "mirna-kg",
    """Build, validate and query the mirna-kg knowledge graph of microRNAs in the tumour microenvironment.

    `mirna-kg COMMAND --help` shows a command's options and examples.

    Examples:
        mirna-kg validate
        mirna-kg query mirna_profile --param mirna=miR-21
        mirna-kg load --store kg-store/ && mirna-kg serve --store kg-store/
    """,
    arguments=(
        Arg("--version", action="version", version=f"mirna-kg {__version__}", help="Print the version and exit."),
        Arg("--debug", action="store_true", help="Show tracebacks on errors."),
    ),
    sections=(
        ("the graph", ("validate", "build", "reason", "export", "figures")),
        ("asking it", ("query", "describe", "stats")),
        ("stores and external evidence", ("load", "ingest", "push")),
        ("on the web", ("serve", "site")),
        ("curation", ("sheet", "draft", "imports")),
        ("this program", ("completion",)),
    ),
)

ENGINE = Arg(
    "--engine",
    metavar="ENGINE",
    default="oxigraph",
    completions=("oxigraph", "rdflib"),
    help="SPARQL engine for files: oxigraph or rdflib.",
)
INFERRED = Arg(
    "--with-inferred", action="store_true", help="Add the reasoner's inferred triples (derived from the sources)."
)
GRAPH = Arg(
    "-g",
    "--graph",
    action="append",
    type=path,
    metavar="PATH",
    help="RDF files or folders to query instead of the project's graph (repeatable).",
)
STORE = Arg(
    "-s",
    "--store",
    metavar="DIR|URL",
    help="An on-disk store folder (made by `mirna-kg load`) or a SPARQL endpoint URL.",
)


def format_option(default: str, *names: str) -> Arg:
    """``-f, --format FORMAT``, one of ``names``: the command checks it (with its own message), the help lists
    the names and a shell completes them."""
    return Arg(
        "-f",
        "--format",
        dest="output_format",
        metavar="FORMAT",
        default=default,
        completions=names,
        help=f"{', '.join(names[:-1])} or {names[-1]}.",
    )


TEXT_OR_JSON = format_option("text", "text", "json")
REVIEW = Arg("-r", "--review", required=True, metavar="KEY", help="Review key (data/ttl/reviews.ttl).")


def _out(text: str = "", *, end: str = "\n") -> None:
    sys.stdout.write(text + end)


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _terminal_width() -> int | None:
    """The terminal's width when stdout is one (a table piped to a file or a pager stays whole)."""
    return terminal_columns() if sys.stdout.isatty() else None


def _text_or_json(output_format: str) -> None:
    if output_format not in ("text", "json"):
        raise InputError(f"unknown --format {output_format!r}; use text or json")


# ------------------------------------------------------------------------------------------------------------
# The graph: validate, build, reason, export, figures
# ------------------------------------------------------------------------------------------------------------


@ROOT.command(
    Arg("paths", nargs="*", type=path, metavar="PATHS", help="Data files or folders (default: data/ttl/)."),
    TEXT_OR_JSON,
    brief="Check the ontology and data files against the SHACL shapes",
)
def validate(paths: list[Path], output_format: str) -> int:
    """SHACL-validate the ontology, its imports and data files against shapes/.

    Exit 0 when the graph conforms, 1 when it violates a shape, 2 when a file cannot be read.

    Example:
        mirna-kg validate data/ttl/gu2026 --format json
    """
    from .. import api
    from ..progress import step

    _text_or_json(output_format)
    with step("validating"):
        report = api.validate(paths or None)
    _out(report.to_json() if output_format == "json" else report.to_text(), end="")
    return 0 if report.conforms else 1


@ROOT.command(
    Arg("-o", "--out", type=path, metavar="DIR", help="Output folder (default: dist/ of the tree)."),
    Arg("--with-inferred", "--no-inferred", action=Toggle, help="Include the reasoner's inferred triples."),
    Arg(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="Validate, draw and make everything; read and keep nothing in the build cache.",
    ),
    brief="Validate, then write the release in every format to dist/",
)
def build(out: Path | None, with_inferred: bool, cache: bool) -> None:
    """Validate and write the release (every serialization, KGX, VoID) to OUT, then print its statistics.

    Nothing is written when validation fails; files are written atomically.

    Example:
        mirna-kg build --out dist/
    """
    from .. import api
    from ..stats import build_verdict, glossary, render_stats
    from ..terminal import wrap_paragraph

    result = api.build(out, with_inferred=with_inferred, cache=cache)
    for written in result.written:
        _out(f"wrote {written}")
    inferred = result.inferred if with_inferred else None
    _out(render_stats(api.graph_stats(result.graph), inferred), end="")
    for line in [*glossary(), *build_verdict(len(result.report.violations), inferred)]:
        _out("\n".join(wrap_paragraph(line, _terminal_width() or 100, "  ")))


@ROOT.command(
    Arg("-o", "--out", type=path, metavar="DIR", help="Output folder for inferred.ttl."),
    Arg(
        "-r",
        "--reasoner",
        metavar="fast|hermit",
        default="fast",
        completions=("fast", "hermit"),
        help="fast (SPARQL from the ontology's axioms) or hermit (OWL 2 DL).",
    ),
    brief="Classify (fast reasoner or HermiT) and write inferred.ttl",
)
def reason(out: Path | None, reasoner: str) -> int:
    """Classify ontology + imports + data and write OUT/inferred.ttl (default: dist/ of the tree).

    The fast classifier (default; see docs/benchmarks.md) derives every defined class from the ontology's own
    axioms; --reasoner hermit runs HermiT (owlready2, needs Java) as the complete OWL 2 DL check. Prints how many
    miRNAs fall in each defined class. Exit 1 naming the clashing individuals and axioms when the graph is
    inconsistent; exit 2 when Java is missing for HermiT.

    Example:
        mirna-kg reason --reasoner hermit
    """
    from .. import api
    from ..progress import step

    with step(f"reasoning ({reasoner})"):
        reasoned = api.reason_to_file(out, reasoner)
    result = reasoned.result
    if not result.consistent:
        _err(f"inconsistent: {result.reasoner} found contradicting axioms")
        for line in result.explanation:
            _err(f"  - {line}")
        return 1
    _out(
        f"consistent ({result.reasoner}, {reasoned.seconds:.1f} s); wrote {reasoned.written} "
        f"({len(result.inferred)} inferred triples)"
    )
    for curie, number in reasoned.class_counts():
        _out(f"  {curie:32} {number:4} miRNAs")
    return 0


@ROOT.command(
    format_option("turtle", "turtle", "ntriples", "jsonld", "rdfxml", "kgx", "nanopub", "context"),
    Arg(
        "-o",
        "--out",
        type=path,
        metavar="PATH",
        help="Output file (kgx, nanopub: a folder); default: mirna-kg.<suffix> here (nanopub: nanopubs/).",
    ),
    INFERRED,
    Arg(
        "-s",
        "--store",
        metavar="DIR",
        help="kgx: also write the evidence records of the releases ingested into this on-disk store.",
    ),
    Arg("-k", "--key", type=path, metavar="KEYFILE", help="nanopub (required): RSA private key to sign with."),
    brief="Write the validated graph in one format (Turtle, KGX, …)",
)
def export(output_format: str, out: Path | None, with_inferred: bool, store: str | None, key: Path | None) -> None:
    """Export the validated graph in one format (`build` writes all of them to dist/).

    kgx writes mirna-kg_nodes.tsv, mirna-kg_edges.tsv and mirna-kg_content_metadata.json (Biolink version,
    prefixes) into the folder OUT; with --store, every evidence record of the releases ingested there
    (`mirna-kg ingest`) is an edge too, streamed. nanopub writes one nanopublication per statement (TriG,
    signed with --key, trusty URI) and nanopubs.tsv into the folder OUT; nothing is published (see
    docs/interop.md). context writes the JSON-LD context kept in ontology/mirna-kg.context.jsonld.

    Examples:
        mirna-kg export --format jsonld --out mirna-kg.jsonld
        mirna-kg export --format kgx --out kgx/ --with-inferred
        mirna-kg export --format kgx --out kgx/ --store kg-store/
        mirna-kg export --format nanopub --out nanopubs/ --key key.pem
    """
    from .. import api

    _out(api.export(output_format, out, with_inferred=with_inferred, store=store, key=key).summary)


@ROOT.command(
    Arg("-o", "--out", type=path, metavar="DIR", help="Output folder (default: dist/figures)."),
    format_option("svg", "svg", "png", "pdf"),
    STORE,
    brief="Draw the figures from the graph's stored queries",
)
def figures(out: Path | None, output_format: str, store: str | None) -> None:
    """Draw the figures (communication networks, role maps, bone balance, cross-review) from the graph.

    Each figure is drawn from a stored query (`mirna-kg query NAME` gives its data); the same graph gives
    byte-identical files.

    Example:
        mirna-kg figures --format png --out dist/figures
    """
    from .. import api

    with api.open_store(store) as opened:
        for figure in api.figures(opened, out, output_format):
            _out(f"wrote {figure.path}  ({figure.title}; from query {figure.query})")


# ------------------------------------------------------------------------------------------------------------
# Asking the graph: query, describe, stats
# ------------------------------------------------------------------------------------------------------------


@ROOT.command(
    Arg(
        "name",
        nargs="?",
        metavar="NAME",
        listed_by=("query", "--list"),
        help="Stored query name (see --list) or a .rq file.",
    ),
    Arg(
        "-p",
        "--param",
        dest="params",
        action="append",
        metavar="NAME=VALUE",
        help="Query parameter NAME=VALUE (repeatable).",
    ),
    format_option("table", "table", "csv", "tsv", "json"),
    Arg("--list", dest="list_queries", action="store_true", help="List the stored queries and exit."),
    Arg("-c", "--columns", metavar="NAMES", help="Comma-separated columns to show, in order."),
    Arg("-n", "--limit", type=int, metavar="ROWS", help="Show at most ROWS rows."),
    GRAPH,
    STORE,
    ENGINE,
    INFERRED,
    brief="Run a stored SPARQL query or your own .rq file",
)
def query(
    name: str | None,
    params: list[str] | None,
    output_format: str,
    list_queries: bool,
    columns: str | None,
    limit: int | None,
    graph: list[Path] | None,
    store: str | None,
    engine: str,
    with_inferred: bool,
) -> None:
    """Run a stored SPARQL query (queries/NAME.rq) or your own .rq file.

    Examples:
        mirna-kg query all_claims --format tsv
        mirna-kg query mirna_profile --param mirna=miR-21
        mirna-kg query all_claims --store kg-store/
    """
    from .. import api
    from ..errors import QueryError
    from ..results import FORMATS, render, select

    if list_queries:
        from ..terminal import definition_lines

        listed = []
        for stored in api.stored_queries():
            names = ", ".join(f"{p.name}={p.example or '<' + p.kind + '>'}" for p in stored.parameters)
            listed.append((stored.name, stored.title + (f"  [--param {names}]" if names else "")))
        _out("\n".join(definition_lines(listed, _terminal_width())))
        return
    if name is None:
        raise QueryError("name a stored query or a .rq file (see `mirna-kg query --list`)")
    if output_format not in FORMATS:
        raise QueryError(f"unknown --format {output_format!r}; use one of {', '.join(FORMATS)}")
    values = _parse_params(params or [])
    api.find_query(name).check(values)  # an unknown query or parameter fails before the graph is opened
    with api.open_store(store, files=graph, engine=engine, with_inferred=with_inferred) as opened:
        answer = api.answer_stored_query(opened, name, values)
    for note in answer.notes:
        _err(note)
    wanted = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    table = select(answer.table, wanted, limit)
    _out(render(table, output_format, _terminal_width() if output_format == "table" else None), end="")


def _parse_params(items: list[str]) -> dict[str, str]:
    from ..errors import QueryError

    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes NAME=VALUE, got {item!r}")
        values[key.strip()] = value
    return values


@ROOT.command(
    Arg("name", metavar="NAME", help="An IRI, a CURIE (hgnc:17635, CL:0000235) or a name (miR-21, CD274)."),
    GRAPH,
    STORE,
    INFERRED,
    TEXT_OR_JSON,
    brief="What the graph says about one miRNA, gene, cell type, …",
)
def describe(name: str, graph: list[Path] | None, store: str | None, with_inferred: bool, output_format: str) -> None:
    """Print what the graph says about one entity: names, identifiers, relatives, the claims involving it.

    Examples:
        mirna-kg describe miR-21
        mirna-kg describe hgnc:17635
        mirna-kg describe CL:0000235 --format json
    """
    from .. import api
    from ..describing import render_description

    _text_or_json(output_format)
    with api.open_store(store, files=graph, with_inferred=with_inferred) as opened:
        found = api.describe(opened, name)
    if not found.exists:
        raise InputError(f"the graph says nothing about {name!r} (try `mirna-kg describe` with a CURIE or name)")
    _out(render_description(found, output_format), end="")


@ROOT.command(GRAPH, STORE, ENGINE, INFERRED, brief="Count claims, miRNAs, genes, cell types, cancers, triples")
def stats(graph: list[Path] | None, store: str | None, engine: str, with_inferred: bool) -> None:
    """Count claims, other statements, miRNAs, genes, cell types, cancers and triples (and how many inferred).

    Example:
        mirna-kg stats --store kg-store/
    """
    from .. import api
    from ..stats import inferred_triples, render_stats

    with api.open_store(store, files=graph, engine=engine, with_inferred=with_inferred) as opened:
        if note := api.stale_store_note(opened):
            _err(note)
        _out(render_stats(api.stats(opened), inferred_triples(opened)), end="")


# ------------------------------------------------------------------------------------------------------------
# Stores and external evidence: load, ingest (miRTarBase, TarBase, synthetic files), push
# ------------------------------------------------------------------------------------------------------------


@ROOT.command(
    Arg("-s", "--store", required=True, type=path, metavar="DIR", help="The store folder to create or replace."),
    Arg("files", nargs="*", type=path, metavar="FILES", help="Extra RDF files, each into its own named graph."),
    Arg("--with-inferred", "--no-inferred", action=Toggle, help="Include the reasoner's inferred triples."),
    brief="Fill an on-disk store once, for fast later commands",
)
def load(store: Path, files: list[Path], with_inferred: bool) -> None:
    """Fill an on-disk Oxigraph store from the project's files (plus FILES), once, for fast later commands.

    The store is built beside STORE and swapped in when complete; every reading command takes --store STORE.
    STORE is locked while it is written: a second load or ingest of it fails at once, naming this one.

    Example:
        mirna-kg load --store kg-store/ && mirna-kg query all_claims --store kg-store/
    """
    from .. import api
    from ..progress import step

    with step(f"loading the store {store}"):
        manifest = api.load_store(store, files, with_inferred=with_inferred)
    _graph_counts(manifest.graphs)
    _out(f"loaded {store} ({sum(manifest.graphs.values())} triples)")


def _graph_counts(graphs: dict[str, int]) -> None:
    for graph_name, number in graphs.items():
        _out(f"  {graph_name:48} {number:>9} triples")


def _databases() -> str:
    """The ingest group's help names the databases ``data/ttl/databases.ttl`` describes (read only for help)."""
    from .. import api

    try:
        known = ", ".join(api.ingest_databases())
    except MirnaKgError as error:
        known = f"(cannot read data/ttl/databases.ttl: {error})"
    return (
        f"SOURCE is one of the databases in data/ttl/databases.ttl: {known}. "
        "`mirna-kg ingest SOURCE --help` shows the options of an ingest."
    )


INGEST = ROOT.group(
    "ingest",
    """Ingest external miRNA-target evidence into an on-disk store: mirna-kg ingest SOURCE FILE --store DIR.

    Example:
        mirna-kg ingest mirtarbase miRTarBase_MTI.xlsx --store kg-store/ --release 10.0
    """,
    brief="Add external miRNA-target evidence to an on-disk store",
    usage="%(prog)s SOURCE FILE --store DIR [options]\n       %(prog)s generate SOURCE --out FILE [options]",
    fallback="release",
    more_help=_databases,
)


@INGEST.command(
    Arg("source", metavar="SOURCE", help="The database (a key of data/ttl/databases.ttl)."),
    Arg("path", type=path, metavar="FILE", help="Its release table (.csv, .tsv/.txt, optionally .gz, or .xlsx)."),
    Arg(
        "-s",
        "--store",
        required=True,
        type=path,
        metavar="DIR",
        help="The on-disk store folder (made with the project's graph if missing).",
    ),
    Arg(
        "--release", metavar="RELEASE", help="The release (default: the database's default in data/ttl/databases.ttl)."
    ),
    Arg("--rejects", type=path, metavar="FILE", help="Rejects file (TSV; default: SOURCE-RELEASE.rejects.tsv here)."),
    name="release",
    hidden=True,
)
def ingest_release(source: str, path: Path, store: Path, release: str | None, rejects: Path | None) -> None:
    """Ingest a release table of SOURCE into the named graph mkgg:SOURCE-RELEASE, replacing it.

    The store is locked while it is written: a second ingest or load of it fails at once.

    Example:
        mirna-kg ingest mirtarbase miRTarBase_MTI.xlsx --store kg-store/ --release 10.0
    """
    from .. import api

    _out(api.ingest_release(store, source, path, release=release, rejects=rejects).summary(), end="")


@INGEST.command(
    Arg("source", metavar="SOURCE", help="The database whose format to write (a key of databases.ttl)."),
    Arg("-o", "--out", required=True, type=path, metavar="FILE", help="Output file; .csv, .tsv or .xlsx."),
    Arg("-n", "--rows", type=count, default=10_000, metavar="N", help="Number of data rows."),
    Arg("--seed", type=int, metavar="N", help="Random seed (default: fixed per source)."),
    name="generate",
    brief="Write a synthetic release file in a database's format",
)
def ingest_generate(source: str, out: Path, rows: int, seed: int | None) -> None:
    """Write a synthetic release file in the source's exact format (real names, repeats, rows to reject).

    Example:
        mirna-kg ingest generate mirtarbase --rows 100000 --out mirtarbase.csv
    """
    from .. import api

    _out(f"wrote {api.generate_release(source, rows, out, seed=seed)} ({rows} rows)")


PASSWORD_VARIABLE = "MIRNA_KG_STORE_PASSWORD"


@ROOT.command(
    Arg("-s", "--store", required=True, metavar="URL", help="The remote SPARQL query endpoint URL."),
    Arg(
        "--from",
        dest="source",
        type=path,
        metavar="DIR",
        help="Local store folder to push (default: the project's files).",
    ),
    Arg("--graph-store", metavar="URL", help="Graph Store Protocol endpoint (default: derived from URL)."),
    Arg("--user", metavar="USER", help="User for digest authentication (Virtuoso: dba)."),
    Arg("--password", metavar="PASSWORD", help=f"Password (or the environment variable {PASSWORD_VARIABLE})."),
    INFERRED,
    brief="Put the release and ingested graphs into a remote store",
)
def push(
    store: str,
    source: Path | None,
    graph_store: str | None,
    user: str | None,
    password: str | None,
    with_inferred: bool,
) -> None:
    """Put the release and ingested graphs into a remote store (SPARQL 1.1 Graph Store Protocol, PUT per graph).

    Then every command takes --store URL.

    Examples:
        mirna-kg push --store http://localhost:7878/query --from kg-store/
        mirna-kg push --store http://localhost:8890/sparql --from kg-store/ --user dba --password dba
    """
    from .. import api

    if password is None:
        password = os.environ.get(PASSWORD_VARIABLE)
    result = api.push(store, source, graph_store=graph_store, user=user, password=password, with_inferred=with_inferred)
    _graph_counts(result.graphs)
    _out(f"pushed {len(result.graphs)} graphs to {result.graph_store}")


# ------------------------------------------------------------------------------------------------------------
# On the web: serve, site
# ------------------------------------------------------------------------------------------------------------


@ROOT.command(
    Arg("--host", metavar="HOST", default="127.0.0.1", help="Address to listen on."),
    Arg("--port", type=port_number, metavar="PORT", default=8000, help="Port to listen on (0-65535)."),
    STORE,
    Arg(
        "--with-inferred",
        "--no-inferred",
        action=Toggle,
        help="Add the fast reasoner's inferred triples to the embedded store (fast; see docs/benchmarks.md).",
    ),
    Arg("--cors", action="store_true", help="Allow other sites' pages to query (CORS *)."),
    Arg("--timeout", type=float, metavar="SECONDS", default=5.0, help="Seconds a SPARQL query may run (then 503)."),
    Arg("--max-rows", type=int, metavar="ROWS", default=10_000, help="Rows a result may have (more are cut)."),
    Arg("--workers", type=int, metavar="N", default=2, help="SPARQL worker processes."),
    brief="Entity pages, search and a SPARQL endpoint over HTTP",
)
def serve(
    host: str,
    port: int,
    store: str | None,
    with_inferred: bool,
    cors: bool,
    timeout: float,
    max_rows: int,
    workers: int,
) -> None:
    """Serve entity pages, search, the SPARQL endpoint (with editor) and the stored-query API over HTTP.

    Without --store the project's graph is loaded into memory at start; --store serves an on-disk store
    (`mirna-kg load`; a snapshot taken at start, so restart after a new load) or fronts a remote SPARQL endpoint.
    Limits: docs/safety-server.md.

    Example:
        mirna-kg serve --port 8000 --timeout 10
    """
    import contextlib
    from pathlib import Path

    import uvicorn

    from .. import api
    from ..web import Settings, check_address, create_app, serving_snapshot

    if timeout <= 0 or max_rows <= 0 or workers <= 0:
        raise InputError("--timeout, --max-rows and --workers must be positive")
    check_address(host, port)
    with contextlib.ExitStack() as cleanup:
        source: str | Path | None = store
        if store is not None and not api.is_remote(store):  # workers all open one snapshot (issue 22 case 3)
            source, line = cleanup.enter_context(serving_snapshot(Path(store)))
            if line:
                _err(f"mirna-kg: {line}")
        opened = cleanup.enter_context(api.open_store(source, with_inferred=with_inferred, timeout=timeout))
        if note := api.stale_store_note(opened):  # named by the folder the user gave, not the snapshot's
            _err(note.replace(str(source), str(store)))
        application = create_app(opened, Settings(timeout=timeout, max_rows=max_rows, workers=workers, cors=cors))
        _err(f"mirna-kg: serving {opened.name} store on http://{host}:{port}/ (Ctrl+C stops)")
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)


@ROOT.command(
    Arg("-o", "--out", type=path, metavar="DIR", default="site", help="Folder to write the static site into."),
    STORE,
    INFERRED,
    brief="Write every entity page and the home page as static files",
)
def site(out: Path, store: str | None, with_inferred: bool) -> None:
    """Render every entity page (HTML, Turtle, JSON-LD) and the home page as static files.

    Example:
        mirna-kg site --out site/
    """
    from .. import api
    from ..web.site import build_site

    with api.open_store(store, with_inferred=with_inferred) as opened:
        written = build_site(opened, out)
    _out(f"wrote {written} entity pages and the home page to {out}")


# ------------------------------------------------------------------------------------------------------------
# Curation (issue 23): claim sheets both ways, a draft from a review's text, the identifier imports
# ------------------------------------------------------------------------------------------------------------

SHEET = ROOT.group(
    "sheet",
    """Claim sheets: a review's statements as XLSX/TSV, and a checked sheet back into data/ttl/.

    Examples:
        mirna-kg sheet export --review gu2026 --out gu2026.xlsx
        mirna-kg sheet import gu2026.xlsx --review gu2026 --source review.txt
    """,
    brief="Claim sheets: a review's statements out, checked sheets in",
)


@SHEET.command(
    REVIEW,
    Arg("-o", "--out", required=True, type=path, metavar="FILE.xlsx|FILE.tsv", help="The sheet to write."),
    name="export",
    brief="Write a review's statements as a claim sheet",
)
def sheet_export(review: str, out: Path) -> None:
    """Write one row per statement of a review (claims, cell composition, biomarkers, therapeutics).

    Example:
        mirna-kg sheet export --review gu2026 --out gu2026.xlsx
    """
    from .. import api

    _out(f"{api.sheet_export(review, out)} statements of {review} -> {out}")


@SHEET.command(
    Arg("sheet", type=path, metavar="FILE.xlsx|FILE.tsv", help="The edited claim sheet."),
    REVIEW,
    Arg("--source", type=path, metavar="REVIEW.txt", help="The review's text: every quote must occur in it."),
    name="import",
    brief="Check a claim sheet and write the review's Turtle files",
)
def sheet_import(sheet: Path, review: str, source: Path | None) -> None:
    """Check a claim sheet and write the review's Turtle files from it (nothing is written on any problem).

    Empty identifier cells are filled from the names with the shipped tables; then the shapes and identifier
    checks run. Problems are listed as FILE:SHEET!ROW:COLUMN (exit 1); an unusable file exits 2.

    Example:
        mirna-kg sheet import gu2026.xlsx --review gu2026 --source review.txt
    """
    from .. import api

    result = api.sheet_import(sheet, review, source)
    for written in result.written:
        _out(f"wrote {written}")
    for removed in result.removed:
        _out(f"removed {removed}")
    if not result.written and not result.removed:
        _out("no file changed")
    for note in result.notes:
        _err(f"note: {note}")
    _out(f"{result.statements} statements of {review}")


@ROOT.command(
    Arg("text", type=path, metavar="REVIEW.txt", help="The review's text (UTF-8)."),
    REVIEW,
    Arg("-o", "--out", required=True, type=path, metavar="FILE.xlsx|FILE.tsv", help="The draft sheet."),
    brief="Propose claim-sheet rows from a review's text",
)
def draft(text: Path, review: str, out: Path) -> None:
    """Propose candidate rows from a review's text (tables and prose) for a curator to accept, correct or delete.

    Grounds names with the shipped tables only (no network).

    Example:
        mirna-kg draft review.txt --review gu2026 --out draft.xlsx
    """
    from .. import api

    _out(f"{api.draft(text, review, out)} candidate rows -> {out}")


@ROOT.command(
    Arg(
        "--reference",
        type=path,
        metavar="DIR",
        default="../shared/reference",
        help="Folder of the authoritative identifier tables.",
    ),
    brief="Re-extract ontology/imports/ from the reference tables",
)
def imports(reference: Path) -> None:
    """Re-extract ontology/imports/ from the reference tables for every external IRI the graph uses.

    A curator's step after adding an identifier; nothing else reads the reference folder.

    Example:
        mirna-kg imports --reference ../shared/reference
    """
    from .. import api

    for written, module in api.refresh_imports(reference).items():
        _out(f"wrote {written} ({len(module)} triples)")


# ------------------------------------------------------------------------------------------------------------
# This program: shell completion
# ------------------------------------------------------------------------------------------------------------


@ROOT.command(
    Arg("shell", choices=("bash", "zsh", "fish"), metavar="SHELL", help="bash, zsh or fish."),
    brief="Print a shell completion script (bash, zsh or fish)",
)
def completion(shell: str) -> None:
    """Print a completion script: Tab then completes commands, options, their values and stored query names.

    Install it once, then open a new shell. bash: save it where bash-completion looks, or source it from
    ~/.bashrc. zsh: save it and source it from ~/.zshrc, after compinit. fish: save it in
    ~/.config/fish/completions/.

    Examples:
        mirna-kg completion bash > ~/.local/share/bash-completion/completions/mirna-kg
        mirna-kg completion zsh > ~/.mirna-kg-completion.zsh
        mirna-kg completion fish > ~/.config/fish/completions/mirna-kg.fish
        source <(mirna-kg completion bash)
    """
    from .completion import script

    _out(script(shell, ROOT), end="")
