"""A draft claim sheet from a review's text: candidate rows a curator accepts, corrects or deletes.

The draft reads what a review of this kind is made of and nothing else (no network, only the shipped tables):

- **Tables**: Markdown pipe tables, and tab-separated blocks as PDF extraction leaves them (a wrapped cell goes on
  with a line whose first cell is empty; a line without tabs inside the block is a group heading). Columns are
  mapped by their headers' words (``HEADER_WORDS``); one row per table row and miRNA (and per cancer where the
  row names several). A table row's quote is the prose sentence that best matches the row (same miRNA, most
  shared words), which also gives its section.
- **Prose**: every sentence that names a miRNA together with a cell type, a gene or a tumour effect.
- **Grounding**: miRNAs, genes, cell types, cancers and vehicles through ``grounding`` (the curation's arm and
  species rules); abbreviations the review defines ("hepatocellular carcinoma (HCC)") are learnt from the text.
- **Wording**: ``effect`` only from explicit effect wording, ``targets`` only from targeting wording, every other
  gene to ``downstream_genes`` (``wording``, shared with the curation checks).

Each row carries ``confidence`` (how many kinds of evidence the rule saw) and ``why`` (the words that did it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import written_names
from ..errors import InputError
from ..resources import ProjectLayout, project
from ..reviews import review
from .columns import DRAFT_COLUMNS, NAMES
from .grounding import Ambiguous, Entry, Grounder, GroundingError, clean, grounder
from .sheets import normalize_text, vocabularies, write_sheet
from .wording import INHIBITS_TUMOR, PROMOTES_TUMOR, TARGETING_BEFORE_GENE

#: Header words -> sheet column: the first column whose header holds one of the words gets the cells.
HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mirna", ("mirna", "microrna")),
    ("impact", ("impact", "effect", "role", "outcome")),
    ("cancer", ("cancer", "tumor type", "tumour type", "disease")),
    ("source", ("source", "origin", "cell type", "key cell")),
    ("function", ("target", "function", "mechanism", "pathway")),
    ("refs", ("ref",)),
)
#: Words of a cell that says nothing ("–", "Not reported").
EMPTY_CELLS = {"", "-", "–", "—", "na", "n/a", "not reported", "none", "unknown"}

_ONE_MIRNA = r"\d+[a-z]?(?:-\d+(?!p))?(?:-[35]p)?\*?"
_MIRNA = re.compile(
    r"(?<![\w-])(?:(?:hsa|mmu)-)?(?:miR|miRNA|microRNA|mir|let|Let)-"
    + _ONE_MIRNA
    + r"(?:/(?:miR-)?(?:"
    + _ONE_MIRNA
    + r"|[a-z]\b))*(?:s\b)?"
    # a written list goes on with bare numbers: "miR-21, -143, -378e", "miR-150, -155 and -1246"
    + r"(?:\s*(?:,|\band\b|\bor\b)\s*-"
    + _ONE_MIRNA
    + r")*"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_SECTION_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*$")
_SECTION_INLINE = re.compile(r"^\s*(\d+(?:\.\d+)*)\.\s+([A-Z].{2,80})$")
_TABLE_CAPTION = re.compile(r"^\s*Table\s+([IVXLC]+|\d+)\b")
_TABLE_MENTION = re.compile(r"\bTable\s+([IVXLC]+|\d+)\b")
_GENE_TOKEN = re.compile(r"(?<![\w-])([A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9αβγκ]+)*)(?![\w-])")
_ABBREVIATION = re.compile(r"([A-Za-z][A-Za-z -]{2,60}?)\s*\(([A-Z][A-Za-z0-9+-]{1,9}?)s?\)")
_REFS = re.compile(r"\((\d+(?:\s*[,–-]\s*\d+)*)\)")
_VEHICLES = (
    ("smallExtracellularVesicle", re.compile(r"small extracellular vesicle|\bsEVs?\b", re.IGNORECASE)),
    ("extracellularVesicle", re.compile(r"extracellular vesicle|\bEVs?\b", re.IGNORECASE)),
    ("exosome", re.compile(r"exosom", re.IGNORECASE)),
    ("microvesicle", re.compile(r"microvesicle", re.IGNORECASE)),
    ("conditionedMedium", re.compile(r"conditioned medi", re.IGNORECASE)),
)
_SOURCE_AFTER = re.compile(r"^[\s-]*(?:derived|secreted|released|-?exosom|extracellular vesicle|EVs?\b|origin)")
_SOURCE_BEFORE = re.compile(r"(?:from|by|of)\s+(?:the\s+)?$")
#: Wording of a biomarker or a therapy: a sentence with a miRNA and these words is a candidate statement of
#: that kind.
_BIOMARKER = re.compile(
    r"\b(?:biomarkers?|diagnos\w*|prognos\w*|AUC|sensitivity|specificity|liquid biops\w*|predict\w* (?:the )?"
    r"(?:risk|survival|recurrence|response))\b",
    re.IGNORECASE,
)
_THERAPY = re.compile(
    r"\b(?:therap\w*|treatment|mimics?|antagomiRs?|anti-miR\w*|nanoparticles?|replacement|clinical trials?)\b",
    re.IGNORECASE,
)
_LOSS = (
    r"(?:downregulat\w*|loss|silencing|silenced|knockdown|knockout|inhibition|deficiency|depletion|deletion|"
    r"low(?:er)?\s+(?:levels?|expression)|reduced\s+expression|suppression)"
)
_MOUSE = re.compile(r"\b(?:mice|mouse|murine)\b", re.IGNORECASE)
#: A cancer word with no organ or kind ("cancer", "tumours", "carcinoma"): says nothing about which cancer.
_GENERIC_CANCER = re.compile(
    r"(?:malignant\s+)?(?:cancer|carcinoma|neoplasm|tumou?r|malignancy|disease|sarcoma|adenocarcinoma)s?",
    re.IGNORECASE,
)
#: Tokens that look like genes but are the text's own furniture.
_NOT_GENES = {"TME", "EMT", "RNA", "DNA", "MIRNA", "AUC", "PCR", "USA", "AI", "II", "III", "IV", "OS", "PT"}


@dataclass
class Block:
    """A table of the review: its name, header and body rows (each row: its cells), group heading per row."""

    name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


@dataclass
class Sentence:
    """A prose sentence, normalised as quotes are compared, with its section and paragraph."""

    text: str
    section: str
    heading: str
    paragraph: int


@dataclass
class Document:
    """A review's text split into tables and prose."""

    tables: list[Block]
    sentences: list[Sentence]
    mentions: dict[str, list[int]]  # table name -> paragraphs that cite it


