"""Shell completion scripts for bash, zsh and fish, written from the argparse parsers of every command.

A script finds where the command line is (``mirna-kg``, ``mirna-kg query``, ``mirna-kg sheet export``) by
walking its words through the command tree, then offers that place's commands, options, an option's values
(``--format``), folders or files, and the stored query names (listed by ``mirna-kg query --list`` when Tab is
pressed, so a new query completes without reinstalling). Nothing but the shell runs at completion time, except
for that one list.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from .parsing import Command, Commands, path

SHELLS = ("bash", "zsh", "fish")


@dataclass
class Value:
    """What a shell may offer for an option's value or a positional argument."""

    kind: str  # "values", "listed", "folders", "files" or "any"
    words: tuple[str, ...] = ()


@dataclass
class Option:
    flags: list[str]
    help: str
    value: Value | None  # None: a switch that takes no value


@dataclass
class Place:
    """One command of the tree, as a script sees it."""

    at: str  # the command's words after ``mirna-kg`` ("" at the top)
    command: Command
    options: list[Option] = field(default_factory=list)
    argument: Value | None = None  # the first positional argument


def value_of(action: argparse.Action) -> Value:
    listed_by = getattr(action, "listed_by", ())
    if listed_by:
        return Value("listed", listed_by)
    words = tuple(action.choices or ()) or getattr(action, "completions", ())
    if words:
        return Value("values", tuple(str(w) for w in words))
    if "DIR" in str(action.metavar or ""):
        return Value("folders")
    return Value("files" if action.type is path else "any")


def places(root: Command) -> list[Place]:
    """Every command and group of the tree, its parser built (the whole tree, unlike a run)."""
    found: list[Place] = []

    def visit(command: Command, at: str) -> None:
        place = Place(at, command)
        for action in command.parser(f"mirna-kg {at}".strip())._actions:
            if isinstance(action, Commands):
                continue
            if action.option_strings:
                value = None if action.nargs == 0 else value_of(action)
                place.options.append(Option(list(action.option_strings), action.help or "", value))
            elif place.argument is None:
                place.argument = value_of(action)
        found.append(place)
        for child in command.children.values():
            visit(child, f"{at} {child.name}".strip())

    visit(root, "")
    return found


def script(shell: str, root: Command) -> str:
    """The completion script for ``shell`` (one of ``SHELLS``)."""
    tree = places(root)
    return fish(tree) if shell == "fish" else posix(shell, tree)


# ------------------------------------------------------------------------------------------------------------
# bash and zsh: one function, the same case tables; only reading the words and offering differ
# ------------------------------------------------------------------------------------------------------------


def transitions(tree: list[Place]) -> list[str]:
    """Case arms that move ``at`` one command down the tree for each word of the line."""
    arms = []
    for place in tree:
        group = place.command
        if not group.children:
            continue
        names = "|".join(sorted(n for n in group.children if n != group.fallback))
        inner = f'{names}) at="{place.at} $word" ;;' if place.at else f"{names}) at=$word ;;"
        if group.fallback:
            inner += f' -*) ;; *) at="{place.at} {group.fallback}" ;;'
        arms.append(f'            "{place.at}") case $word in {inner} esac ;;')
    return arms


def offer(shell: str, value: Value, program: str) -> str:
    """The shell code that offers ``value`` for the word being completed; ``program`` is the shell's word for
    the mirna-kg being completed (it lists the stored queries)."""
    if value.kind == "values":
        words = " ".join(value.words)
        return f'COMPREPLY=($(compgen -W "{words}" -- "$cur"))' if shell == "bash" else f"compadd -- {words}"
    if value.kind == "listed":
        listing = f'$("{program}" {" ".join(value.words)} 2>/dev/null | cut -d" " -f1)'
        return (
            f'COMPREPLY=($(compgen -W "{listing}" -- "$cur"))' if shell == "bash" else f"compadd -- ${{(f){listing}}}"
        )
    if value.kind == "folders":
        return (
            'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))' if shell == "bash" else "_files -/"
        )
    if value.kind == "files":
        return ":" if shell == "bash" else "_files"  # bash: its default completion (files) takes over
    return "compopt +o default 2>/dev/null" if shell == "bash" else ":"  # free text: nothing to offer


