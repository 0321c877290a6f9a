"""The README and docs/ stay true of the code: length, links, commands, the CI command, the architecture picture.

- the README is a front door (at most 10,000 characters); the rest lives in docs/;
- every relative link in the README and docs/*.md names a file that exists (and a heading that exists, for
  ``file.md#anchor``);
- every ``mirna-kg COMMAND`` the docs name is a command of the CLI (``mirna-kg COMMAND --help`` exits 0);
- the README's test command is the one ``.ci/run`` runs;
- docs/img/architecture.py names every module of the package in one layer, no module imports from a layer
  above its own beyond the listed exceptions, and the committed SVG is what the script draws;
- every benchmark script starts (``--help``), so a renamed module cannot break one unnoticed.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .cli_runner import CliRunner
from .test_architecture import import_graph

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
README_LIMIT = 10_000

# Pages other branches write at the same time (curation, interop, web pages, safety): a link to one of them
# is accepted while the file is not yet in this tree, and checked like any other once it is.
WRITTEN_ELSEWHERE = {"docs/curation.md", "docs/interop.md", "docs/web.md", "docs/safety.md"}

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
# a command where a shell would run one: at the start of a code line or span, or after &&, ;, |, $, ( or VAR=value
COMMAND = re.compile(
    r"(?:^|&&|;|\||\$|\(|\b[A-Z_]+=\S+)[ \t]*mirna-kg ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)", re.MULTILINE
)
INLINE = re.compile(r"`([^`\n]+)`")
SUBCOMMANDS = {"ingest": {"mirtarbase", "tarbase", "generate"}}


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def links() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = FENCE.sub("", page.read_text(encoding="utf-8"))
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):  # http(s), mailto: not ours to check offline
                continue
            found.append((rel(page), target))
    return sorted(set(found))


def commands_in(text: str) -> set[str]:
    """The ``mirna-kg COMMAND`` (with its subcommand where it has them) that code in ``text`` runs: inline code
    and fenced blocks only, and only where a shell would run it, so prose such as "mirna-kg as aggregator" (or a
    quoted message "which mirna-kg never follows") is not taken for a command."""
    code = [*FENCE.findall(text), *INLINE.findall(FENCE.sub("", text))]
    found = set()
    for words in (w for snippet in code for w in COMMAND.findall(snippet)):
        first, _, second = words.partition(" ")
        found.add(f"{first} {second}" if second in SUBCOMMANDS.get(first, ()) else first)
    return found


def commands() -> list[str]:
    """Every distinct command the pages name."""
    return sorted(set().union(*(commands_in(page.read_text(encoding="utf-8")) for page in PAGES)))


def test_readme_is_a_front_door() -> None:
    size = len(README.read_text(encoding="utf-8"))
    assert size <= README_LIMIT, f"README.md has {size:,} characters; move detail into docs/ (limit {README_LIMIT:,})"


def test_the_docs_are_found() -> None:
    """The checks below run over real pages (a glob that finds nothing would make them all pass)."""
    names = {p.name for p in DOCS}
    assert {"commandline.md", "architecture.md", "benchmarks.md", "stores.md", "server.md"} <= names
    assert len(links()) > 20 and len(commands()) > 10


@pytest.mark.parametrize(("page", "target"), links())
def test_relative_link_resolves(page: str, target: str) -> None:
    path_part, _, anchor = target.partition("#")
    source = ROOT / page
    resolved = (source.parent / path_part).resolve() if path_part else source
    name = resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else str(resolved)
    if not resolved.exists() and name in WRITTEN_ELSEWHERE:
        pytest.skip(f"{name} is written on another branch")
    assert resolved.exists(), f"{page}: link to {target} names no file ({name})"
    if anchor and resolved.suffix == ".md":
        assert anchor in anchors(resolved), f"{page}: link to {target}: no heading #{anchor} in {name}"


@pytest.mark.parametrize("command", commands())
def test_named_command_exists(command: str) -> None:
    result = CliRunner().invoke([*command.split(), "--help"])
    assert result.exit_code == 0, f"`mirna-kg {command} --help` exited {result.exit_code}: {result.output[-300:]}"


def test_the_command_finder_sees_code_and_subcommands_and_skips_prose() -> None:
    text = (
        "run `mirna-kg ingest tarbase F --store D`, then `cd x && mirna-kg bogus`; the mirna-kg package;"
        " `mirna-kg.ttl`; `the file, which mirna-kg never follows`; `MIRNA_KG_HOME=/x mirna-kg stats`\n"
        "```bash\nmirna-kg query all_claims\n  $ mirna-kg load --store s/ | head\n```\n"
        '```turtle\n:r dcterms:title "written for the mirna-kg walkthrough test" .\n```\n'
    )
    assert commands_in(text) == {"ingest tarbase", "bogus", "stats", "query", "load"}
    assert CliRunner().invoke(["bogus", "--help"]).exit_code != 0  # so a made-up command fails the test


def test_readme_test_command_is_what_ci_runs() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    marker = lines.index("# The README's test command.")
    ci_command = lines[marker + 1].strip()
    blocks = re.findall(r"^```bash\n(.*?)^```", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    readme_lines = {line.strip() for block in blocks for line in block.splitlines()}
    assert ci_command in readme_lines, f".ci/run runs {ci_command!r}, which no bash block of the README shows"


# --------------------------------------------------------------------------------------------------------------
# The architecture picture
# --------------------------------------------------------------------------------------------------------------


def architecture() -> ModuleType:
    spec = importlib.util.spec_from_file_location("architecture_figure", ROOT / "docs" / "img" / "architecture.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_module_is_in_one_layer_of_the_picture() -> None:
    figure = architecture()
    graph = import_graph()
    missing = sorted(m for m in graph if figure.layer_of(m) is None)
    assert not missing, (
        f"modules the architecture picture does not place (add them to docs/img/architecture.py): {missing}"
    )
    named = [name for _, _, members in figure.LAYERS for name in members]
    assert len(named) == len(set(named)), "a module is named in two layers"
    tops = {m.removeprefix("mirna_kg.").split(".")[0] for m in graph if m != "mirna_kg"}
    ghosts = sorted(set(named) - tops - figure.WRITTEN_ELSEWHERE)
    assert not ghosts, f"the picture names modules that do not exist: {ghosts}"


def test_no_module_imports_from_a_layer_above() -> None:
    figure = architecture()
    upward = {
        (module, target)
        for module, targets in import_graph().items()
        for target in targets
        if not target.startswith(module + ".") and figure.layer_of(target) < figure.layer_of(module)
    }
    new = sorted(upward - figure.KNOWN_UPWARD)
    assert not new, f"imports that go up a layer (move the shared piece down): {new}"


def test_the_svg_is_what_the_script_draws() -> None:
    committed = (ROOT / "docs" / "img" / "architecture.svg").read_text(encoding="utf-8")
    assert committed == architecture().draw(), "docs/img/architecture.svg is stale: run python docs/img/architecture.py"


# --------------------------------------------------------------------------------------------------------------
# Benchmarks start
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", sorted((ROOT / "benchmarks").glob("*.py")), ids=lambda p: p.name)
def test_benchmark_starts(script: Path) -> None:
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{rel(script)} --help failed:\n{done.stderr[-800:]}"
    assert "usage" in done.stdout.lower()
