"""Qualifiers of coding regions and RNAs, and protein features mapped back onto the nucleotide.

A CDS shows what its protein Bioseq says: the protein's name as ``/product``, its id as ``/protein_id``
(local ids are not shown), its residues as ``/translation``. Mature peptides, signal and transit peptides
annotated on the protein appear on the nucleotide at the codons that encode them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gbprep.assemble.cleanup import rrna_name, without_organism
from gbprep.model.asntree import alternative
from gbprep.model.records import AsnNode
from gbprep.rules.products import ec_format_ok
from gbprep.writers.genbank.locations import Location, Span, format_location, read_location
from gbprep.writers.genbank.quals import Quals
from gbprep.writers.genbank.tree import (
    Bioseq,
    Entry,
    SeqId,
    general_parts,
    ident_of,
    int_of,
    residues,
    seq_id,
    seq_key,
    text_of,
)

_FRAMES = {"one": 1, "two": 2, "three": 3}
THREE_LETTER = {
    "A": "Ala",
    "B": "Asx",
    "C": "Cys",
    "D": "Asp",
    "E": "Glu",
    "F": "Phe",
    "G": "Gly",
    "H": "His",
    "I": "Ile",
    "J": "Xle",
    "K": "Lys",
    "L": "Leu",
    "M": "Met",
    "N": "Asn",
    "O": "Pyl",
    "P": "Pro",
    "Q": "Gln",
    "R": "Arg",
    "S": "Ser",
    "T": "Thr",
    "U": "Sec",
    "V": "Val",
    "W": "Trp",
    "X": "OTHER",
    "Y": "Tyr",
    "Z": "Glx",
    "*": "TERM",
}
NCRNA_CLASSES = frozenset(
    {
        "antisense_RNA",
        "autocatalytically_spliced_intron",
        "ribozyme",
        "hammerhead_ribozyme",
        "lncRNA",
        "RNase_P_RNA",
        "RNase_MRP_RNA",
        "telomerase_RNA",
        "guide_RNA",
        "rasiRNA",
        "scRNA",
        "siRNA",
        "miRNA",
        "piRNA",
        "snoRNA",
        "snRNA",
        "SRP_RNA",
        "vault_RNA",
        "Y_RNA",
        "other",
    }
)
_PEPTIDE_KEYS = {
    "mature": "mat_peptide",
    "signal-peptide": "sig_peptide",
    "transit-peptide": "transit_peptide",
    "preprotein": "proprotein",
}
_COMPLEMENT = str.maketrans("ACGTRYKMBVDHNacgtrykmbvdhn", "TGCAYRMKVBHDNtgcayrmkvbhdn")


def protein_id_text(sid: SeqId) -> str:
    if sid.kind == "general":
        return f"{sid.db}:{sid.tag}"
    if sid.kind in ("local", "gi"):
        return ""
    return sid.accession_version


def product_bioseq(entry: Entry, feat: AsnNode) -> Bioseq | None:
    """The protein Bioseq a coding region's ``product`` names."""
    product = feat.child("product")
    if product is None:
        return None
    first = product.children[0] if product.children else None
    if first is not None and first.name in ("whole", "id") and product.name not in ("whole", "id"):
        return entry.find(first)  # the usual ``product whole ...``: what the walk below would find first
    for node in product.walk():
        if node.name in ("whole", "id"):
            return entry.find(node)
    return None


def main_protein(protein: Bioseq) -> AsnNode | None:
    """The Prot-ref that names the whole protein: the longest one not marked as a processed peptide."""
    candidates: list[tuple[AsnNode, AsnNode]] = []
    for feat in protein.features:
        alt = alternative(feat.child("data"))
        if alt is None or alt[0] != "prot":
            continue
        if ident_of(alt[1].child("processed")) not in (None, "not-set"):
            continue
        candidates.append((feat, alt[1]))
    if len(candidates) <= 1:  # the usual case: no sizes to compare
        return candidates[0][1] if candidates else None
    lengths = {seq_key(i): protein.length for i in protein.ids}
    best: tuple[int, AsnNode] | None = None
    for feat, prot in candidates:
        loc = read_location(feat.child("location"), lengths)
        size = loc.right - loc.left
        if best is None or size > best[0]:
            best = (size, prot)
    return best[1] if best is not None else None


