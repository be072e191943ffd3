"""The synthetic genome generator: genomes must be biologically sound and deterministic, and planted errors
must be where the manifest says, with the codes NCBI's tbl2asn really gives them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

import pytest
from Bio.Seq import Seq

from devtools.synth import (
    ERROR_KINDS,
    HYPOTHETICAL,
    NON_IUPAC,
    PRODUCTS,
    SynthConfig,
    SynthError,
    generate,
    main,
)
from tests.shared_data import CORPUS

SMALL = SynthConfig(size=240_000, genes=120, contigs=4, seed=7, gap_every=30_000)
# Every contig-end gene partial, so both strands' 5' and 3' partials turn up in a small genome.
PARTIALS = SynthConfig(size=240_000, genes=120, contigs=12, seed=3, partial_prob=1.0, gap_every=30_000)


@dataclass
class Feature:
    seqid: str
    key: str
    line: int
    intervals: list[tuple[int, int]]
    partial5: bool
    partial3: bool
    quals: dict[str, str] = field(default_factory=dict)

    @property
    def strand(self) -> int:
        a, b = self.intervals[0]
        return 1 if a <= b else -1


def read_fasta(path: Path) -> dict[str, str]:
    """SeqID -> sequence, with gap lines expanded to N and stray characters dropped, as NCBI's reader does."""
    seqs: dict[str, list[str]] = {}
    current: list[str] = []
    for line in path.read_text().splitlines():
        if line.startswith(">?"):
            current.append("N" * int(line[2:].removeprefix("unk")))
        elif line.startswith(">"):
            current = seqs.setdefault(line[1:].split()[0], [])
        else:
            current.append(re.sub("[^ACGTN]", "", line))
    return {k: "".join(v) for k, v in seqs.items()}


def read_table(path: Path) -> list[Feature]:
    features: list[Feature] = []
    seqid = ""
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith(">Feature"):
            seqid = line.split()[1]
            continue
        cols = line.split("\t")
        if cols[0]:
            start, stop = cols[0], cols[1]
            interval = (int(start.lstrip("<>")), int(stop.lstrip("<>")))
            if len(cols) > 2 and cols[2]:
                features.append(Feature(seqid, cols[2], n, [interval], start.startswith("<"), False))
            else:
                features[-1].intervals.append(interval)
            features[-1].partial3 = stop.startswith(">")
        else:
            features[-1].quals[cols[3]] = cols[4]
    return features


def extract(seq: str, a: int, b: int) -> str:
    return seq[a - 1 : b] if a <= b else str(Seq(seq[b - 1 : a]).reverse_complement())


def loci(features: list[Feature]) -> list[tuple[Feature, Feature, Feature]]:
    """(gene, mRNA, CDS) per locus, checking the table keeps them together in that order."""
    out = []
    for i in range(0, len(features), 3):
        gene, mrna, cds = features[i : i + 3]
        assert (gene.key, mrna.key, cds.key) == ("gene", "mRNA", "CDS")
        out.append((gene, mrna, cds))
    return out


@pytest.fixture(scope="module")
def genomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("synth")
    made = {}
    for name, cfg in {
        "clean": SMALL,
        "clean_gaplines": replace(SMALL, gap_lines="unknown", line_width=80),
        "partials": PARTIALS,
        "dirty": replace(SMALL, inject=22),
        "dirty_gaplines": replace(SMALL, inject=22, gap_lines="unknown"),
    }.items():
        generate(root / name, cfg)
        made[name] = root / name
    return made


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    generate(tmp_path / "a", SMALL)
    generate(tmp_path / "b", SMALL)
    generate(tmp_path / "c", replace(SMALL, seed=8))
    for name in ("genome.fsa", "genome.tbl", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "genome.fsa").read_bytes() != (tmp_path / "c" / "genome.fsa").read_bytes()


