"""The command tree and its argparse parsers: what ``mirna-kg`` accepts, and the help a person reads.

Commands are declared once, as functions with their options (``Command.command``); a parser is built only for the
command that runs (or whose help is asked for), so a command pays for its own options and no one else's. Help
keeps the docstring's paragraphs, lists commands under headings, shows ``-o, --out DIR`` with the default, and
ends with the command's examples. Usage errors are one line on stderr, exit 2, like every other error.
"""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any, NoReturn

#: The widest help text, whatever the terminal: longer lines are hard to read.
MAX_WIDTH = 100


class Arg:
    """One ``add_argument`` call, kept until a parser is built. For shell completion: ``completions`` are the
    values a shell may offer (``--format``; argparse does not check them, the command does, with its own
    message), ``listed_by`` the ``mirna-kg`` words whose output lists them (``query --list``: a word a line)."""

    __slots__ = ("completions", "flags", "listed_by", "options")

    def __init__(
        self, *flags: str, completions: Sequence[str] = (), listed_by: Sequence[str] = (), **options: Any
    ) -> None:
        self.flags = flags
        self.options = options
        self.completions = tuple(completions)
        self.listed_by = tuple(listed_by)

    @property
    def positional(self) -> bool:
        return not self.flags[0].startswith("-")


class Command:
    """A command (``run`` is called with the parsed options as keyword arguments) or a group of commands."""

    def __init__(
        self,
        name: str,
        doc: str,
        run: Callable[..., int | None] | None = None,
        arguments: Sequence[Arg] = (),
        *,
        hidden: bool = False,
        brief: str = "",
        usage: str | None = None,
        fallback: str | None = None,
        more_help: Callable[[], str] | None = None,
        sections: Sequence[tuple[str, Sequence[str]]] = (),
    ) -> None:
        self.name = name
        self.doc = doc
        self.run = run
        self.arguments = tuple(arguments)
        self.hidden = hidden
        self.brief = brief  # a line for the list of commands, when the docstring's first line is longer
        self.usage = usage
        self.fallback = fallback  # the child that takes a first word naming no child (``ingest SOURCE FILE``)
        self.more_help = more_help  # help text read only when help is shown (it may need the project's files)
        self.sections = tuple(sections)  # headings for the command list; default: one list, in order declared
        self.children: dict[str, Command] = {}

    @property
    def summary(self) -> str:
        """The command in one line, for lists of commands."""
        return self.brief or self.doc.strip().split("\n", 1)[0]

    def add(self, child: Command) -> Command:
        self.children[child.name] = child
        return child

    def group(self, name: str, doc: str, **options: Any) -> Command:
        """A group of commands below this one (``mirna-kg sheet export``)."""
        return self.add(Command(name, doc, **options))

    def command(
        self, *arguments: Arg, name: str | None = None, hidden: bool = False, brief: str = ""
    ) -> Callable[[Callable[..., int | None]], Callable[..., int | None]]:
        """Declare the decorated function a command of this group; its docstring is its help."""

        def declare(function: Callable[..., int | None]) -> Callable[..., int | None]:
            doc = function.__doc__ or ""
            self.add(Command(name or function.__name__, doc, function, arguments, hidden=hidden, brief=brief))
            return function

        return declare

    def visible(self) -> list[Command]:
        return [child for child in self.children.values() if not child.hidden]

    def parser(self, prog: str) -> Parser:
        """This command's parser (the parsers of its children are built when one of them is chosen)."""
        description, examples = split_doc(self.doc)
        epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples) if examples else None
        parser = Parser(prog=prog, usage=self.usage, description=description, epilog=epilog, command=self)
        parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
        named = parser.add_argument_group("arguments") if any(a.positional for a in self.arguments) else None
        for argument in self.arguments:
            target = named if named is not None and argument.positional else parser
            action = target.add_argument(*argument.flags, **argument.options)
            action.completions = argument.completions  # type: ignore[attr-defined]
            action.listed_by = argument.listed_by  # type: ignore[attr-defined]
        if self.children:
            parser.add_argument("_command", action=Commands, group=self)
        return parser


def split_doc(doc: str) -> tuple[str, list[str]]:
    """A command's docstring as its help: the text, and the lines of its closing ``Examples:`` block."""
    first, *rest = doc.strip().splitlines()
    margin = min((len(line) - len(line.lstrip()) for line in rest if line.strip()), default=0)
    lines = [first, *(line[margin:].rstrip() for line in rest)]  # textwrap.dedent, without importing textwrap
    text = "\n".join(lines).strip()
    for index, line in enumerate(lines):
        if line.rstrip() in ("Example:", "Examples:"):
            return "\n".join(lines[:index]).strip(), [e.strip() for e in lines[index + 1 :] if e.strip()]
    return text, []


