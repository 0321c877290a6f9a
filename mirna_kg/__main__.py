"""``python -m mirna_kg`` runs the command line."""

from .cli import run

run()
