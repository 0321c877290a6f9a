"""FAIR Signposting: the HTTP ``Link`` header values a landing page and an entity page send, so that a machine
finds an item's persistent identifier, its metadata, its type, its licence and its files without scraping
HTML (https://signposting.org/FAIR/).

- an **entity page** (``/statement/…``, ``/ontology/…``, ``/entity/CL:0000235`` …): ``cite-as`` its persistent
  IRI (w3id for our own terms, the authority's IRI for others), ``describedby`` each RDF rendering of the page,
  ``type`` ``schema:AboutPage`` and the entity's own classes, ``license`` the data licence;
- the **landing page** (home): ``cite-as`` the dataset IRI, ``describedby`` the RO-Crate and the VoID
  description, ``type`` ``schema:Dataset`` and ``schema:AboutPage``, ``license``, and an ``item`` for every
  release file with its media type.

Each function returns the list of link values; ``link_header`` joins them into one header value (a server may
also send them as separate ``Link`` headers). The web face only calls these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote

from ..building import VOID_NAME
from ..void import DATASET, LICENSE
from .crate import CRATE_NAME

SCHEMA = "https://schema.org/"
#: The RDF renderings an entity page offers, by path suffix (the web's content negotiation serves them).
ENTITY_RENDERINGS = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples"}
CRATE_PROFILE = "https://w3id.org/ro/crate"


def _link(target: str, rel: str, media_type: str | None = None, profile: str | None = None) -> str:
    value = f'<{quote(target, safe=":/?#[]@!$&()*+,;=%-._~")}>; rel="{rel}"'
    if media_type:
        value += f'; type="{media_type}"'
    if profile:
        value += f'; profile="{profile}"'
    return value


def entity_links(iri: str, page_path: str, types: Iterable[str] = ()) -> list[str]:
    """The Signposting links of the page at ``page_path`` (the web's ``entity_path(iri)``) about ``iri``;
    ``types`` are the entity's classes (IRIs), sent as further ``type`` links."""
    links = [_link(iri, "cite-as")]
    if "?" not in page_path:  # ``/entity?iri=…`` pages have no suffixed renderings
        links += [_link(page_path + suffix, "describedby", media) for suffix, media in ENTITY_RENDERINGS.items()]
    links.append(_link(SCHEMA + "AboutPage", "type"))
    links += [_link(t, "type") for t in sorted(set(types))]
    links.append(_link(str(LICENSE), "license"))
    return links


def landing_links(files: Mapping[str, str], download_base: str = "/downloads/") -> list[str]:
    """The Signposting links of the landing page; ``files`` maps each release file's name to its media type
    (the RO-Crate's ``encodingFormat``: ``crate_files``), served at ``download_base + name``."""
    links = [_link(str(DATASET), "cite-as")]
    if CRATE_NAME in files:
        links.append(_link(download_base + CRATE_NAME, "describedby", "application/ld+json", CRATE_PROFILE))
    links.append(_link(download_base + VOID_NAME, "describedby", "text/turtle"))
    links += [_link(SCHEMA + "Dataset", "type"), _link(SCHEMA + "AboutPage", "type")]
    links.append(_link(str(LICENSE), "license"))
    links += [_link(download_base + name, "item", media) for name, media in sorted(files.items())]
    return links


def crate_files(crate: Mapping[str, object]) -> dict[str, str]:
    """Release file name -> media type, from a release's RO-Crate metadata (the crate itself included)."""
    graph = crate["@graph"]
    assert isinstance(graph, list)
    files = {str(e["@id"]): str(e["encodingFormat"]) for e in graph if e.get("@type") == "File"}
    return {CRATE_NAME: "application/ld+json", **files}


def link_header(links: Iterable[str]) -> str:
    """One ``Link`` header value for ``links``."""
    return ", ".join(links)
