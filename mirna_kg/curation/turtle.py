"""Curated Turtle files in one deterministic form, written by rdflib's ``longturtle`` serializer.

The project writes no Turtle by hand-rolled code: rdflib's long-form Turtle (one statement block per subject,
subjects and properties sorted, one object per line) with the project's prefix map gives the same bytes for the
same graph whatever the order the triples came in, so a re-import that changes nothing changes no file. A file's
leading comment block (what the file covers) is kept.
"""

from __future__ import annotations

from rdflib import Graph

from ..namespaces import bind_prefixes


def canonical_turtle(graph: Graph, header: str = "") -> bytes:
    """``graph`` as canonical Turtle, preceded by ``header`` (comment lines, kept as given)."""
    out = Graph()
    bind_prefixes(out.namespace_manager)
    for triple in graph:
        out.add(triple)
    body = out.serialize(format="longturtle", encoding="utf-8")
    head = header.rstrip("\n") + "\n" if header.strip() else ""
    return head.encode("utf-8") + body


def leading_comments(text: str) -> str:
    """The comment lines a Turtle file opens with (its description), up to the first other line."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)