class Toggle(argparse.Action):
    """``--with-inferred`` / ``--no-inferred``: one switch with two spellings, its default named in help."""

    def __init__(self, option_strings: Sequence[str], dest: str, default: bool = True, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        setattr(namespace, self.dest, option == self.option_strings[0])


class Commands(argparse.Action):
    """The COMMAND word of a group: builds the chosen command's parser and hands it the rest of the line."""

    def __init__(self, option_strings: Sequence[str], dest: str, group: Command, **options: Any) -> None:
        super().__init__(option_strings, dest, **{**options, "nargs": argparse.PARSER, "metavar": "COMMAND"})
        self.group = group

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        word, *rest = values
        child = self.group.children.get(word)
        prog = f"{parser.prog} {word}"
        if child is None and self.group.fallback:  # ``ingest mirtarbase FILE``: no name of its own in messages
            child, rest, prog = self.group.children[self.group.fallback], values, parser.prog
        if child is None:
            parser.error(unknown_command(word, [c.name for c in self.group.visible()]))
        setattr(namespace, self.dest, child)
        sub = child.parser(prog)
        if child.children:
            if not rest:  # a group alone (``mirna-kg sheet``) shows what it offers
                sys.stdout.write(sub.format_help())
                sub.exit(2)
            sub.parse_args(rest, namespace)
        else:
            sub.parse_intermixed_args(rest, namespace)  # options and FILES in any order, as before


def unknown_command(word: str, names: list[str]) -> str:
    """The error for a word that names no command, with the closest name when there is one."""
    import difflib

    close = difflib.get_close_matches(word, names, n=1)
    return f"no command {word!r}" + (f"; did you mean {close[0]!r}?" if close else "")


class Parser(argparse.ArgumentParser):
    """An argparse parser with the project's help and its one-line errors."""

    def __init__(self, *, command: Command, **options: Any) -> None:
        super().__init__(formatter_class=HelpFormatter, add_help=False, allow_abbrev=False, **options)
        self.command = command

    def error(self, message: str) -> NoReturn:
        """One line, exit 2 (argparse prints the usage and ``prog: error:``)."""
        self.exit(2, f"mirna-kg: {message} (see `{self.prog} --help`)\n")

    def format_help(self) -> str:
        """argparse's help, with a group's commands listed under their headings and ``more_help`` added."""
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups)
        formatter.add_text(self.description)
        if self.command.more_help is not None:
            formatter.add_text(self.command.more_help())
        for title, children in self._sections():
            formatter.start_section(title)
            formatter.add_arguments([argparse.Action([], child.name, help=child.summary) for child in children])
            formatter.end_section()
        for group in sorted(self._action_groups, key=lambda g: g.title != "arguments"):
            formatter.start_section(group.title)
            formatter.add_arguments([a for a in group._group_actions if not isinstance(a, Commands)])
            formatter.end_section()
        formatter.add_text(self.epilog)
        return formatter.format_help()

    def _sections(self) -> list[tuple[str, list[Command]]]:
        children = self.command.children
        if not children:
            return []
        if not self.command.sections:
            return [("commands", self.command.visible())]
        return [(title, [children[name] for name in names]) for title, names in self.command.sections]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help that reads well at any width: paragraphs re-wrapped, indented lines (examples) kept as written,
    ``-o, --out DIR`` once, and ``[default: …]`` / ``[required]`` after an option's help."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 28, width: int | None = None
    ) -> None:
        width = width or min(terminal_columns() - 2, MAX_WIDTH)
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        out: list[str] = []
        prose: list[str] = []

        def flush() -> None:
            if prose:
                text = " ".join(prose)
                out.extend(
                    textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)
                )
                prose.clear()

        for line in text.splitlines():
            if not line.strip():
                flush()
                out.append("")
            elif line.startswith(" "):
                flush()
                out.append(shell_lines(line, width, indent))
            else:
                prose.append(line.strip())
        flush()
        return "\n".join(out)

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        kept = " ".join(text.split()).replace("[default: ", "[default:\N{NO-BREAK SPACE}")  # kept on one line
        lines = textwrap.wrap(kept, width, break_on_hyphens=False)
        return [line.replace("\N{NO-BREAK SPACE}", " ") for line in lines]

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        value = self._format_args(action, self._get_default_metavar_for_optional(action))
        return f"{', '.join(action.option_strings)} {value}"

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.required and action.option_strings:
            return f"{text} [required]"
        if isinstance(action, Toggle):
            return f"{text} [default: {action.option_strings[0 if action.default else 1]}]"
        if action.nargs == 0:  # a flag (--list, --no-cache): its default is not having been given
            return text
        if action.default not in (None, False, argparse.SUPPRESS) and action.option_strings and "default" not in text:
            return f"{text} [default: %(default)s]"
        return text


def terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it (``COLUMNS`` first, 80 when there is no
    terminal), without importing shutil and the compression modules it brings at start-up."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def shell_lines(line: str, width: int, indent: str) -> str:
    """An indented line (an example command) kept as written, broken with ``\\`` before an option where it is
    too wide, so that it still runs when pasted into a shell."""
    margin = indent + " " * (len(line) - len(line.lstrip()))
    units: list[str] = []  # an option stays with its value, a redirection with its file, a quote whole
    for word in line.split():
        if units and _joins(units[-1], word):
            units[-1] += f" {word}"
        else:
            units.append(word)
    lines = [margin]
    for unit in units:
        if lines[-1].strip() and len(lines[-1]) + 1 + len(unit) > width - 2:
            lines.append(margin + "    ")
        lines[-1] += unit if not lines[-1].strip() else f" {unit}"
    return " \\\n".join(lines)


def _joins(unit: str, word: str) -> bool:
    """Whether ``word`` belongs to the example's ``unit`` before it (not to be split by a line break)."""
    open_quote = unit.count("'") % 2 or unit.count('"') % 2
    option_value = unit.startswith("-") and " " not in unit and not word.startswith("-")
    return bool(open_quote) or option_value or unit in (">", ">>")


def port_number(text: str) -> int:
    """A TCP port, 0 to 65535 (0: any free port)."""
    number = int(text)
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not in the range 0-65535")
    return number


def count(text: str) -> int:
    """A whole number, 0 or more."""
    number = int(text)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{number} is negative (give 0 or more)")
    return number


def path(text: str) -> Path:
    """A file or folder name; pathlib is imported when an argument names one, not at start-up."""
    from pathlib import Path

    return Path(text)
