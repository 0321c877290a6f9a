"""Checks SHACL cannot express: data that is well-formed and uses real identifiers, but the wrong ones.

- **The miRNA as written agrees with the miRBase entry it links to.** ``mkg:mirnaAsWritten "miR-148b-3p"`` on a
  claim whose ``mkg:mirna`` is MIMAT0000076 (hsa-miR-21-5p) passes every shape; here it is an error. A written
  name agrees when it equals (case-insensitively, the species prefix optional, the arm optional when the review
  gives none) the entry's miRBase name, one of miRBase's earlier names (``skos:hiddenLabel``), or the name of a
  precursor/mature relative; a group agrees through its own label or its members. A written list ("miR-146b,
  miR-155", "miR-23a/27a/24-2", "miR-150, -155 and -1246") agrees when every name in it does. A deliberate
  exception carries ``mkg:flag mkg:asWrittenNameDiffers`` and a note.
- **A statement IRI is defined in one file.** Two files describing ``mkgs:…`` would merge two statements into one
  silently.

Each finding is a ``Violation`` (severity Violation), so ``validate`` and ``build`` report it with the file and
exit 1 like any shape violation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .loading import LoadedGraph
from .namespaces import MKG, MKGS, compress
from .report import Violation

MIRNA_AS_WRITTEN_CHECK = "check:mirna-as-written"
DUPLICATE_STATEMENT_CHECK = "check:statement-in-one-file"
#: The curation flag that accepts a written name differing from the linked entry.
NAME_DIFFERS_FLAG = MKG.asWrittenNameDiffers

_SPECIES = re.compile(r"^(hsa|mmu)-")
_ARM = re.compile(r"(-[35]p|\*)$")
_PLURAL = re.compile(r"(\d[a-z]?)s\b")
_GROUP_WORD = re.compile(r"\s+(family|cluster)$")
_PARENTHESIS = re.compile(r"\s*\(.*\)$")
_MIRNA_WORD = re.compile(r"^(?:mirna|microrna)-")
_SEPARATORS = re.compile(r"\s*(?:,|/|;|\band\b)\s*")


def normalize(name: str) -> str:
    """A name reduced to what must agree: lower case, one space, no species prefix, no trailing "(…)",
    "family"/"cluster" and plural "s" dropped ("miR-200s family" = "hsa-miR-200 family")."""
    text = " ".join(name.strip().split()).lower()
    text = _PARENTHESIS.sub("", text)
    text = _SPECIES.sub("", text)
    text = _MIRNA_WORD.sub("mir-", text)
    text = _GROUP_WORD.sub("", text)
    return _PLURAL.sub(r"\1", text)


def has_arm(name: str) -> bool:
    return bool(_ARM.search(normalize(name)))


def without_arm(name: str) -> str:
    return _ARM.sub("", normalize(name))


def written_names(written: str) -> list[str]:
    """The miRNA names of a written list, each completed from the first ("miR-27a/b" -> miR-27a, miR-27b)."""
    parts = [p for p in _SEPARATORS.split(written.strip()) if p]
    if len(parts) <= 1:
        return [written.strip()]
    first = parts[0]
    match = re.match(r"^((?:[a-z]{3}-)?(?:mir|let)-)", first, flags=re.IGNORECASE)
    prefix = match.group(1) if match else ""
    names = [first]
    for part in parts[1:]:
        if part.startswith("-") and prefix:
            names.append(prefix + part[1:])
        elif re.fullmatch(r"[a-z]", part) and re.search(r"\d[a-z]$", names[-1]):
            names.append(names[-1][:-1] + part)  # miR-27a/b
        elif part[0].isdigit() and prefix:
            names.append(prefix + part)
        else:
            names.append(part)
    return names


def entry_names(graph: Graph, entry: URIRef, seen: set[URIRef] | None = None) -> set[str]:
    """Every name ``entry`` may be written as: its labels and earlier names, its precursor/mature relatives'
    names, and for a group its members' names."""
    seen = seen if seen is not None else set()
    if entry in seen:
        return set()
    seen.add(entry)
    names = {
        str(o)
        for p in (RDFS.label, SKOS.hiddenLabel, SKOS.altLabel)
        for o in graph.objects(entry, p)
        if isinstance(o, Literal)
    }
    relatives = [*graph.objects(entry, MKG.hasMatureProduct), *graph.subjects(MKG.hasMatureProduct, entry)]
    for relative in relatives:
        if isinstance(relative, URIRef) and relative not in seen:
            names |= {str(o) for p in (RDFS.label, SKOS.hiddenLabel) for o in graph.objects(relative, p)}
    for member in graph.objects(entry, MKG.hasMember):
        if isinstance(member, URIRef):
            names |= entry_names(graph, member, seen)
    return names


