"""A nanopublication per statement: every one passes the nanopub library's own checks (trusty hash, signature,
four graphs), their assertions together are the statements of the graph, provenance and pubinfo say what the
review and the release say, the output is byte-stable, and nothing touches the network."""

from __future__ import annotations

import csv
import socket
from pathlib import Path

import pytest
from nanopub import Nanopub
from nanopub.profile import generate_keyfiles
from nanopub.utils import MalformedNanopubError
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from mirna_kg import api
from mirna_kg.building import validated_graph
from mirna_kg.interop.nanopubs import (
    INDEX_NAME,
    PROVENANCE_PROPERTIES,
    assertion_of,
    creation_time,
    load_profile,
    nanopub_of,
    nanopubs,
    statements,
)
from mirna_kg.namespaces import HGNC, MIRBASE_MATURE, MKG, MKGS
from mirna_kg.void import release_date

from .cli_runner import CliRunner
from .conftest import GU2026

#: Review 000 Table 4 row 1 (section 4.1.1): miR-19a-5p targets Fra-1 (FOSL1) and inhibits M2 polarization.
ROW_1 = MKGS["gu2026-t4-r01-miR-19a-5p"]


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway RSA key pair made by the nanopub library itself."""
    folder = tmp_path_factory.mktemp("key")
    generate_keyfiles(folder)
    return folder / "id_rsa"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return validated_graph().graph


def _parsed(trig: bytes, tmp_path: Path, name: str = "np.trig") -> Nanopub:
    path = tmp_path / name
    path.write_bytes(trig)
    return Nanopub(rdf=path)


def _verified(publication: Nanopub) -> Nanopub:
    assert publication.is_valid and publication.has_valid_trusty and publication.has_valid_signature
    return publication


def test_a_table_row_becomes_a_verified_nanopub(graph: Graph, key: Path, tmp_path: Path) -> None:
    signed = nanopub_of(graph, ROW_1, load_profile(key), creation_time(graph))
    publication = _verified(_parsed(signed.trig, tmp_path))
    assert signed.uri.startswith("http://purl.org/np/RA") and str(publication.source_uri) == signed.uri
    assertion = set(publication.assertion)
    assert (ROW_1, MKG.mirna, MIRBASE_MATURE.MIMAT0004490) in assertion  # hsa-miR-19a-5p
    assert (ROW_1, MKG.targetGene, HGNC["13718"]) in assertion  # Fra-1 = FOSL1
    assert (ROW_1, MKG.inhibitsProcess, MKG.M2MacrophagePolarization) in assertion
    assert (ROW_1, MKG.effectOnTumor, MKG.inhibitsTumor) in assertion
    assert not any(p in PROVENANCE_PROPERTIES for _, p, _ in assertion)
    provenance = set(publication.provenance)
    head = publication.assertion.identifier
    assert (head, PROV.wasDerivedFrom, URIRef(GU2026)) in provenance
    assert (ROW_1, MKG.table, Literal("Table 4")) in provenance
    assert (ROW_1, MKG.section, Literal("4.1.1")) in provenance
    cited = {int(o) for s, p, o in provenance if p == MKG.citedReference}
    assert cited == {42, 43}
    quote = next(str(o) for s, p, o in provenance if p == MKG.quote)
    assert quote.startswith("miR-19a-5p can target the proto-oncogene Fra-1")
    assert (ROW_1, MKG.evidence, URIRef("http://purl.obolibrary.org/obo/ECO_0000304")) in provenance
    pubinfo = set(publication.pubinfo)
    this = URIRef(signed.uri)
    assert (this, DCTERMS.source, ROW_1) in pubinfo
    assert (this, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in pubinfo
    created = next(o for s, p, o in pubinfo if p == DCTERMS.created)
    assert created.toPython().date() == release_date(graph)


def test_a_changed_nanopub_fails_the_library_checks(graph: Graph, key: Path, tmp_path: Path) -> None:
    signed = nanopub_of(graph, ROW_1, load_profile(key), creation_time(graph))
    tampered = signed.trig.replace(b"Table 4", b"Table 5")
    assert tampered != signed.trig
    with pytest.raises(MalformedNanopubError):
        _ = _parsed(tampered, tmp_path).has_valid_trusty


def test_signing_opens_no_connection(graph: Graph, key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    profile = load_profile(key)
    signed = [n for n, _ in zip(nanopubs(graph, profile), range(3), strict=False)]
    assert len(signed) == 3 and attempts == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "nanopub"], "needs --key"),
        (["--format", "turtle", "--key", "{key}"], "--key goes with --format nanopub"),
        (["--format", "nanopub", "--key", "{pub}"], "not an RSA private key"),
        (["--format", "nanopub", "--key", "{missing}"], "cannot read the private key"),
    ],
)
def test_export_refuses_a_missing_or_wrong_key(key: Path, tmp_path: Path, args: list[str], message: str) -> None:
    values = {"key": str(key), "pub": str(key.with_suffix(".pub")), "missing": str(tmp_path / "none")}
    argv = ["export", *[a.format(**values) for a in args], "--out", str(tmp_path / "np")]
    result = CliRunner().invoke(argv)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "np").exists()


@pytest.mark.slow
def test_every_statement_exported_verified_and_byte_stable(graph: Graph, key: Path, tmp_path: Path) -> None:
    out = tmp_path / "nanopubs"
    api.export("nanopub", out, key=key)
    with (out / INDEX_NAME).open(encoding="utf-8", newline="") as handle:
        index = list(csv.DictReader(handle, delimiter="\t"))
    assert [URIRef(row["statement"]) for row in index] == statements(graph)
    assertions = Graph()
    for row in index:
        publication = _verified(Nanopub(rdf=out / row["file"]))
        assert str(publication.source_uri) == row["nanopub"]
        assertions += publication.assertion
    expected = Graph()
    for statement in statements(graph):
        expected += assertion_of(graph, statement)
    assert set(assertions) == set(expected)
    claims = set(graph.subjects(RDF.type, MKG.RegulatoryClaim))
    assert claims and claims <= set(assertions.subjects(RDF.type, MKG.RegulatoryClaim))
    again = tmp_path / "again"
    api.export("nanopub", again, key=key)
    for row in index:
        assert (again / row["file"]).read_bytes() == (out / row["file"]).read_bytes(), row["file"]
