"""Synthetic release files in exactly the miRTarBase and TarBase v9 formats, for tests and benchmarks.

Real releases cannot be downloaded here. The generated files use real names from the shipped tables (current
and older miRBase names, HGNC symbols, previous symbols and aliases, Entrez IDs), the curated graph's own
miRNA–target pairs (so ``target_evidence`` has something to join), realistic repeats (an interaction spans
several rows, one per article; a few miRNAs and genes are very frequent) and a known share of rows that must be
rejected: unknown and retired miRNA names, precursor names, unknown genes, mouse targets without an id, other
species and malformed lines. Output is deterministic for a seed. The curated pairs come from a ``Store`` the
caller opens (``api.generate_release`` opens the project's graph); without one the rows use random pairs only.

    python -m mirna_kg.ingest.synthetic mirtarbase --rows 100000 --out mirtarbase.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..resources import graph_files
from ..stores.base import Store
from ..stores.oxigraph import OxigraphStore
from ..writing import open_atomically
from .reference import DEAD_FILE, HGNC_FILE, MIRBASE_FILE, read_table, reference_dir
from .sources import MIRTARBASE_COLUMNS

STRONG = ["Luciferase reporter assay", "Western blot", "qRT-PCR", "Reporter assay"]
WEAK = ["HITS-CLIP", "PAR-CLIP", "CLASH", "Microarray", "NGS", "pSILAC", "Immunoprecipitaion", "CLIP-seq"]
SUPPORT = ["Functional MTI", "Functional MTI (Weak)", "Non-Functional MTI", "Non-Functional MTI (Weak)"]
TISSUES = ["Breast", "Lung", "Liver", "Prostate", "Colon", "Bone", "Blood", "Brain", "Kidney", "-"]
CELL_LINES = ["MCF-7", "MDA-MB-231", "A549", "HeLa", "HEK293", "HepG2", "PC-3", "LNCaP", "U2OS", "-"]
TARBASE_COLUMNS = (
    "species",
    "mirna_name",
    "mirna_id",
    "gene_name",
    "gene_id",
    "gene_location",
    "transcript_name",
    "transcript_id",
    "chromosome",
    "start",
    "end",
    "strand",
    "experimental_method",
    "regulation",
    "tissue",
    "cell_line",
    "article_pubmed_id",
    "confidence",
    "interaction_group",
    "cell_type",
    "microt_score",
    "comment",
)

#: Share of rows of each kind that must be rejected (the rest map).
BAD_KINDS = {
    "unknown miRNA": 0.01,
    "retired miRNA": 0.005,
    "precursor name": 0.003,
    "unknown gene": 0.01,
    "other species": 0.01,
    "mouse target without id": 0.01,
    "malformed": 0.004,
}


@dataclass
class Names:
    """Real names to draw from."""

    human_mirnas: list[tuple[str, str]]  # (name as written, accession)
    mouse_mirnas: list[tuple[str, str]]
    dead: list[str]
    precursors: list[str]
    genes: list[tuple[str, str, str]]  # (symbol as written, entrez, ensembl)
    curated: list[tuple[str, str, str]]  # (mature name, symbol, entrez)


def load_names(store: Store | None = None) -> Names:
    """Real names from the shipped tables, and the curated miRNA–target pairs of ``store`` when given."""
    folder = reference_dir()
    human, mouse, precursors = [], [], set()
    for row in read_table(folder / MIRBASE_FILE):
        precursors.add(row["precursor_name"])
        if row["mature_acc"]:
            target = human if row["species"] == "hsa" else mouse
            target.append((row["mature_name"], row["mature_acc"]))
            old = [a for a in row["mature_aliases"].split(";") if a and a != row["mature_name"] and "*" not in a]
            if old:  # older releases' names (miR-21 for miR-21-5p) appear in real files too
                target.append((old[0], row["mature_acc"]))
    dead = sorted({r["name"] for r in read_table(folder / DEAD_FILE) if r["accession_type"] == "mature"})
    genes, by_symbol = [], {}
    for row in read_table(folder / HGNC_FILE):
        if row["locus_type"] == "gene with protein product":
            genes.append((row["symbol"], row["entrez_id"], row["ensembl_gene_id"]))
            by_symbol[row["hgnc_id"].removeprefix("HGNC:")] = (row["symbol"], row["entrez_id"])
            prev = [p for p in row["prev_symbol"].split("|") if p]
            if prev:
                genes.append((prev[0], "", row["ensembl_gene_id"]))
    curated: list[tuple[str, str, str]] = []
    if store is not None:
        matures = {acc: name for name, acc in human if name.endswith(("-5p", "-3p"))}
        curated = _curated_pairs(store, by_symbol, matures)
    return Names(sorted(set(human)), sorted(set(mouse)), dead, sorted(precursors), genes, curated)


def _curated_pairs(
    store: Store, genes: dict[str, tuple[str, str]], mature_names: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(mature name, symbol, entrez) of the curated claims' miRNA–target pairs (matures via precursors/groups)."""
    table = store.select("""
        PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
        SELECT DISTINCT ?mature ?gene WHERE {
          ?claim a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:targetGene ?gene .
          ?m (mkg:hasMember|mkg:hasMatureProduct)* ?mature .
          FILTER(STRSTARTS(STR(?mature), "https://identifiers.org/mirbase.mature:"))
        } ORDER BY ?mature ?gene""")
    pairs = []
    for mature, gene in table.rows:
        name = mature_names.get(str(mature).rsplit(":", 1)[-1])
        hit = genes.get(str(gene).rsplit(":", 1)[-1])
        if name and hit:
            pairs.append((name, hit[0], hit[1]))
    return pairs


