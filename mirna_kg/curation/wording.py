"""The curation's wording rules, written down once: which words in a review make a gene a *target*, which table
cells count as a bare target column.

``data/README.md`` states the rules in prose; the curation checks (``tests/test_curation_wording.py``) and the
draft of a new review use these patterns, so a rule changes in one place.
"""

from __future__ import annotations

import re

#: Wording that makes a gene a target: target/targets/targeting/targeted, "directly" (directly inhibits,
#: directly targets), binding of the 3' UTR.
TARGETING = re.compile(r"target|direct(ly)?\b|\bbind(s|ing)?\b|3['’]\s*(UTR|untranslated)", re.IGNORECASE)

#: A "Target gene/function" cell of a review table that names genes only ("SIRT2", "ARHGAP1, FAM134A").
BARE_GENES = re.compile(r"^[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*(\s*,\s*[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*)*$")

#: Review 000's tables whose "Target gene/function" column names targets.
TARGET_COLUMN_TABLES = frozenset({"Table 4", "Table 5", "Table 6"})
