"""Run the real ``kgx validate`` offline, against the Biolink Model of the installed ``biolink-model`` package.

Out of the box ``kgx`` fetches ``biolink-model.yaml``, a predicate map and a Biolink JSON-LD context from GitHub
while it is being imported (``bmt.Toolkit()`` at module level, ``kgx.config.get_jsonld_context``), and fails
without a network. This runner hands it the same things from local files before it is imported, then calls
kgx's own command line unchanged:

- the schema: ``biolink_model/schema/biolink_model.yaml`` of the pinned ``biolink-model`` package;
- the prefixes an identifier may use: that package's ``prefixmaps/biolink_model_prefix_map.json``, plus the
  project's own prefixes as the KGX graph metadata declares them (``local_prefixes`` of
  ``mirna-kg_content_metadata.json``; KGX's documented way to extend the prefix map) — nothing else;
- prefixcommons' shipped Monarch and OBO contexts (kgx's fallback maps for expanding CURIEs);
- an empty predicate map: bmt's ``predicate_mapping.yaml`` (mappings of non-Biolink predicates) is not in the
  package, and ``validate`` never reads it.

Usage (exit status 0 when there is no error, 1 when there are)::

    python -m mirna_kg.interop.kgx_validate dist/mirna-kg_nodes.tsv dist/mirna-kg_edges.tsv \
        --metadata dist/mirna-kg_content_metadata.json --output report.json

``kgx`` and ``biolink-model`` are test dependencies (``pip install -e ".[test]"``), not needed to build.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from importlib.resources import files
from pathlib import Path


def biolink_schema() -> str:
    """Path of the Biolink Model schema shipped in the ``biolink-model`` package."""
    return str(files("biolink_model") / "schema" / "biolink_model.yaml")


def biolink_prefix_map() -> dict[str, str]:
    """Biolink's own prefix map (prefix -> IRI), from the ``biolink-model`` package."""
    text = (files("biolink_model") / "prefixmaps" / "biolink_model_prefix_map.json").read_text(encoding="utf-8")
    return json.loads(text)


def declared_prefixes(metadata: Path | None) -> dict[str, str]:
    """The project's own prefixes declared in a KGX graph metadata file (none without one)."""
    if metadata is None:
        return {}
    return dict(json.loads(metadata.read_text(encoding="utf-8")).get("local_prefixes", {}))


def offline_kgx(local_prefixes: dict[str, str]) -> None:
    """Point bmt and kgx at the local schema and prefix maps. Must run before ``kgx`` is first imported: kgx
    builds a Biolink toolkit while being imported, from bmt's default (a URL), which is why the imports below
    are here and not at the top of the module."""
    import bmt.toolkit

    bmt.toolkit.Toolkit.__init__.__defaults__ = (biolink_schema(), {"predicate mappings": []})
    import kgx.config

    kgx.config.get_config()
    kgx.config.jsonld_context_map["biolink"] = biolink_prefix_map() | local_prefixes
    for name in ("monarch_context", "obo_context"):
        context = json.loads((files("prefixcommons") / "registry" / f"{name}.jsonld").read_text(encoding="utf-8"))
        kgx.config.jsonld_context_map[name] = context["@context"]


def main(argv: list[str] | None = None) -> int:
    """Validate KGX TSV files with ``kgx validate``; the exit status is kgx's (0: no errors, 1: errors)."""
    parser = argparse.ArgumentParser(
        prog="python -m mirna_kg.interop.kgx_validate",
        description="Run `kgx validate` offline against the installed biolink-model package.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="KGX TSV node and edge files")
    parser.add_argument("--metadata", type=Path, help="KGX graph metadata declaring the local prefixes")
    parser.add_argument("--output", type=Path, help="write kgx's JSON report here (default: standard error)")
    args = parser.parse_args(argv)
    offline_kgx(declared_prefixes(args.metadata))
    import kgx.error_detection
    from kgx.cli import cli

    # kgx writes its report to the stderr it imported, even when given --output: catch it there
    captured = io.StringIO()
    kgx.error_detection.stderr = captured  # type: ignore[attr-defined]
    status = 0
    try:
        cli.main(["validate", "--input-format", "tsv", *map(str, args.inputs)], standalone_mode=False)
    except SystemExit as done:  # kgx ends with exit(): 0 valid, 1 errors, 2 failure
        status = int(done.code or 0)
    report, rest = split_report(captured.getvalue())
    sys.stderr.write(rest)
    text = json.dumps(report, indent=2, sort_keys=True) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stderr.write(text)
    return status


def split_report(text: str) -> tuple[dict[str, object], str]:
    """kgx's JSON report (the first JSON object written on a line of its own) and the rest of ``text``.

    >>> split_report('warning\\n{"ERROR": {}}\\n')
    ({'ERROR': {}}, 'warning\\n\\n')
    """
    decoder = json.JSONDecoder()
    start = 0
    while (start := text.find("{", start)) != -1:
        if start == 0 or text[start - 1] == "\n":
            try:
                report, end = decoder.raw_decode(text, start)
            except json.JSONDecodeError:
                pass
            else:
                return report, text[:start] + text[end:]
        start += 1
    raise SystemExit(f"kgx validate wrote no report; its output was:\n{text}")


if __name__ == "__main__":
    sys.exit(main())
