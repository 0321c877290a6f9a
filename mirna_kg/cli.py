"""The ``mirna-kg`` command line: a thin face over ``mirna_kg.api``.

Each command parses its options, calls one core function and prints the result. Errors are the core's
exception classes, mapped to exit codes in one table (``EXIT_CODES``): 0 success, 1 the graph does not conform
(or is inconsistent), 2 unusable input or environment. Errors are one line on stderr; ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import click
import typer
from typer.core import TyperGroup

from .errors import InconsistentOntologyError, InputError, MirnaKgError, NotConformingError

P = ParamSpec("P")
R = TypeVar("R")

#: Error class -> exit code; the first matching class (in order) wins.
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (NotConformingError, 1),
    (InconsistentOntologyError, 1),
    (InputError, 2),
    (MirnaKgError, 2),
)

app = typer.Typer(
    name="mirna-kg",
    help="Build, validate and query the mirna-kg knowledge graph of microRNAs in the tumour microenvironment.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}

EngineOption = Annotated[
    str, typer.Option("--engine", metavar="ENGINE", help="SPARQL engine for files: oxigraph or rdflib.")
]
InferredOption = Annotated[
    bool,
    typer.Option("--with-inferred", metavar="", help="Add the reasoner's inferred triples (derived from the sources)."),
]
GraphOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--graph",
        "-g",
        metavar="PATH",
        help="RDF files or folders to query instead of the project's graph (repeatable).",
    ),
]
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        metavar="DIR|URL",
        help="An on-disk store folder (made by `mirna-kg load`) or a SPARQL endpoint URL.",
    ),
]


def exit_code(error: BaseException) -> int:
    """The exit code of an error, from ``EXIT_CODES``."""
    return next((code for cls, code in EXIT_CODES if isinstance(error, cls)), 2)


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the core's errors into one line on stderr and the exit code of ``EXIT_CODES``."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
            return result
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0) from None
        except MirnaKgError as error:
            if _state["debug"]:
                raise
            typer.echo(f"mirna-kg: {error}", err=True)
            raise typer.Exit(exit_code(error)) from None
        except OSError as error:  # an environment failure the core did not name (disk, permissions)
            if error.errno == errno.EPIPE:
                _silence_stdout()
                raise typer.Exit(0) from None
            if _state["debug"]:
                raise
            where = f"{error.filename}: " if error.filename else ""
            typer.echo(f"mirna-kg: {where}{error.strerror or error}", err=True)
            raise typer.Exit(2) from None

    return wrapper


def _silence_stdout() -> None:
    """The reader of our output went away (``mirna-kg build | head``): not an error. Point stdout at /dev/null
    so that the interpreter's final flush does not complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _stdout_is_devnull() -> bool:
    try:
        here, null = os.fstat(sys.stdout.fileno()), Path(os.devnull).stat()
    except (OSError, ValueError):
        return False
    return (here.st_dev, here.st_ino) == (null.st_dev, null.st_ino)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"mirna-kg {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", metavar="", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", metavar="", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """mirna-kg: microRNAs in the tumour microenvironment, as a validated RDF knowledge graph."""
    _state["debug"] = debug


@app.command()
@handles_errors
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(metavar="PATHS", help="Data files or folders (default: data/ttl/).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
) -> None:
    """SHACL-validate the ontology, its imports and data files against shapes/.

    Exit 0 when the graph conforms, 1 when it violates a shape, 2 when a file cannot be read.

    Example: mirna-kg validate data/ttl/gu2026 --format json
    """
    from . import api

    if output_format not in ("text", "json"):
        raise InputError(f"unknown --format {output_format!r}; use text or json")
    from .progress import step

    with step("validating"):
        report = api.validate(paths)
    typer.echo(report.to_json() if output_format == "json" else report.to_text(), nl=False)
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
@handles_errors
def build(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="DIR", help="Output folder (default: dist/ of the tree).")
    ] = None,
    with_inferred: Annotated[
        bool, typer.Option("--with-inferred/--no-inferred", metavar="", help="Include the reasoner's inferred triples.")
    ] = True,
) -> None:
    """Validate and write the release (every serialization, KGX, VoID) to OUT, then print its statistics.

    Nothing is written when validation fails; files are written atomically.

    Example: mirna-kg build --out dist/
    """
    from . import api
    from .stats import build_verdict, glossary, render_stats
    from .terminal import wrap_paragraph

    result = api.build(out, with_inferred=with_inferred)
    for path in result.written:
        typer.echo(f"wrote {path}")
    inferred = result.inferred if with_inferred else None
    typer.echo(render_stats(api.graph_stats(result.graph), inferred), nl=False)
    for line in [*glossary(), *build_verdict(len(result.report.violations), inferred)]:
        typer.echo("\n".join(wrap_paragraph(line, _terminal_width() or 100, "  ")))


@app.command()
@handles_errors
def export(
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="turtle, ntriples, jsonld, rdfxml, kgx, nanopub or context."
        ),
    ] = "turtle",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Output file (kgx, nanopub: a folder); default: mirna-kg.<suffix> here (nanopub: nanopubs/).",
        ),
    ] = None,
    with_inferred: InferredOption = False,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            "-s",
            metavar="DIR",
            help="kgx: also write the evidence records of the releases ingested into this on-disk store.",
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option("--key", "-k", metavar="KEYFILE", help="nanopub (required): RSA private key to sign with."),
    ] = None,
) -> None:
    """Export the validated graph in one format (`build` writes all of them to dist/).

    kgx writes mirna-kg_nodes.tsv, mirna-kg_edges.tsv and mirna-kg_content_metadata.json (Biolink version,
    prefixes) into the folder OUT; with --store, every evidence record of the releases ingested there
    (`mirna-kg ingest`) is an edge too, streamed. nanopub writes one nanopublication per statement (TriG,
    signed with --key, trusty URI) and nanopubs.tsv into the folder OUT; nothing is published (see
    docs/interop.md). context writes the JSON-LD context kept in ontology/mirna-kg.context.jsonld.

    Examples: mirna-kg export --format jsonld --out mirna-kg.jsonld;
    mirna-kg export --format kgx --out kgx/ --with-inferred;
    mirna-kg export --format kgx --out kgx/ --store kg-store/;
    mirna-kg export --format nanopub --out nanopubs/ --key key.pem
    """
    from . import api

    typer.echo(api.export(output_format, out, with_inferred=with_inferred, store=store, key=key).summary)


@app.command()
@handles_errors
def query(
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="Stored query name (see --list) or a .rq file.")
    ] = None,
    params: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", metavar="NAME=VALUE", help="Query parameter NAME=VALUE (repeatable)."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="table, csv, tsv or json.")
    ] = "table",
    list_queries: Annotated[bool, typer.Option("--list", metavar="", help="List the stored queries and exit.")] = False,
    columns: Annotated[
        str | None, typer.Option("--columns", "-c", metavar="NAMES", help="Comma-separated columns to show, in order.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", metavar="ROWS", help="Show at most ROWS rows.")] = None,
    graph: GraphOption = None,
    store: StoreOption = None,
    engine: EngineOption = "oxigraph",
    with_inferred: InferredOption = False,
) -> None:
    """Run a stored SPARQL query (queries/NAME.rq) or your own .rq file.

    Examples: mirna-kg query all_claims --format tsv;
    mirna-kg query mirna_profile --param mirna=miR-21;
    mirna-kg query all_claims --store kg-store/
    """
    from . import api
    from .errors import QueryError
    from .results import FORMATS, render

    if list_queries:
        from .terminal import definition_lines

        listed = []
        for stored in api.stored_queries():
            names = ", ".join(f"{p.name}={p.example or '<' + p.kind + '>'}" for p in stored.parameters)
            listed.append((stored.name, stored.title + (f"  [--param {names}]" if names else "")))
        typer.echo("\n".join(definition_lines(listed, _terminal_width())))
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
        typer.echo(note, err=True)
    table = answer.table
    from .results import select

    wanted = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    table = select(table, wanted, limit)
    typer.echo(render(table, output_format, _terminal_width() if output_format == "table" else None), nl=False)


def _terminal_width() -> int | None:
    """The terminal's width when stdout is one (a table piped to a file or a pager stays whole)."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _parse_params(items: list[str]) -> dict[str, str]:
    from .errors import QueryError

    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes NAME=VALUE, got {item!r}")
        values[key.strip()] = value
    return values


