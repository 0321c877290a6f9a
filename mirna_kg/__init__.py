"""mirna-kg: an RDF knowledge graph of how microRNAs act in the tumour microenvironment."""

__version__ = "0.1.0"