def _skewed(rng: random.Random, items: list, hot: int = 50) -> object:
    """Mostly uniform, with a hot head (a few miRNAs and genes are studied far more than the rest)."""
    if rng.random() < 0.3:
        return items[int(rng.random() ** 3 * min(hot, len(items)))]
    return items[rng.randrange(len(items))]


def mirtarbase_rows(n: int, seed: int = 13, names: Names | None = None) -> Iterator[list[str]]:
    """``n`` rows of the miRTarBase release table (header not included)."""
    rng = random.Random(seed)
    names = names or load_names()
    curated = list(names.curated)
    rng.shuffle(curated)
    curated = curated[: int(len(curated) * 0.7)]  # some curated targets stay without external evidence
    produced, mirt = 0, 0
    while produced < n:
        mirt += 1
        mirt_id = f"MIRT{mirt:06d}"
        if mirt <= len(curated):
            mirna, symbol, entrez = curated[mirt - 1]
            species, target_species, strong = "Homo sapiens", "Homo sapiens", True
        else:
            mouse = rng.random() < 0.15
            mirna = _skewed(rng, names.mouse_mirnas if mouse else names.human_mirnas)[0]
            symbol, entrez, _ = _skewed(rng, names.genes)
            species = target_species = "Mus musculus" if mouse else "Homo sapiens"
            if mouse:
                symbol, entrez = symbol.capitalize(), ""  # no real mouse ids ship: such rows are rejected
            strong = rng.random() < 0.1
        repeats = 1 + int(rng.paretovariate(1.6)) % 8
        for _ in range(repeats):
            if produced >= n:
                return
            produced += 1
            methods = rng.sample(STRONG if strong else WEAK, k=1 + (rng.random() < 0.3))
            support = SUPPORT[0] if strong else rng.choice(SUPPORT[1:])
            row = [
                mirt_id,
                mirna,
                species,
                symbol,
                entrez if rng.random() < 0.9 else "",
                target_species,
                "//".join(methods),
                support,
                str(10_000_000 + rng.randrange(25_000_000)),
            ]
            yield _spoil(rng, row, names, species_column=2, mirna_column=1, gene_columns=(3, 4))


