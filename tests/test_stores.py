"""Store contract: one abstract test class, subclassed per backend (Oxigraph's ``test_store.py`` model).

Every backend — Oxigraph in memory, rdflib, an on-disk Oxigraph store made by ``mirna-kg load``, and a real
Oxigraph server reached over the SPARQL 1.1 Protocol — must give the same rows for every stored query, answer
ASK / CONSTRUCT / DESCRIBE, serialise in every offered media type, round-trip datatypes and language tags, and
raise the same error classes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from mirna_kg import api
from mirna_kg.errors import QueryError, QueryRefusedError
from mirna_kg.namespaces import CURATED_GRAPH, MKG, MKGS
from mirna_kg.queries import stored_queries
from mirna_kg.resources import graph_files
from mirna_kg.stores import Dataset, OxigraphStore, RdflibStore, RemoteStore, Store, open_disk_store

from .conftest import LAYOUT
from .servers import oxigraph_server

QUERIES = [q.name for q in stored_queries(LAYOUT.queries_dir)]
CLAIM = MKGS["gu2026-t4-r01-miR-19a-5p"]


def normalized(table: api.ResultTable) -> list[tuple[str, ...]]:
    """Rows as comparable strings: numbers by value, ';'-joined cells as sorted parts, rows sorted."""

    def cell(term: object) -> str:
        if term is None:
            return ""
        value = term.toPython() if isinstance(term, Literal) else None
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return str(Decimal(str(value)).normalize())
        return ";".join(sorted(str(term).split(";")))

    return sorted(tuple(cell(t) for t in row) for row in table.rows)


def examples(name: str) -> dict[str, str]:
    return {p.name: p.example for p in api.find_query(name).parameters}


@pytest.fixture(scope="module")
def reference() -> Store:
    """Oxigraph in memory over the project's files: the rows every backend must reproduce."""
    return OxigraphStore.from_files(graph_files())


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stores") / "kg"
    api.load_store(folder, with_inferred=False)
    return folder


