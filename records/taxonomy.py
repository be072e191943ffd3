"""Which release node (RefSeq's directory) a record belongs to, from its lineage and its source feature."""

from __future__ import annotations

from records.models import Node


def node_for(lineage: str, *, organelle: str = "", plasmid: bool = False) -> Node:
    """Organelles and plasmids first (RefSeq files them apart from their organism), then the lineage."""
    organelle = organelle.lower()
    if "mitochondri" in organelle:
        return Node.MITOCHONDRION
    if organelle and any(w in organelle for w in ("plastid", "chloroplast", "apicoplast", "chromoplast")):
        return Node.PLASTID
    if plasmid:
        return Node.PLASMID
    names = {part.strip().rstrip(".").lower() for part in lineage.replace(".", ";").split(";")}
    if "viruses" in names or "viroids" in names:
        return Node.VIRAL
    if "archaea" in names:
        return Node.ARCHAEA
    if "bacteria" in names:
        return Node.BACTERIA
    if "fungi" in names:
        return Node.FUNGI
    if "viridiplantae" in names or "streptophyta" in names or "rhodophyta" in names:
        return Node.PLANT
    if "mammalia" in names:
        return Node.VERTEBRATE_MAMMALIAN
    if "vertebrata" in names or "craniata" in names:
        return Node.VERTEBRATE_OTHER
    if "metazoa" in names:
        return Node.INVERTEBRATE
    return Node.PROTOZOA  # the other eukaryotes, as RefSeq files them
