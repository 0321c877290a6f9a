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

#: Wording by which a review says that a lncRNA or circRNA soaks up a miRNA ("sponges", "sequesters",
#: "by adsorbing", "competitively bind(s)"). Only this wording makes an axis a sponge axis: the miRNA's role is
#: then read as the inverse of the RNA's. An axis named without it ("LINC01711 ... via the miR-4510/NELFE
#: axis") is recorded as written.
SPONGE = re.compile(
    r"\bspong(e|es|ed|ing)\b|\bsequester(s|ed|ing)?\b|\badsorb(s|ed|ing)?\b|\bcompetitive(ly)?\s+bind", re.I
)

#: Wording that reports only a miRNA's level in a cell: profiled, up- or downregulated, differentially or
#: highly expressed, enriched.
EXPRESSION = re.compile(
    r"\b(up|down)-?regulated\b|\bdifferentially expressed\b|\bexpression profiles?\b|\bhighly expressed\b"
    r"|\benriched in\b",
    re.I,
)

#: Wording that says a miRNA does something in or to a cell (acts, is delivered, changes a process): a passage
#: with it is more than a report of expression levels, and a recipient cell may follow from its words.
ACTION = re.compile(
    r"\b(promot|inhibit|suppress|induc|target|deliver|transfer|transmit|activat|enhanc|driv|reduc|block|polariz"
    r"|impair|facilitat|mediat|stimulat|restrain|increas|decreas|reliev|shap|recruit|convert|transform|attenuat"
    r"|revers|affect|alter|(up|down)?regulat)(e|es|ed|ing|s)?\b(?<!\bupregulated)(?<!\bdownregulated)",
    re.I,
)

#: A sentence's own reference markers ("(70)", "(94, 95)", "(19-24)"): the text up to a claim's reference is
#: what that cited study is credited with, so an effect stated for reference 70 is not given to reference 71.
REFERENCE_MARKER = re.compile(r"\((\d+(?:\s*[,\u2011\u2013-]\s*\d+)*)\)")

#: Wording that states an effect on the tumour (growth, progression, metastasis, invasion, immune escape,
#: resistance to therapy, and the like), of the miRNA or of what it induces.
TUMOUR_EFFECT = re.compile(
    r"tumou?r|cancer|carcinoma|metasta|invasi|progression|malignan|oncogen|growth|proliferat|migrat"
    r"|immune escape|resistance|chemotherapy|sensitivity|survival|myeloma|glioma|melanoma|leukemia|lymphoma|sarcoma",
    re.I,
)


def reference_numbers(marker: str) -> set[int]:
    """The reference numbers of one marker's inside ("94, 95" -> {94, 95}; "19-24" -> 19..24)."""
    numbers: set[int] = set()
    for part in re.split(r"\s*,\s*", marker):
        bounds = re.split(r"\s*[\u2011\u2013-]\s*", part)
        if len(bounds) == 2:
            numbers.update(range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            numbers.add(int(bounds[0]))
    return numbers


def study_span(quote: str, reference: int) -> str | None:
    """The part of ``quote`` that the review credits to ``reference``: each stretch after a reference marker
    up to the next marker that cites it, joined; None when no marker of the quote cites it."""
    spans, start = [], 0
    for match in REFERENCE_MARKER.finditer(quote):
        if reference in reference_numbers(match.group(1)):
            spans.append(quote[start : match.start()])
        start = match.end()
    return " ".join(spans) if spans else None


#: Wording that places a study in mice ("in a mouse breast cancer model", "tumor-bearing mice", "murine").
MOUSE = re.compile(r"\bmice\b|\bmouse\b|\bmurine\b", re.I)

#: A note's reason for keeping the human entry although the words name mice: a xenograft (mouse host, human
#: tumour cells), or a mouse host named only for another study.
HUMAN_IN_MOUSE = re.compile(r"xenograft|host is mouse|another study", re.I)

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