# ------------------------------------------------------------------------------------------------------------
# Reading the text
# ------------------------------------------------------------------------------------------------------------


def read_document(text: str) -> Document:
    """Tables and prose sentences of a review's text."""
    lines = text.replace("\r\n", "\n").split("\n")
    table_lines: set[int] = set()
    tables: list[tuple[int, Block]] = []
    tables += _pipe_tables(lines, table_lines)
    tables += _tab_tables(lines, table_lines)
    named = _name_tables(
        [t for _, t in sorted(tables, key=lambda x: x[0])], lines, [i for i, _ in sorted(tables, key=lambda x: x[0])]
    )
    sentences, mentions = _prose(lines, table_lines)
    return Document(named, sentences, mentions)


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[body.index("|") :] if "|" in body else body
    return [c.strip() for c in body.strip().strip("|").split("|")]


def _pipe_tables(lines: list[str], used: set[int]) -> list[tuple[int, Block]]:
    out = []
    index = 0
    while index < len(lines) - 1:
        if "|" in lines[index] and re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*", lines[index + 1]):
            block = Block("", _cells(lines[index]))
            used.update((index, index + 1))
            row = index + 2
            while row < len(lines) and lines[row].lstrip().startswith("|"):
                if row + 1 < len(lines) and re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*", lines[row + 1]):
                    break  # the next table's header
                block.rows.append(_cells(lines[row]))
                block.groups.append("")
                used.add(row)
                row += 1
            out.append((index, block))
            index = row
        else:
            index += 1
    return out


