"""KGX as Biolink expects it: the real ``kgx validate`` (offline, against the pinned ``biolink-model`` package)
on the release's KGX and on a store with ingested evidence, and the identifiers, categories and graph
metadata checked against Biolink's own files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, URIRef

from mirna_kg import api
from mirna_kg.building import validated_graph
from mirna_kg.ingest.synthetic import write
from mirna_kg.interop.kgx_validate import biolink_prefix_map, biolink_schema
from mirna_kg.kgx import (
    BIOLINK_VERSION,
    EDGES_FILE,
    LOCAL_PREFIXES,
    METADATA_FILE,
    MIRNA_CATEGORY,
    MIRNA_SO_TYPES,
    NODES_FILE,
    KgxTables,
    to_kgx,
)
from mirna_kg.namespaces import OBO


@pytest.fixture(scope="module")
def tables() -> KgxTables:
    return to_kgx(validated_graph().graph)


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def kgx_validate(folder: Path) -> dict[str, dict[str, dict[str, list[str]]]]:
    """Run ``kgx validate`` in a fresh process on the KGX files of ``folder``; its JSON report."""
    report = folder / "kgx-report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mirna_kg.interop.kgx_validate",
            str(folder / NODES_FILE),
            str(folder / EDGES_FILE),
            "--metadata",
            str(folder / METADATA_FILE),
            "--output",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    text = report.read_text(encoding="utf-8")
    return json.loads(text) if text.strip() else {}


def errors_of(report: dict[str, dict[str, dict[str, list[str]]]]) -> dict[tuple[str, str], list[str]]:
    return {
        (kind, message): ids for kind, messages in report.get("ERROR", {}).items() for message, ids in messages.items()
    }


def assert_valid(folder: Path) -> None:
    report = kgx_validate(folder)
    assert errors_of(report) == {}, f"kgx validate: {list(errors_of(report))[:5]}"
    assert report == {}, f"kgx validate reports no warning either: {report}"


@pytest.mark.slow
def test_kgx_validate_accepts_the_release(tmp_path: Path) -> None:
    api.export("kgx", tmp_path)
    assert_valid(tmp_path)


@pytest.mark.slow
def test_kgx_validate_accepts_an_evidence_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    api.load_store(store, with_inferred=False)
    for source, seed in (("mirtarbase", 3), ("tarbase", 5)):
        rows = write(source, 400, tmp_path / f"{source}.tsv", seed=seed)
        api.ingest_release(store, source, rows, rejects=tmp_path / f"{source}-rejects.tsv")
    out = tmp_path / "kgx"
    api.export("kgx", out, store=store)
    edges = _tsv(out / EDGES_FILE)
    assert sum(1 for e in edges if e["original_predicate"] == "mkg:interaction") > 100
    assert_valid(out)


def test_the_validator_catches_a_prefix_biolink_does_not_know(tables: KgxTables, tmp_path: Path) -> None:
    """The check can fail: a node under identifiers.org's mature-miRNA prefix is an error."""
    bad = [dict(n) for n in tables.nodes]
    bad[0]["id"] = "mirbase.mature:MIMAT0000076"
    (tmp_path / NODES_FILE).write_text(KgxTables(bad, []).nodes_tsv(), encoding="utf-8")
    (tmp_path / EDGES_FILE).write_text(KgxTables([], []).edges_tsv(), encoding="utf-8")
    (tmp_path / METADATA_FILE).write_text(tables.metadata_json(), encoding="utf-8")
    errors = errors_of(kgx_validate(tmp_path))
    assert any("mirbase.mature" in message for _, message in errors), errors


def test_ids_use_biolink_prefixes_or_the_declared_local_ones(tables: KgxTables) -> None:
    biolink = biolink_prefix_map()
    assert not set(LOCAL_PREFIXES) & set(biolink), "a local prefix shadows one of Biolink's"
    assert all(iri.startswith("https://w3id.org/mirna-kg/") for iri in LOCAL_PREFIXES.values())
    for row in tables.nodes:
        prefix = row["id"].split(":", 1)[0]
        assert prefix in biolink or prefix in LOCAL_PREFIXES, row
    for edge in tables.edges:
        for end in (edge["subject"], edge["object"]):
            assert end.split(":", 1)[0] in biolink or end.split(":", 1)[0] in LOCAL_PREFIXES, edge["id"]


