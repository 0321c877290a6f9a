"""OWL reasoning with HermiT through owlready2: consistency, and (later) inferred class memberships.

owlready2 runs HermiT, a Java program, so Java must be installed; ``require_java`` turns its absence into a
clear message. The graph handed to the reasoner is written as N-Triples into a private owlready2 World, so
reasoning never touches owlready2's default (global) quadstore.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import InputError

MINIMUM_JAVA = 8


@dataclass(frozen=True)
class ConsistencyResult:
    consistent: bool
    detail: str


def require_java() -> str:
    """The Java version string, or an ``InputError`` saying how to install Java."""
    java = shutil.which("java")
    if java is None:
        raise InputError("HermiT needs Java, and `java` is not on PATH: install a JRE "
                         "(e.g. `apt-get install default-jre-headless`) and try again")
    completed = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    text = completed.stderr or completed.stdout
    match = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not match:
        raise InputError(f"cannot tell the Java version from `java -version`: {text.strip()[:200]}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" style
        major = int(match.group(2))
    if major < MINIMUM_JAVA:
        raise InputError(f"HermiT needs Java {MINIMUM_JAVA} or newer; found Java {major}")
    return text.splitlines()[0]


def check_consistency(graph: Graph) -> ConsistencyResult:
    """Classify ``graph`` with HermiT and report whether it is consistent."""
    import owlready2

    require_java()
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.nt"
        path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
        ontology = world.get_ontology(path.as_uri()).load()
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            return ConsistencyResult(False, str(error).strip().splitlines()[0] if str(error).strip() else "")
    unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    if unsatisfiable:
        return ConsistencyResult(True, "unsatisfiable classes: " + ", ".join(unsatisfiable))
    return ConsistencyResult(True, "consistent")
