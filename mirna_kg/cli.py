"""The ``mirna-kg`` command line: validate, build, reason, export, query, stats and imports.

Exit codes: 0 success, 1 the graph does not conform (or is inconsistent), 2 unusable input. Errors are one
line on stderr; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import MirnaKgError

app = typer.Typer(
    name="mirna-kg",
    help="Build, validate and query the mirna-kg knowledge graph of microRNAs in the tumour microenvironment.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}

EngineOption = Annotated[str, typer.Option("--engine", help="SPARQL engine: oxigraph or rdflib.")]
InferredOption = Annotated[
    bool, typer.Option("--with-inferred", help="Add dist/inferred.ttl (written by `mirna-kg reason`).")
]
INFERRED_PATH = Path("dist") / "inferred.ttl"
GraphOption = Annotated[
    list[Path] | None,
    typer.Option("--graph", "-g", help="RDF files or folders to query instead of the project's graph (repeatable)."),
]


@app.callback()
def main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False) -> None:
    """mirna-kg: microRNAs in the tumour microenvironment, as a validated RDF knowledge graph."""
    _state["debug"] = debug


def _fail(error: MirnaKgError) -> None:
    if _state["debug"]:
        raise error
    typer.echo(f"mirna-kg: {error}", err=True)
    raise typer.Exit(error.exit_code)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Data files or folders (default: data/ttl/).")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """SHACL-validate the ontology, its imports and data files against shapes/.

    Exit 0 when the graph conforms, 1 when it violates a shape, 2 when a file cannot be read.

    Example: mirna-kg validate data/ttl/gu2026 --format json
    """
    from .resources import expand_paths
    from .validation import validate_paths

    if output_format not in ("text", "json"):
        _fail(MirnaKgError(f"unknown --format {output_format!r}; use text or json"))
    try:
        report = validate_paths(expand_paths(paths) if paths else None)
    except MirnaKgError as error:
        _fail(error)
        return
    typer.echo(report.to_json() if output_format == "json" else report.to_text(), nl=False)
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("dist"),
) -> None:
    """Validate and write the merged graph to OUT/mirna-kg.ttl, then print its statistics.

    Nothing is written when validation fails; files are written atomically.

    Example: mirna-kg build --out dist/
    """
    from .building import build as run_build
    from .stats import render_stats, stats_of
    from .store import open_store

    try:
        result = run_build(out)
    except MirnaKgError as error:
        _fail(error)
        return
    for path in result.written:
        typer.echo(f"wrote {path}")
    if result.stale_inferred:
        typer.echo(f"note: {out / 'inferred.ttl'} is older than the sources and was left out; run "
                   "`mirna-kg reason`", err=True)
    # the graph is already in memory: count it where it is rather than copying it into another store
    typer.echo(render_stats(stats_of(open_store(result.graph, "rdflib"))), nl=False)


@app.command()
def export(
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="turtle, ntriples, jsonld, rdfxml, kgx or context.")
    ] = "turtle",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file (for kgx: a folder).")] = Path(
        "dist/mirna-kg.ttl"),
    with_inferred: InferredOption = False,
) -> None:
    """Export the validated graph in one format (`build` writes all of them to dist/).

    kgx writes mirna-kg_nodes.tsv and mirna-kg_edges.tsv into the folder OUT; context writes the JSON-LD
    context kept in ontology/mirna-kg.context.jsonld.

    Examples: mirna-kg export --format jsonld --out dist/mirna-kg.jsonld;
    mirna-kg export --format kgx --out dist/ --with-inferred
    """
    from .building import EDGES_NAME, NODES_NAME, validated_graph
    from .errors import InputError
    from .export import SERIALIZATIONS, context_text, serialize
    from .kgx import to_kgx
    from .writing import write_atomically

    formats = [*SERIALIZATIONS, "kgx", "context"]
    try:
        if output_format not in formats:
            raise InputError(f"unknown --format {output_format!r}; use one of {', '.join(formats)}")
        if output_format == "context":  # derived from the ontology alone
            from .loading import parse_file
            from .resources import project

            write_atomically(out, context_text(parse_file(project().ontology_file)).encode("utf-8"))
            typer.echo(f"wrote {out}")
            return
        inferred = _inferred(with_inferred)
        validated = validated_graph(inferred=inferred)
        if validated.stale_inferred:
            raise InputError(f"--with-inferred: {inferred} is older than the sources; run `mirna-kg reason`")
    except MirnaKgError as error:
        _fail(error)
        return
    graph = validated.graph
    if output_format == "kgx":
        tables = to_kgx(graph)
        write_atomically(out / NODES_NAME, tables.nodes_tsv().encode("utf-8"))
        write_atomically(out / EDGES_NAME, tables.edges_tsv().encode("utf-8"))
        typer.echo(f"wrote {out / NODES_NAME} ({len(tables.nodes)} nodes), {out / EDGES_NAME} "
                   f"({len(tables.edges)} edges)")
    else:
        write_atomically(out, serialize(graph, output_format))
        typer.echo(f"wrote {out} ({len(graph)} triples)")


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Stored query name (see --list) or a .rq file.")] = None,
    params: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter NAME=VALUE (repeatable).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the stored queries and exit.")] = False,
    graph: GraphOption = None,
    engine: EngineOption = "oxigraph",
    with_inferred: InferredOption = False,
) -> None:
    """Run a stored SPARQL query (queries/NAME.rq) or your own .rq file.

    Examples: mirna-kg query all_claims --format tsv;
    mirna-kg query mirna_profile --param mirna=miR-21
    """
    from .errors import QueryError
    from .graph import open_graph
    from .queries import find_query, run_query, stored_queries
    from .results import FORMATS, render

    try:
        if list_queries:
            for stored in stored_queries():
                names = ", ".join(f"{p.name}={p.example or '<' + p.kind + '>'}" for p in stored.parameters)
                typer.echo(f"{stored.name:28} {stored.title}" + (f"  [--param {names}]" if names else ""))
            return
        if name is None:
            raise QueryError("name a stored query or a .rq file (see `mirna-kg query --list`)")
        if output_format not in FORMATS:
            raise QueryError(f"unknown --format {output_format!r}; use one of {', '.join(FORMATS)}")
        values = _parse_params(params or [])
        stored = find_query(name)
        table = run_query(open_graph(graph, engine, _inferred(with_inferred)), stored, values)
    except MirnaKgError as error:
        _fail(error)
        return
    typer.echo(render(table, output_format), nl=False)


def _inferred(wanted: bool) -> Path | None:
    """dist/inferred.ttl when --with-inferred is given; a clear error when it has not been produced."""
    from .errors import InputError

    if not wanted:
        return None
    if not INFERRED_PATH.is_file():
        raise InputError(f"--with-inferred: {INFERRED_PATH} does not exist; run `mirna-kg reason` first")
    return INFERRED_PATH


def _parse_params(items: list[str]) -> dict[str, str]:
    from .errors import QueryError

    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes NAME=VALUE, got {item!r}")
        values[key.strip()] = value
    return values


@app.command()
def stats(graph: GraphOption = None, engine: EngineOption = "oxigraph",
          with_inferred: InferredOption = False) -> None:
    """Count claims, other statements, miRNAs, genes, cell types, cancers and triples.

    Example: mirna-kg stats
    """
    from .graph import open_graph
    from .stats import render_stats, stats_of

    try:
        figures = stats_of(open_graph(graph, engine, _inferred(with_inferred)))
    except MirnaKgError as error:
        _fail(error)
        return
    typer.echo(render_stats(figures), nl=False)


@app.command()
def reason(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for inferred.ttl.")] = Path("dist"),
) -> None:
    """Classify ontology + imports + data with HermiT (owlready2) and write OUT/inferred.ttl.

    Prints how many miRNAs fall in each defined class. Exit 1 and name the clashing individuals and axioms
    when the graph is inconsistent; exit 2 when Java is missing or too old. `build` includes inferred.ttl.

    Example: mirna-kg reason --out dist/
    """
    import time

    from .building import INFERRED_NAME
    from .graph import graph_files
    from .loading import load
    from .namespaces import compress
    from .reasoning import reason as run_reasoner
    from .writing import write_atomically

    started = time.perf_counter()
    try:
        result = run_reasoner(load(graph_files()).graph)
    except MirnaKgError as error:
        _fail(error)
        return
    elapsed = time.perf_counter() - started
    if not result.consistent:
        typer.echo("inconsistent: HermiT found contradicting axioms", err=True)
        for line in result.explanation:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(1)
    target = out / INFERRED_NAME
    write_atomically(target, result.inferred.serialize(format="turtle", encoding="utf-8"))
    typer.echo(f"consistent ({elapsed:.1f} s); wrote {target} ({len(result.inferred)} inferred triples)")
    for cls, members in result.memberships.items():
        typer.echo(f"  {compress(str(cls)):32} {len(members):4} miRNAs")


@app.command()
def imports(
    reference: Annotated[
        Path, typer.Option("--reference", help="Folder of the authoritative identifier tables.")
    ] = Path("../shared/reference"),
) -> None:
    """Re-extract ontology/imports/ from the reference tables for every external IRI the graph uses.

    A curator's step after adding an identifier; nothing else reads the reference folder.

    Example: mirna-kg imports --reference ../shared/reference
    """
    from .imports import extract, write_modules
    from .resources import project

    try:
        modules = extract(project(), reference)
    except MirnaKgError as error:
        _fail(error)
        return
    write_modules(modules)
    for path, module in modules.items():
        typer.echo(f"wrote {path} ({len(module)} triples)")


def run() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