@pytest.mark.parametrize("name", ["clean", "clean_gaplines", "partials"])
def test_every_cds_translates_from_atg_to_a_single_stop(genomes: dict[str, Path], name: str) -> None:
    seqs = read_fasta(genomes[name] / "genome.fsa")
    features = read_table(genomes[name] / "genome.tbl")
    strands = set()
    for _gene, _mrna, cds in loci(features):
        nt = "".join(extract(seqs[cds.seqid], a, b) for a, b in cds.intervals)
        frame = int(cds.quals.get("codon_start", "1")) - 1
        coding = nt[frame:]
        protein = str(Seq(coding[: len(coding) // 3 * 3]).translate(table=1))
        where = f"{cds.seqid} line {cds.line}"
        if not cds.partial5:
            assert nt.startswith("ATG"), where
            assert frame == 0, where
        if cds.partial3:
            assert "*" not in protein, where
        else:
            assert len(coding) % 3 == 0, where
            assert protein.endswith("*"), where
            assert "*" not in protein[:-1], where
        strands.add(cds.strand)
    assert strands == {1, -1}


@pytest.mark.parametrize("name", ["clean", "clean_gaplines", "partials"])
def test_introns_are_gt_ag_and_cds_joins_sit_on_mrna_joins(genomes: dict[str, Path], name: str) -> None:
    seqs = read_fasta(genomes[name] / "genome.fsa")
    multi_exon = 0
    for _gene, mrna, cds in loci(read_table(genomes[name] / "genome.tbl")):
        seq = seqs[mrna.seqid]
        for (_a1, b1), (a2, _b2) in pairwise(mrna.intervals):
            intron = extract(seq, b1 + 1, a2 - 1) if mrna.strand == 1 else extract(seq, b1 - 1, a2 + 1)
            assert intron[:2] == "GT", f"{mrna.seqid} line {mrna.line}"
            assert intron[-2:] == "AG", f"{mrna.seqid} line {mrna.line}"
            assert len(intron) >= 50
            multi_exon += 1
        mrna_joins = {(b1, a2) for (_, b1), (a2, _) in pairwise(mrna.intervals)}
        cds_joins = {(b1, a2) for (_, b1), (a2, _) in pairwise(cds.intervals)}
        assert cds_joins <= mrna_joins
    assert multi_exon > 50


@pytest.mark.parametrize("name", ["clean", "clean_gaplines", "partials"])
def test_features_lie_within_their_contig_and_do_not_overlap(genomes: dict[str, Path], name: str) -> None:
    seqs = read_fasta(genomes[name] / "genome.fsa")
    features = read_table(genomes[name] / "genome.tbl")
    spans: dict[str, list[tuple[int, int]]] = {}
    for gene, mrna, cds in loci(features):
        length = len(seqs[gene.seqid])
        lo, hi = sorted(gene.intervals[0])
        assert 1 <= lo <= hi <= length
        for f in (mrna, cds):
            assert all(lo <= min(iv) and max(iv) <= hi for iv in f.intervals)
            assert f.strand == gene.strand
            assert (f.partial5, f.partial3) == (gene.partial5, gene.partial3)
        # The gene runs exactly from its mRNA's first base to its last.
        assert gene.intervals[0] == (mrna.intervals[0][0], mrna.intervals[-1][1])
        # Partial ends are at the contig ends, nowhere else.
        ends = {1, length}
        if gene.partial5:
            assert gene.intervals[0][0] in ends
        if gene.partial3:
            assert gene.intervals[0][1] in ends
        # No N or gap inside a gene of a clean genome.
        assert "N" not in seqs[gene.seqid][lo - 1 : hi]
        spans.setdefault(gene.seqid, []).append((lo, hi))
    for seqid, ss in spans.items():
        ss.sort()
        assert all(a[1] < b[0] for a, b in pairwise(ss)), seqid


def test_partial_genes_at_both_ends_on_both_strands(genomes: dict[str, Path]) -> None:
    features = read_table(genomes["partials"] / "genome.tbl")
    kinds = {(g.strand, g.partial5, g.partial3) for g, _, _ in loci(features)}
    assert {(1, True, False), (1, False, True), (-1, True, False), (-1, False, True)} <= kinds
    codon_starts = {c.quals.get("codon_start") for _, _, c in loci(features) if c.partial5}
    assert codon_starts <= {"1", "2", "3"}
    assert len(codon_starts) > 1
    assert all("codon_start" not in c.quals for _, _, c in loci(features) if not c.partial5)


def test_identifiers_products_and_qualifiers(genomes: dict[str, Path]) -> None:
    manifest = json.loads((genomes["clean"] / "manifest.json").read_text())
    db = manifest["args"]["db"]
    tags = []
    for gene, mrna, cds in loci(read_table(genomes["clean"] / "genome.tbl")):
        tag = gene.quals["locus_tag"]
        tags.append(tag)
        assert re.fullmatch(r"SYN_\d{6}", tag)
        for f in (mrna, cds):
            assert f.quals["protein_id"] == f"gnl|{db}|{tag}"
            assert f.quals["transcript_id"] == f"gnl|{db}|mrna.{tag}"
            assert f.quals["product"] in (*PRODUCTS, HYPOTHETICAL)
        assert mrna.quals["product"] == cds.quals["product"]
    assert tags == [f"SYN_{10 * i:06d}" for i in range(1, len(tags) + 1)]
    assert len(tags) == SMALL.genes


def test_fasta_layout(genomes: dict[str, Path]) -> None:
    for name, width in (("clean", 60), ("clean_gaplines", 80)):
        lines = (genomes[name] / "genome.fsa").read_text().splitlines()
        headers = [x for x in lines if x.startswith(">") and not x.startswith(">?")]
        assert len(headers) == SMALL.contigs
        assert all("[organism=Saccharomyces cerevisiae]" in h and "[strain=" in h for h in headers)
        assert all(len(x) <= width for x in lines if not x.startswith(">"))
        assert sum(len(x) == width for x in lines) > len(lines) * 0.9
    plain = (genomes["clean"] / "genome.fsa").read_text()
    gapped = (genomes["clean_gaplines"] / "genome.fsa").read_text()
    assert "N" * 100 in plain.replace("\n", "")
    assert ">?" not in plain
    assert ">?unk100\n" in gapped
    assert not any("N" in x for x in gapped.splitlines() if not x.startswith(">"))
    # Same genome either way: gap lines are only another way of writing the 100 N.
    assert read_fasta(genomes["clean"] / "genome.fsa") == read_fasta(genomes["clean_gaplines"] / "genome.fsa")
    stats = json.loads((genomes["clean"] / "manifest.json").read_text())["stats"]
    assert stats["bases"] == SMALL.size
    assert stats["gaps"] >= 4
    assert 0.35 < stats["gc_fraction"] < 0.5


@pytest.mark.parametrize("name", ["dirty", "dirty_gaplines"])
def test_manifest_points_at_the_planted_errors(genomes: dict[str, Path], name: str) -> None:
    out = genomes[name]
    manifest = json.loads((out / "manifest.json").read_text())
    errors = manifest["errors"]
    assert len(errors) == 22
    assert {e["kind"] for e in errors} == set(ERROR_KINDS)
    files = {f: (out / f).read_text().splitlines() for f in ("genome.fsa", "genome.tbl")}
    seqs = read_fasta(out / "genome.fsa")
    by_line = {f.line: f for f in read_table(out / "genome.tbl")}
    for e in errors:
        line = files[e["file"]][e["line"] - 1]
        kind = e["kind"]
        what = f"{kind} -> {e['file']}:{e['line']}: {line!r}"
        if kind == "non_iupac":
            assert NON_IUPAC in line, what
            continue
        # The feature line, and the locus it belongs to, are the ones named.
        block = files["genome.tbl"][e["line"] - 1 : e["line"] + 12]
        if kind in ("locus_tag_space", "duplicate_locus_tag"):
            assert line == f"\t\t\tlocus_tag\t{e['detail']['written']}", what
        else:
            assert line.split("\t")[2] == e["feature"], what
            assert any(e["locus_tag"] in x for x in block), what
        if kind == "cds_without_product":
            assert not any("product" in x for x in block[1:4]), what
        if kind == "bad_coordinate":
            assert str(e["detail"]["written"]) in line.split("\t")[:2], what
            assert e["detail"]["written"] > len(seqs[e["seqid"]]), what
        if "position" in e and kind != "feature_crosses_gap":
            codon = extract(seqs[e["seqid"]], e["position"], e["position"] + 2)
            if by_line[e["line"]].strand == -1:
                codon = extract(seqs[e["seqid"]], e["position"], e["position"] - 2)
            assert codon == e["detail"]["now"], what
        if kind == "feature_crosses_gap":
            lo, hi = e["detail"]["gap"]
            assert seqs[e["seqid"]][lo - 1 : hi] == "N" * 100, what
            gap_line = files["genome.fsa"][e["sequence_line"] - 1]
            assert gap_line == ">?unk100" if name == "dirty_gaplines" else "N" in gap_line, what


def test_dirty_genome_is_the_clean_genome_plus_the_errors(genomes: dict[str, Path]) -> None:
    """Errors draw from their own random stream, so a dirty genome differs from its clean twin only there."""
    clean = read_fasta(genomes["clean"] / "genome.fsa")
    dirty = read_fasta(genomes["dirty"] / "genome.fsa")
    errors = json.loads((genomes["dirty"] / "manifest.json").read_text())["errors"]
    allowed = {"feature_crosses_gap": 100, "bad_splice_donor": 2, "bad_splice_acceptor": 2}
    assert clean.keys() == dirty.keys()
    for seqid in clean:
        assert len(clean[seqid]) == len(dirty[seqid])
        changed = sum(a != b for a, b in zip(clean[seqid], dirty[seqid], strict=True))
        budget = sum(allowed.get(e["kind"], 3) for e in errors if e["seqid"] == seqid)
        assert changed <= budget, seqid
    assert [f.intervals for f in read_table(genomes["clean"] / "genome.tbl")][:9] == [
        f.intervals for f in read_table(genomes["dirty"] / "genome.tbl")
    ][:9]


def test_bad_parameters_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SynthError):
        generate(tmp_path, SynthConfig(size=100_000, genes=1000, contigs=2))
    with pytest.raises(SynthError):
        generate(tmp_path, SynthConfig(prefix="1AB"))
    assert main([str(tmp_path / "x"), "--size", "5000", "--contigs", "10"]) == 2
    assert "too small" in capsys.readouterr().err


def test_command_line(tmp_path: Path) -> None:
    template = CORPUS / "templates" / "default.sbt"
    args = [str(tmp_path), "--size", "60000", "--genes", "30", "--contigs", "2", "--seed", "5"]
    args += ["--prefix", "ABC", "--gap-every", "20000", "--inject", "3", "--gap-lines"]
    if template.is_file():
        args += ["--sbt", str(template)]
    assert main(args) == 0
    assert len(re.findall(r"\tlocus_tag\tABC[_ ]\d{6}\n", (tmp_path / "genome.tbl").read_text())) == 30
    assert ">?100\n" in (tmp_path / "genome.fsa").read_text()
    assert len(json.loads((tmp_path / "manifest.json").read_text())["errors"]) == 3
    if template.is_file():
        assert (tmp_path / "genome.sbt").read_bytes() == template.read_bytes()


# ---- NCBI's tbl2asn as the oracle -------------------------------------------------------------------------

TBL2ASN = shutil.which("tbl2asn")
needs_tbl2asn = pytest.mark.skipif(
    TBL2ASN is None, reason="NCBI tbl2asn is not installed (Debian: apt-get install ncbi-tools-bin)"
)


def run_tbl2asn(indir: Path, tmp_path: Path) -> tuple[list[str], str]:
    """Validate like the manifest's codes were recorded: ``tbl2asn -a s -V v``. Returns .val lines, stderr."""
    assert TBL2ASN is not None
    template = tmp_path / "template.sbt"
    shared = CORPUS / "templates" / "default.sbt"
    if shared.is_file():
        shutil.copyfile(shared, template)
    else:  # a minimal Submit-block is all validation needs
        template.write_text(MINIMAL_SBT)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("genome.fsa", "genome.tbl"):
        shutil.copyfile(indir / name, inputs / name)
    out = tmp_path / "out"
    out.mkdir()
    run = subprocess.run(
        [TBL2ASN, "-p", str(inputs), "-r", str(out), "-t", str(template), "-V", "v", "-a", "s"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    val = out / "genome.val"
    return (val.read_text().splitlines() if val.exists() else []), run.stderr


MINIMAL_SBT = """Submit-block ::= {
  contact { contact { name name { last "Doe", first "Jane" },
    affil std { affil "Lab", city "Boston", sub "MA", country "USA", email "jane@example.org" } } },
  cit { authors { names std { { name name { last "Doe", first "Jane" } } },
    affil std { affil "Lab", city "Boston", sub "MA", country "USA" } } } }
"""


def val_code(line: str) -> str:
    match = re.search(r"\[(\S+\.\S+)\]", line)
    assert match, line
    return match.group(1)


@pytest.mark.oracle
@needs_tbl2asn
@pytest.mark.parametrize("name", ["clean", "clean_gaplines", "partials"])
def test_tbl2asn_finds_no_error_in_a_clean_genome(
    genomes: dict[str, Path], tmp_path: Path, name: str
) -> None:
    val, stderr = run_tbl2asn(genomes[name], tmp_path)
    assert "illegal" not in stderr
    assert not [x for x in val if x.startswith(("ERROR", "REJECT"))], val[:5]
    # The only message left: 100 N written inline are raw sequence to tbl2asn -a s, which warns about each.
    leftover = {val_code(x) for x in val}
    if name == "clean_gaplines":
        assert leftover == set()
    else:
        assert leftover == {"SEQ_INST.InternalNsInSeqRaw"}


@pytest.mark.oracle
@needs_tbl2asn
@pytest.mark.parametrize("name", ["dirty", "dirty_gaplines"])
def test_tbl2asn_reports_each_planted_error_with_the_manifest_codes(
    genomes: dict[str, Path], tmp_path: Path, name: str
) -> None:
    val, stderr = run_tbl2asn(genomes[name], tmp_path)
    manifest = json.loads((genomes[name] / "manifest.json").read_text())
    expected = {"SEQ_INST.InternalNsInSeqRaw"}
    for e in manifest["errors"]:
        where = (f"lcl|{e['seqid']}:", f"lcl|{e['seqid']}]", f"{e['protein_id']}:")
        for code in e["codes"]:
            assert any(f"[{code}]" in x and any(w in x for w in where) for x in val), (e, code)
        if e["tbl2asn_stderr"]:
            assert e["tbl2asn_stderr"] in stderr
        expected |= set(e["codes"])
    # Nothing else: each error shows up only as itself.
    assert {val_code(x) for x in val} <= expected