def _tab_tables(lines: list[str], used: set[int]) -> list[tuple[int, Block]]:
    tabbed = [i for i, line in enumerate(lines) if "\t" in line and i not in used]
    out = []
    start = 0
    while start < len(tabbed):
        end = start
        while end + 1 < len(tabbed) and tabbed[end + 1] - tabbed[end] <= 3:
            end += 1
        first, last = tabbed[start], tabbed[end]
        if end > start:
            header = [c.strip() for c in lines[first].split("\t")]
            block = Block("", header)
            group = ""
            for i in range(first + 1, last + 1):
                line = lines[i]
                used.add(i)
                if "\t" not in line:
                    if line.strip():
                        group = line.strip()
                    continue
                cells = line.split("\t")
                if cells[0].strip():
                    block.rows.append([c.strip() for c in cells])
                    block.groups.append(group)
                elif block.rows:
                    previous = block.rows[-1]
                    for k, piece in enumerate(cells):
                        if piece.strip() and k < len(previous):
                            previous[k] = (previous[k] + "\n" + piece.strip()).strip()
                        elif piece.strip():
                            previous.append(piece.strip())
            used.add(first)
            caption = next(
                (j for j in range(first - 1, max(first - 4, -1), -1) if _TABLE_CAPTION.match(lines[j])), None
            )
            if caption is not None:
                used.add(caption)
            out.append((caption if caption is not None else first, block))
        start = end + 1
    return out


def _name_tables(blocks: list[Block], lines: list[str], starts: list[int]) -> list[Block]:
    """A table's name: the caption just above it ("Table I."), else its number in the order of the text."""
    for number, (block, start) in enumerate(zip(blocks, starts, strict=True), start=1):
        match = _TABLE_CAPTION.match(lines[start])
        block.name = f"Table {match.group(1)}" if match else f"Table {number}"
    merged: dict[str, Block] = {}
    for block in blocks:  # "Table I. Continued." goes on with the same table
        if block.name in merged and merged[block.name].header == block.header:
            merged[block.name].rows += block.rows
            merged[block.name].groups += block.groups
        else:
            merged.setdefault(block.name, block)
    return list(merged.values())


def _prose(lines: list[str], table_lines: set[int]) -> tuple[list[Sentence], dict[str, list[int]]]:
    sentences: list[Sentence] = []
    mentions: dict[str, list[int]] = {}
    section, heading = "", ""
    paragraph: list[str] = []
    count = 0
    previous = ""

    def flush() -> None:
        nonlocal count
        if not paragraph:
            return
        text = normalize_text("\n".join(paragraph))
        paragraph.clear()
        count += 1
        for name in _TABLE_MENTION.findall(text):
            mentions.setdefault(f"Table {name}", []).append(count)
        for piece in _SENTENCE_END.split(text):
            if piece.strip():
                sentences.append(Sentence(piece.strip(), section, heading, count))

    for index, line in enumerate(lines):
        if index in table_lines:
            continue
        if match := _SECTION_NUMBER.match(line):
            flush()
            section, heading = match.group(1), previous.strip()
        elif match := _SECTION_INLINE.match(line):
            flush()
            section, heading = match.group(1), match.group(2)
        elif not line.strip():
            flush()
        elif len(line) > 200 or paragraph or line.endswith((" ", "-")):
            if len(line) > 200:
                flush()
                paragraph.append(line)
                flush()
            else:
                paragraph.append(line)
        else:
            paragraph.append(line)
        previous = line
    flush()
    return sentences, mentions


# ------------------------------------------------------------------------------------------------------------
# Finding things in text
# ------------------------------------------------------------------------------------------------------------


