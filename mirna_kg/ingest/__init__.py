"""Ingest of external miRNA–target evidence (miRTarBase, TarBase) beside the curated graph."""
