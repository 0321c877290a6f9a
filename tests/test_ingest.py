"""Ingest of external evidence: mapping, rejects, streaming load with swap, re-ingest, checks, evidence queries.

Every test works on small synthetic release files made by the project's own generator (real names from the
shipped tables) or on hand-written rows with known answers.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from mirna_kg import api
from mirna_kg.errors import InputError, StoreError
from mirna_kg.ingest.evidence import evidence_for
from mirna_kg.ingest.loader import check_queries, run_checks
from mirna_kg.ingest.mapping import release_mapper
from mirna_kg.ingest.reference import ReferenceTables, reference_tables
from mirna_kg.ingest.sources import (
    METHOD_CELLS,
    MIRTARBASE_COLUMNS,
    CheckViolation,
    Reject,
    RowMapper,
    mirtarbase_row,
    record_base,
)
from mirna_kg.ingest.synthetic import write
from mirna_kg.namespaces import compress, interaction_parts, release_graph
from mirna_kg.queries import read_query
from mirna_kg.stores.oxigraph import OxigraphStore

from .cli_runner import CliRunner

ROOT = Path(__file__).resolve().parents[1]
MTB = str(release_graph("mirtarbase", "10.0"))
CURATED = "https://w3id.org/mirna-kg/graph/curated"


@pytest.fixture(scope="module")
def curated() -> OxigraphStore:
    """The project's graph, whose miRNA–target pairs the synthetic miRTarBase rows reuse."""
    return api.open_store()


@pytest.fixture(scope="module")
def release_csv(tmp_path_factory: pytest.TempPathFactory, curated: OxigraphStore) -> Path:
    return write("mirtarbase", 3000, tmp_path_factory.mktemp("rel") / "mirtarbase.csv", store=curated)


