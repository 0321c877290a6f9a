"""Benchmark: the draft of each review's text against the curated graph (the curated graph as truth).

For each review in ``../shared/seeds/`` (000 = gu2026, 002 = pan2020) the draft is made from the text alone and
compared with the review's curated statements:

- claim units (review x miRNA x cancer): recall and precision, over the statements with a miRNA and a cancer
  (regulatory claims, biomarkers, therapeutics) against the draft rows with both grounded;
- (miRNA, target) pairs: recall and precision against the curated ``mkg:targetGene``;
- effect agreement: over draft rows that state an effect and whose unit the curated graph gives an effect, the
  share whose effect is one the curated graph gives that unit;
- quotes: the share of the draft's quotes found verbatim in the text (the import's own check).

Targets (issue 23): unit recall >= 0.90 and precision >= 0.70 on each review, quotes 100%, effect >= 0.85.

    python benchmarks/draft.py [--seeds ../shared/seeds]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from mirna_kg.curation.draft import draft_rows
from mirna_kg.curation.grounding import grounder
from mirna_kg.curation.sheets import quote_found, source_texts
from mirna_kg.loading import load
from mirna_kg.namespaces import MKG, compress
from mirna_kg.resources import graph_files, project
from mirna_kg.reviews import reviews

SEEDS = {"gu2026": "000_", "pan2020": "002_"}
EFFECTS = {MKG.promotesTumor: "promotes", MKG.inhibitsTumor: "inhibits"}


def curated(key: str) -> tuple[set, set, dict]:
    graph = load(graph_files()).graph
    iri = reviews()[key].iri
    units, pairs, effects = set(), set(), defaultdict(set)
    for statement in graph.subjects(MKG.statedIn, iri):
        mirnas = [compress(str(m)) for m in graph.objects(statement, MKG.mirna)]
        cancers = [compress(str(c)) for c in graph.objects(statement, MKG.cancer)]
        effect = EFFECTS.get(graph.value(statement, MKG.effectOnTumor))
        for m in mirnas:
            for c in cancers:
                units.add((m, c))
                if effect:
                    effects[(m, c)].add(effect)
            pairs |= {(m, compress(str(g))) for g in graph.objects(statement, MKG.targetGene)}
    return units, pairs, effects


def drafted(rows: list[dict[str, str]]) -> tuple[set, set, list]:
    units, pairs, stated = set(), set(), []
    for row in rows:
        mirnas = [m for m in row["mirna"].split("; ") if m]
        cancers = [c for c in row["cancer"].split("; ") if c]
        targets = [t.rsplit("(", 1)[-1].rstrip(")") for t in row["targets"].split("; ") if t]
        for m in mirnas:
            for c in cancers:
                units.add((m, c))
                if row["effect"]:
                    stated.append(((m, c), row["effect"]))
            pairs |= {(m, t) for t in targets}
    return units, pairs, stated


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=None, help="folder of the review texts (../shared/seeds)")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra units")
    args = parser.parse_args()
    root = project().root
    candidates = (
        [args.seeds] if args.seeds else [root.parent / "shared" / "seeds", root.parent.parent / "shared" / "seeds"]
    )
    args.seeds = next((c for c in candidates if c.is_dir()), candidates[0])
    lookups = grounder(project().root.resolve())
    print(
        f"{'review':8} {'rows':>5} {'unit R':>7} {'unit P':>7} {'pair R':>7} {'pair P':>7} {'effect':>7} "
        f"{'quotes':>7} {'time':>6}"
    )
    for key, prefix in SEEDS.items():
        text_path = next(args.seeds.glob(f"{prefix}*.txt"))
        text = text_path.read_text(encoding="utf-8")
        started = time.perf_counter()
        rows = draft_rows(text, lookups)
        elapsed = time.perf_counter() - started
        true_units, true_pairs, true_effects = curated(key)
        units, pairs, stated = drafted(rows)
        judged = [(u, e) for u, e in stated if true_effects.get(u)]
        agree = sum(1 for u, e in judged if e in true_effects[u])
        texts = source_texts(text)
        quotes = [r["quote"] for r in rows if r["quote"]]
        found = sum(1 for q in quotes if quote_found(q, texts))
        print(
            f"{key:8} {len(rows):>5} {ratio(len(units & true_units), len(true_units)):>7.3f} "
            f"{ratio(len(units & true_units), len(units)):>7.3f} "
            f"{ratio(len(pairs & true_pairs), len(true_pairs)):>7.3f} "
            f"{ratio(len(pairs & true_pairs), len(pairs)):>7.3f} {ratio(agree, len(judged)):>7.3f} "
            f"{ratio(found, len(quotes)):>7.3f} {elapsed:>5.1f}s"
        )
        if args.verbose:
            for unit in sorted(true_units - units):
                print("   missed", *unit)
            for unit in sorted(units - true_units):
                print("   extra ", *unit)
            for unit, effect in judged:
                if effect not in true_effects[unit]:
                    print("   effect", *unit, effect, "curated:", *sorted(true_effects[unit]))


if __name__ == "__main__":
    main()
