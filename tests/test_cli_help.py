"""The command line's own surface: help a person can read, usage errors in one line, options in any order,
a start-up that imports only the standard library, and completion scripts for zsh and fish (bash:
tests/test_cli_errors.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mirna_kg.cli.commands import ROOT
from mirna_kg.cli.parsing import Command, split_doc

from .cli_runner import CliRunner
from .conftest import ROOT as TREE

runner = CliRunner()


def every_command(group: Command = ROOT, words: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Command]]:
    found = []
    for child in group.children.values():
        found.append(((*words, child.name), child))
        found.extend(every_command(child, (*words, child.name)))
    return found


COMMANDS = [(words, command) for words, command in every_command() if not command.hidden]


def test_top_level_help_lists_every_command_once_under_headings() -> None:
    result = runner.invoke(["--help"], terminal_width=80)
    assert result.exit_code == 0 and result.stderr == ""
    text = result.stdout
    assert text.startswith("usage: mirna-kg [-h] [--version] [--debug] COMMAND ...")
    listed = [line.split()[0] for line in text.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    listed = [word for word in listed if not word.startswith("-") and word != "mirna-kg"]
    assert listed == [name for _, names in ROOT.sections for name in names]
    assert sorted(listed) == sorted(c.name for c in ROOT.visible())  # every command, hidden ones not
    for title, _ in ROOT.sections:
        assert f"\n{title}:\n" in text
    for command in ROOT.visible():  # one line each
        assert re.search(rf"\n  {command.name} +{re.escape(command.summary)}\n", text), command.name
    assert "examples:\n  mirna-kg validate\n" in text


@pytest.mark.parametrize("words", [w for w, _ in COMMANDS], ids=[" ".join(w) for w, _ in COMMANDS])
def test_every_help_fits_80_columns_and_shows_its_examples(words: tuple[str, ...]) -> None:
    result = runner.invoke([*words, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"usage: mirna-kg {' '.join(words)}")
    assert max(len(line) for line in text.splitlines()) <= 80, text
    _, examples = split_doc(dict(COMMANDS)[words].doc)
    flat = " ".join(text.replace(" \\\n", " ").split())  # an example too wide is continued with a backslash
    for example in examples:
        assert " ".join(example.split()) in flat


def test_options_show_defaults_and_what_is_required() -> None:
    text = runner.invoke(["serve", "--help"], terminal_width=100).stdout
    assert "--port PORT" in text and "[default: 8000]" in text
    assert "--with-inferred, --no-inferred" in text and "[default: --with-inferred]" in text
    text = runner.invoke(["sheet", "export", "--help"], terminal_width=100).stdout
    assert "-r, --review KEY" in text and "[required]" in text


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["qeury"], ["no command 'qeury'; did you mean 'query'?", "`mirna-kg --help`"]),
        (["query", "--limit", "x"], ["-n/--limit: invalid int value: 'x'", "`mirna-kg query --help`"]),
        (["load", "files.ttl"], ["required: -s/--store", "`mirna-kg load --help`"]),
        (["ingest", "generate", "mirtarbase", "--out", "x.csv", "--rows", "-5"], ["--rows: -5 is negative"]),
        (["sheet", "export", "--review"], ["-r/--review: expected one argument"]),
        (["--debug"], ["required: COMMAND"]),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], fragments: list[str]) -> None:
    result = runner.invoke(args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("mirna-kg: ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.mark.parametrize("words", [[], ["sheet"], ["ingest"]], ids=["top", "sheet", "ingest"])
def test_a_group_alone_shows_its_help_and_exits_2(words: list[str]) -> None:
    result = runner.invoke(words)
    assert result.exit_code == 2 and result.stderr == ""
    assert result.stdout.startswith(f"usage: {' '.join(['mirna-kg', *words])}")
    group = ROOT.children[words[0]] if words else ROOT
    assert all(f"\n  {child.name} " in result.stdout for child in group.visible())


def test_options_and_arguments_mix_in_any_order() -> None:
    parse = ROOT.parser("mirna-kg").parse_args
    found = parse(["validate", "a.ttl", "--format", "json", "b.ttl"])
    assert found.paths == [Path("a.ttl"), Path("b.ttl")] and found.output_format == "json"
    found = parse(["load", "x.ttl", "--store", "kg", "y.ttl", "--no-inferred"])
    assert found.files == [Path("x.ttl"), Path("y.ttl")] and found.store == Path("kg") and not found.with_inferred
    assert parse(["build"]).with_inferred and parse(["build", "--no-inferred", "--with-inferred"]).with_inferred
    found = parse(["ingest", "tarbase", "t.tsv", "-s", "kg", "--release", "9"])
    assert (found.source, found.path, found.store, found.release) == ("tarbase", Path("t.tsv"), Path("kg"), "9")
    assert found._command is ROOT.children["ingest"].children["release"]


def test_query_formats_offered_for_completion_are_the_ones_it_renders() -> None:
    from mirna_kg.results import FORMATS

    (fmt,) = [a for a in ROOT.children["query"].arguments if "--format" in a.flags]
    assert set(fmt.completions) == set(FORMATS)


PROBE = """
import sys
baseline = set(sys.modules)
from mirna_kg.cli import run
try:
    run(sys.argv[1:])