def graph_dump(folder: Path, graph: str) -> list[str]:
    store = ox.Store.read_only(str(folder))
    return sorted(str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def graph_of(folder: Path, graph: str) -> Graph:
    """A named graph of an on-disk store as an rdflib graph (to compare up to blank-node labels)."""
    data = ox.Store.read_only(str(folder)).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def data_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[1:]


HAND_ROWS = [  # (row, expected reject reason or None)
    (
        [
            "MIRT000001",
            "hsa-miR-21-5p",
            "Homo sapiens",
            "PTEN",
            "5728",
            "Homo sapiens",
            "Luciferase reporter assay//Western blot",
            "Functional MTI",
            "19270761",
        ],
        None,
    ),
    (
        [
            "MIRT000001",
            "hsa-miR-21-5p",
            "Homo sapiens",
            "PTEN",
            "5728",
            "Homo sapiens",
            "qRT-PCR",
            "Functional MTI",
            "19270762",
        ],
        None,
    ),
    (
        [
            "MIRT000002",
            "hsa-miR-21",
            "Homo sapiens",
            "MMAC1",
            "",
            "Homo sapiens",
            "HITS-CLIP",
            "Non-Functional MTI (Weak)",
            "22000000",
        ],
        None,
    ),
    (
        [
            "MIRT000003",
            "mmu-miR-155-5p",
            "Mus musculus",
            "Pten",
            "19211",
            "Mus musculus",
            "Western blot",
            "Functional MTI",
            "23000000",
        ],
        None,
    ),
    (
        ["MIRT000004", "hsa-miR-566", "Homo sapiens", "PTEN", "5728", "Homo sapiens", "qRT-PCR", "Functional MTI", "1"],
        "retired miRNA name",
    ),
    (
        ["MIRT000005", "hsa-mir-21", "Homo sapiens", "PTEN", "5728", "Homo sapiens", "qRT-PCR", "Functional MTI", "1"],
        "precursor, not mature miRNA name",
    ),
    (
        [
            "MIRT000006",
            "hsa-miR-99999-5p",
            "Homo sapiens",
            "PTEN",
            "5728",
            "Homo sapiens",
            "qRT-PCR",
            "Functional MTI",
            "1",
        ],
        "unknown miRNA name",
    ),
    (
        [
            "MIRT000007",
            "rno-miR-21-5p",
            "Rattus norvegicus",
            "Pten",
            "50557",
            "Rattus norvegicus",
            "qRT-PCR",
            "Functional MTI",
            "1",
        ],
        "species not human or mouse",
    ),
    (
        [
            "MIRT000008",
            "hsa-miR-21-5p",
            "Homo sapiens",
            "NOTAGENE1",
            "",
            "Homo sapiens",
            "qRT-PCR",
            "Functional MTI",
            "1",
        ],
        "unknown gene",
    ),
    (["MIRT000009", "hsa-miR-21-5p", "Homo sapiens", "PTEN"], "malformed line: wrong number of fields"),
    (
        [
            "MIRT000010",
            "hsa-miR-21-5p",
            "Homo sapiens",
            "PTEN",
            "5728",
            "Homo sapiens",
            "qRT-PCR",
            "Functional MTI",
            "PMC12",
        ],
        "malformed line: bad PMID",
    ),
]


@pytest.fixture
def hand_file(tmp_path: Path) -> Path:
    path = tmp_path / "hand.tsv"
    lines = ["\t".join(MIRTARBASE_COLUMNS)] + ["\t".join(row) for row, _ in HAND_ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "value", ["plain", 'a "quoted" word', "back\\slash", "tab\there", "two\nlines", "\r", "Zürich"]
)
def test_literals_round_trip_through_n_triples(value: str) -> None:
    from mirna_kg.ingest.sources import lit

    (triple,) = ox.parse(f"<http://example.org/s> <http://example.org/p> {lit(value)} .", ox.RdfFormat.N_TRIPLES)
    assert triple.object.value == value


def test_reference_tables_ship_and_map() -> None:
    tables = reference_tables()
    assert tables.mirna("hsa-miR-155-5p")[0] == "MIMAT0000646"
    assert tables.mirna("hsa-let-7a*") == ("MIMAT0004481", "hsa", "hsa-let-7a-3p")  # an older name
    assert tables.gene(None, "5728") == ("9588", "PTEN")  # by Entrez ID
    assert tables.gene("MMAC1", None) == ("9588", "PTEN")  # by alias
    readme = (ROOT / "data" / "reference" / "README.md").read_text()
    for path in (ROOT / "data" / "reference").glob("*.gz"):
        assert path.name in readme, f"{path.name} has no source/version line in data/reference/README.md"
    assert sum(p.stat().st_size for p in (ROOT / "data" / "reference").glob("*.gz")) < 5_000_000


def test_hand_rows_map_or_reject_with_their_reason(store: Path, hand_file: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.tsv"
    result = api.ingest_release(store, "mirtarbase", hand_file, rejects=rejects)
    expected = [(number, reason) for number, (_, reason) in enumerate(HAND_ROWS, start=2) if reason]
    with rejects.open(encoding="utf-8") as handle:
        found = [(int(r["line"]), r["reason"]) for r in csv.DictReader(handle, delimiter="\t")]
    assert found == expected
    assert result.ingested == 4 and result.rows == len(HAND_ROWS)
    with api.open_store(store) as opened:
        pten = evidence_for(opened, gene_iri="https://identifiers.org/hgnc:9588")
        assert {(e.mirna_name, e.records, e.strongest_support) for e in pten} == {
            ("hsa-miR-21-5p", 3, "Functional MTI")
        }
        assert set(pten[0].pmids) == {"19270761", "19270762", "22000000"}
        mouse = evidence_for(opened, gene_iri="https://identifiers.org/ncbigene:19211")
        assert [(e.mirna_name, e.gene_symbol) for e in mouse] == [("mmu-miR-155-5p", "Pten")]
        assert run_checks(opened, MTB) == []


def test_every_row_is_ingested_or_rejected_with_its_line(store: Path, release_csv: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.tsv"
    result = api.ingest_release(store, "mirtarbase", release_csv, rejects=rejects)
    lines = data_lines(release_csv)
    assert result.rows == len(lines)
    with rejects.open(encoding="utf-8") as handle:
        rejected = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    assert result.ingested + len(rejected) == len(lines)
    assert sum(result.rejects.values()) == len(rejected)
    for line, reason, raw in rejected:
        assert lines[int(line) - 2] == raw and reason in result.rejects
    assert {
        "unknown miRNA name",
        "retired miRNA name",
        "unknown gene",
        "species not human or mouse",
        "malformed line: wrong number of fields",
    } <= set(result.rejects)
    summary = result.summary()
    assert all(reason in summary for reason in result.rejects)


@pytest.mark.slow
def test_reingest_gives_the_same_graph_and_replaces_it(store: Path, release_csv: Path, tmp_path: Path) -> None:
    api.ingest_release(store, "mirtarbase", release_csv, rejects=tmp_path / "r1.tsv")
    first = graph_dump(store, MTB)
    api.ingest_release(store, "mirtarbase", release_csv, rejects=tmp_path / "r2.tsv")
    assert graph_dump(store, MTB) == first
    curated = graph_of(store, CURATED)
    smaller = write("mirtarbase", 300, tmp_path / "small.csv")
    api.ingest_release(store, "mirtarbase", smaller, rejects=tmp_path / "r3.tsv")
    again = graph_dump(store, MTB)
    assert 0 < len(again) < len(first)
    assert isomorphic(graph_of(store, CURATED), curated)  # copied beside the new release: blank nodes relabelled


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".tsv", ".xlsx"])
def test_tsv_and_xlsx_give_the_graph_of_csv(
    base_store: Path, tmp_path: Path, suffix: str, curated: OxigraphStore
) -> None:
    import shutil

    graphs = []
    for kind in (".csv", suffix):
        folder = tmp_path / f"store{kind}"
        shutil.copytree(base_store, folder)
        path = write("mirtarbase", 400, tmp_path / f"release{kind}", store=curated)
        api.ingest_release(folder, "mirtarbase", path, rejects=tmp_path / f"rejects{kind}.tsv")
        graphs.append([t for t in graph_dump(folder, MTB) if "/dataset/" not in t.split()[0]])
    if suffix == ".tsv":
        assert graphs[0] == graphs[1]
    else:  # a sheet row with cells missing at the end is a row with empty cells, not a malformed line
        assert set(graphs[0]) < set(graphs[1])


def test_the_triple_count_is_the_graph_it_wrote(store: Path, hand_file: Path, tmp_path: Path) -> None:
    result = api.ingest_release(store, "mirtarbase", hand_file, rejects=tmp_path / "rejects.tsv")
    release_node = "https://w3id.org/mirna-kg/dataset/mirtarbase-10.0"
    in_graph = graph_dump(store, MTB)
    assert result.triples == len([t for t in in_graph if not t.startswith(f"<{release_node}>")])


TARBASE_HAND = [  # mirna_name, gene_name, gene_id, regulation, article_pubmed_id, experimental_method
    ("hsa-miR-21-5p", "PTEN", "ENSG00000171862", "DOWN", "20000001", "Luciferase reporter assay"),
    ("hsa-miR-155-5p", "SOCS1", "", "-", "20000002", "HITS-CLIP"),
]


def _kgx(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.slow
def test_kgx_export_has_one_edge_per_evidence_record(store: Path, hand_file: Path, tmp_path: Path) -> None:
    """The evidence tier in KGX beside the claims: each record an edge whose ends, predicate, publications and
    source say what the record says (hand rows with known answers, for both databases)."""
    from mirna_kg.building import EDGES_NAME, NODES_NAME
    from mirna_kg.ingest.synthetic import TARBASE_COLUMNS
    from mirna_kg.kgx import kgx_curie

    api.ingest_release(store, "mirtarbase", hand_file, rejects=tmp_path / "r1.tsv")
    tarbase = tmp_path / "tarbase.tsv"
    rows = [dict.fromkeys(TARBASE_COLUMNS, "") for _ in TARBASE_HAND]
    for row, (mirna, gene, ensembl, regulation, pmid, method) in zip(rows, TARBASE_HAND, strict=True):
        row.update(
            species="Homo sapiens",
            mirna_name=mirna,
            gene_name=gene,
            gene_id=ensembl,
            regulation=regulation,
            article_pubmed_id=pmid,
            experimental_method=method,
            confidence="1.0",
        )
    lines = ["\t".join(TARBASE_COLUMNS)] + ["\t".join(r[c] for c in TARBASE_COLUMNS) for r in rows]
    tarbase.write_text("\n".join(lines) + "\n", encoding="utf-8")
    api.ingest_release(store, "tarbase", tarbase, rejects=tmp_path / "r2.tsv")

    out = tmp_path / "kgx"
    exported = api.export("kgx", out, store=store)
    assert "edges" in exported.summary
    nodes = {n["id"]: n for n in _kgx(out, NODES_NAME)}
    edges = _kgx(out, EDGES_NAME)
    evidence = {e["id"]: e for e in edges if e["original_predicate"] == "mkg:interaction"}
    claims = [e for e in edges if e["claim"]]
    assert claims and evidence and len(evidence) + len(claims) == len(edges)
    assert all(e["subject"] in nodes and e["object"] in nodes for e in edges)

    with api.open_store(store) as opened:
        records = opened.select(
            "PREFIX mkg: <https://w3id.org/mirna-kg/ontology/> SELECT ?r ?m ?g WHERE { "
            "?r mkg:interaction ?i . ?i mkg:interactingMirna ?m ; mkg:interactionTarget ?g }"
        )
    expected = {compress(str(r)): (kgx_curie(str(m)), kgx_curie(str(g))) for r, m, g in records.rows}
    assert {k: (e["subject"], e["object"]) for k, e in evidence.items()} == expected

    mirt1 = evidence["mkge:mirtarbase-10.0/MIRT000001-19270761"]
    assert (mirt1["subject"], mirt1["predicate"], mirt1["object"]) == (
        "mirbase:MIMAT0000076",
        "biolink:regulates",
        "HGNC:9588",
    )
    assert mirt1["publications"] == "PMID:19270761"
    assert mirt1["experimental_methods"] == "Luciferase reporter assay|Western blot"
    assert (mirt1["support_type"], mirt1["agent_type"]) == ("Functional MTI", "manual_agent")
    assert mirt1["primary_knowledge_source"] == "mkgd:mirtarbase-10.0"
    weak = evidence["mkge:mirtarbase-10.0/MIRT000002-22000000"]
    assert weak["predicate"] == "biolink:physically_interacts_with"  # binding only: Non-Functional MTI (Weak)
    tar = [e for e in evidence.values() if e["primary_knowledge_source"] == "mkgd:tarbase-9.0"]
    by_pmid = {e["publications"]: e for e in tar}
    assert (by_pmid["PMID:20000001"]["predicate"], by_pmid["PMID:20000001"]["object_direction_qualifier"]) == (
        "biolink:regulates",
        "decreased",
    )
    assert by_pmid["PMID:20000002"]["predicate"] == "biolink:interacts_with"  # no support type, no direction
    assert {e["agent_type"] for e in tar} == {"not_provided"}
    mir155 = nodes["mirbase:MIMAT0000646"]  # miR-155-5p, from TarBase: a mature miRNA
    assert (mir155["category"], mir155["type"]) == ("biolink:Transcript", "SO:0000276")
    assert nodes["NCBIGene:19211"]["name"] == "Pten"  # a mouse gene, named as the record names it


def test_kgx_export_with_a_store_refuses_the_release_folder(store: Path, tmp_path: Path) -> None:
    from mirna_kg.building import EDGES_NAME
    from mirna_kg.errors import OutputError
    from mirna_kg.writing import MANIFEST_NAME

    release = tmp_path / "dist"
    release.mkdir()
    (release / EDGES_NAME).write_text("id\n")
    (release / MANIFEST_NAME).write_text(json.dumps({"files": {EDGES_NAME: "0"}}))
    with pytest.raises(OutputError, match="curated graph alone"):
        api.export("kgx", release, store=store)
    assert (release / EDGES_NAME).read_text() == "id\n"
    with pytest.raises(InputError, match="--format kgx"):
        api.export("turtle", tmp_path / "x.ttl", store=store)


@pytest.mark.slow
@pytest.mark.parametrize("cheaper", ["removing the release", "copying the rest"])
def test_a_writable_copy_leaves_the_release_out_either_way(
    store: Path, release_csv: Path, tmp_path: Path, cheaper: str
) -> None:
    """Re-ingest copies the store without the old release graph, by whichever way is cheaper for the sizes;
    both give the same graphs (blank nodes relabelled), and neither holds the removals in memory."""
    import re

    from mirna_kg.stores.oxigraph import Manifest, writable_copy

    api.ingest_release(store, "mirtarbase", release_csv, rejects=tmp_path / "r.tsv")
    graphs = Manifest.read(store).graphs
    sizes = {g: 1 if (g == MTB) == (cheaper == "removing the release") else 10**9 for g in graphs}
    copy = writable_copy(store, tmp_path / "copy", without=MTB, sizes=sizes)
    kept = sorted(g.value for g in copy.named_graphs())
    assert kept == sorted(g for g in graphs if g != MTB)
    blank = re.compile(r"_:\S+")

    def lines(opened: ox.Store, graph: str) -> list[str]:
        text = opened.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)).decode()
        return sorted(blank.sub("_:", line) for line in text.splitlines())

    original = ox.Store.read_only(str(store))
    assert all(lines(copy, g) == lines(original, g) for g in kept)


