"""Write a generated submission as tbl2asn is given one: ``<base>.fsa`` (gaps as N runs or ``>?N`` /
``>?unkN`` lines), ``<base>.tbl``, and ``.src``/``.cmt``/``.pep`` when it has them; the template beside them
as ``template.sbt``; ``case.conf`` with the flags, in the corpus's layout.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from devtools.diffgen.model import Feature, Record, Submission

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_KINDS = ("pub", "nopub", "sparse")


def _fasta_lines(record: Record) -> list[str]:
    head = f">{record.seqid}"
    if record.mods:
        head += " " + " ".join(f"[{k}={v}]" for k, v in record.mods)
    if record.title:
        head += " " + record.title
    lines = [head]
    pos = 0
    line_gaps = sorted((g for g in record.gaps if g.style != "inline"), key=lambda g: g.start)
    for gap in [*line_gaps, None]:
        end = gap.start - 1 if gap else len(record.seq)
        chunk = record.seq[pos:end]
        lines += [chunk[i : i + 60] for i in range(0, len(chunk), 60)]
        if gap:
            lines.append(f">?{'unk' if gap.style == 'unknown' else ''}{gap.length}")
            pos = end + gap.length
    return lines


def _feature_lines(f: Feature) -> list[str]:
    out = []
    for i, (a, b) in enumerate(f.spans):
        left = f"<{a}" if i == 0 and f.partial5 else str(a)
        right = f">{b}" if i == len(f.spans) - 1 and f.partial3 else str(b)
        out.append(f"{left}\t{right}\t{f.key}" if i == 0 else f"{left}\t{right}")
    out += [f"\t\t\t{k}\t{v}" if v else f"\t\t\t{k}" for k, v in f.quals]
    return out


def table_text(sub: Submission) -> str:
    lines: list[str] = []
    for record in sub.records:
        lines.append(f">Feature {record.seqid}")
        for f in record.features:
            lines += _feature_lines(f)
    return "\n".join(lines) + "\n"


def write(sub: Submission, folder: Path) -> Path:
    """Write the inputs into ``folder/input`` and ``folder/case.conf``; returns the input folder."""
    inp = folder / "input"
    inp.mkdir(parents=True, exist_ok=True)
    fasta = [line for record in sub.records for line in _fasta_lines(record)]
    (inp / f"{sub.base}.fsa").write_text("\n".join(fasta) + "\n")
    if any(r.features for r in sub.records):
        (inp / f"{sub.base}.tbl").write_text(table_text(sub))
    if sub.src:
        (inp / f"{sub.base}.src").write_text("\n".join("\t".join(row) for row in sub.src) + "\n")
    if sub.cmt:
        (inp / f"{sub.base}.cmt").write_text("\n".join(f"{k}\t{v}" for k, v in sub.cmt) + "\n")
    if sub.pep:
        (inp / f"{sub.base}.pep").write_text("".join(f">{i}\n{p}\n" for i, p in sub.pep))
    (inp / "template.sbt").write_text((TEMPLATES / f"{sub.template}.sbt").read_text())
    (folder / "case.conf").write_text(f"ARGS=({shlex.join(sub.flags)})\n")
    if sub.notes:
        (folder / "NOTES.txt").write_text(f"seed {sub.seed}\n" + "\n".join(sub.notes) + "\n")
    return inp
