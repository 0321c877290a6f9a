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

#: Targeting wording right before a gene name (the draft reads a gene as a target only after these words):
#: "targets", "directly targets", "targeting the proto-oncogene", "binds the 3'-UTR of", "suppresses the
#: translation of", "its target".
TARGETING_BEFORE_GENE = re.compile(
    r"(?:\btarget(?:s|ing|ed)?\b|\bdirectly\s+\w+|\bbind(?:s|ing)?\s+(?:to\s+)?(?:the\s+)?3['′’]?[\s-]*"
    r"(?:UTR|untranslated\s+region)s?\s+of|\bsuppress(?:es|ing|ed)?\s+the\s+translation\s+of|\bits\s+target)"
    r"(?:\s+(?:and\s+)?(?:inhibit(?:s|ing)?|the|proto-oncogene|gene|genes|of|[A-Za-z0-9-]+,))*\s*[(\"“]?$",
    re.IGNORECASE,
)

#: Explicit wording that a miRNA promotes the tumour ("Promoting tumors", "promotes tumor progression",
#: "oncogenic", "enhances metastasis").
PROMOTES_TUMOR = re.compile(
    r"\b(?:promot\w*|facilitat\w*|enhanc\w*|driv\w*|accelerat\w*|increas\w*|induc\w*|stimulat\w*|support\w*)\s+"
    r"(?:the\s+|tumou?r\s+|cancer\s+|\w+\s+){0,3}"
    r"(?:tumou?rs?\b|cancers?\b|metasta\w*|tumou?rigenesis|carcinogenesis|progression|proliferation|invasion|"
    r"growth|angiogenesis|colonization)|\boncogenic\b|\bpro-?(?:tumou?r|metastatic)\w*|\btumou?r-?promoting\b",
    re.IGNORECASE,
)

#: Explicit wording that a miRNA inhibits the tumour ("Inhibiting tumors", "suppresses metastasis",
#: "tumor suppressor").
INHIBITS_TUMOR = re.compile(
    r"\b(?:inhibit\w*|suppress\w*|reduc\w*|attenuat\w*|impair\w*|block\w*|restrain\w*|decreas\w*|weaken\w*)\s+"
    r"(?:the\s+|tumou?r\s+|cancer\s+|\w+\s+){0,3}"
    r"(?:tumou?rs?\b|cancers?\b|metasta\w*|tumou?rigenesis|carcinogenesis|progression|proliferation|invasion|"
    r"growth|angiogenesis|colonization)|\btumou?r[- ]suppress\w*|\banti-?(?:tumou?r|metastatic)\w*",
    re.IGNORECASE,
)