finally:
    sys.stderr.write("\\nMODULES " + " ".join(sorted(set(sys.modules) - baseline)) + "\\n")
"""
START_UP = {"mirna_kg", "mirna_kg.errors", "mirna_kg.cli", "mirna_kg.cli.parsing", "mirna_kg.cli.commands"}


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["qeury"]], ids=["help", "query-help", "typo"])
def test_start_up_imports_only_the_standard_library(args: list[str]) -> None:
    """Help and usage errors load the command line's own modules and the standard library, nothing else (no
    typer or click, no rdflib): a command imports what it needs when it runs."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False)
    modules = done.stderr.rpartition("MODULES ")[2].split()
    assert "argparse" in modules, done.stderr
    ours = {m for m in modules if m.split(".")[0] == "mirna_kg"}
    assert ours == START_UP
    others = sorted(m for m in modules if m.split(".")[0] not in sys.stdlib_module_names and m not in ours)
    assert not others, others


# ------------------------------------------------------------------------------------------------------------
# zsh and fish completion scripts, run by the shells themselves (skipped where the shell is not installed)
# ------------------------------------------------------------------------------------------------------------


def _launcher(folder: Path) -> dict[str, str]:
    """An environment whose ``mirna-kg`` runs this tree's package (the scripts call it for query names)."""
    launcher = folder / "mirna-kg"
    launcher.write_text(f'#!/bin/sh\nexec {sys.executable} -m mirna_kg "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(TREE)}
    env.pop("MIRNA_KG_HOME", None)
    return env


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completion(tmp_path: Path) -> None:
    """The zsh function, called as zsh's completion system would (``words``, ``CURRENT``), with ``compadd`` and
    ``_files`` standing in for the completion builtins: they print what would be offered."""
    cases = {
        "query --format ''": "table csv tsv json",
        "sheet ''": "export import",
        "ingest mirtarbase f.csv --re": "-h --help -s --store --release --rejects",
        "load --store ''": "FILES -/",
    }
    lines = [
        "compdef() { print -r -- compdef $@ }",
        'compadd() { [[ $1 == -- ]] && shift; print -r -- "$@" }',
        "_files() { print -r -- FILES $@ }",
        "source <(mirna-kg completion zsh)",
    ]
    lines += [f"words=(mirna-kg {w}); CURRENT=${{#words}}; _mirna_kg" for w in cases]
    lines.append("words=(mirna-kg query all_c); CURRENT=3; _mirna_kg")
    done = subprocess.run(
        ["zsh", "-f", "-c", "\n".join(lines)], env=_launcher(tmp_path), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    registered, *offered, names = done.stdout.splitlines()
    assert registered == "compdef _mirna_kg mirna-kg"
    assert offered == list(cases.values())
    assert "all_claims" in names.split() and "mirna_profile" in names.split()


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completion(tmp_path: Path) -> None:
    """fish's own ``complete -C`` asks the loaded script what Tab offers after a command line."""
    cases = {
        "mirna-kg qu": ["query"],
        "mirna-kg query --format ": ["csv", "json", "table", "tsv"],
        "mirna-kg query all_c": ["all_claims"],
        "mirna-kg sheet ": ["export", "import"],
        "mirna-kg ingest mirtarbase f.csv --re": ["--rejects", "--release"],
    }
    lines = ["mirna-kg completion fish | source"]
    for line in cases:
        lines += ["echo ==", f"complete -C'{line}' | string replace -r '\\t.*' ''"]
    done = subprocess.run(
        ["fish", "--no-config", "-c", "\n".join(lines)],
        env=_launcher(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    offered = [sorted(block.split()) for block in done.stdout.split("==")[1:]]
    assert offered == list(cases.values())
    description = subprocess.run(
        ["fish", "--no-config", "-c", "mirna-kg completion fish | source; complete -C'mirna-kg val'"],
        env=_launcher(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert description.strip() == f"validate\t{ROOT.children['validate'].summary}"