def _note_stale(store: object) -> None:
    from . import api

    note = api.stale_store_note(store)  # type: ignore[arg-type]
    if note:
        typer.echo(note, err=True)


@app.command()
@handles_errors
def stats(
    graph: GraphOption = None,
    store: StoreOption = None,
    engine: EngineOption = "oxigraph",
    with_inferred: InferredOption = False,
) -> None:
    """Count claims, other statements, miRNAs, genes, cell types, cancers and triples (and how many inferred).

    Example: mirna-kg stats --store kg-store/
    """
    from . import api
    from .stats import inferred_triples, render_stats

    with api.open_store(store, files=graph, engine=engine, with_inferred=with_inferred) as opened:
        _note_stale(opened)
        typer.echo(render_stats(api.stats(opened), inferred_triples(opened)), nl=False)


@app.command()
@handles_errors
def load(
    store: Annotated[Path, typer.Option("--store", "-s", metavar="DIR", help="The store folder to create or replace.")],
    files: Annotated[
        list[Path] | None, typer.Argument(metavar="FILES", help="Extra RDF files, each into its own named graph.")
    ] = None,
    with_inferred: Annotated[
        bool, typer.Option("--with-inferred/--no-inferred", metavar="", help="Include the reasoner's inferred triples.")
    ] = True,
) -> None:
    """Fill an on-disk Oxigraph store from the project's files (plus FILES), once, for fast later commands.

    The store is built beside STORE and swapped in when complete; every reading command takes --store STORE.
    STORE is locked while it is written: a second load or ingest of it fails at once, naming this one.

    Example: mirna-kg load --store kg-store/ && mirna-kg query all_claims --store kg-store/
    """
    from . import api
    from .progress import step

    with step(f"loading the store {store}"):
        manifest = api.load_store(store, files or [], with_inferred=with_inferred)
    for graph_name, count in manifest.graphs.items():
        typer.echo(f"  {graph_name:48} {count:>9} triples")
    typer.echo(f"loaded {store} ({sum(manifest.graphs.values())} triples)")