def test_external_ids_use_the_prefixes_biolink_prefers_for_their_category(tables: KgxTables) -> None:
    """From the package's preferred_prefixes_per_class.json: genes HGNC, cells CL, diseases MONDO, processes
    GO, miRNAs mirbase (mature ones too: the accession under miRBase's prefix, the exact IRI in ``iri``)."""
    text = (files("biolink_model") / "prefixmaps" / "preferred_prefixes_per_class.json").read_text(encoding="utf-8")
    preferred = {
        c["class_name"]: {p["prefix"] for p in c["prefix_map"]} for c in json.loads(text)["biolink_class_prefixes"]
    }
    for row in tables.nodes:
        prefix = row["id"].split(":", 1)[0]
        # a miRNA's category is the ancestor kgx accepts; its SO type says it is a biolink:MicroRNA
        klass = "biolink:MicroRNA" if row["category"] == MIRNA_CATEGORY else row["category"]
        if prefix not in LOCAL_PREFIXES:
            assert prefix in preferred[klass], row
    mature = [n for n in tables.nodes if n["iri"].startswith("https://identifiers.org/mirbase.mature:")]
    assert mature and all(n["id"] == "mirbase:" + n["iri"].rsplit(":", 1)[1] for n in mature)


def test_categories_and_predicates_are_biolink_elements(tables: KgxTables) -> None:
    from bmt import Toolkit

    toolkit = Toolkit(biolink_schema(), {"predicate mappings": []})
    assert toolkit.get_model_version() == BIOLINK_VERSION
    for category in {n["category"] for n in tables.nodes}:
        assert toolkit.is_category(category), category
    for predicate in {e["predicate"] for e in tables.edges}:
        assert toolkit.is_predicate(predicate), predicate


def test_the_pinned_biolink_version_is_the_installed_package() -> None:
    assert version("biolink-model") == BIOLINK_VERSION


def test_metadata_pins_biolink_and_counts_the_tables(tables: KgxTables) -> None:
    metadata = json.loads(tables.metadata_json())
    assert metadata["biolink_version"] == BIOLINK_VERSION
    assert metadata["local_prefixes"] == LOCAL_PREFIXES
    counts = Counter(n["category"] for n in tables.nodes)
    assert {c: v["count"] for c, v in metadata["nodes"].items()} == counts
    categories = {n["id"]: n["category"] for n in tables.nodes}
    triples = Counter((categories[e["subject"]], e["predicate"], categories[e["object"]]) for e in tables.edges)
    assert {(e["subject"], e["predicate"], e["object"]): e["count"] for e in metadata["edges"]} == triples
    assert tables.metadata_json() == to_kgx(validated_graph().graph).metadata_json(), "byte-stable"


def test_mirna_nodes_are_transcripts_typed_by_the_sequence_ontology(tables: KgxTables) -> None:
    """Every miRNA node (and only those) has the SO class of its accession, the same class the ontology puts above
    the node's own type (mkg:MatureMicroRNA -> SO:0000276, mkg:PrecursorMicroRNA -> SO:0001244)."""
    graph = validated_graph().graph
    mirnas = [n for n in tables.nodes if n["category"] == MIRNA_CATEGORY]
    assert {n["type"] for n in mirnas} == set(MIRNA_SO_TYPES.values())
    assert all(n["type"] == "" for n in tables.nodes if n["category"] != MIRNA_CATEGORY)
    for node in mirnas:
        iri = URIRef(node["iri"])
        above = {
            str(parent)
            for klass in graph.objects(iri, RDF.type)
            for parent in graph.objects(klass, RDFS.subClassOf)
            if str(parent).startswith(str(OBO) + "SO_")
        }
        assert above == {str(OBO) + node["type"].replace(":", "_")}, node
