"""The OpenAPI 3 description of the server's API, generated from the stored queries' headers.

Each stored query becomes its own path (``/queries/NAME``) with its declared parameters, so a client generator
or a person reading ``/openapi.json`` sees every question the API answers.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..queries import StoredQuery
from .settings import Settings

RESULTS = {
    "application/sparql-results+json": {"schema": {"type": "object"}},
    "application/sparql-results+xml": {"schema": {"type": "string"}},
    "text/csv": {"schema": {"type": "string"}},
    "text/tab-separated-values": {"schema": {"type": "string"}},
}


def _errors(settings: Settings) -> dict[str, Any]:
    text = {"text/plain": {"schema": {"type": "string"}}}
    return {
        "400": {"description": "malformed query, missing parameter or protocol misuse", "content": text},
        "403": {"description": "refused: SPARQL update, LOAD or SERVICE", "content": text},
        "406": {"description": "no acceptable result format", "content": text},
        "413": {"description": f"request larger than {settings.max_body} bytes", "content": text},
        "429": {"description": "too many queries waiting; retry after the Retry-After header", "content": text},
        "503": {"description": f"the query ran longer than {settings.timeout:g} s and was stopped", "content": text},
    }


def document(queries: list[StoredQuery], settings: Settings) -> dict[str, Any]:
    """The OpenAPI document."""
    truncated = {
        "X-Mirna-KG-Truncated": {
            "description": f"true when the result was cut at {settings.max_rows} rows",
            "schema": {"type": "string"},
        }
    }
    paths: dict[str, Any] = {
        "/sparql": {
            "get": {
                "summary": "SPARQL 1.1 query (Protocol); without query: service description or editor",
                "parameters": [
                    {"name": "query", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "default-graph-uri",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                    {
                        "name": "named-graph-uri",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
                "responses": {
                    "200": {"description": "results", "content": RESULTS, "headers": truncated},
                    **_errors(settings),
                },
            },
            "post": {
                "summary": "SPARQL 1.1 query as a form or a direct POST",
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"type": "object", "properties": {"query": {"type": "string"}}}
                        },
                        "application/sparql-query": {"schema": {"type": "string"}},
                    }
                },
                "responses": {
                    "200": {"description": "results", "content": RESULTS, "headers": truncated},
                    **_errors(settings),
                },
            },
        },
        "/queries": {
            "get": {
                "summary": "The stored queries with their parameters",
                "responses": {
                    "200": {"description": "list", "content": {"application/json": {"schema": {"type": "array"}}}}
                },
            }
        },
        "/search": {
            "get": {
                "summary": "Ranked search over names, synonyms and identifiers",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "format", "in": "query", "schema": {"enum": ["json"]}},
                ],
                "responses": {
                    "200": {"description": "matches", "content": {"application/json": {"schema": {"type": "array"}}}}
                },
            }
        },
    }
    for query in queries:
        paths[f"/queries/{query.name}"] = {
            "get": {
                "summary": query.title,
                "description": query.header.get("description", "")
                + (f" Source: {query.header['source']}." if query.header.get("source") else "")
                + (f" Columns: {', '.join(query.columns)}." if query.columns else ""),
                "operationId": query.name,
                "parameters": [
                    {
                        "name": p.name,
                        "in": "query",
                        "required": True,
                        "description": p.help,
                        "example": p.example,
                        "schema": {"type": "string"},
                    }
                    for p in query.parameters
                ],
                "responses": {
                    "200": {"description": "results", "content": RESULTS, "headers": truncated},
                    **_errors(settings),
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "mirna-kg",
            "version": __version__,
            "description": "microRNAs in the tumour microenvironment: SPARQL endpoint, stored queries, search.",
            "license": {"name": "CC BY 4.0 (data), MIT (code)"},
        },
        "paths": paths,
    }