@dataclass
class Finder:
    """Grounded mentions in a piece of text, with the document's own abbreviations."""

    lookups: Grounder
    extra_cancers: dict[str, Entry] = field(default_factory=dict)
    extra_cells: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cancer_pattern = self._pattern(self.lookups.cancers.names)
        self._cell_pattern = self._pattern({k for k in self.lookups.cells.names if len(k) > 2 and k != "cell"})

    @staticmethod
    def _pattern(names: object) -> re.Pattern[str]:
        alternatives = sorted((re.escape(n) for n in names), key=len, reverse=True)  # type: ignore[attr-defined]
        return re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?:e?s)?(?!\w)", re.IGNORECASE)

    def learn(self, text: str) -> None:
        """Abbreviations the review defines for cancers and cells: "hepatocellular carcinoma (HCC)"."""
        for long_form, short in _ABBREVIATION.findall(clean(text)):
            words = long_form.split()
            for size in range(min(5, len(words)), 0, -1):
                name = " ".join(words[-size:])
                for kind, store in (("cancer", self.extra_cancers), ("cell", self.extra_cells)):
                    try:
                        entry = self.lookups.cancer(name) if kind == "cancer" else self.lookups.cell(name)
                    except GroundingError:
                        continue
                    store.setdefault(short, entry)
                    break
                else:
                    continue
                break

    def cancers(self, text: str) -> list[tuple[str, Entry]]:
        found = []
        text = clean(text)
        for match in self._cancer_pattern.finditer(text):
            if _GENERIC_CANCER.fullmatch(match.group(1)):
                continue
            try:
                found.append((match.group(0), self.lookups.cancer(match.group(1))))
            except GroundingError:
                continue
        for short, entry in self.extra_cancers.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(short)}s?(?!\w)", text):
                found.append((match.group(0), entry))
        return _unique(found)

    def cancers_at(self, text: str) -> list[tuple[str, Entry, int]]:
        """Cancers with where the (cleaned) text names them."""
        text = clean(text)
        found = []
        for match in self._cancer_pattern.finditer(text):
            if _GENERIC_CANCER.fullmatch(match.group(1)):
                continue
            try:
                found.append((match.group(0), self.lookups.cancer(match.group(1)), match.start()))
            except GroundingError:
                continue
        for short, entry in self.extra_cancers.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(short)}s?(?!\w)", text):
                found.append((match.group(0), entry, match.start()))
        return found

    def generic(self, text: str) -> list[tuple[str, Entry]]:
        """The general "cancer" entry where the text speaks of tumours or cancer without saying which."""
        match = re.search(r"\b(?:tumou?r|cancer)s?\b", text, re.IGNORECASE)
        if match is None:
            return []
        try:
            return [(match.group(0), self.lookups.cancer("cancer"))]
        except GroundingError:
            return []

    def cells(self, text: str) -> list[tuple[str, Entry, int]]:
        found = []
        text = clean(text)
        for match in self._cell_pattern.finditer(text):
            try:
                found.append((match.group(0), self.lookups.cell(match.group(1)), match.start()))
            except GroundingError:
                continue
        for short, entry in self.extra_cells.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(short)}s?(?!\w)", text):
                found.append((match.group(0), entry, match.start()))
        seen: set[str] = set()
        return [f for f in sorted(found, key=lambda f: f[2]) if not (f[1].curie in seen or seen.add(f[1].curie))]

    def mirnas(self, text: str, species: str = "") -> list[tuple[str, Entry | None]]:
        """miRNA names as written (typos "miR-92 a" repaired) and their entries (None when not grounded).

        Species: mouse where the text says the study is in mice, else human; a name miRBase has only for mouse
        is the mouse entry (data/README.md)."""
        text = re.sub(r"(miR-\d+) ([a-z])\b", r"\1\2", clean(text))
        species = species or ("mmu" if _in_mice(text) else "hsa")
        out: list[tuple[str, Entry | None]] = []
        for match in _MIRNA.finditer(text):
            written = match.group(0)
            try:  # a cluster or family the curation already knows ("miR-23a/27a/24-2")
                out.append((written, self.lookups.mirna(written, species)))
                continue
            except GroundingError:
                pass
            for name in _split_mirnas(written):
                out.append((name, self._mirna(name, species)))
        seen: set[str] = set()
        return [m for m in out if not (m[0] in seen or seen.add(m[0]))]

    def _mirna(self, name: str, species: str) -> Entry | None:
        for code in (species, "mmu" if species == "hsa" else "hsa")[: 2 if species == "hsa" else 1]:
            try:
                return self.lookups.mirna(name, code)
            except Ambiguous:
                return None
            except GroundingError:
                continue
        return None

    def genes(self, text: str, exclude: set[str]) -> list[tuple[str, Entry, int]]:
        found = []
        text = clean(text)
        for match in _GENE_TOKEN.finditer(text):
            token = match.group(1)
            bare = token.rstrip("s") if token.endswith("s") and token[:-1].isupper() else token
            if (
                len(bare) < 2
                or bare.upper() in _NOT_GENES
                or bare.casefold() in exclude
                or _MIRNA.fullmatch(bare)
                or sum(ch.isupper() or ch.isdigit() for ch in bare) < 2
                or bare in self.extra_cancers
                or bare in self.extra_cells
            ):
                continue
            try:
                entry = self.lookups.gene(bare)
            except GroundingError:
                continue
            found.append((bare, entry, match.start()))
        seen: set[str] = set()
        return [f for f in found if not (f[1].curie in seen or seen.add(f[1].curie))]