@app.command()
@handles_errors
def reason(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="DIR", help="Output folder for inferred.ttl.")
    ] = None,
    reasoner: Annotated[
        str,
        typer.Option(
            "--reasoner",
            "-r",
            metavar="fast|hermit",
            help="fast (SPARQL from the ontology's axioms) or hermit (OWL 2 DL).",
        ),
    ] = "fast",
) -> None:
    """Classify ontology + imports + data and write OUT/inferred.ttl (default: dist/ of the tree).

    The fast classifier (default; see docs/benchmarks.md) derives every defined class from the ontology's own
    axioms; --reasoner hermit runs HermiT (owlready2, needs Java) as the complete OWL 2 DL check. Prints how many
    miRNAs fall in each defined class. Exit 1 naming the clashing individuals and axioms when the graph is
    inconsistent; exit 2 when Java is missing for HermiT.

    Example: mirna-kg reason --reasoner hermit
    """
    from . import api
    from .progress import step

    with step(f"reasoning ({reasoner})"):
        reasoned = api.reason_to_file(out, reasoner)
    result = reasoned.result
    if not result.consistent:
        typer.echo(f"inconsistent: {result.reasoner} found contradicting axioms", err=True)
        for line in result.explanation:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"consistent ({result.reasoner}, {reasoned.seconds:.1f} s); wrote {reasoned.written} "
        f"({len(result.inferred)} inferred triples)"
    )
    for curie, count in reasoned.class_counts():
        typer.echo(f"  {curie:32} {count:4} miRNAs")


@app.command()
@handles_errors
def figures(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default: dist/figures).")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="svg, png or pdf.")] = "svg",
    store: StoreOption = None,
) -> None:
    """Draw the figures (communication networks, role maps, bone balance, cross-review) from the graph.

    Each figure is drawn from a stored query (`mirna-kg query NAME` gives its data); the same graph gives
    byte-identical files.

    Example: mirna-kg figures --format png --out dist/figures
    """
    from . import api

    with api.open_store(store) as opened:
        for figure in api.figures(opened, out, output_format):
            typer.echo(f"wrote {figure.path}  ({figure.title}; from query {figure.query})")