def posix(shell: str, tree: list[Place]) -> str:
    """The bash or zsh script: one function that walks the line's words to its command (``at``), then offers
    the value of the option before the cursor, or that command's options, sub-commands or arguments."""
    command = "${COMP_WORDS[0]}" if shell == "bash" else "${words[1]}"
    values = []
    for place in tree:
        for option in place.options:
            if option.value is not None:
                arms = "|".join(f'"{place.at}:{flag}"' for flag in option.flags)
                values.append(f"        {arms}) {offer(shell, option.value, command)}; return ;;")
    where = []
    for place in tree:
        flags = " ".join(flag for option in place.options for flag in option.flags)
        names = " ".join(child.name for child in place.command.visible())
        arm = f'flags="{flags}"'
        if names:
            arm += f'; choices="{names}"'
        elif place.argument is not None and place.argument.kind in ("values", "listed"):
            arm += f"; [[ $cur == -* ]] || {{ {offer(shell, place.argument, command)}; return; }}"
        where.append(f'        "{place.at}") {arm} ;;')
    if shell == "bash":
        head = [
            "_mirna_kg() {",
            "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} at= word i flags= choices=",
            "    for ((i = 1; i < COMP_CWORD; i++)); do",
            "        word=${COMP_WORDS[i]}",
        ]
        tail = [
            '    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$flags" -- "$cur"))',
            '    else COMPREPLY=($(compgen -W "$choices" -- "$cur")); fi  # none: bash completes file names',
            "}",
            "complete -o default -F _mirna_kg mirna-kg",
        ]
    else:
        head = [
            "_mirna_kg() {",
            "    local cur=${words[CURRENT]} prev=${words[CURRENT-1]} at= word i flags= choices=",
            "    for ((i = 2; i < CURRENT; i++)); do",
            "        word=${words[i]}",
        ]
        tail = [
            "    if [[ $cur == -* ]]; then compadd -- ${=flags}",
            "    else compadd -- ${=choices} || _files; fi",
            "}",
            "compdef _mirna_kg mirna-kg",
        ]
    title = f"# {shell} completion for mirna-kg, written by `mirna-kg completion {shell}` (see its --help)"
    return "\n".join(
        [
            title,
            *head,
            "        case $at in",
            *transitions(tree),
            "        esac",
            "    done",
            '    case "$at:$prev" in',
            *values,
            "    esac",
            "    case $at in",
            *where,
            "    esac",
            *tail,
            "",
        ]
    )


# ------------------------------------------------------------------------------------------------------------
# fish: one ``complete`` line per command, option and value, with the help as description
# ------------------------------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish(tree: list[Place]) -> str:
    """The fish script: a function that says which command the line is at, and a ``complete`` line for each
    command, option and value there, with its help as the description fish shows beside it."""
    lines = [
        "# fish completion for mirna-kg, written by `mirna-kg completion fish` (see its --help)",
        "function __mirna_kg_at --description 'Whether the mirna-kg command line is at the command $argv'",
        "    set -l at ''",
        "    set -l line (commandline -opc)",
        "    for word in $line[2..-1]",
        "        switch $at",
    ]
    for place in tree:
        group = place.command
        if not group.children:
            continue
        lines += [f"            case {_quote(place.at)}", "                switch $word"]
        for name in sorted(n for n in group.children if n != group.fallback):
            lines += [
                f"                    case {name}",
                f"                        set at {_quote(f'{place.at} {name}'.strip())}",
            ]
        if group.fallback:
            lines += [
                "                    case '-*'",
                "                    case '*'",
                f"                        set at {_quote(f'{place.at} {group.fallback}'.strip())}",
            ]
        lines.append("                end")
    lines += [
        "        end",
        "    end",
        '    test "$at" = "$argv[1]"',
        "end",
        "function __mirna_kg_listed --description 'The first word of each line mirna-kg $argv prints'",
        "    set -l line (commandline -opc)",
        "    $line[1] $argv 2>/dev/null | string replace -r ' .*' ''",
        "end",
    ]
    for place in tree:
        start = f"complete -c mirna-kg -n {_quote('__mirna_kg_at ' + _quote(place.at))}"
        children = place.command.visible()
        if children:
            lines.append(f"{start} -f")
        for child in children:
            lines.append(f"{start} -a {child.name} -d {_quote(child.summary)}")
        for option in place.options:
            flags = " ".join(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}" for f in option.flags)
            lines.append(f"{start} {flags}{_fish_value(option.value)} -d {_quote(option.help)}")
        if not children and place.argument is not None and place.argument.kind in ("values", "listed"):
            lines.append(f"{start} -f{_fish_value(place.argument)}")
    return "\n".join([*lines, ""])


def _fish_value(value: Value | None) -> str:
    if value is None:
        return ""
    if value.kind == "values":
        return f" -x -a {_quote(' '.join(value.words))}"
    if value.kind == "listed":
        return f" -x -a {_quote('(__mirna_kg_listed ' + ' '.join(value.words) + ')')}"
    if value.kind == "folders":
        return " -x -a '(__fish_complete_directories)'"
    if value.kind == "files":
        return " -r -F"
    return " -x"