def test_tarbase(store: Path, tmp_path: Path) -> None:
    path = write("tarbase", 1500, tmp_path / "tarbase.tsv")
    result = api.ingest_release(store, "tarbase", path, rejects=tmp_path / "rejects.tsv")
    assert result.ingested > 1200 and result.ingested + sum(result.rejects.values()) == 1500
    with api.open_store(store) as opened:
        assert run_checks(opened, str(release_graph("tarbase", "9.0"))) == []
        table = opened.select(
            "PREFIX mkg: <https://w3id.org/mirna-kg/ontology/> SELECT (COUNT(*) AS ?n) WHERE { ?r mkg:cellLine ?c }"
        )
        assert int(table.rows[0][0]) > 0


@pytest.mark.slow
def test_killed_ingest_leaves_the_store_as_it_was(store: Path, tmp_path: Path) -> None:
    before = sorted(ox.Store.read_only(str(store)).named_graphs(), key=str)
    size = len(ox.Store.read_only(str(store)))
    big = write("mirtarbase", 150_000, tmp_path / "big.tsv")
    command = [
        sys.executable,
        "-m",
        "mirna_kg",
        "ingest",
        "mirtarbase",
        str(big),
        "--store",
        str(store),
        "--rejects",
        str(tmp_path / "rejects.tsv"),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while not stagings(store) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    reopened = ox.Store.read_only(str(store))
    assert sorted(reopened.named_graphs(), key=str) == before and len(reopened) == size
    assert not (tmp_path / "rejects.tsv").exists()
    # the next ingest clears the leftover staging copy and succeeds
    assert stagings(store), "the killed ingest left its staging copy"
    api.ingest_release(store, "mirtarbase", write("mirtarbase", 200, tmp_path / "s.csv"), rejects=tmp_path / "r.tsv")
    assert not stagings(store)


def stagings(store: Path) -> list[Path]:
    """The staging folders of ingests and loads beside ``store`` (one per run: ``.NAME.staging-XXXX``)."""
    return sorted(store.parent.glob(f".{store.name}.staging*"))


def test_every_database_in_the_data_has_a_row_reader() -> None:
    """The databases are data (data/ttl/databases.ttl); reading their rows is code: the two must match."""
    from mirna_kg.ingest.databases import databases
    from mirna_kg.ingest.sources import ROW_FORMATS

    assert {d.row_format for d in databases().values()} <= set(ROW_FORMATS)
    assert all(d.homepage.startswith("https://") and d.default_release for d in databases().values())


def test_an_unknown_database_names_the_known_ones(store: Path, release_csv: Path) -> None:
    with pytest.raises(InputError, match=r"databases\.ttl has mirtarbase, tarbase"):
        api.ingest_release(store, "mirbase", release_csv)


def test_a_mapping_that_stops_early_is_refused(store: Path, release_csv: Path, tmp_path: Path, monkeypatch) -> None:
    """A mapping child that dies after writing part of the release leaves no result: the partial load is
    refused and the store stays as it was."""
    from mirna_kg.ingest import producer

    before = graph_dump(store, CURATED)
    triple = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    script = f"import sys; sys.stdout.write({triple!r}); sys.exit(3)"
    monkeypatch.setattr(producer, "command", lambda *args: [sys.executable, "-c", script])
    with pytest.raises(InputError, match="exit code 3"):
        api.ingest_release(store, "mirtarbase", release_csv, rejects=tmp_path / "r.tsv")
    assert MTB not in {g.value for g in ox.Store.read_only(str(store)).named_graphs()}
    assert graph_dump(store, CURATED) == before
    assert not (tmp_path / "r.tsv").exists()


def test_an_unwritable_rejects_file_fails_before_loading(store: Path, release_csv: Path, tmp_path: Path) -> None:
    from mirna_kg.errors import OutputError

    (tmp_path / "a-file").write_text("x")
    with pytest.raises(OutputError, match="a-file"):
        api.ingest_release(store, "mirtarbase", release_csv, rejects=tmp_path / "a-file" / "rejects.tsv")
    assert MTB not in {g.value for g in ox.Store.read_only(str(store)).named_graphs()}


def test_a_wrong_header_touches_nothing(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        api.ingest_release(store, "mirtarbase", path)
    assert MTB not in {g.value for g in ox.Store.read_only(str(store)).named_graphs()}


MKG_NS = "https://w3id.org/mirna-kg/ontology/"
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RECORD = "<https://w3id.org/mirna-kg/evidence/mirtarbase-10.0/MIRT000001-19270761>"
INTERACTION = "<https://w3id.org/mirna-kg/evidence/interaction/MIMAT0000076-hgnc.9588>"
OTHER = "<https://w3id.org/mirna-kg/evidence/interaction/MIMAT0000077-hgnc.9588>"
MIR21 = "<https://identifiers.org/mirbase.mature:MIMAT0000076>"
PTEN = "<https://identifiers.org/hgnc:9588>"
TYPED_RECORD = f"{RECORD} {A} <{MKG_NS}TargetInteractionEvidence> ."
LINKED_RECORD = f"{RECORD} <{MKG_NS}interaction> {INTERACTION} ."
TYPED_INTERACTION = f"{INTERACTION} {A} <{MKG_NS}MirnaTargetInteraction> ."
INTERACTION_MIRNA = f"{INTERACTION} <{MKG_NS}interactingMirna> {MIR21} ."
INTERACTION_TARGET = f"{INTERACTION} <{MKG_NS}interactionTarget> {PTEN} ."
SOUND_RELEASE = [
    TYPED_RECORD,
    LINKED_RECORD,
    f"{RECORD} <{MKG_NS}supportType> <{MKG_NS}functionalMTI> .",
    TYPED_INTERACTION,
    INTERACTION_MIRNA,
    INTERACTION_TARGET,
]
FUNCTIONAL = f"<{MKG_NS}functionalMTI>"
BROKEN_RELEASES = {  # the problem a check must report -> (triple removed from the sound release, triples added)
    "no interaction": (LINKED_RECORD, []),
    "two interactions": (
        None,
        [
            f"{RECORD} <{MKG_NS}interaction> {OTHER} .",
            f"{OTHER} {A} <{MKG_NS}MirnaTargetInteraction> .",
            f"{OTHER} <{MKG_NS}interactingMirna> <https://identifiers.org/mirbase.mature:MIMAT0000077> .",
            f"{OTHER} <{MKG_NS}interactionTarget> {PTEN} .",
        ],
    ),
    "not an evidence record": (TYPED_RECORD, []),
}


def _release_store(text: str) -> OxigraphStore:
    """A store with the ontology (support ranks) and ``text`` as the release graph."""
    checked = OxigraphStore.from_files([ROOT / "ontology" / "mirna-kg.ttl"])
    checked.store.load(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(MTB))
    return checked


def test_checks_pass_a_sound_release() -> None:
    assert run_checks(_release_store("\n".join(SOUND_RELEASE)), MTB, {FUNCTIONAL: RECORD}) == []


@pytest.mark.parametrize("problem", BROKEN_RELEASES)
def test_checks_find_each_broken_record(problem: str) -> None:
    removed, added = BROKEN_RELEASES[problem]
    broken = _release_store("\n".join([t for t in SOUND_RELEASE if t != removed] + added))
    problems = run_checks(broken, MTB, {FUNCTIONAL: RECORD})
    assert any(problem in p and RECORD[1:-1] in p for p in problems), problems


def test_checks_find_a_support_type_the_ontology_does_not_rank() -> None:
    """Checked for the support types the rows used (the mapping reports each with its first record)."""
    sound = _release_store("\n".join(SOUND_RELEASE))
    problems = run_checks(sound, MTB, {FUNCTIONAL: RECORD, f"<{MKG_NS}strongSupport>": RECORD})
    assert problems == [f"support-type: {RECORD[1:-1]} unranked support type {MKG_NS}strongSupport"]


@pytest.mark.parametrize("path", check_queries(), ids=lambda p: p.stem)
def test_check_headers(path: Path) -> None:
    query = read_query(path)
    assert {"title", "description", "source", "columns"} <= set(query.header)
    assert [p.name for p in query.parameters] in (["graph"], ["support"])


def _mapper(**tables: dict) -> RowMapper:
    """A row mapper over hand-made reference tables (miR-21-5p and PTEN, or broken versions of them)."""
    tables = {
        "mature_by_name": {"hsa-miR-21-5p": ("MIMAT0000076", "hsa", "hsa-miR-21-5p")},
        "hgnc_by_entrez": {"5728": ("9588", "PTEN")},
        **tables,
    }
    return RowMapper(ReferenceTables(**tables), "<http://example.org/release>", record_base("mirtarbase", "10.0"))


SOUND_ROW = dict(zip(MIRTARBASE_COLUMNS, HAND_ROWS[0][0], strict=True))
BROKEN_TABLES = {  # a reference table that breaks a promise -> the check the row breaks and its problem
    "precursor accession": (
        {"mature_by_name": {"hsa-miR-21-5p": ("MI0000077", "hsa", "hsa-miR-21-5p")}},
        "identifier-namespace: https://w3id.org/mirna-kg/evidence/interaction/MI0000077-hgnc.9588 "
        "miRNA is not a MIMAT accession: MI0000077",
    ),
    "accession with a dash (the IRI would name another pair)": (
        {"mature_by_name": {"hsa-miR-21-5p": ("MIMAT0000076-hgnc", "hsa", "hsa-miR-21-5p")}},
        "miRNA is not a MIMAT accession: MIMAT0000076-hgnc",
    ),
    "gene without an id": ({"hgnc_by_entrez": {"5728": ("", "PTEN")}}, "target is not a gene CURIE: hgnc:"),
}


def test_a_sound_row_maps() -> None:
    mapper, out = _mapper(), []
    mirtarbase_row(mapper, SOUND_ROW, out)
    record = "<https://w3id.org/mirna-kg/evidence/mirtarbase-10.0/MIRT000001-19270761>"
    assert f"{record} <{MKG_NS}interaction> {INTERACTION} .\n" in "".join(out)
    assert mapper.supports == {FUNCTIONAL: record}


@pytest.mark.parametrize("broken", BROKEN_TABLES)
def test_a_row_that_would_break_a_check_stops_the_mapping(broken: str) -> None:
    tables, problem = BROKEN_TABLES[broken]
    with pytest.raises(CheckViolation, match=re.escape(problem)):
        mirtarbase_row(_mapper(**tables), SOUND_ROW, [])


def test_what_a_row_maps_to_does_not_depend_on_the_rows_before(release_csv: Path) -> None:
    """The mapper remembers the previous row's ends and interaction, and methods cells: the release maps to the
    lines (as a set) and rejects that each row gives on its own, with a mapper of its own."""
    from mirna_kg.ingest.readers import read_rows

    shared = release_mapper("mirtarbase", "10.0")
    together, alone, rejects = [], [], []
    for row in read_rows(release_csv, MIRTARBASE_COLUMNS):
        if row.fields is None:
            continue
        outcomes = []
        for mapper, out in ((shared, together), (release_mapper("mirtarbase", "10.0"), alone)):
            mark = len(out)
            try:
                mirtarbase_row(mapper, row.fields, out)
                outcomes.append(None)
            except Reject as reject:
                del out[mark:]
                mapper.last_interaction = ""
                outcomes.append(reject.reason)
        assert outcomes[0] == outcomes[1], row
        rejects.append(outcomes[0])
    assert set(together) == set(alone) and len(together) < len(alone)  # repeated interactions written once
    assert None in rejects and {"unknown gene", "retired miRNA name"} <= set(rejects)


def test_the_methods_cells_remembered_are_bounded() -> None:
    mapper = _mapper()
    for n in range(METHOD_CELLS + 10):
        assert mapper.methods(f"qRT-PCR//Assay {n}", "Experiments")[1].endswith(f'"Assay {n}" .\n')
    assert 0 < len(mapper.method_tails) <= METHOD_CELLS
    with pytest.raises(Reject, match="Experiments is not text"):
        mapper.methods("qRT-PCR//=HYPERLINK()", "Experiments")


def test_a_record_must_point_to_the_interaction_its_row_wrote() -> None:
    mapper, out = _mapper(), []
    mirtarbase_row(mapper, SOUND_ROW, out)
    with pytest.raises(CheckViolation, match="record-interaction: r interaction not written by this release"):
        mapper.common("<r>", OTHER, "hsa-miR-21-5p", "hsa-miR-21-5p", "PTEN", "PTEN", out)


def test_a_broken_reference_table_stops_the_ingest(
    store: Path, hand_file: Path, tree_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that a row breaks in the mapping process stops the ingest there: nothing is swapped in."""
    import gzip

    table = tree_copy.root / "data" / "reference" / "mirbase_22.1_hsa_mmu.tsv.gz"
    text = gzip.decompress(table.read_bytes()).decode("utf-8")
    table.write_bytes(gzip.compress(text.replace("\tMIMAT0000076\t", "\tMI0000077\t").encode("utf-8")))
    monkeypatch.setenv("MIRNA_KG_HOME", str(tree_copy.root))
    before = graph_dump(store, CURATED)
    with pytest.raises(StoreError, match=r"identifier-namespace: .* miRNA is not a MIMAT accession: MI0000077"):
        api.ingest_release(store, "mirtarbase", hand_file, rejects=tmp_path / "r.tsv")
    assert MTB not in {g.value for g in ox.Store.read_only(str(store)).named_graphs()}
    assert graph_dump(store, CURATED) == before and not (tmp_path / "r.tsv").exists() and not stagings(store)


def test_two_rows_giving_a_record_two_interactions_stop_the_ingest(
    store: Path, hand_file: Path, tmp_path: Path
) -> None:
    """No single row shows it (one MIRT id and PMID, two genes): the record and link counts on the staging
    store do, and the full check names the record."""
    other_gene = [
        "MIRT000001",
        "hsa-miR-21-5p",
        "Homo sapiens",
        "PDCD4",
        "27250",
        "Homo sapiens",
        "qRT-PCR",
        "",
        "19270761",
    ]
    with hand_file.open("a", encoding="utf-8") as handle:
        handle.write("\t".join(other_gene) + "\n")
    with pytest.raises(StoreError, match=f"record-interaction: {re.escape(RECORD[1:-1])} two interactions"):
        api.ingest_release(store, "mirtarbase", hand_file, rejects=tmp_path / "r.tsv")
    assert MTB not in {g.value for g in ox.Store.read_only(str(store)).named_graphs()} and not stagings(store)


def test_a_support_type_the_store_does_not_rank_stops_the_ingest(store: Path, hand_file: Path, tmp_path: Path) -> None:
    writable = ox.Store(str(store))
    writable.update(f"DELETE WHERE {{ GRAPH ?g {{ <{MKG_NS}functionalMTI> <{MKG_NS}supportRank> ?rank }} }}")
    writable.flush()
    del writable
    with pytest.raises(StoreError, match=f"support-type: {re.escape(RECORD[1:-1])} unranked support type"):
        api.ingest_release(store, "mirtarbase", hand_file, rejects=tmp_path / "r.tsv")
    assert MTB not in {g.value for g in ox.Store.read_only(str(store)).named_graphs()} and not stagings(store)


def test_an_ingested_release_holds_what_its_checks_promise(store: Path, release_csv: Path, tmp_path: Path) -> None:
    """Read back from the store, not from the mapping: every record has its type and exactly one interaction,
    every interaction its type and exactly one miRNA (a MIMAT accession) and one gene target, and the IRI
    names both ends; every support type used is ranked."""
    api.ingest_release(store, "mirtarbase", release_csv, rejects=tmp_path / "r.tsv")
    triples = [line.split(" ", 2) for line in graph_dump(store, MTB)]
    by_subject: dict[str, dict[str, list[str]]] = {}
    for subject, predicate, obj in triples:
        by_subject.setdefault(subject, {}).setdefault(predicate, []).append(obj.removesuffix(" ."))
    records = {s: p for s, p in by_subject.items() if f"<{MKG_NS}TargetInteractionEvidence>" in p.get(A, [])}
    interactions = {s: p for s, p in by_subject.items() if f"<{MKG_NS}MirnaTargetInteraction>" in p.get(A, [])}
    linked = {s for s, p in by_subject.items() if f"<{MKG_NS}interaction>" in p}
    assert records and linked == set(records)
    assert all(len(p[f"<{MKG_NS}interaction>"]) == 1 and p[f"<{MKG_NS}interaction>"][0] in interactions
               for p in records.values())  # fmt: skip
    genes = (
        "<https://identifiers.org/hgnc:",
        "<https://identifiers.org/ncbigene:",
        "<https://identifiers.org/ensembl:",
    )
    for node, p in interactions.items():
        (mirna,), (target,) = p[f"<{MKG_NS}interactingMirna>"], p[f"<{MKG_NS}interactionTarget>"]
        assert mirna.startswith("<https://identifiers.org/mirbase.mature:MIMAT") and target.startswith(genes)
        accession, curie = interaction_parts(node[1:-1])
        assert mirna.endswith(f":{accession}>") and target.endswith(f"{curie.split(':', 1)[1]}>")
    supports = {o for p in records.values() for o in p.get(f"<{MKG_NS}supportType>", [])}
    ranked = {
        f"<{MKG_NS}{name}>"
        for name in ("functionalMTI", "functionalMTIWeak", "nonFunctionalMTI", "nonFunctionalMTIWeak")
    }
    assert supports and supports <= ranked


def test_evidence_queries_join_the_two_tiers(store: Path, release_csv: Path, tmp_path: Path) -> None:
    api.ingest_release(store, "mirtarbase", release_csv, rejects=tmp_path / "r.tsv")
    with api.open_store(store) as opened:
        evidence = api.run_stored_query(opened, "target_evidence")
        unsupported = api.run_stored_query(opened, "unsupported_targets")
        curated = api.run_stored_query(api.open_store(), "unsupported_targets")  # no releases: every target
    rows = [dict(zip(evidence.variables, r, strict=True)) for r in evidence.rows]
    assert rows and all(int(r["records"]) >= 1 and r["sources"] for r in rows)
    supported = {(str(r["claim"]), str(r["gene"])) for r in rows}
    missing = {(str(r[0]), str(r[2])) for r in unsupported.rows}
    every = {(str(r[0]), str(r[2])) for r in curated.rows}
    assert supported and missing and not supported & missing and supported | missing == every
    # miR-21-5p targets PDCD4 in the curated graph (review 002) and in the generated release
    with api.open_store(store) as opened:
        targets = api.run_stored_query(opened, "mirna_targets", {"mirna": "hsa-miR-21-5p"})
    by_symbol = {str(r[3]): dict(zip(targets.variables, r, strict=True)) for r in targets.rows}
    assert by_symbol and all(str(r["mature_name"]) == "hsa-miR-21-5p" for r in by_symbol.values())
    if "PDCD4" in by_symbol:
        assert by_symbol["PDCD4"]["claims"]


def test_cli_generate_and_ingest(base_store: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "store"
    shutil.copytree(base_store, folder)
    runner = CliRunner()
    out = tmp_path / "g.csv"
    generated = runner.invoke(["ingest", "generate", "mirtarbase", "--rows", "500", "--out", str(out)])
    assert generated.exit_code == 0, generated.output
    ingested = runner.invoke(
        ["ingest", "mirtarbase", str(out), "--store", str(folder), "--rejects", str(tmp_path / "rej.tsv")]
    )
    assert ingested.exit_code == 0, ingested.output
    assert "ingested" in ingested.output and "rejected" in ingested.output
    shown = runner.invoke(["query", "target_evidence", "--store", str(folder), "--format", "tsv"])
    assert shown.exit_code == 0 and len(shown.output.splitlines()) > 1
    bad = runner.invoke(["ingest", "mirtarbase", str(tmp_path / "missing.csv"), "--store", str(folder)])
    assert bad.exit_code == 2


def test_ingest_refuses_a_folder_that_is_not_a_store(tmp_path: Path, hand_file: Path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x").write_text("x")
    with pytest.raises(StoreError):
        api.ingest_release(tmp_path / "junk", "mirtarbase", hand_file)


def test_describe_and_entity_pages_show_the_external_evidence(store: Path, hand_file: Path, tmp_path: Path) -> None:
    """Issue 13: `describe` and the gene / miRNA pages show the ingested evidence (hand rows: miR-21-5p → PTEN,
    three records, strongest 'Functional MTI'); without ingested data they show none."""
    from starlette.testclient import TestClient

    from mirna_kg.web import create_app
    from mirna_kg.web.settings import Settings

    from .cli_runner import CliRunner

    described = CliRunner().invoke(["describe", "hgnc:9588", "--store", str(store)])
    assert described.exit_code == 0 and "External evidence" not in described.output
    api.ingest_release(store, "mirtarbase", hand_file, rejects=tmp_path / "rejects.tsv")
    described = CliRunner().invoke(["describe", "hgnc:9588", "--store", str(store)])
    assert described.exit_code == 0, described.output
    assert "hsa-miR-21-5p -> PTEN: 3 records, strongest Functional MTI" in described.output
    with api.open_store(store) as opened:
        mature = api.describe(opened, "mirbase.mature:MIMAT0000076")
        assert any(e.gene_symbol == "PTEN" and e.records == 3 for e in mature.evidence)
        with TestClient(create_app(opened, Settings(workers=1))) as client:
            page = client.get("/entity/hgnc:9588", headers={"Accept": "text/html"}).text
    assert "External evidence" in page and "https://pubmed.ncbi.nlm.nih.gov/19270761/" in page


MIRROR = """
mkgr:mtbmirror a mkg:ExternalDatabase ;
    rdfs:label "miRTarBase mirror" ;
    mkg:curationKey "mtbmirror" ;
    mkg:defaultRelease "2.1" ;
    dcat:landingPage <https://example.org/mtbmirror/> ;
    mkg:agentType "manual_agent" ;
    mkg:rowFormat "mirtarbase" ;
    skos:definition "A test database whose release files read like miRTarBase's."@en .
"""


def test_a_third_database_that_reads_like_mirtarbase_is_data_alone(
    store: Path, hand_file: Path, tree_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database added to (a copy of) data/ttl/databases.ttl, naming miRTarBase's row format, is ingested
    by the one ``ingest SOURCE FILE`` command with no code: its own graph, record IRIs and release node."""
    catalogue = tree_copy.data_dir / "databases.ttl"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + MIRROR, encoding="utf-8")
    monkeypatch.setenv("MIRNA_KG_HOME", str(tree_copy.root))
    runner = CliRunner()
    helped = runner.invoke(["ingest", "--help"])
    assert "mirtarbase, mtbmirror, tarbase" in " ".join(helped.output.split())  # the help wraps lines
    rejects = tmp_path / "rejects.tsv"
    result = runner.invoke(["ingest", "mtbmirror", str(hand_file), "--store", str(store), "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    expected_ok = sum(1 for _, reason in HAND_ROWS if reason is None)
    assert f"ingested {expected_ok} of {len(HAND_ROWS)} rows of mtbmirror 2.1" in result.output
    graph = str(release_graph("mtbmirror", "2.1"))
    lines = graph_dump(store, graph)
    records = {line.split()[0] for line in lines if "/evidence/mtbmirror-2.1/" in line.split()[0]}
    assert records == {
        "<https://w3id.org/mirna-kg/evidence/mtbmirror-2.1/MIRT000001-19270761>",
        "<https://w3id.org/mirna-kg/evidence/mtbmirror-2.1/MIRT000001-19270762>",
        "<https://w3id.org/mirna-kg/evidence/mtbmirror-2.1/MIRT000002-22000000>",
        "<https://w3id.org/mirna-kg/evidence/mtbmirror-2.1/MIRT000003-23000000>",
    }
    assert any("<http://www.w3.org/ns/dcat#inSeries> <https://w3id.org/mirna-kg/resource/mtbmirror>" in line
               for line in lines)  # fmt: skip
    assert MTB not in {g.value for g in ox.Store.read_only(str(store)).named_graphs()}


def test_a_database_naming_an_unknown_row_format_is_a_clear_error(
    store: Path, hand_file: Path, tree_copy, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = tree_copy.data_dir / "databases.ttl"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8") + MIRROR.replace('"mirtarbase" ;', '"mirdb" ;'), encoding="utf-8"
    )
    monkeypatch.setenv("MIRNA_KG_HOME", str(tree_copy.root))
    result = CliRunner().invoke(["ingest", "mtbmirror", str(hand_file), "--store", str(store)])
    assert result.exit_code == 2
    assert "'mirdb'" in result.output and "the row formats are mirtarbase, tarbase" in result.output