@app.command()
@handles_errors
def imports(
    reference: Annotated[
        Path, typer.Option("--reference", metavar="DIR", help="Folder of the authoritative identifier tables.")
    ] = Path("../shared/reference"),
) -> None:
    """Re-extract ontology/imports/ from the reference tables for every external IRI the graph uses.

    A curator's step after adding an identifier; nothing else reads the reference folder.

    Example: mirna-kg imports --reference ../shared/reference
    """
    from . import api

    modules = api.refresh_imports(reference)
    for path, module in modules.items():
        typer.echo(f"wrote {path} ({len(module)} triples)")


@app.command()
@handles_errors
def describe(
    name: Annotated[str, typer.Argument(help="An IRI, a CURIE (hgnc:17635, CL:0000235) or a name (miR-21, CD274).")],
    graph: GraphOption = None,
    store: StoreOption = None,
    with_inferred: InferredOption = False,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Print what the graph says about one entity: names, identifiers, relatives, the claims involving it.

    Examples: mirna-kg describe miR-21; mirna-kg describe hgnc:17635; mirna-kg describe CL:0000235 --format json
    """
    from . import api
    from .describing import render_description

    if output_format not in ("text", "json"):
        raise InputError(f"unknown --format {output_format!r}; use text or json")
    with api.open_store(store, files=graph, with_inferred=with_inferred) as opened:
        found = api.describe(opened, name)
    if not found.exists:
        raise InputError(f"the graph says nothing about {name!r} (try `mirna-kg describe` with a CURIE or name)")
    typer.echo(render_description(found, output_format), nl=False)


# ------------------------------------------------------------------------------------------------------------
# External evidence: ingest (miRTarBase, TarBase, synthetic files) and push to a remote store
# ------------------------------------------------------------------------------------------------------------


class IngestGroup(TyperGroup):
    """``mirna-kg ingest SOURCE FILE`` beside ``mirna-kg ingest generate SOURCE``: a first word that names no
    subcommand is a database key, handed to the hidden ``release`` command with the rest. Its help lists the
    databases found in ``data/ttl/databases.ttl`` (read only when help is asked for)."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "", self.commands["release"], args  # no name of its own in usage lines
        return super().resolve_command(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from . import api

        try:
            known = ", ".join(api.ingest_databases())
        except MirnaKgError as error:
            known = f"(cannot read data/ttl/databases.ttl: {error})"
        self.epilog = f"SOURCE is one of the databases in data/ttl/databases.ttl: {known}."
        super().format_help(ctx, formatter)


ingest_app = typer.Typer(
    cls=IngestGroup,
    help=(
        "Ingest external miRNA-target evidence into an on-disk store: mirna-kg ingest SOURCE FILE --store DIR.\n\n"
        "Example: mirna-kg ingest mirtarbase miRTarBase_MTI.xlsx --store kg-store/ --release 10.0"
    ),
    no_args_is_help=True,
    subcommand_metavar="SOURCE FILE --store DIR | generate SOURCE --out FILE",
)
app.add_typer(ingest_app, name="ingest")

IngestStoreOption = Annotated[
    Path, typer.Option("--store", "-s", help="The on-disk store folder (made with the project's graph if missing).")
]
ReleaseOption = Annotated[
    str | None,
    typer.Option("--release", help="The release (default: the database's default in data/ttl/databases.ttl)."),
]
RejectsOption = Annotated[
    Path | None, typer.Option("--rejects", help="Rejects file (TSV; default: SOURCE-RELEASE.rejects.tsv here).")
]


@ingest_app.command("release", hidden=True)
@handles_errors
def ingest_release(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="The database (a key of data/ttl/databases.ttl).")],
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Its release table (.csv, .tsv/.txt, optionally .gz, or .xlsx).")
    ],
    store: IngestStoreOption,
    release: ReleaseOption = None,
    rejects: RejectsOption = None,
) -> None:
    """Ingest a release table of SOURCE into the named graph mkgg:SOURCE-RELEASE, replacing it.

    The store is locked while it is written: a second ingest or load of it fails at once.

    Example: mirna-kg ingest mirtarbase miRTarBase_MTI.xlsx --store kg-store/ --release 10.0
    """
    from . import api

    result = api.ingest_release(store, source, path, release=release, rejects=rejects)
    typer.echo(result.summary(), nl=False)