class StoreContract:
    """The assertions every backend passes; subclasses provide the ``store`` fixture."""

    @pytest.fixture
    def store(self) -> Store:  # pragma: no cover - overridden
        raise NotImplementedError

    @pytest.mark.parametrize("name", QUERIES)
    def test_stored_query_rows_equal_the_reference(self, store: Store, reference: Store, name: str) -> None:
        expected = api.run_stored_query(reference, name, examples(name))
        got = api.run_stored_query(store, name, examples(name))
        assert got.variables == expected.variables
        assert normalized(got) == normalized(expected)

    def test_triple_count_equals_the_reference(self, store: Store, reference: Store) -> None:
        assert len(store) == len(reference) > 9000

    def test_ask(self, store: Store) -> None:
        assert store.ask(f"ASK {{ <{CLAIM}> a <{MKG.RegulatoryClaim}> }}") is True
        assert store.ask(f"ASK {{ <{CLAIM}> a <{MKG.Review}> }}") is False

    def test_construct_and_describe(self, store: Store) -> None:
        built = store.construct(f"CONSTRUCT {{ <{CLAIM}> <{MKG.mirna}> ?m }} WHERE {{ <{CLAIM}> <{MKG.mirna}> ?m }}")
        assert len(built) == 1
        assert isinstance(next(iter(built.objects(CLAIM, MKG.mirna))), URIRef)
        described = store.construct(f"DESCRIBE <{CLAIM}>")
        assert (CLAIM, MKG.effectOnTumor, MKG.inhibitsTumor) in described

    def test_datatypes_and_language_tags_round_trip(self, store: Store) -> None:
        table = store.select(
            f"SELECT ?year ?label ?doi WHERE {{ ?review a <{MKG.Review}> ; "
            f"<http://purl.org/dc/terms/date> ?year ; <http://purl.org/dc/terms/identifier> ?doi . "
            f"<{MKG.RegulatoryClaim}> <{RDFS.label}> ?label }} ORDER BY ?year"
        )
        year, label, doi = table.rows[0]
        assert year == Literal("2020", datatype=XSD.gYear)
        assert isinstance(label, Literal) and label.language == "en"
        assert doi == Literal("10.3892/ijo.2019.4952") and doi.datatype is None

    def test_integers_keep_their_value(self, store: Store) -> None:
        """Oxigraph stores derived integer types (xsd:positiveInteger) as xsd:integer: the value is kept,
        the derived datatype is not (a known Oxigraph simplification), so queries compare by value."""
        table = store.select(f"SELECT ?row WHERE {{ <{CLAIM}> <{MKG.tableRow}> ?row }}")
        (row,) = table.rows[0]
        assert isinstance(row, Literal) and row.toPython() == 1

    def test_unbound_values_are_none(self, store: Store) -> None:
        table = store.select("SELECT ?x ?y WHERE { VALUES ?x { 1 } OPTIONAL { ?x <http://example.org/none> ?y } }")
        assert table.rows == [(Literal(1), None)]

    @pytest.mark.parametrize(
        "accept, check",
        [
            ("application/sparql-results+json", lambda b: json.loads(b)["results"]["bindings"]),
            ("application/sparql-results+xml", lambda b: b"<sparql" in b and b"<result" in b),
            ("text/csv", lambda b: len(list(csv.reader(io.StringIO(b.decode())))) == 2),
            ("text/tab-separated-values", lambda b: b.decode().splitlines()[0] == "?m"),
        ],
    )
    def test_select_serialised(self, store: Store, accept: str, check: object) -> None:
        result = store.run(f"SELECT ?m WHERE {{ <{CLAIM}> <{MKG.mirna}> ?m }}", accept)
        assert result.media_type == accept
        assert check(result.body)  # type: ignore[operator]

    @pytest.mark.parametrize(
        "accept, fmt",
        [
            ("text/turtle", "turtle"),
            ("application/n-triples", "nt"),
            ("application/ld+json", "json-ld"),
            ("application/rdf+xml", "xml"),
        ],
    )
    def test_graph_serialised(self, store: Store, accept: str, fmt: str) -> None:
        result = store.run(f"DESCRIBE <{CLAIM}>", accept)
        assert result.media_type == accept
        graph = Graph().parse(data=result.body, format=fmt)
        assert (CLAIM, MKG.effectOnTumor, MKG.inhibitsTumor) in graph

    def test_row_cap_is_signalled(self, store: Store) -> None:
        outcome = store.run("SELECT ?s WHERE { ?s ?p ?o }", "application/sparql-results+json", max_rows=3)
        assert outcome.truncated and outcome.rows == 3
        assert len(json.loads(outcome.body)["results"]["bindings"]) == 3
        whole = store.run(f"SELECT ?m WHERE {{ <{CLAIM}> <{MKG.mirna}> ?m }}", "text/csv", max_rows=3)
        assert not whole.truncated and whole.rows == 1

    def test_from_in_the_query_is_honoured(self, store: Store) -> None:
        """A query's own FROM names its default graph (SPARQL 1.1 §13.2), never silently ignored (issue 22 #13)."""
        if isinstance(store, RdflibStore):
            pytest.skip("the rdflib reference engine refuses FROM (it has no named graphs)")
        count = "SELECT (COUNT(*) AS ?n) {from_} WHERE {{ ?s ?p ?o }}"
        curated = store.select(count.format(from_=f"FROM <{CURATED_GRAPH}>"))
        assert 0 < int(curated.rows[0][0]) <= len(store)
        if not isinstance(store, RemoteStore):  # a remote endpoint decides for itself; we pass FROM on as written
            nowhere = store.select(count.format(from_="FROM <https://example.org/nonexistent>"))
            assert int(nowhere.rows[0][0]) == 0

    def test_protocol_dataset_is_honoured(self, store: Store) -> None:
        """``default-graph-uri`` names the default graph; the store passes it on or applies it."""
        if isinstance(store, RdflibStore):
            pytest.skip("the rdflib reference engine has no named graphs")
        sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        none = store.run(sparql, "application/sparql-results+json", dataset=Dataset(("https://example.org/x",)))
        some = store.run(sparql, "application/sparql-results+json", dataset=Dataset((str(CURATED_GRAPH),)))
        value = lambda outcome: int(json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"])  # noqa: E731
        assert value(none) == 0 and value(some) > 0

    def test_ask_serialised(self, store: Store) -> None:
        body = store.run(f"ASK {{ <{CLAIM}> ?p ?o }}", "application/sparql-results+json").body
        assert json.loads(body)["boolean"] is True

    def test_unacceptable_media_type_is_a_query_error(self, store: Store) -> None:
        with pytest.raises(QueryError, match="acceptable"):
            store.run("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png")

    def test_syntax_error_is_a_query_error(self, store: Store) -> None:
        with pytest.raises(QueryError):
            store.select("SELECT ?x WHERE { ?x ")

    @pytest.mark.parametrize(
        "sparql",
        [
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
            "LOAD <http://127.0.0.1:9/data.ttl>",
            "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
        ],
    )
    def test_updates_load_and_service_are_refused(self, store: Store, sparql: str) -> None:
        with pytest.raises(QueryRefusedError):
            api.query(store, sparql)


class TestOxigraphMemory(StoreContract):
    @pytest.fixture(scope="class")
    @classmethod
    def store(cls) -> Store:
        """Parsed by rdflib and handed over as a graph: not the reference's own path (Oxigraph's parser on the
        files), so equal rows say two routes into the store agree."""
        from mirna_kg.loading import load

        return OxigraphStore.from_graph(load(graph_files()).graph)


@pytest.fixture(scope="module")
def rdflib_backend() -> Store:
    from mirna_kg.loading import load

    return RdflibStore(load(graph_files()).graph)


@pytest.fixture(scope="module")
def disk_backend(disk_store: Path) -> Iterator[Store]:
    opened = open_disk_store(disk_store)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def remote_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("server") / "kg"
    api.load_store(folder, with_inferred=False)
    with oxigraph_server(folder) as url:
        remote = RemoteStore(url, timeout=30)
        yield remote
        remote.close()


@pytest.mark.slow  # rdflib's engine takes seconds per stored query
class TestRdflib(StoreContract):
    @pytest.fixture
    def store(self, rdflib_backend: Store) -> Store:
        return rdflib_backend

    def test_from_is_refused_rather_than_fetched(self, store: Store) -> None:
        with pytest.raises(QueryError, match="FROM"):
            store.select("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }")


class TestOxigraphDisk(StoreContract):
    @pytest.fixture
    def store(self, disk_backend: Store) -> Store:
        return disk_backend

    def test_manifest_records_the_sources(self, store: Store) -> None:
        assert api.stale_store_note(store) is None
        assert store.manifest is not None and store.manifest.graphs  # type: ignore[attr-defined]


class TestRemoteOxigraphServer(StoreContract):
    @pytest.fixture
    def store(self, remote_backend: Store) -> Store:
        return remote_backend

    def test_from_names_a_graph_of_the_store(self, store: Store) -> None:
        table = store.select(f"SELECT (COUNT(*) AS ?n) FROM <{CURATED_GRAPH}> WHERE {{ ?s ?p ?o }}")
        assert int(table.rows[0][0]) == len(store)


def test_loading_the_same_store_twice_replaces_it(disk_store: Path, tmp_path: Path) -> None:
    """A second load replaces the store's graphs (it does not merge into them): a graph of the first load that
    the second does not name is gone, and every quad is the second load's."""
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    folder = tmp_path / "kg"
    api.load_store(folder, [extra], with_inferred=False)
    with open_disk_store(folder) as first:
        assert any(g.endswith("file/extra") for g in first.named_graphs())  # type: ignore[attr-defined]
    api.load_store(folder, with_inferred=False)
    with open_disk_store(folder) as second, open_disk_store(disk_store) as fresh:
        assert second.named_graphs() == fresh.named_graphs()  # type: ignore[attr-defined]
        assert ground_quads(second) == ground_quads(fresh)


def ground_quads(store: Store) -> set[ox.Quad]:
    """The store's quads without blank nodes (their labels differ from load to load)."""
    return {
        q
        for q in store.store.quads_for_pattern(None, None, None, None)  # type: ignore[attr-defined]
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    from mirna_kg.errors import StoreError

    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a mirna-kg store"):
        open_disk_store(tmp_path)
    with pytest.raises(StoreError, match="not a mirna-kg store"):
        api.load_store(tmp_path, with_inferred=False)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_unreachable_endpoint_is_a_clear_error() -> None:
    from mirna_kg.errors import StoreUnavailableError

    from .servers import free_port

    with pytest.raises(StoreUnavailableError, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=2).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_oxigraph_store_union_has_no_duplicates(reference: Store) -> None:
    """The named graphs share no triple, so the union default graph counts each triple once."""
    assert isinstance(reference, OxigraphStore)
    distinct = reference.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert (
        int(distinct.rows[0][0])
        == len(reference.store)
        == len(list(reference.store.quads_for_pattern(None, None, None, ox.NamedNode(str(api.CURATED_GRAPH)))))
    )


def test_a_store_loaded_from_older_sources_says_so(tree_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inferred-triples policy for stores: the manifest's digest tells when the sources changed since load."""
    monkeypatch.setenv("MIRNA_KG_HOME", str(tree_copy.root))
    folder = tmp_path / "kg"
    api.load_store(folder)
    with open_disk_store(folder) as opened:
        assert api.stale_store_note(opened) is None
        assert opened.ask(f"ASK {{ GRAPH <{api.INFERRED_GRAPH}> {{ ?m a <{MKG.TumorPromotingMiRNA}> }} }}")
    data = tree_copy.data_dir / "reviews.ttl"
    data.write_text(data.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with open_disk_store(folder) as opened:
        note = api.stale_store_note(opened)
    assert note is not None and "mirna-kg load --store" in note