def _spoil(
    rng: random.Random,
    row: list[str],
    names: Names,
    *,
    species_column: int,
    mirna_column: int,
    gene_columns: tuple[int, ...],
) -> list[str]:
    """Turn a share of rows into rows that must be rejected, by kind (see ``BAD_KINDS``)."""
    draw = rng.random()
    for kind, share in BAD_KINDS.items():
        if draw >= share:
            draw -= share
            continue
        row = list(row)
        if kind == "unknown miRNA":
            row[mirna_column] = f"hsa-miR-{90000 + rng.randrange(9000)}-5p"
        elif kind == "retired miRNA":
            row[mirna_column] = rng.choice(names.dead)
        elif kind == "precursor name":
            row[mirna_column] = rng.choice(names.precursors)
        elif kind == "unknown gene":
            row[gene_columns[0]] = f"FAKEGENE{rng.randrange(100000)}"
            for column in gene_columns[1:]:
                row[column] = ""
        elif kind == "other species":
            row[species_column] = "Rattus norvegicus"
        elif kind == "mouse target without id" and len(gene_columns) > 1:
            row[species_column + 3 if species_column == 2 else species_column] = "Mus musculus"
            row[gene_columns[1]] = ""
        elif kind == "malformed":
            row = row[:-2]
        return row
    return row


def tarbase_rows(n: int, seed: int = 9, names: Names | None = None) -> Iterator[list[str]]:
    """``n`` rows of the TarBase v9 TSV (header not included)."""
    rng = random.Random(seed)
    names = names or load_names()
    produced = 0
    while produced < n:
        mirna, accession = _skewed(rng, names.human_mirnas)
        symbol, _, ensembl = _skewed(rng, names.genes)
        for _ in range(1 + int(rng.paretovariate(1.4)) % 10):
            if produced >= n:
                return
            produced += 1
            method = rng.choice(STRONG + WEAK)
            row = [
                "Homo sapiens",
                mirna,
                accession,
                symbol,
                ensembl,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                method,
                rng.choice(["DOWN", "UP", "-"]),
                rng.choice(TISSUES),
                rng.choice(CELL_LINES),
                str(10_000_000 + rng.randrange(25_000_000)),
                rng.choice(["1", "0", "0.5"]),
                "",
                "",
                "",
                "",
            ]
            yield _spoil(rng, row, names, species_column=0, mirna_column=1, gene_columns=(3, 4))


def write(source: str, rows: int, out: Path, seed: int | None = None, *, store: Store | None = None) -> Path:
    """Write a synthetic release file of the row format ``source`` (mirtarbase, tarbase); the file type follows
    ``out``'s suffix (.csv, .tsv, .xlsx). Written atomically: a failure (a full disk) leaves no partial file and
    names ``out``. ``store``: the graph whose curated pairs the miRTarBase rows reuse."""
    if source == "mirtarbase":
        names = load_names(store)
        header, body = list(MIRTARBASE_COLUMNS), mirtarbase_rows(rows, seed if seed is not None else 13, names)
    elif source == "tarbase":
        header, body = list(TARBASE_COLUMNS), tarbase_rows(rows, seed if seed is not None else 9)
    else:
        raise ValueError(f"unknown row format {source!r}")
    suffix = out.suffix.lower()
    with open_atomically(out) as handle:
        if suffix == ".xlsx":
            import openpyxl  # only for .xlsx output

            workbook = openpyxl.Workbook(write_only=True)
            sheet = workbook.create_sheet("miRTarBase" if source == "mirtarbase" else "TarBase")
            sheet.append(header)
            for row in body:
                sheet.append(row)
            buffer = io.BytesIO()  # openpyxl's zip writer cannot be closed cleanly after a failed write: none here
            workbook.save(buffer)
            handle.write(buffer.getbuffer())
            return out
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        if suffix == ".csv":
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(body)
        else:
            text.write("\t".join(header) + "\n")
            text.writelines("\t".join(row) + "\n" for row in body)
        text.flush()
        text.detach()  # the atomic writer closes the file itself
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", choices=["mirtarbase", "tarbase"], help="the row format")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    curated = OxigraphStore.from_files(graph_files()) if args.source == "mirtarbase" else None
    print(write(args.source, args.rows, args.out, args.seed, store=curated))


if __name__ == "__main__":
    main()
