"""The differential generator: second isoforms well formed, of every kind and in every GFF3 dialect; NCBI's
genome command line (-a r<N>k|u) only where tbl2asn reads the whole submission with it."""

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


def test_runs_of_ns_as_gaps_only_for_one_record_without_gap_lines() -> None:
    modes = []
    for seed in range(200):
        sub = generate(seed)
        mode = sub.flags[sub.flags.index("-a") + 1] if "-a" in sub.flags else None
        if mode and mode.startswith("r"):
            modes.append(mode)
            assert len(sub.records) == 1 and all(g.style == "inline" for g in sub.records[0].gaps)
            assert sub.flags.count("-a") == 1
        if "-l" in sub.flags:
            assert mode and mode.startswith("r")
    assert len(set(modes)) == 4 and len(modes) >= 10, modes