def _unique(found: list[tuple[str, Entry]]) -> list[tuple[str, Entry]]:
    seen: set[str] = set()
    return [f for f in found if not (f[1].curie in seen or seen.add(f[1].curie))]


def _split_mirnas(written: str) -> list[str]:
    """One name per miRNA of a written list ("miR-21, -143, -378e", "miR-143/145"), a plural family kept."""
    if re.search(r"[/,]|\band\b|\bor\b", written):
        return written_names(written)
    return [written]


def effect_of(text: str, mirna: str = "", *, first: bool = False) -> tuple[str, str]:
    """``promotes`` / ``inhibits`` / empty from explicit effect wording, and the words that said it.

    Where the sentence's subject is the miRNA's loss ("the downregulation of miR-29a/c promoted GC progression",
    "miR-28-5p deficiency"), the miRNA's own effect is the opposite. ``first``: the earliest wording decides (a
    table's impact cell opens with its verdict, "Inhibiting tumors: its downregulation promotes ..."); otherwise
    wording both ways says nothing.
    """
    promotes = PROMOTES_TUMOR.search(text)
    inhibits = INHIBITS_TUMOR.search(text)
    if promotes and inhibits and first:
        found = ("promotes", promotes) if promotes.start() < inhibits.start() else ("inhibits", inhibits)
    elif promotes and not inhibits:
        found = ("promotes", promotes)
    elif inhibits and not promotes:
        found = ("inhibits", inhibits)
    else:
        return "", ""
    effect, match = found
    if mirna and not first and _loss_of(text, mirna):
        return ("inhibits" if effect == "promotes" else "promotes"), f"loss of {mirna} {match.group(0)}"
    return effect, match.group(0)


def _loss_of(text: str, mirna: str) -> bool:
    name = re.escape(mirna)
    plain = clean(text)
    before = re.search(rf"\b{_LOSS}\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){{0,3}}{name}(?![\w])", plain, re.IGNORECASE)
    after = re.search(rf"(?<![\w-]){name}\s+{_LOSS}", plain, re.IGNORECASE)
    return bool(before or after)


def split_genes(text: str, genes: list[tuple[str, Entry, int]]) -> tuple[list[Entry], list[Entry]]:
    """Targets (targeting wording just before the gene) and downstream genes (every other)."""
    targets, downstream = [], []
    plain = clean(text)
    for _, entry, at in genes:
        (targets if TARGETING_BEFORE_GENE.search(plain[max(0, at - 80) : at]) else downstream).append(entry)
    return targets, downstream


# ------------------------------------------------------------------------------------------------------------
# Rows
# ------------------------------------------------------------------------------------------------------------


def _show(entries: list[Entry]) -> str:
    return "; ".join(f"{e.label} ({e.curie})" for e in entries)


def _column_map(header: list[str]) -> dict[str, list[int]]:
    mapped: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        words = clean(cell).casefold().replace("μ", "m")
        for column, keys in HEADER_WORDS:
            if any(k in words for k in keys):
                mapped.setdefault(column, []).append(index)
                break
    return mapped


