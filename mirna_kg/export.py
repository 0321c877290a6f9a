"""Standard RDF serializations of the graph and the JSON-LD context derived from the prefix map.

- Turtle (``.ttl``) with our prefixes;
- N-Triples (``.nt``), canonical: blank nodes relabelled deterministically (RDF canonicalization as
  implemented by ``rdflib.compare``) and lines sorted, so the same input gives byte-identical output;
- JSON-LD (``.jsonld``), compacted with ``CONTEXT_FILE``'s context (embedded, so the file stands alone);
- RDF/XML (``.owl``), which Protégé and the OWL API open directly.

Every serialization is byte-identical for the same input: rdflib's default store iterates sets (whose order
changes with Python's per-process hash seed) and labels blank nodes at random, so JSON-LD and RDF/XML are written
from ``canonical_graph`` (canonical blank-node labels, triples inserted in sorted order into an insertion-ordered
store) and the JSON-LD document is put in a canonical order after compaction.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import _TripleCanonicalizer
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from .formats import RELEASE_FORMATS, RdfFormat
from .namespaces import MKG, TURTLE_PREFIXES, bind_prefixes

CONTEXT_FILE = "mirna-kg.context.jsonld"


#: The release's serialisations by name, from the one format table (``mirna_kg.formats``).
SERIALIZATIONS: dict[str, RdfFormat] = {f.name: f for f in RELEASE_FORMATS}


def jsonld_context(ontology: Graph) -> dict[str, object]:
    """The JSON-LD context: every prefix of the prefix map, plus a short key for each of our properties.

    Object properties are coerced to IRIs; datatype properties to their declared datatype (except plain
    strings), so compaction writes ``"mirna": "mirbase.mature:MIMAT0000076"`` and ``"tableRow": "3"``.
    """
    context: dict[str, object] = dict(sorted(TURTLE_PREFIXES.items()))
    context["label"] = {"@id": "rdfs:label"}
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.ObjectProperty))):
        if isinstance(prop, URIRef) and str(prop).startswith(str(MKG)):
            context[str(prop)[len(str(MKG)) :]] = {"@id": f"mkg:{str(prop)[len(str(MKG)) :]}", "@type": "@id"}
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.DatatypeProperty))):
        if isinstance(prop, URIRef) and str(prop).startswith(str(MKG)):
            key = str(prop)[len(str(MKG)) :]
            entry: dict[str, str] = {"@id": f"mkg:{key}"}
            datatype = ontology.value(prop, RDFS.range)
            if datatype is not None and datatype != XSD.string:
                entry["@type"] = f"xsd:{str(datatype)[len(str(XSD)) :]}"
            context[key] = entry
    return {"@context": context}


def context_text(ontology: Graph) -> str:
    """The context document as written to ``ontology/mirna-kg.context.jsonld``."""
    return json.dumps(jsonld_context(ontology), indent=2, ensure_ascii=False) + "\n"


Triple = tuple[Node, Node, Node]


class _TriplesBetween:
    """A set of triples offering the only graph operations rdflib's canonicalisation performs: iteration, and the
    triples between two given nodes (``triples((s, None, o))``), answered from a dict keyed by subject and object.

    The canonicaliser (``rdflib.compare._TripleCanonicalizer``, which ``to_canonical_graph`` runs) asks for the
    triples between two nodes over and over while it refines the colouring; a ``Graph`` answers each through its
    store's general pattern matching, a dict directly. The colouring, hashes and labels are rdflib's own, so the
    labels are those of ``to_canonical_graph``; ``tests/test_export.py`` compares the two."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._triples = list(dict.fromkeys(triples))
        self._between: defaultdict[tuple[Node, Node], list[Triple]] = defaultdict(list)
        for triple in self._triples:
            self._between[(triple[0], triple[2])].append(triple)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def triples(self, pattern: tuple[Node | None, None, Node | None]) -> Iterator[Triple]:
        subject, predicate, obj = pattern
        if predicate is not None or subject is None or obj is None:
            raise ValueError(f"only (subject, None, object) is looked up here, not {pattern!r}")
        return iter(self._between.get((subject, obj), ()))


def canonical_blank_triples(triples: Iterable[Triple]) -> set[Triple]:
    """Triples that hold blank nodes, with the blank nodes relabelled as ``rdflib.compare.to_canonical_graph``
    labels them (``cb`` and a digest of each node's place in the graph)."""
    return set(_TripleCanonicalizer(_TriplesBetween(triples)).canonical_triples())  # type: ignore[arg-type]


def _canonical_triples(graph: Graph) -> list[Triple]:
    """The graph's triples with canonical blank-node labels, sorted.

    Only the triples that hold a blank node are handed to rdflib's canonicalisation (the costly part of a
    build): its colouring of a blank node starts from, and is refined by, the triples that node occurs in, so
    the triples without one change no label; they are kept as they are. A graph without blank nodes is its
    own canonical form."""
    blank = []
    ground = []
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            blank.append(triple)
        else:
            ground.append(triple)
    return sorted([*ground, *canonical_blank_triples(blank)] if blank else ground)


