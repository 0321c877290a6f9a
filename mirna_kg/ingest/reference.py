"""The identifier tables ingest maps names with: miRBase 22.1 (human, mouse) and the HGNC complete set.

They ship gzip-compressed in ``data/reference/`` (see its README for source and version), so ingest works
offline from a fresh clone; ``extract_reference`` is the curator's step that re-cuts them from the
authoritative tables. Nothing at run or test time reads anything else.

Mapping rules (why they are what they are):

- miRNA names are matched case-sensitively, as miRBase does (``mir`` is a precursor, ``miR`` a mature): first the
  current mature name, then the alias table (older names such as ``hsa-miR-21`` or ``hsa-miR-21*``) when it
  names exactly one mature accession. A name of a dead entry is *retired*; one naming several matures is
  *ambiguous*; a precursor name (``hsa-mir-21``) is *not mature*. Each of those is a reject reason, never a guess.
- Genes map to HGNC by Entrez ID when the row has one (the most precise key a database gives), else by
  approved symbol, else by a previous symbol or an alias that points to one gene only.

>>> tables = reference_tables()
>>> tables.mirna("hsa-miR-21-5p")
('MIMAT0000076', 'hsa', 'hsa-miR-21-5p')
>>> tables.gene("PTEN", None)
('9588', 'PTEN')
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..resources import project
from ..tsv import read_tsv

MIRBASE_FILE = "mirbase_22.1_hsa_mmu.tsv.gz"
ALIAS_FILE = "mirbase_22.1_alias_lookup_hsa_mmu.tsv.gz"
DEAD_FILE = "mirbase_22.1_dead_entries_hsa_mmu.tsv.gz"
HGNC_FILE = "hgnc_complete_set_2024-10.tsv.gz"

#: Which columns of each authoritative table are shipped (the rest are not needed for mapping).
SHIPPED_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    MIRBASE_FILE: (
        "mirbase_22.1_hsa_mmu.tsv",
        ("species", "precursor_acc", "precursor_name", "mature_acc", "mature_name", "mature_aliases"),
    ),
    ALIAS_FILE: (
        "mirbase_22.1_alias_lookup_hsa_mmu.tsv",
        ("name", "accession", "accession_type", "current_name", "species", "n_accessions_with_this_name"),
    ),
    DEAD_FILE: (
        "mirbase_22.1_dead_entries_hsa_mmu.tsv",
        ("species", "accession", "accession_type", "name", "previous_name"),
    ),
    HGNC_FILE: (
        "hgnc_complete_set_2024-10_trimmed.tsv",
        ("hgnc_id", "symbol", "name", "locus_type", "alias_symbol", "prev_symbol", "entrez_id", "ensembl_gene_id"),
    ),
}


def reference_dir() -> Path:
    """``data/reference/`` of the tree (a wheel carries it under ``_data/data``)."""
    return project().root / "data" / "reference"


def read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a shipped (gzip'ed) TSV table with a header line."""
    return read_tsv(path, missing="it ships in data/reference/", quoted=False)


class MirnaProblem(Exception):
    """Why a miRNA name does not map: its ``reason`` is a reject reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ReferenceTables:
    """Lookups built once from the shipped tables (a few MB in memory, independent of the input size)."""

    mature_by_name: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    alias: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    precursor_names: set[str] = field(default_factory=set)
    dead_names: set[str] = field(default_factory=set)
    hgnc_by_entrez: dict[str, tuple[str, str]] = field(default_factory=dict)
    hgnc_by_symbol: dict[str, tuple[str, str]] = field(default_factory=dict)
    hgnc_by_upper: dict[str, tuple[str, str]] = field(default_factory=dict)
    hgnc_by_ensembl: dict[str, tuple[str, str]] = field(default_factory=dict)
    hgnc_by_other: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def mirna(self, name: str) -> tuple[str, str, str]:
        """(MIMAT accession, species code, current name) for a mature miRNA name; ``MirnaProblem`` otherwise."""
        found = self.mature_by_name.get(name)
        if found:
            return found
        candidates = self.alias.get(name)
        if candidates:
            matures = {c for c in candidates if c[0].startswith("MIMAT")}
            if len(matures) == 1:
                return next(iter(matures))
            if len(matures) > 1:
                raise MirnaProblem("ambiguous miRNA name")
            raise MirnaProblem("precursor, not mature miRNA name")
        if name in self.dead_names:
            raise MirnaProblem("retired miRNA name")
        if name in self.precursor_names:
            raise MirnaProblem("precursor, not mature miRNA name")
        raise MirnaProblem("unknown miRNA name")

    def gene(self, symbol: str | None, entrez: str | None, ensembl: str | None = None) -> tuple[str, str] | None:
        """(HGNC number, approved symbol) for a human gene, or None; ``ValueError`` when ambiguous."""
        if entrez and (hit := self.hgnc_by_entrez.get(entrez)):
            return hit
        if ensembl and (hit := self.hgnc_by_ensembl.get(ensembl.split(".")[0])):
            return hit
        if not symbol:
            return None
        if hit := self.hgnc_by_symbol.get(symbol) or self.hgnc_by_upper.get(symbol.upper()):
            return hit
        others = self.hgnc_by_other.get(symbol.upper())
        if not others:
            return None
        if len(set(others)) > 1:
            raise ValueError("ambiguous gene symbol")
        return others[0]


@cache
def reference_tables(folder: Path | None = None) -> ReferenceTables:
    """Load the shipped tables into lookups (cached: loading takes about a second)."""
    folder = folder or reference_dir()
    tables = ReferenceTables()
    for row in read_table(folder / MIRBASE_FILE):
        tables.precursor_names.add(row["precursor_name"])
        if row["mature_acc"]:
            tables.mature_by_name[row["mature_name"]] = (row["mature_acc"], row["species"], row["mature_name"])
    aliases: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in read_table(folder / ALIAS_FILE):
        if row["name"] not in tables.mature_by_name:
            aliases[row["name"]].add((row["accession"], row["species"], row["current_name"]))
    tables.alias = {name: sorted(hits) for name, hits in aliases.items()}
    for row in read_table(folder / DEAD_FILE):
        tables.dead_names.add(row["name"])
        if row["previous_name"]:
            tables.dead_names.update(n for n in row["previous_name"].split(";") if n)
    other: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in read_table(folder / HGNC_FILE):
        entry = (row["hgnc_id"].removeprefix("HGNC:"), row["symbol"])
        tables.hgnc_by_symbol[row["symbol"]] = entry
        tables.hgnc_by_upper.setdefault(row["symbol"].upper(), entry)
        if row["entrez_id"]:
            tables.hgnc_by_entrez[row["entrez_id"]] = entry
        if row["ensembl_gene_id"]:
            tables.hgnc_by_ensembl[row["ensembl_gene_id"]] = entry
        for column in ("prev_symbol", "alias_symbol"):
            for name in filter(None, row[column].split("|")):
                other[name.upper()].add(entry)
    tables.hgnc_by_other = {name: sorted(hits) for name, hits in other.items() if name not in tables.hgnc_by_upper}
    return tables


def extract_reference(source: Path, target: Path | None = None) -> list[Path]:
    """Curator's step: re-cut the shipped tables (the columns of ``SHIPPED_COLUMNS``) from the authoritative
    tables in ``source`` (``../shared/reference``). Output is deterministic (gzip mtime 0)."""
    target = target or reference_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (upstream, columns) in SHIPPED_COLUMNS.items():
        rows = list(read_table(source / upstream))
        lines = ["\t".join(columns)] + ["\t".join(row[c] or "" for c in columns) for row in rows]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (target / name).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        written.append(target / name)
    return written