def _prot_names(prot: AsnNode) -> list[str]:
    names = prot.child("name")
    return [str(n.value) for n in names.children] if names is not None else []


def cds_qualifiers(
    protein: Bioseq | None,
    feat: AsnNode,
    cdregion: AsnNode,
    quals: Quals,
    notes: list[str],
    taxname: str = "",
) -> list[str]:
    """Add the qualifiers of a coding region (with its ``product_bioseq``); returns note parts that go after
    the feature's own comment. ``taxname`` is the organism's: asn2gb shows the protein's name without it
    (``without_organism``)."""
    quals.add("codon_start", str(_FRAMES.get(ident_of(cdregion.child("frame")) or "", 1)))
    code = cdregion.child("code")
    code_id = None
    for c in code.children if code is not None else []:
        if c.name == "id":
            code_id = int_of(c)
    if code_id is not None and code_id != 1:
        quals.add("transl_table", str(code_id))
    breaks = cdregion.child("code-break")
    for cb in breaks.children if breaks is not None else []:
        where = read_location(cb.child("loc"), {})
        letter = _aa_letter(cb.child("aa"))
        aa = THREE_LETTER.get(letter.upper(), "OTHER")
        quals.add("transl_except", f"(pos:{format_location(where)},aa:{aa})")
    if protein is None:
        # A CDS without a protein (a pseudogene, say) may still name it through a Prot-ref xref.
        xrefs = feat.child("xref")
        for x in xrefs.children if xrefs is not None else []:
            data = alternative(x.child("data"))
            if data is not None and data[0] == "prot":
                if _prot_names(data[1]):
                    quals.add("cds_product", _prot_names(data[1])[0])
                _add_ec_and_activity(data[1], quals)
        return []
    trailing: list[str] = []
    prot = main_protein(protein)
    if prot is not None:
        names = _prot_names(prot)
        shown = without_organism(names[0], taxname) if names else ""
        if shown:
            quals.add("cds_product", shown)
        desc = text_of(prot.child("desc"))
        if desc:
            notes.insert(0, desc)  # the protein's description leads the note
        if len(names) > 1:
            trailing.append("; ".join(names[1:]))  # further names close the note
        _add_ec_and_activity(prot, quals)
    protein_id = _protein_id(protein)
    if protein_id is not None:
        quals.add("protein_id", protein_id)
    pseudo = feat.child("pseudo")
    if quals.has("pseudo") or (pseudo is not None and pseudo.value is True):
        return trailing  # a pseudo coding region keeps its protein id but shows no translation
    translation = residues(protein)
    if translation:
        quals.add("translation", translation.rstrip("*"))
    return trailing


def _protein_id(protein: Bioseq) -> str | None:
    """What ``/protein_id`` shows: an accession preferred to a general (database:tag) id; local ids are not
    shown (None: no qualifier)."""
    if len(protein.ids) == 1 and protein.ids[0].name == "general":  # as tbl2asn names proteins
        db, tag = general_parts(protein.ids[0])
        return f"{db}:{tag}"
    ids = [seq_id(n) for n in protein.ids]
    best = [i for i in ids if i.accession] or [i for i in ids if i.kind == "general"]
    return protein_id_text(best[0]) if best else None


def _add_ec_and_activity(prot: AsnNode, quals: Quals) -> None:
    """A Prot-ref's EC numbers and activities, as /EC_number and /function of its coding region."""
    ec = prot.child("ec")
    for e in ec.children if ec is not None else []:
        if ec_format_ok(str(e.value)):  # asn2gb drops an EC number of the wrong form
            quals.add("prot_EC_number", str(e.value))
    activity = prot.child("activity")
    for a in activity.children if activity is not None else []:
        quals.add("prot_activity", str(a.value))


def _aa_letter(aa: AsnNode | None) -> str:
    alt = alternative(aa)
    if alt is None:
        return ""
    value = alt[1].value
    if isinstance(value, int):
        return chr(value)
    return str(value)


