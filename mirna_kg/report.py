"""What validation found: SHACL results and the project's own checks as one report, in text and JSON.

A module of its own so that the checks (``checks``) and the SHACL run (``validation``) both write
``Violation``s without importing each other.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Violation:
    """One SHACL result, located in the file that describes its focus node."""

    file: str
    focus: str
    path: str
    message: str
    severity: str
    value: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every result."""

    conforms: bool
    violations: list[Violation]

    def by_file(self) -> dict[str, dict[str, list[Violation]]]:
        """Results grouped by file, then focus node, in a stable order."""
        grouped: dict[str, dict[str, list[Violation]]] = defaultdict(lambda: defaultdict(list))
        for violation in sorted(self.violations, key=lambda v: (v.file, v.focus, v.path, v.message)):
            grouped[violation.file][violation.focus].append(violation)
        return grouped

    def to_text(self) -> str:
        if self.conforms and not self.violations:
            return "conforms: every statement and entity passes the shapes\n"
        lines = []
        for file, focus_nodes in self.by_file().items():
            lines.append(file)
            for focus, results in focus_nodes.items():
                lines.append(f"  {focus}")
                for result in results:
                    where = f"[{result.path}] " if result.path else ""
                    value = f" (value: {result.value})" if result.value else ""
                    lines.append(f"    - {result.severity}: {where}{result.message}{value}")
        count = len(self.violations)
        verdict = "conforms (warnings only)" if self.conforms else "does not conform"
        lines.append(f"{verdict}: {count} result{'s' if count != 1 else ''}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        document = {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ValidationReport:
        """The report ``to_json`` wrote (a build reads a cached report back: ``mirna_kg.validation``).

        >>> report = ValidationReport(False, [Violation("a.ttl", "mkgs:x", "", "no label", "Violation", "", "")])
        >>> ValidationReport.from_json(report.to_json()) == report
        True
        """
        document = json.loads(text)
        return cls(bool(document["conforms"]), [Violation(**v) for v in document["violations"]])
