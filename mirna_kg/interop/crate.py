"""The release described for machines: ``ro-crate-metadata.json`` (RO-Crate 1.3, made with the ``rocrate``
library) and the schema.org ``Dataset`` that a landing page embeds for dataset search engines.

The crate's root is the release folder. It lists every release file with its media type, size, SHA-256 and
licence; cites the two reviews the statements are curated from (``citation``, each a ``ScholarlyArticle`` by its
DOI); names the software that made it (``mirna-kg`` and its version, the ``instrument`` of a ``CreateAction``
whose ``result`` is the release, RO-Crate's provenance pattern). Its dates are the release date
(``void.release_date``), never the clock, and its entities are written in a fixed order, so the same input gives
the same bytes.

``rocrate`` is imported only to make a crate, and a build makes one only when its inputs changed: the bytes are
kept in the on-disk cache (``mirna_kg.cache``) under a key of everything they are made from (``crate_json``).

The schema.org ``Dataset`` of the home page is derived from the crate (``dataset_jsonld``): RO-Crate is
schema.org already; the page needs absolute ``contentUrl`` download links (``distribution``) where the crate has
relative file names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, RDFS

from .. import __version__
from ..cache import DiskCache, code_fingerprint
from ..namespaces import BASE, MKG
from ..void import DATASET, LICENSE, release_date

CRATE_NAME = "ro-crate-metadata.json"
NAME = "mirna-kg: microRNAs in the tumour microenvironment"
DESCRIPTION = (
    "Regulatory claims, cell-composition observations, biomarker and therapeutic statements about microRNAs in "
    "the tumour microenvironment, curated from two reviews with per-statement provenance (review, table or "
    "section, cited references, verbatim quote, ECO evidence), as RDF, OWL, KGX and figures."
)
KEYWORDS = [
    "microRNA",
    "miRNA",
    "tumor microenvironment",
    "cancer",
    "knowledge graph",
    "RDF",
    "OWL",
    "Biolink",
    "KGX",
]
SOFTWARE = "https://w3id.org/mirna-kg/software"
#: Media types of files the build writes that are not RDF serializations (those bring their own).
MEDIA_TYPES = {".tsv": "text/tab-separated-values", ".json": "application/json", ".svg": "image/svg+xml"}


def reviews_of(graph: Graph) -> list[dict[str, Any]]:
    """The reviews of the graph as schema.org ``ScholarlyArticle`` entities, by DOI IRI, sorted."""
    articles = []
    for review in sorted(graph.subjects(RDF.type, MKG.Review)):
        article: dict[str, Any] = {"@id": str(review), "@type": "ScholarlyArticle"}
        for key, prop in (
            ("name", DCTERMS.title),
            ("identifier", DCTERMS.identifier),
            ("creditText", DCTERMS.bibliographicCitation),
            ("alternateName", RDFS.label),
            ("datePublished", DCTERMS.date),
        ):
            value = graph.value(review, prop)
            if value is not None:
                article[key] = str(value)
        authors = sorted(str(a) for a in graph.objects(review, DCTERMS.creator))
        if authors:
            article["author"] = authors
        articles.append(article)
    return articles


def media_type(name: str, known: Mapping[str, str]) -> str:
    """The media type of a release file: from ``known`` (the build's own list), else by its suffix."""
    if name in known:
        return known[name]
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return MEDIA_TYPES.get(suffix, "application/octet-stream")


def ro_crate(
    files: Mapping[str, bytes], reviews: list[dict[str, Any]], issued: date, media_types: Mapping[str, str]
) -> dict[str, Any]:
    """The RO-Crate metadata (JSON-LD) of a release of ``files`` (name -> bytes)."""
    from rocrate.rocrate import ROCrate

    crate = ROCrate()
    crate.name = NAME
    crate.description = DESCRIPTION
    root = crate.root_dataset
    root["datePublished"] = issued.isoformat()
    root["license"] = {"@id": str(LICENSE)}
    root["version"] = __version__
    root["keywords"] = KEYWORDS
    root["identifier"] = str(DATASET)
    root["url"] = BASE
    root["citation"] = [{"@id": article["@id"]} for article in reviews]
    crate.add_jsonld({"@id": str(LICENSE), "@type": "CreativeWork", "name": "CC BY 4.0"})
    for article in reviews:
        crate.add_jsonld(dict(article))
    for name in sorted(files):
        data = files[name]
        crate.add_file(
            dest_path=name,
            properties={
                "name": name,
                "encodingFormat": media_type(name, media_types),
                "contentSize": str(len(data)),
                "sha256": hashlib.sha256(data).hexdigest(),
                "license": {"@id": str(LICENSE)},
            },
        )
    crate.add_jsonld(
        {
            "@id": SOFTWARE,
            "@type": "SoftwareApplication",
            "name": "mirna-kg",
            "version": __version__,
            "url": BASE,
        }
    )
    crate.add_jsonld(
        {
            "@id": "#build",
            "@type": "CreateAction",
            "name": "mirna-kg build",
            "instrument": {"@id": SOFTWARE},
            "result": {"@id": "./"},
            "endTime": issued.isoformat(),
        }
    )
    return crate.metadata.generate()


def crate_json(
    graph: Graph, files: Mapping[str, bytes], media_types: Mapping[str, str], cache: DiskCache | None = None
) -> bytes:
    """``ro-crate-metadata.json`` for the release of ``graph`` made of ``files``, as bytes (keys sorted).

    With ``cache``, the bytes are read from it when it holds a crate made from the same inputs: every file's
    name, size, SHA-256 and media type, the reviews, the release date, and the code (this module, the
    constants it takes from ``void`` and ``namespaces``, the package version, ``rocrate``'s version)."""
    reviews, issued = reviews_of(graph), release_date(graph)

    def make() -> bytes:
        document = ro_crate(files, reviews, issued, media_types)
        return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

    if cache is None:
        return make()
    package = Path(__file__).parent.parent
    sources = [Path(__file__), package / "void.py", package / "namespaces.py", package / "__init__.py"]
    listing = [
        [name, len(data), hashlib.sha256(data).hexdigest(), media_type(name, media_types)]
        for name, data in sorted(files.items())
    ]
    inputs = json.dumps([listing, reviews, issued.isoformat()], sort_keys=True, ensure_ascii=False)
    return cache.get(DiskCache.key("ro-crate", code_fingerprint(sources, ["rocrate"]), inputs), make)


def dataset_jsonld(crate: Mapping[str, Any], download_base: str) -> dict[str, Any]:
    """The schema.org ``Dataset`` a landing page embeds, from a release's RO-Crate metadata: name,
    description, licence, keywords, version, date, both reviews as ``citation`` and every release file as a
    ``DataDownload`` at ``download_base + name`` (e.g. ``https://host/downloads/``)."""
    entities = {entity["@id"]: entity for entity in crate["@graph"]}
    root = entities["./"]
    parts = [entities[part["@id"]] for part in root.get("hasPart", [])]
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": root.get("identifier", str(DATASET)),
        "name": root["name"],
        "description": root["description"],
        "license": root["license"]["@id"],
        "keywords": root.get("keywords", []),
        "version": root.get("version", __version__),
        "datePublished": root["datePublished"],
        "url": root.get("url", BASE),
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": "mirna-kg contributors", "url": BASE},
        "citation": [
            {key: value for key, value in entities[c["@id"]].items() if key != "@id"} | {"@id": c["@id"]}
            for c in root.get("citation", [])
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": part["name"],
                "contentUrl": download_base + part["@id"],
                "encodingFormat": part["encodingFormat"],
                "contentSize": part["contentSize"],
                "sha256": part["sha256"],
            }
            for part in parts
        ],
    }


def dataset_script(crate: Mapping[str, Any], download_base: str) -> str:
    """``dataset_jsonld`` as the ``<script type="application/ld+json">`` element to put in a page's head,
    escaped so that no value can close the element."""
    text = json.dumps(dataset_jsonld(crate, download_base), indent=2, sort_keys=True, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'