def _cell(row: list[str], indices: list[int] | None) -> str:
    if not indices:
        return ""
    return " ".join(row[i] for i in indices[:1] if i < len(row)).strip()


def draft_rows(text: str, lookups: Grounder) -> list[dict[str, str]]:
    """Candidate rows for a review's text (see the module docstring)."""
    document = read_document(text)
    finder = Finder(lookups)
    finder.learn(text)
    rows = list(_table_rows(document, finder))
    rows += list(_prose_rows(document, finder))
    return rows


def _context_cancers(
    document: Document, finder: Finder, paragraphs: list[int], heading: str
) -> list[tuple[str, Entry]]:
    for number in paragraphs:
        for sentence in document.sentences:
            if sentence.paragraph == number and (found := finder.cancers(sentence.text)):
                return found[:1]
    return finder.cancers(heading)[:1]


def _table_rows(document: Document, finder: Finder) -> Iterator[dict[str, str]]:
    for block in document.tables:
        columns = _column_map(block.header)
        if "mirna" not in columns:
            continue
        header_cancers = {i: finder.cancers(block.header[i]) for i in range(len(block.header))}
        context = _context_cancers(document, finder, document.mentions.get(block.name, []), "")
        for number, (cells, group) in enumerate(zip(block.rows, block.groups, strict=True), start=1):
            written = _cell(cells, columns["mirna"])
            if clean(written).casefold() in EMPTY_CELLS:
                continue
            function = _cell(cells, columns.get("function"))
            source = _cell(cells, columns.get("source"))
            refs = _cell(cells, columns.get("refs"))
            # cancers: the cancer column; else per-cancer role columns ("Role in breast cancer") or the one impact
            # column's header; else the cancer of the prose on the row's study; else that of the prose citing the table
            per_cancer: list[tuple[list[tuple[str, Entry]], str]] = []
            if "cancer" in columns:
                found = finder.cancers(_cell(cells, columns["cancer"]).replace("\n", " "))
                per_cancer.append((found, _cell(cells, columns.get("impact"))))
            else:
                impacts = [i for i in columns.get("impact", []) if header_cancers.get(i)]
                for i in impacts:
                    value = cells[i] if i < len(cells) else ""
                    # one column per cancer ("Role in breast cancer"): an empty cell names no claim; a single
                    # impact column names the table's cancer even where the row's cells shifted left
                    if len(impacts) == 1 or clean(value).casefold() not in EMPTY_CELLS:
                        per_cancer.append((header_cancers[i], value or _shifted(cells, i)))
                if not impacts:
                    impact = _cell(cells, columns.get("impact"))
                    sentence = _best_sentence(document, _first_name(written), " ".join(cells))
                    stated = finder.cancers(sentence.text) if sentence is not None else []
                    # the prose on the row's study names the cancer more precisely than the table's context
                    per_cancer.append((stated[:1] or context, impact))
            about = _best_sentence(document, _first_name(written), " ".join(cells))
            mouse = about is not None and _in_mice(about.text)
            for name, entry in finder.mirnas(written, "mmu" if mouse else ""):
                for cancers, impact in per_cancer:
                    yield _table_row(
                        document,
                        finder,
                        block,
                        number,
                        group,
                        name,
                        entry,
                        cancers,
                        source,
                        function,
                        impact,
                        refs,
                        written,
                    )


