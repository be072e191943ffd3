"""The differential generator's second isoforms: well formed, of every kind, and in every GFF3 dialect."""

from __future__ import annotations

from devtools.diffgen.generator import generate
from devtools.diffgen.gff3 import DIALECTS, gff3_text
from devtools.diffgen.model import Feature


def _length(f: Feature) -> int:
    return sum(abs(b - a) + 1 for a, b in f.spans)


def test_isoforms_keep_the_frame_and_sit_in_their_mrna() -> None:
    kinds: set[str] = set()
    for seed in range(120):
        sub = generate(seed)
        kinds |= {n.split(": ", 1)[1] for n in sub.notes if ": isoform" in n}
        for record in sub.records:
            groups: dict[int, list[Feature]] = {}
            for f in record.features:
                groups.setdefault(f.group, []).append(f)
            for group in groups.values():
                mrnas = [f for f in group if f.key == "mRNA"]
                cdss = [f for f in group if f.key == "CDS"]
                if len(mrnas) < 2:
                    continue
                assert len(mrnas) == len(cdss) == 2, (seed, record.seqid)
                assert _length(cdss[0]) % 3 == _length(cdss[1]) % 3  # a skipped exon is whole codons
                for mrna, cds in zip(mrnas, cdss, strict=True):
                    ids = {v for k, v in mrna.quals + cds.quals if k in ("protein_id", "transcript_id")}
                    assert all(v.endswith("-T2") for v in ids) or not any(v.endswith("-T2") for v in ids)
                    assert set(cds.spans[1:-1]) <= set(mrna.spans)  # internal exons shared whole
                for dialect in DIALECTS:
                    if dialect != "prokka":
                        assert gff3_text(sub, dialect).count("\tmRNA\t") >= 2
    for kind in ("skipping exon", "shorter 5' UTR", "shorter 3' UTR"):
        assert any(kind in k for k in kinds), kinds