@ingest_app.command("generate")
@handles_errors
def ingest_generate(
    source: Annotated[str, typer.Argument(help="The database whose format to write (a key of databases.ttl).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file; .csv, .tsv or .xlsx.")],
    rows: Annotated[int, typer.Option("--rows", "-n", min=0, help="Number of data rows.")] = 10_000,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed (default: fixed per source).")] = None,
) -> None:
    """Write a synthetic release file in the source's exact format (real names, repeats, rows to reject).

    Example: mirna-kg ingest generate mirtarbase --rows 100000 --out mirtarbase.csv
    """
    from . import api

    typer.echo(f"wrote {api.generate_release(source, rows, out, seed=seed)} ({rows} rows)")


@app.command()
@handles_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0-65535).")] = 8000,
    store: StoreOption = None,
    with_inferred: Annotated[
        bool,
        typer.Option(
            "--with-inferred/--no-inferred",
            help="Add the fast reasoner's inferred triples to the embedded store (fast; see docs/benchmarks.md).",
        ),
    ] = True,
    cors: Annotated[bool, typer.Option("--cors", help="Allow other sites' pages to query (CORS *).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a SPARQL query may run (then 503).")] = 5.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Rows a result may have (more are cut).")] = 10_000,
    workers: Annotated[int, typer.Option("--workers", help="SPARQL worker processes.")] = 2,
) -> None:
    """Serve entity pages, search, the SPARQL endpoint (with editor) and the stored-query API over HTTP.

    Without --store the project's graph is loaded into memory at start; --store serves an on-disk store
    (`mirna-kg load`; a snapshot taken at start, so restart after a new load) or fronts a remote SPARQL endpoint.
    Limits: docs/safety-server.md.

    Example: mirna-kg serve --port 8000 --timeout 10
    """
    import contextlib

    import uvicorn

    from . import api
    from .web import Settings, check_address, create_app, serving_snapshot

    if timeout <= 0 or max_rows <= 0 or workers <= 0:
        raise InputError("--timeout, --max-rows and --workers must be positive")
    check_address(host, port)
    with contextlib.ExitStack() as cleanup:
        source: str | Path | None = store
        if store is not None and not api.is_remote(store):  # workers all open one snapshot (issue 22 case 3)
            source, line = cleanup.enter_context(serving_snapshot(Path(store)))
            if line:
                typer.echo(f"mirna-kg: {line}", err=True)
        opened = cleanup.enter_context(api.open_store(source, with_inferred=with_inferred, timeout=timeout))
        if note := api.stale_store_note(opened):  # named by the folder the user gave, not the snapshot's
            typer.echo(note.replace(str(source), str(store)), err=True)
        application = create_app(opened, Settings(timeout=timeout, max_rows=max_rows, workers=workers, cors=cors))
        typer.echo(f"mirna-kg: serving {opened.name} store on http://{host}:{port}/ (Ctrl+C stops)", err=True)
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)


@app.command()
@handles_errors
def site(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the static site into.")] = Path("site"),
    store: StoreOption = None,
    with_inferred: InferredOption = False,
) -> None:
    """Render every entity page (HTML, Turtle, JSON-LD) and the home page as static files.

    Example: mirna-kg site --out site/
    """
    from . import api
    from .web.site import build_site

    with api.open_store(store, with_inferred=with_inferred) as opened:
        count = build_site(opened, out)
    typer.echo(f"wrote {count} entity pages and the home page to {out}")