def _table_row(
    document: Document,
    finder: Finder,
    block: Block,
    number: int,
    group: str,
    name: str,
    entry: Entry | None,
    cancers: list[tuple[str, Entry]],
    source: str,
    function: str,
    impact: str,
    refs: str,
    written: str,
) -> dict[str, str]:
    row = {c: "" for c in NAMES}
    row.update(kind="regulatory claim", table=block.name, table_row=str(number), table_group=group)
    row["mirna_as_written"] = name
    row["mirna"] = entry.curie if entry else ""
    row["mirna_label"] = entry.label if entry else ""
    row["cancer"] = "; ".join(e.curie for _, e in cancers)
    row["cancer_label"] = "; ".join(e.label for _, e in cancers)
    row["function_as_written"] = function.replace("\n", " ")
    row["impact_as_written"] = impact.replace("\n", " ")
    cells = finder.cells(source)
    if cells:
        row["source_cell"] = _show([cells[0][1]])
        row["source_cell_as_written"] = source.replace("\n", " ")
    row["vehicle"] = _vehicle(source)
    exclude = {k for k in finder.lookups.cells.names if len(k) <= 6} | {k.casefold() for k in finder.extra_cancers}
    genes = finder.genes(function, exclude)
    bare = re.fullmatch(r"[A-Z][A-Za-z0-9-]*(\s*,\s*[A-Z][A-Za-z0-9-]*)*", clean(function)) is not None
    targets, downstream = ([g[1] for g in genes], []) if bare else split_genes(function, genes)
    row["targets"], row["downstream_genes"] = _show(targets), _show(downstream)
    effect, words = effect_of(impact, first=True) if impact else effect_of(function, name)
    row["effect"] = effect
    row["table_references"] = "; ".join(re.findall(r"\d+", refs))
    if "92 a" in written or re.search(r"\d [a-z]\b", written):
        row["flags"] = "typoRepaired"
        row["note"] = f"The table writes {written!r}."
    quote = _best_sentence(document, name, f"{function} {impact} {source}")
    if quote is not None:
        row["quote"], row["section"] = quote.text[:600], quote.section
        row["references"] = "; ".join(_references(quote.text))
    why = [f"{block.name} row {number}: miRNA cell {written!r}"]
    if words:
        why.append(f"effect {words!r}")
    if targets:
        why.append("target " + ("cell names genes only" if bare else "wording"))
    row["confidence"] = "0.9" if entry and cancers else "0.6"
    row["why"] = "; ".join(why)
    return row


def _shifted(cells: list[str], index: int) -> str:
    """The last non-empty cell before ``index``: where a row lost a cell, the others moved left."""
    return next((cells[i] for i in range(min(index, len(cells)) - 1, 0, -1) if cells[i].strip()), "")


def _gap(cancer: tuple[str, Entry, int], at: int, length: int) -> int:
    """Characters between a cancer mention and a miRNA; one that follows counts double, since reviews name the
    cancer first ("in prostate cancer (miR-214), lung cancer (miR-139)")."""
    written, _, start = cancer
    if start + len(written) <= at:
        return at - (start + len(written))
    return 2 * max(start - (at + length), 0)


def _in_mice(text: str) -> bool:
    """A study in mice (mouse miRNAs, data/README.md): the text names mice, a mouse model or murine cells."""
    return _MOUSE.search(text) is not None


def _first_name(written: str) -> str:
    match = _MIRNA.search(clean(written))
    return _split_mirnas(match.group(0))[0] if match else written


def _vehicle(text: str) -> str:
    for name, pattern in _VEHICLES:
        if pattern.search(text):
            return name
    return ""


def _references(text: str) -> list[str]:
    numbers: list[str] = []
    for group in _REFS.findall(text):
        for part in re.split(r"\s*,\s*", group):
            bounds = re.split(r"\s*[–-]\s*", part)
            if (
                len(bounds) == 2
                and bounds[0].isdigit()
                and bounds[1].isdigit()
                and int(bounds[1]) - int(bounds[0]) < 20
            ):
                numbers += [str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1)]
            elif part.isdigit():
                numbers.append(part)
    return list(dict.fromkeys(numbers))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{4,}", clean(text).casefold())}


def _best_sentence(document: Document, name: str, context: str) -> Sentence | None:
    wanted = _words(context)
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w])")
    best, score = None, -1
    for sentence in document.sentences:
        if len(sentence.text) < 10 or not pattern.search(clean(sentence.text)):
            continue
        overlap = len(wanted & _words(sentence.text))
        if overlap > score:
            best, score = sentence, overlap
    return best