def canonical_graph(graph: Graph) -> Graph:
    """The same graph with canonical blank-node labels, held in an insertion-ordered store filled in sorted
    order, so that serializers which walk the store see the same order in every process."""
    canonical = Graph(store="SimpleMemory")
    bind_prefixes(canonical.namespace_manager)
    # one store call in sorted order (Graph.add checks every triple again on the way)
    canonical.addN((s, p, o, canonical) for s, p, o in _canonical_triples(graph))
    return canonical


def canonical_ntriples(graph: Graph, canonical: Graph | None = None) -> bytes:
    """N-Triples with canonical blank-node labels, one triple per line, lines sorted.

    ``canonical`` is ``canonical_graph(graph)`` when the caller already has it: the same canonical labels,
    so canonicalising again would only repeat the work."""
    source = canonical if canonical is not None else canonical_graph(graph)
    lines = source.serialize(format="nt", encoding="utf-8").splitlines()
    return b"\n".join(sorted(line for line in lines if line.strip())) + b"\n"


class _TurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serializer, remembering the prefixed name it found for each IRI.

    The serializer looks every IRI up once while it collects prefixes and again each time it writes it; every
    lookup splits the IRI and searches the prefix map anew. Once an IRI has a prefixed name it keeps it for the
    rest of the document (rdflib's namespace manager caches the split of an IRI, and a prefix once declared is
    never taken back), so the remembered answer is the one rdflib would give; an IRI without one yet (no prefix
    so far) is looked up again. ``tests/test_export.py`` compares the bytes with rdflib's own serializer."""

    def reset(self) -> None:
        super().reset()
        self._pnames: dict[Node, str] = {}

    def get_pname(self, uri: Node, gen_prefix: bool = True) -> str | None:
        known = self._pnames.get(uri)
        if known is not None:
            return known
        found = super().get_pname(uri, gen_prefix)
        if found is not None:
            self._pnames[uri] = found
        return found


def turtle(graph: Graph) -> bytes:
    """``graph.serialize(format="turtle", encoding="utf-8")``, the same bytes, with fewer prefix look-ups."""
    out = io.BytesIO()
    _TurtleSerializer(graph).serialize(out, base=graph.base, encoding="utf-8")
    return out.getvalue()


def _ordered_jsonld(node: object) -> object:
    """A JSON-LD document in a canonical order: keys sorted, unordered arrays sorted (``@list`` kept)."""
    if isinstance(node, dict):
        return {
            key: (
                [_ordered_jsonld(item) for item in value]
                if key == "@list" and isinstance(value, list)
                else _ordered_jsonld(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        items = [_ordered_jsonld(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return node


def serialize(graph: Graph, name: str, canonical: Graph | None = None) -> bytes:
    """The graph in one of SERIALIZATIONS (the graph carries the ontology the JSON-LD context is built from).

    ``canonical`` is ``canonical_graph(graph)`` when the caller already has it (a build serializes it twice).
    """
    spec = SERIALIZATIONS[name]
    if name == "ntriples":
        return canonical_ntriples(graph, canonical)
    if name == "turtle":  # rdflib's Turtle serializer sorts subjects and objects itself
        bind_prefixes(graph.namespace_manager)
        return turtle(graph)
    canonical = canonical if canonical is not None else canonical_graph(graph)
    if name == "jsonld":
        context = jsonld_context(graph)["@context"]
        text = canonical.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
        document = _ordered_jsonld(json.loads(text))
        return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    return canonical.serialize(format=spec.rdflib, encoding="utf-8")


def refuse_release_file(target: Path) -> None:
    """Refuse to write over a file of a built release at all: for outputs streamed too large to compare
    (``guard_release_file`` compares the bytes first)."""
    from .errors import OutputError
    from .writing import read_manifest

    if target.name in read_manifest(target.parent):
        raise OutputError(
            f"{target}: a file of the release in {target.parent} (made by `mirna-kg build`), which holds the "
            "curated graph alone; export elsewhere (--out)"
        )


def guard_release_file(target: Path, data: bytes) -> bool:
    """Refuse to replace a file of a built release with different bytes; True when it already holds ``data``.

    A release (``mirna-kg build``) is a set whose files describe one graph, listed with their checksums in the
    folder's manifest; exporting another graph (``--with-inferred``, edited data) over one of them would leave
    a mix, so ``export`` raises ``OutputError`` instead. Writing the identical bytes is a no-op.
    """
    from .errors import OutputError
    from .writing import digest, read_manifest

    manifest = read_manifest(target.parent)
    recorded = manifest.get(target.name)
    if recorded is None:
        return False
    if recorded == digest(data):
        return True
    raise OutputError(
        f"{target}: a file of the release in {target.parent} (made by `mirna-kg build`), which holds "
        "a different graph; export elsewhere (--out) or rebuild the release with `mirna-kg build`"
    )
