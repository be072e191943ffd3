"""``<base>.ecn``: the EC numbers tbl2asn's cleanup changed or doubted, line for line as tbl2asn 25.3 wrote them
for the same tables (run on each)."""

from __future__ import annotations

import io
from pathlib import Path

from gbprep.cli import tbl2asn
from tests.engine.samples import TEMPLATE

SEQ = "ATGAAAGCTTAA" * 25


def _job(tmp_path: Path, tables: dict[str, str], *flags: str) -> Path:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir(parents=True)
    (inp / "template.sbt").write_text(TEMPLATE)
    (inp / "s.fsa").write_text("".join(f">{seq_id} [organism=Homo sapiens]\n{SEQ}\n" for seq_id in tables))
    (inp / "s.tbl").write_text("".join(f">Feature {seq_id}\n{rows}" for seq_id, rows in tables.items()))
    argv = ["-p", str(inp), "-r", str(out), "-t", str(inp / "template.sbt"), "-a", "s", "--quiet", *flags]
    assert tbl2asn.main(argv, stderr=io.StringIO()) in (0, 1)
    return out


def _cds(start: int, *ecs: str, protein_id: str = "") -> str:
    rows = f"{start}\t{start + 14}\tCDS\n\t\t\tproduct\tenzyme\n"
    rows += f"\t\t\tprotein_id\t{protein_id}\n" if protein_id else ""
    return rows + "".join(f"\t\t\tEC_number\t{ec}\n" for ec in ecs)


def test_changes_first_then_doubts_over_every_record(tmp_path: Path) -> None:
    out = _job(
        tmp_path,
        {
            "c1": _cds(1, "1.1.1.5")
            + _cds(20, "3.4.99.7", "EC 1.1.1.1")
            + _cds(40, "1.2.3", protein_id="gnl|X|P9"),
            "c2": _cds(1, "1.1.1.63", "9.9.9.9") + "60\t80\texon\n\t\t\tEC_number\t1.1.1.68\n",
        },
    )
    assert (out / "s.ecn").read_text().splitlines() == [
        "c1_1\tEC number split\t1.1.1.5\t1.1.1.303\t1.1.1.304",
        "c2_1\tEC number changed\t1.1.1.63\t1.1.1.239",
        "c1_1\tEC number invalid\t1.1.1.5",
        "c1_2\tEC number invalid\t3.4.99.7",
        "X:P9\tEC number malformed\t1.2.3",
        "c2_1\tEC number invalid\t1.1.1.63",
        "c2_1\tEC number invalid\t9.9.9.9",
    ]


def test_no_file_when_every_number_is_fine(tmp_path: Path) -> None:
    pseudo = (
        "30\t44\tgene\n\t\t\tpseudo\n30\t44\tCDS\n\t\t\tproduct\tx\n\t\t\tpseudo\n\t\t\tEC_number\t1.2.3\n"
    )
    out = _job(tmp_path, {"c1": _cds(1, "1.1.1.1", "2.7.11.1") + pseudo})  # a pseudo CDS has no protein
    assert (out / "s.sqn").is_file() and not (out / "s.ecn").exists()
    assert not [p for p in out.iterdir() if "ecn" in p.name]  # nor the second pass's scratch file


def test_the_same_in_two_processes(tmp_path: Path) -> None:
    tables = {f"c{n}": _cds(1, "1.1.1.63") + _cds(20, "1.2.3") for n in range(1, 4)}
    one = (_job(tmp_path / "one", tables, "--processes", "1") / "s.ecn").read_text()
    (tmp_path / "two").mkdir()
    two = (_job(tmp_path / "two", tables, "--processes", "2") / "s.ecn").read_text()
    assert one == two and one.count("changed") == 3 and one.index("changed") < one.index("malformed")
