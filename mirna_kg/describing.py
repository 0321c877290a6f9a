"""An ``EntityDescription`` as terminal text or JSON, for ``mirna-kg describe``.

"Statement" means one thing here, as in the ontology: a curated claim, observation, biomarker or therapeutic
statement from a review. The entity's own RDF triples are counted as triples, once, at the end.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap

from .entities import Claim, EntityDescription, Ref


def render_description(d: EntityDescription, fmt: str = "text") -> str:
    """The description readably (``text``) or as JSON (``json``, every field)."""
    if fmt == "json":
        return json.dumps(dataclasses.asdict(d), indent=1, ensure_ascii=False) + "\n"
    lines = [f"{d.label}  ({d.kind}, {d.curie})", f"  {d.iri}"]
    types = [t for t in d.types if t.curie not in ("owl:Class", "owl:NamedIndividual")]  # OWL's, not the subject's
    if types:
        lines.append("  types: " + _names(types))
    if d.alt_labels:
        lines.append("  also: " + "; ".join(d.alt_labels))
    if d.definition:
        lines += textwrap.wrap(d.definition, 100, initial_indent="  ", subsequent_indent="  ")
    for link in d.identifiers:
        lines.append(f"  {link.authority}: {link.identifier}  {link.url}")
    for how, refs in d.relatives.items():
        lines.append(f"  {how}: {_names(refs)}")
    if d.inferred_classes:
        lines.append("  inferred classes: " + _names(d.inferred_classes))
    if d.claims:
        lines.append("")
        if d.kind == "statement":
            lines.append("The statement:")
        else:
            lines.append(f"{_count(len(d.claims), 'statement')} involving {d.label}:")
        for claim in d.claims:
            lines += _claim(claim)
    if d.evidence:
        lines.append("")
        lines.append(f"External evidence ({len(d.evidence)} miRNA-gene pairs, ingested releases):")
        for item in d.evidence:
            lines.append(
                f"  - {item.mirna_name} -> {item.gene_symbol}: {item.records} records, strongest "
                f"{item.strongest_support or 'not stated'}; {', '.join(item.methods[:4])}; "
                f"PMID {', '.join(item.pmids[:5])}; {', '.join(item.sources)}"
            )
    if d.related_claims:
        lines.append("")
        lines.append("Disagrees with / supported by:")
        for claim in d.related_claims:
            lines += _claim(claim)
    lines.append("")
    incoming = f"{'at least ' if d.incoming_truncated else ''}{len(d.incoming)}"
    lines.append(f"In RDF: {_count(len(d.outgoing), 'triple')} with {d.curie} as subject, {incoming} with it as object")
    lines.append(f"  (`mirna-kg serve` shows them at /entity/{d.curie})")
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _names(refs: list[Ref]) -> str:
    return ", ".join(r.label for r in refs)


def _claim(c: Claim) -> list[str]:
    head = f"- {c.ref.curie} [{c.kind}]"
    if c.roles:
        head += f" as {', '.join(c.roles)}"
    if c.via:
        head += f" via {c.via.label}"
    parts = []
    if c.mirnas:
        parts.append(_names(c.mirnas))
    if c.effect:
        parts.append(c.effect.label)
    if c.cancers:
        parts.append("in " + _names(c.cancers))
    if c.source_cells or c.vehicles or c.recipient_cells:
        parts.append(
            f"{_names(c.source_cells) or '?'} -> {_names(c.vehicles) or '?'} -> {_names(c.recipient_cells) or '?'}"
        )
    if c.targets:
        parts.append("targets " + _names(c.targets))
    where = ", ".join(
        x
        for x in (
            c.review.label if c.review else "",
            c.location,
            ("ref. " + ", ".join(c.references)) if c.references else "",
        )
        if x
    )
    out = [head, "    " + "; ".join(parts)] if parts else [head]
    if where:
        out.append(f"    ({where})")
    if c.quote:
        out += textwrap.wrap(f'"{c.quote}"', 100, initial_indent="    ", subsequent_indent="     ")
    return out
