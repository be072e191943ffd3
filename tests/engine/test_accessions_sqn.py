"""Accessions given at approval, written into our .sqn and judged by NCBI's asnval and asn2gb.

For corpus cases, numbered as the portal numbers them (WGS ``JAAA01000001.1`` style or complete-sequence
``OZ000001.1`` style, proteins ``WAA00001.1``), the job's .sqn must:

* render with ``asn2gb -a m -m e`` to exactly our own flatfile (dates masked), ACCESSION/VERSION showing the
  accession and every ``/protein_id`` the protein's accession.version;
* give no asnval ERROR/REJECT that the same job without accessions does not give.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from gbprep.assemble.accessions import (
    AccessionMap,
    is_wgs,
    protein_key,
    with_accession,
)
from gbprep.job.run import JobOptions, run_job
from gbprep.job.targets import accession_targets
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import SourcePos
from gbprep.model.seqids import id_label, seq_ids
from tests.shared_data import CORPUS, requires_corpus

_TOOLS = shutil.which("asn2gb") and shutil.which("asnval")
_DATE = re.compile(r"[0-9]{2}-[A-Z]{3}-[0-9]{4}")
_VAL = re.compile(r"^(ERROR|REJECT|FATAL|WARNING|INFO): valid \[([^\]]+)\]")
_SERIOUS = ("ERROR", "REJECT", "FATAL")
# Cases with CDSs and proteins, run as their case.conf says (-j, and -a s where given).
CASES = {
    "debian-sc16": ("", False),
    "ncbi-t2a-cxx-5556": ("", False),
    "gag-bdor-demo": ("[organism=Bactrocera dorsalis]", True),
    "biocantor-scer-insc1006-chrI": ("[organism=Saccharomyces cerevisiae] [strain=INSC1006]", False),
}


def test_an_assigned_accession_becomes_the_first_seq_id_and_keeps_the_submitters() -> None:
    pos = SourcePos("x.fsa", 1)
    ids = with_accession(seq_ids("contig1", pos), "contig1", {"contig1": "JAAA01000001.1"}, pos)
    assert [id_label(n) for n in ids] == ["genbank|JAAA01000001.1", "lcl|contig1"]
    unchanged = seq_ids("contig2", pos)
    assert with_accession(unchanged, "contig2", {"contig1": "JAAA01000001.1"}, pos) is unchanged
    assert protein_key("c1", "gnl|P|g1", 3) == "gnl|P|g1"
    assert protein_key("c1", None, 3) == "c1_3"
    assert is_wgs("JAAA01000001.1") and not is_wgs("OZ000001.1") and not is_wgs("WAA00001.1")


def _inputs(case: Path) -> list[InputFile]:
    files = [InputFile(p, p.name) for p in sorted((case / "input").iterdir()) if p.suffix != ".gff3"]
    if not any(f.kind == "template" for f in files):  # as the oracle ran it: the corpus's default template
        files.append(InputFile(CORPUS / "templates" / "default.sbt", "default.sbt"))
    return files


def _asnval(sqn: Path) -> Counter[tuple[str, str]]:
    out = sqn.with_suffix(".asnval.txt")
    subprocess.run(["asnval", "-i", str(sqn), "-a", "m", "-Q", "0", "-o", str(out)], capture_output=True)
    lines = out.read_text(errors="replace").splitlines() if out.exists() else []
    return Counter((m.group(1), m.group(2)) for m in map(_VAL.match, lines) if m)


def _masked(path: Path) -> list[str]:
    return _DATE.sub("DD-MMM-YYYY", path.read_text()).splitlines()


@requires_corpus
@pytest.mark.oracle
@pytest.mark.corpus
@pytest.mark.skipif(
    not _TOOLS, reason="NCBI's asn2gb/asnval are not installed (apt-get install ncbi-tools-bin)"
)
@pytest.mark.parametrize("style", ["wgs", "chromosome"])
@pytest.mark.parametrize("case_name", sorted(CASES))
def test_accessioned_sqn_validates_and_renders_as_our_flatfile(
    case_name: str, style: str, tmp_path: Path
) -> None:
    case = CORPUS / case_name
    inputs = _inputs(case)
    targets = accession_targets(inputs)
    assert targets.sequences and targets.proteins
    nuc = {
        s.seq_id: (f"JAAA01{i + 1:06d}.1" if style == "wgs" else f"OZ{i + 1:06d}.1")
        for i, s in enumerate(targets.sequences)
    }
    prot = {p.key: f"WAA{i + 1:05d}.1" for i, p in enumerate(targets.proteins)}
    mods, fasta_set = CASES[case_name]
    results = {}
    for name, amap in (("plain", None), ("accessioned", AccessionMap(nuc, prot))):
        out = tmp_path / name
        out.mkdir()
        result = run_job(
            inputs,
            JobOptions(source_qualifiers=mods, fasta_set=fasta_set, eukaryote=True, accessions=amap),
            out,
        )
        results[name] = (result.outputs["sqn"], result.outputs["gbf"])
    sqns, gbfs = results["accessioned"]
    plain = sum((_asnval(s) for s in results["plain"][0]), Counter())
    found = sum((_asnval(s) for s in sqns), Counter())
    # asnval judges a GenBank-accessioned record more strictly than an unaccessioned one: a problem of the
    # input it reports as a WARNING before (gag-bdor-demo's duplicate mRNA, SEQ_FEAT.FeatContentDup) becomes
    # an ERROR. The accessions may raise what was there; they must bring no new problem.
    before = {code for _sev, code in plain}
    serious = {code for sev, code in found if sev in _SERIOUS}
    assert serious <= before, f"asnval ERRORs the accessions brought: {serious - before}"
    text = []
    for sqn, gbf in zip(sqns, gbfs, strict=True):
        rendered = tmp_path / f"{sqn.stem}.asn2gb.gbf"
        subprocess.run(["asn2gb", "-i", str(sqn), "-a", "m", "-m", "e", "-o", str(rendered)], check=True)
        assert _masked(rendered) == _masked(gbf)
        text += _masked(gbf)
    accessions = [line.split()[1] for line in text if line.startswith("ACCESSION")]
    versions = [line.split()[1] for line in text if line.startswith("VERSION")]
    assert sorted(versions) == sorted(nuc.values())
    assert [a + ".1" for a in accessions] == versions
    if style == "wgs":
        assert all(line.endswith(" JAAA01000000") for line in text if line.startswith("ACCESSION"))
        assert any(line.startswith("KEYWORDS    WGS.") for line in text)
    shown = re.findall(r'/protein_id="([^"]+)"', "\n".join(text))
    assert sorted(shown) == sorted(prot.values())