def _prose_rows(document: Document, finder: Finder) -> Iterator[dict[str, str]]:
    exclude = {k for k in finder.lookups.cells.names if len(k) <= 6} | {k.casefold() for k in finder.extra_cancers}
    last_cancer: dict[int, list[tuple[str, Entry]]] = {}
    for sentence in document.sentences:
        text = sentence.text
        if len(text) < 10 or len(text) > 600:
            continue
        cancers = finder.cancers(text)
        if cancers:
            last_cancer[sentence.paragraph] = cancers
        mirnas = finder.mirnas(text)
        if not mirnas:
            continue
        cells = finder.cells(text)
        genes = finder.genes(text, exclude)
        kind = "biomarker" if _BIOMARKER.search(text) else "therapeutic" if _THERAPY.search(text) else ""
        if not (cells or genes or effect_of(text)[0] or kind):
            continue
        # the sentence's own cancer; a sentence on tumours in general is general (say no more than the review);
        # else the cancer of its paragraph or its section heading
        context = (
            cancers or finder.generic(text) or last_cancer.get(sentence.paragraph) or finder.cancers(sentence.heading)
        )
        targets, downstream = split_genes(text, genes)
        placed = finder.cancers_at(text)
        for name, entry in mirnas:
            if len({c[1].curie for c in placed}) > 1:  # several cancers: the one named nearest the miRNA
                nearest = min(placed, key=lambda c: _gap(c, clean(text).find(name), len(name)))
                context = [(nearest[0], nearest[1])]
            effect, words = effect_of(text, name)
            row = {c: "" for c in NAMES}
            row.update(kind="regulatory claim", section=sentence.section, quote=text)
            if kind and not (cells or genes):
                row["kind"] = kind
            row["mirna_as_written"] = name
            row["mirna"] = entry.curie if entry else ""
            row["mirna_label"] = entry.label if entry else ""
            row["cancer"] = "; ".join(e.curie for _, e in context)
            row["cancer_label"] = "; ".join(e.label for _, e in context)
            plain = clean(text)
            sources = [
                c
                for c in cells
                if _SOURCE_AFTER.match(plain[c[2] + len(c[0]) :]) or _SOURCE_BEFORE.search(plain[: c[2]])
            ]
            recipients = [c for c in cells if c not in sources]
            if sources:
                row["source_cell"], row["source_cell_as_written"] = _show([sources[0][1]]), sources[0][0]
            if recipients:
                row["recipient_cell"] = _show([recipients[0][1]])
                row["recipient_cell_as_written"] = recipients[0][0]
            row["vehicle"] = _vehicle(text)
            row["targets"], row["downstream_genes"] = _show(targets), _show(downstream)
            row["effect"] = effect
            row["references"] = "; ".join(_references(text))
            evidence = [
                word
                for word, present in (("cell", cells), ("gene", genes), ("effect", effect), (kind, kind))
                if present
            ]
            why = [f"§{sentence.section or '?'}: {name!r} with {', '.join(evidence)}"]
            if words:
                why.append(f"effect {words!r}")
            if targets:
                why.append("targeting wording")
            if not cancers and context:
                why.append("cancer from the paragraph or heading")
            score = 0.3 + 0.15 * len(evidence) + (0.1 if cancers else 0) + (0.1 if entry else 0)
            row["confidence"] = f"{min(score, 0.85):.2f}"
            row["why"] = "; ".join(why)
            yield row


def write_draft(text_path: Path, key: str, out: Path, layout: ProjectLayout | None = None) -> int:
    """Draft the review at ``text_path`` into the sheet ``out``; returns the number of rows."""
    layout = layout or project()
    review(key, layout)  # the review must exist: its key goes into the statement IRIs on import
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{text_path}: cannot read the review's text ({exc}); give a UTF-8 .txt file") from exc
    lookups = grounder(layout.root.resolve())
    rows = draft_rows(text, lookups)
    rows.sort(key=lambda r: (-float(r["confidence"]), r["table"], int(r["table_row"] or 0), r["section"]))
    header = [*NAMES, *(c.name for c in DRAFT_COLUMNS)]
    write_sheet(out, header, rows, vocabularies(lookups.graph))
    return len(rows)
