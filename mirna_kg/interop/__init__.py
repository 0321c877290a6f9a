"""The graph published the way the field expects: nanopublications per statement, the RO-Crate and schema.org
description of a release, FAIR Signposting links, and the offline ``kgx validate`` run (``kgx_validate``).

Each module is a core of plain functions; the CLI and the web only call them.
"""
