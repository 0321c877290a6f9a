"""No tracebacks, honest exit codes: every failure of the environment is one line and exit 2 (1: does not
conform); a closed pipe is not an error; the same handling of empty, BOM and non-UTF-8 files in every command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mirna_kg.resources import HOME_VARIABLE, ProjectLayout
from mirna_kg.writing import write_release

from .cli_runner import CliRunner
from .conftest import ROOT
from .servers import free_port

PYTHON = sys.executable


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop(HOME_VARIABLE, None)
    env.update(extra)
    return env


def one_line_error(result: object, code: int = 2) -> str:
    """The result failed with ``code`` and a single ``mirna-kg: …`` line, no traceback."""
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == code, output  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit), output  # type: ignore[attr-defined]
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("mirna-kg: "), output
    return lines[0]


def test_version(runner: CliRunner) -> None:
    from mirna_kg import __version__

    result = runner.invoke(["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"mirna-kg {__version__}"


def test_shell_completion_is_offered(tmp_path: Path) -> None:
    """``source <(mirna-kg completion bash)`` registers a completion function that completes commands, options,
    option values and stored query names (asked of ``mirna-kg query --list``), as Tab would."""
    launcher = tmp_path / "mirna-kg"  # the console script, wherever the package is
    launcher.write_text(f'#!/bin/sh\nexec {PYTHON} -m mirna_kg "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    cases = {
        "qu": "query",
        "query --fo": "--format",
        "query --format ''": "table csv tsv json",
        "query all_c": "all_claims",
        "ingest g": "generate",
        "ingest mirtarbase f.csv --re": "--release --rejects",
        "sheet ''": "export import",
    }
    lines = ["source <(mirna-kg completion bash)", "complete -p mirna-kg"]
    for words in cases:  # a trailing '' is the empty word being completed
        lines.append(f"COMP_WORDS=(mirna-kg {words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()")
        lines.append('_mirna_kg; echo "${COMPREPLY[*]}"')
    done = subprocess.run(
        ["bash", "-c", "\n".join(lines)],
        env=_env(PATH=f"{tmp_path}{os.pathsep}{os.environ['PATH']}"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    registered, *offered = done.stdout.splitlines()
    assert registered == "complete -o default -F _mirna_kg mirna-kg"
    assert offered == list(cases.values())


def test_build_into_a_file_fails_before_loading(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "dist"
    target.write_text("not a folder")
    started = time.perf_counter()
    line = one_line_error(runner.invoke(["build", "--out", str(target)]))
    assert "is a file" in line and str(target) in line
    assert time.perf_counter() - started < 2, "the output was checked only after validating"


def test_build_below_a_file_fails(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    line = one_line_error(runner.invoke(["build", "--out", str(tmp_path / "plain" / "dist")]))
    assert "is a file" in line


def test_export_to_a_folder_fails(runner: CliRunner, tmp_path: Path) -> None:
    line = one_line_error(runner.invoke(["export", "--format", "turtle", "--out", str(tmp_path)]))
    assert "is a folder; give a file name" in line


def test_export_kgx_into_a_file_fails(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "kgx").write_text("x")
    line = one_line_error(runner.invoke(["export", "--format", "kgx", "--out", str(tmp_path / "kgx")]))
    assert "is a file" in line


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full to simulate a full disk")
def test_export_to_a_full_disk_fails_cleanly(runner: CliRunner) -> None:
    line = one_line_error(runner.invoke(["export", "--format", "ntriples", "--out", "/dev/full"]))
    assert "/dev/full" in line and "No space left on device" in line
    assert Path("/dev/full").is_char_device(), "the device was replaced"


@pytest.mark.slow
def test_export_default_names_follow_the_format(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt, name in (("ntriples", "mirna-kg.nt"), ("context", "mirna-kg.context.jsonld")):
        result = runner.invoke(["export", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).is_file()


@pytest.mark.slow
def test_export_never_replaces_a_release_file_with_another_graph(runner: CliRunner, tmp_path: Path) -> None:
    from mirna_kg.building import release_files
    from mirna_kg.loading import load
    from mirna_kg.resources import graph_files

    dist = tmp_path / "dist"
    files = release_files(load(graph_files()).graph)
    write_release(dist, files | {"mirna-kg.nt": b"<urn:a> <urn:b> <urn:c> .\n"})  # a release of another graph
    before = (dist / "mirna-kg.nt").read_bytes()
    line = one_line_error(runner.invoke(["export", "--format", "ntriples", "--out", str(dist / "mirna-kg.nt")]))
    assert "a file of the release" in line
    assert (dist / "mirna-kg.nt").read_bytes() == before
    # the same graph as the release's own file: allowed (nothing changes)
    result = runner.invoke(["export", "--format", "turtle", "--out", str(dist / "mirna-kg.ttl")])
    assert result.exit_code == 0, result.output
    assert (dist / "mirna-kg.ttl").read_bytes() == files["mirna-kg.ttl"]


def _in_private_mount(setup: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a private mount namespace (``unshare -m``) on a small tmpfs at /mnt/mkg, prepared by the
    shell commands ``setup``: root ignores file permissions, but not a read-only or a full file system."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], check=False).returncode:
        pytest.skip("needs unshare -m (a private mount namespace) to make a read-only or full file system")
    script = f'mkdir -p /mnt/mkg && mount -t tmpfs -o size=2m tmpfs /mnt/mkg && {setup} && exec "$0" -m mirna_kg "$@"'
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, PYTHON, *args], env=_env(), capture_output=True, text=True, check=False
    )


def _single_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mirna-kg: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "command",
    [
        ["build", "--out", "/mnt/mkg/dist"],
        ["export", "--format", "ntriples", "--out", "/mnt/mkg/dist/x.nt"],
        ["reason", "--out", "/mnt/mkg/dist"],
    ],
    ids=["build", "export", "reason"],
)
def test_read_only_output_folder(command: list[str]) -> None:
    started = time.perf_counter()
    line = _single_error_line(_in_private_mount("mkdir /mnt/mkg/dist && mount -o remount,ro /mnt/mkg", command))
    assert "/mnt/mkg/dist" in line and "read-only" in line.lower()
    if command[0] == "reason":
        assert time.perf_counter() - started < 15, "reason classified before finding it cannot write"


@pytest.mark.slow
def test_build_on_a_full_disk_fails_cleanly() -> None:
    """A 2 MB file system: the release (several MB) does not fit; one line, exit 2, no staging left."""
    result = _in_private_mount("true", ["build", "--out", "/mnt/mkg/dist"])
    line = _single_error_line(result)
    assert "No space left on device" in line


def test_reason_into_a_file_fails_before_classifying(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    started = time.perf_counter()
    line = one_line_error(runner.invoke(["reason", "--out", str(tmp_path / "out")]))
    assert "is a file" in line
    assert time.perf_counter() - started < 5


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [["build", "--out", "{tmp}/dist"], ["query", "all_claims"], ["query", "--list"], ["--help"]],
    ids=["build", "query", "list", "help"],
)
def test_closed_pipe_is_not_an_error(tmp_path: Path, command: list[str]) -> None:
    """``mirna-kg build | head -1``: exit 0 and nothing on stderr."""
    args = [part.format(tmp=tmp_path) for part in command]
    child = subprocess.Popen(
        [PYTHON, "-m", "mirna_kg", *args], env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.readline()
    child.stdout.close()
    stderr = child.stderr.read().decode()
    assert child.wait() == 0, stderr
    assert stderr == ""


def test_service_query_is_refused_in_one_line(runner: CliRunner, tmp_path: Path) -> None:
    query = tmp_path / "remote.rq"
    query.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n")
    line = one_line_error(runner.invoke(["query", str(query)]))
    assert "SERVICE" in line


def test_unreachable_store_fails_in_one_line(runner: CliRunner) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    line = one_line_error(runner.invoke(["query", "all_claims", "--store", url]))
    assert "127.0.0.1" in line


# ------------------------------------------------------------------------------------------------------------
# Empty, BOM and non-UTF-8 data files: the same in every command
# ------------------------------------------------------------------------------------------------------------

COMMANDS = {
    "validate": ["validate"],
    "build": ["build", "--out", "{tmp}/dist"],
    "export": ["export", "--format", "ntriples", "--out", "{tmp}/x.nt"],
    "query-oxigraph": ["query", "stats"],
    "query-rdflib": ["query", "stats", "--engine", "rdflib"],
    "stats": ["stats"],
    "load": ["load", "--store", "{tmp}/store", "--no-inferred"],
}
BAD_BYTES = b'@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "caf\xe9" .\n'


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS), ids=list(COMMANDS))
def test_non_utf8_data_file_names_file_and_line_in_every_command(
    runner: CliRunner, tree_copy: ProjectLayout, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
) -> None:
    bad = tree_copy.data_dir / "zz-latin1.ttl"
    bad.write_bytes(BAD_BYTES)
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    out = tmp_path / "out"
    out.mkdir()
    line = one_line_error(runner.invoke([p.format(tmp=out) for p in COMMANDS[command]]))
    assert f"{bad}:3" in line and "not UTF-8" in line


@pytest.mark.slow
@pytest.mark.parametrize(
    "content", [b"", b"\xef\xbb\xbf@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"], ids=["empty", "bom"]
)
@pytest.mark.parametrize("command", ["validate", "query-oxigraph", "query-rdflib", "stats", "load"])
def test_empty_and_bom_files_are_read_in_every_command(
    runner: CliRunner,
    tree_copy: ProjectLayout,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
    content: bytes,
) -> None:
    (tree_copy.data_dir / "zz-extra.ttl").write_bytes(content)
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    result = runner.invoke([p.format(tmp=tmp_path) for p in COMMANDS[command]])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["validate", "build", "export", "query", "stats", "load", "reason", "imports"])
def test_option_values_are_shown_as_words(runner: CliRunner, command: str) -> None:
    """Help shows ``-f, --format FORMAT``, ``-o, --out DIR`` …: a word chosen for people (an explicit metavar)
    after every option that takes a value, never a Python type (``<str>``, ``<list[Path]>``)."""
    from mirna_kg.cli.commands import ROOT

    text = runner.invoke([command, "--help"], terminal_width=200).output
    options = [line.split("  ")[0].strip() for line in text.splitlines() if line.lstrip().startswith("-")]
    assert len(options) > 1, text
    assert not [line for line in options if "<" in line or "str" in line or "Path" in line or "bool" in line], text
    arguments = ROOT.children[command].arguments
    valued = [a for a in arguments if a.flags[0].startswith("-") and a.options.get("action") in (None, "append")]
    assert valued
    for argument in valued:
        metavar = argument.options.get("metavar")
        assert metavar, f"{command} {argument.flags[-1]} has no metavar"
        assert f"{', '.join(argument.flags)} {metavar}" in text


def test_debug_keeps_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    from mirna_kg.errors import OutputError

    (tmp_path / "dist").write_text("x")
    result = runner.invoke(["--debug", "build", "--out", str(tmp_path / "dist")])
    assert isinstance(result.exception, OutputError)