def armless_mature_names(graph: Graph, entry: URIRef, seen: set[URIRef] | None = None) -> set[str]:
    """Current miRBase names without an arm of the matures ``entry`` is, has, or groups (hsa-miR-184: a
    locus's only mature, which a review may still write with its arm, "miR-184-3p")."""
    seen = seen if seen is not None else set()
    if entry in seen:
        return set()
    seen.add(entry)
    out = set()
    if (entry, RDF.type, MKG.MatureMicroRNA) in graph:
        out |= {str(o) for o in graph.objects(entry, RDFS.label) if not has_arm(str(o))}
    for related in [*graph.objects(entry, MKG.hasMatureProduct), *graph.objects(entry, MKG.hasMember)]:
        if isinstance(related, URIRef):
            out |= armless_mature_names(graph, related, seen)
    return out


def name_agrees(written: str, names: Iterable[str], armless_matures: Iterable[str] = ()) -> bool:
    """One written name against an entry's names: equal; or equal without the arm when the review writes none;
    or a written arm on a mature that miRBase names without one (``armless_matures``)."""
    target = normalize(written)
    candidates = {normalize(n) for n in names}
    if target in candidates:
        return True
    if not has_arm(written):
        return without_arm(written) in {without_arm(n) for n in candidates}
    return without_arm(written) in {normalize(n) for n in armless_matures}


def mirna_as_written_findings(graph: Graph) -> list[tuple[URIRef, str, str]]:
    """(statement, written name, what it links to) for every written miRNA name that disagrees."""
    findings = []
    for statement, written in sorted(graph.subject_objects(MKG.mirnaAsWritten)):
        if not isinstance(statement, URIRef) or (statement, MKG.flag, NAME_DIFFERS_FLAG) in graph:
            continue
        linked = sorted(m for m in graph.objects(statement, MKG.mirna) if isinstance(m, URIRef))
        if not linked:
            continue  # the shapes report a claim without a miRNA
        names: set[str] = set()
        armless: set[str] = set()
        for entry in linked:
            names |= entry_names(graph, entry)
            armless |= armless_mature_names(graph, entry)
        text = str(written)
        if name_agrees(text, names, armless) or all(name_agrees(p, names, armless) for p in written_names(text)):
            continue
        shown = ", ".join(f"{compress(str(m))} ({_label(graph, m)})" for m in linked)
        findings.append((statement, text, shown))
    return findings


def _label(graph: Graph, entry: URIRef) -> str:
    label = graph.value(entry, RDFS.label)
    return str(label) if label is not None else "no label: run `mirna-kg imports`"


def duplicate_statements(loaded: LoadedGraph) -> list[tuple[URIRef, list[Path]]]:
    """Statement IRIs that more than one file describes, with those files."""
    out = []
    for subject, files in loaded.subject_files.items():
        if isinstance(subject, URIRef) and str(subject).startswith(str(MKGS)) and len(files) > 1:
            out.append((subject, [f for f in loaded.files if f in files]))
    return sorted(out)


def violations(loaded: LoadedGraph, render: Callable[[Path], str]) -> list[Violation]:
    """Every finding of the project's own checks as a validation ``Violation`` (``render`` shows a file path,
    relative to the tree), so ``validate`` reports them beside the SHACL results."""
    graph = loaded.graph
    out: list[Violation] = []
    for statement, written, linked in mirna_as_written_findings(graph):
        files = loaded.files_of(statement)
        out.append(
            Violation(
                file=", ".join(render(f) for f in files) or "(not described in any file)",
                focus=compress(str(statement)),
                path="mkg:mirnaAsWritten",
                message=(
                    f'the miRNA is written "{written}" but mkg:mirna is {linked}: link the entry the review '
                    "names, or, if the difference is deliberate, add mkg:flag mkg:asWrittenNameDiffers and a "
                    "mkg:curationNote saying why"
                ),
                severity="Violation",
                value=written,
                shape=MIRNA_AS_WRITTEN_CHECK,
            )
        )
    for statement, files in duplicate_statements(loaded):
        shown = [render(f) for f in files]
        out.append(
            Violation(
                file=", ".join(shown),
                focus=compress(str(statement)),
                path="",
                message=f"the statement IRI is defined in {len(files)} files ({' and '.join(shown)}); a statement "
                "lives in one file — give one of them its own IRI (a qualifier, see data/README.md) or merge them",
                severity="Violation",
                value="",
                shape=DUPLICATE_STATEMENT_CHECK,
            )
        )
    return out