def rna_qualifiers(
    rna: AsnNode,
    rna_type: str,
    loc: Location,
    quals: Quals,
    notes: list[str],
    nucleotides: Callable[[], str],
) -> None:
    ext = alternative(rna.child("ext"))
    if ext is None:
        return
    kind, value = ext
    if kind == "name":
        name = text_of(value)
        if name:
            quals.add("product", rrna_name(name) if rna_type == "rRNA" else name)
    elif kind == "tRNA":
        letter = _aa_letter(value.child("aa"))
        if letter:
            quals.add("product", "tRNA-" + THREE_LETTER.get(letter.upper(), "OTHER"))
        anticodon = value.child("anticodon")
        if anticodon is not None:
            ac = read_location(anticodon, {})
            seq = nucleotides()
            codon = "".join(seq[s.start : s.stop + 1] for s in ac.spans)
            if ac.minus:
                codon = codon.translate(_COMPLEMENT)[::-1]
            aa = THREE_LETTER.get(letter.upper(), "OTHER")
            quals.add("anticodon", f"(pos:{format_location(ac)},aa:{aa},seq:{codon.lower()})")
    elif kind == "gen":
        cls = text_of(value.child("class"))
        if cls:
            if cls in NCRNA_CLASSES:
                quals.add("ncRNA_class", cls)
            else:
                quals.add("ncRNA_class", "other")
                notes.append(cls)
        product = text_of(value.child("product"))
        if product:
            quals.add("product", product)


def _map_offsets(spans: list[Span], first: int, last: int) -> list[Span]:
    """Nucleotide spans covering CDS-relative offsets ``first..last`` (0-based, inclusive)."""
    out: list[Span] = []
    offset = 0
    for s in spans:
        size = s.stop - s.start + 1
        lo, hi = max(first, offset), min(last, offset + size - 1)
        if lo <= hi:
            if s.minus:
                out.append(Span(s.id_key, s.stop - (hi - offset), s.stop - (lo - offset), True))
            else:
                out.append(Span(s.id_key, s.start + (lo - offset), s.start + (hi - offset), False))
        offset += size
    return out


def protein_features(
    protein: Bioseq | None, cdregion: AsnNode, cds_loc: Location, taxname: str = ""
) -> Iterator[tuple[str, Location, Quals]]:
    """Peptide features of the CDS's protein (its ``product_bioseq``), placed on the nucleotide; a peptide's
    ``/product`` is shown ``without_organism``, as the CDS's."""
    if protein is None:
        return
    frame = _FRAMES.get(ident_of(cdregion.child("frame")) or "", 1) - 1
    lengths: dict[str, int] | None = None  # most proteins have no peptides: made when one is met
    for pfeat in protein.features:
        alt = alternative(pfeat.child("data"))
        if alt is None or alt[0] != "prot":
            continue
        key = _PEPTIDE_KEYS.get(ident_of(alt[1].child("processed")) or "")
        if key is None:
            continue
        if lengths is None:
            lengths = {seq_key(i): protein.length for i in protein.ids}
        ploc = read_location(pfeat.child("location"), lengths)
        if not ploc.spans:
            continue
        # The first residue of a 5'-partial CDS starts at the CDS's first base, frame or not.
        first = 0 if ploc.left == 0 else frame + ploc.left * 3
        last = frame + ploc.right * 3 + 2
        spans = _map_offsets(cds_loc.spans, first, last)
        if not spans:
            continue
        at_start = (ploc.left == 0 and cds_loc.partial5) or ploc.spans[0].lt
        at_end = (ploc.right == protein.length - 1 and cds_loc.partial3) or ploc.spans[-1].gt
        head, tail = spans[0], spans[-1]
        if at_start:
            if head.minus:
                head.gt = True
            else:
                head.lt = True
        if at_end:
            if tail.minus:
                tail.lt = True
            else:
                tail.gt = True
        quals = Quals()
        names = _prot_names(alt[1])
        shown = without_organism(names[0], taxname) if names else ""
        if shown and key in ("mat_peptide", "proprotein"):
            quals.add("product", shown)
        comment = text_of(pfeat.child("comment"))
        if comment:
            quals.add("note", comment)
        yield key, Location(spans), quals
