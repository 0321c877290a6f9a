"""The curator's path into ``data/ttl/``: the review's wording rules, claim sheets and drafts from a review's text."""