@app.command()
@handles_errors
def push(
    store: Annotated[str, typer.Option("--store", "-s", help="The remote SPARQL query endpoint URL.")],
    source: Annotated[
        Path | None, typer.Option("--from", help="Local store folder to push (default: the project's files).")
    ] = None,
    graph_store: Annotated[
        str | None, typer.Option("--graph-store", help="Graph Store Protocol endpoint (default: derived from URL).")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="User for digest authentication (Virtuoso: dba).")] = None,
    password: Annotated[
        str | None, typer.Option("--password", envvar="MIRNA_KG_STORE_PASSWORD", help="Password (or the env var).")
    ] = None,
    with_inferred: InferredOption = False,
) -> None:
    """Put the release and ingested graphs into a remote store (SPARQL 1.1 Graph Store Protocol, PUT per graph).

    Then every command takes --store URL. Examples: mirna-kg push --store http://localhost:7878/query --from kg-store/;
    mirna-kg push --store http://localhost:8890/sparql --from kg-store/ --user dba --password dba
    """
    from . import api

    result = api.push(store, source, graph_store=graph_store, user=user, password=password, with_inferred=with_inferred)
    for graph_name, count in result.graphs.items():
        typer.echo(f"  {graph_name:48} {count:>9} triples")
    typer.echo(f"pushed {len(result.graphs)} graphs to {result.graph_store}")


# ------------------------------------------------------------------------------------------------------------
# The curation workbench (issue 23): claim sheets both ways, a draft from a review's text
# ------------------------------------------------------------------------------------------------------------

sheet_app = typer.Typer(
    help="Claim sheets: a review's statements as XLSX/TSV, and a checked sheet back into data/ttl/.",
    no_args_is_help=True,
)
app.add_typer(sheet_app, name="sheet")

ReviewOption = Annotated[str, typer.Option("--review", "-r", metavar="KEY", help="Review key (data/ttl/reviews.ttl).")]


@sheet_app.command("export")
@handles_errors
def sheet_export(
    review: ReviewOption,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE.xlsx|FILE.tsv", help="The sheet to write.")],
) -> None:
    """Write one row per statement of a review (claims, cell composition, biomarkers, therapeutics).

    Example: mirna-kg sheet export --review gu2026 --out gu2026.xlsx
    """
    from . import api

    count = api.sheet_export(review, out)
    typer.echo(f"{count} statements of {review} -> {out}")


@sheet_app.command("import")
@handles_errors
def sheet_import(
    sheet: Annotated[Path, typer.Argument(metavar="FILE.xlsx|FILE.tsv", help="The edited claim sheet.")],
    review: ReviewOption,
    source: Annotated[
        Path | None,
        typer.Option("--source", metavar="REVIEW.txt", help="The review's text: every quote must occur in it."),
    ] = None,
) -> None:
    """Check a claim sheet and write the review's Turtle files from it (nothing is written on any problem).

    Empty identifier cells are filled from the names with the shipped tables; then the shapes and identifier
    checks run. Problems are listed as FILE:SHEET!ROW:COLUMN (exit 1); an unusable file exits 2.
    Example: mirna-kg sheet import gu2026.xlsx --review gu2026 --source review.txt
    """
    from . import api

    result = api.sheet_import(sheet, review, source)
    for path in result.written:
        typer.echo(f"wrote {path}")
    for path in result.removed:
        typer.echo(f"removed {path}")
    if not result.written and not result.removed:
        typer.echo("no file changed")
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"{result.statements} statements of {review}")


@app.command()
@handles_errors
def draft(
    text: Annotated[Path, typer.Argument(metavar="REVIEW.txt", help="The review's text (UTF-8).")],
    review: ReviewOption,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE.xlsx|FILE.tsv", help="The draft sheet.")],
) -> None:
    """Propose candidate rows from a review's text (tables and prose) for a curator to accept, correct or delete.

    Grounds names with the shipped tables only (no network). Example: mirna-kg draft review.txt --review gu2026
    --out draft.xlsx
    """
    from . import api

    count = api.draft(text, review, out)
    typer.echo(f"{count} candidate rows -> {out}")


def run() -> None:
    """Console-script entry point."""
    was_devnull = _stdout_is_devnull()
    try:
        app()
    except SystemExit:
        # click (PacifyFlushWrapper) and rich (stdout pointed at /dev/null) exit 1 on a closed pipe: not an error
        if type(sys.stdout).__name__.endswith("PacifyFlushWrapper") or (not was_devnull and _stdout_is_devnull()):
            _silence_stdout()
            sys.exit(0)
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # raised outside a command (help text, completion) into a closed pipe
        _silence_stdout()
        sys.exit(0)
