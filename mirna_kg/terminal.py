"""Laying text out for a terminal of a known width without ever cutting a name.

A reader of ``mirna-kg query`` on a terminal must be able to tell one miRNA from another, so nothing here
shortens a value with "…": text breaks only between words (at spaces, and after the ";" that joins several
values in one cell), a table whose columns cannot all be given their longest word is shown one record per block
instead (as psql's ``\\x`` does), and every line stays within the width. Only a single word longer than a
whole line (a very long IRI on a very narrow terminal) is carried over to the next line, character by
character, so that it is still complete.

Nothing here knows about RDF or queries: callers give headers and cells as strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Between two table columns.
GAP = "  "
#: Where a cell may break: before a run of spaces, or after ";" (the separator of several values in one cell).
_CELL_CHUNKS = re.compile(r"\s+|[^\s;]*;|[^\s;]+")
#: Where a column header may break: after "_" (``recipient_cell_label`` → ``recipient_`` / ``cell_label``).
_HEADER_CHUNKS = re.compile(r"[^_]*_|[^_]+")
#: Where a line of prose may break: at spaces, but not inside a bracketed hint (``[--param gene=PTEN]``).
_PROSE_CHUNKS = re.compile(r"\s+|\[[^\]]*\]|[^\s\[]+")

_CHUNKERS = {"cell": _CELL_CHUNKS, "header": _HEADER_CHUNKS, "prose": _PROSE_CHUNKS}


def chunks(text: str, *, header: bool = False, kind: str = "cell") -> list[str]:
    """The pieces ``text`` may be broken between (spaces are pieces of their own, dropped at a line break):
    a table ``cell``, a column ``header`` or ``prose``."""
    return _CHUNKERS["header" if header else kind].findall(text)


def longest_word(text: str, *, header: bool = False) -> int:
    """The width below which ``text`` could not be wrapped without breaking a word."""
    return max((len(c) for c in chunks(text, header=header) if not c.isspace()), default=0)


def wrap(text: str, width: int, *, header: bool = False, kind: str = "cell") -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words; at least one line."""
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for chunk in chunks(text, header=header, kind=kind):
        if chunk.isspace():
            chunk = chunk if chunk.isprintable() else " "  # a newline or tab inside a value: one space
            if line and len(line) + len(chunk) < width:
                line += chunk
            elif line:
                lines.append(line.rstrip())
                line = ""
            continue
        if len(line) + len(chunk) > width and line.strip():
            lines.append(line.rstrip())
            line = ""
        while len(chunk) > width:  # a single word wider than the line: carried over whole, never cut
            lines.append(chunk[:width])
            chunk = chunk[width:]
        line += chunk
    lines.append(line.rstrip())
    return lines if len(lines) == 1 or lines[-1] else lines[:-1]


def wrap_paragraph(text: str, width: int | None, indent: str = "") -> list[str]:
    """A line of prose (a hint, a note) wrapped to ``width``, its continuation lines after ``indent``;
    unchanged when ``width`` is None (not a terminal)."""
    if width is None:
        return [text]
    first = wrap(text, width, kind="prose")[0]
    rest = text[len(first) :].strip()
    return [first, *(indent + line for line in wrap(rest, width - len(indent), kind="prose"))] if rest else [first]


def natural_widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's widest cell (or header): the widths at which nothing wraps."""
    return [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]


def fits_unwrapped(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> bool:
    """Whether the table fits ``width`` with every cell on one line."""
    return sum(natural_widths(headers, rows)) + len(GAP) * max(len(headers) - 1, 0) <= width


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, whole: Sequence[int] = ()
) -> list[int] | None:
    """Widths for a table that fits ``width`` (with ``GAP`` between columns), or None when it cannot.

    Each column gets its whole widest cell when everything fits. Otherwise every column first gets its longest
    word (so no word is broken), the columns listed in ``whole`` (by index, most wanted first: the names a
    reader looks for) their widest cell as long as room remains, then all columns grow together up to one
    common width, short columns stopping at their widest cell: the narrow columns (an effect, a count) stay
    on one line and only the longest ones (descriptions, lists) wrap. None when even the longest words do not
    fit side by side.
    """
    if not headers:
        return []
    room = width - len(GAP) * (len(headers) - 1)
    natural = natural_widths(headers, rows)
    if sum(natural) <= room:
        return natural
    least = [max([longest_word(h, header=True)] + [longest_word(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if sum(least) > room:
        return None
    for i in whole:
        if sum(least) - least[i] + natural[i] <= room:
            least[i] = natural[i]

    def capped(cap: int) -> list[int]:
        return [min(n, max(m, cap)) for n, m in zip(natural, least, strict=True)]

    low, high = 0, max(natural)  # capped(0) is ``least``, which fits
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if sum(capped(middle)) <= room else (low, middle - 1)
    widths = capped(low)
    spare = room - sum(widths)
    for i in range(len(widths)):  # what is left (less than one per growing column) goes left to right
        if spare and widths[i] < natural[i]:
            widths[i] += 1
            spare -= 1
    return widths


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> list[str]:
    """A table with a header, a rule and the rows, each cell wrapped to its column's width."""

    def block(cells: Sequence[str], header: bool = False) -> list[str]:
        wrapped = [wrap(c, w, header=header) for c, w in zip(cells, widths, strict=True)]
        height = max((len(w) for w in wrapped), default=1)
        return [
            GAP.join((w[k] if k < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=True)).rstrip()
            for k in range(height)
        ]

    lines = [*block(headers, header=True), GAP.join("-" * w for w in widths)]
    for row in rows:
        lines += block(row)
    return lines


def record_lines(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """One block per row, one ``name  value`` line per column (psql's expanded display), within ``width``.

    Values wrap beside their names; on a terminal too narrow for that they go on their own lines, indented.
    """
    name_width = max((len(h) for h in headers), default=0)
    beside = width - name_width - len(GAP) >= min(24, width // 2)
    value_width = width - name_width - len(GAP) if beside else width - len(GAP)
    lines: list[str] = []
    for number, row in enumerate(rows, 1):
        title = f"-[ {number} of {len(rows)} ]"
        lines.append(title + "-" * max(0, min(width, name_width + len(GAP) + 30) - len(title)))
        for name, value in zip(headers, row, strict=True):
            wrapped = wrap(value, value_width)
            if beside:
                lines.append((name.ljust(name_width) + GAP + wrapped[0]).rstrip())
                lines += [" " * (name_width + len(GAP)) + line for line in wrapped[1:]]
            else:
                lines += wrap(name, width, header=True)
                lines += [GAP + line for line in wrapped if line]
    return lines


def definition_lines(items: Sequence[tuple[str, str]], width: int | None) -> list[str]:
    """``name  text`` lines with the texts aligned after the longest name and wrapped within ``width`` beside
    it (below it, indented, on a terminal too narrow for that); whole lines when ``width`` is None."""
    name_width = max((len(name) for name, _ in items), default=0)
    indent = name_width + len(GAP)
    lines: list[str] = []
    for name, text in items:
        if width is None:
            lines.append(f"{name:{name_width}}{GAP}{text}".rstrip())
        elif width - indent >= min(30, width // 2):
            first, *rest = wrap(text, width - indent, kind="prose")
            lines.append(f"{name:{name_width}}{GAP}{first}".rstrip())
            lines += [" " * indent + line for line in rest]
        else:
            lines += wrap(name, width)
            lines += [" " * 4 + line for line in wrap(text, width - 4, kind="prose")]
    return lines
