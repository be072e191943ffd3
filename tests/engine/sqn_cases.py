"""Build our ``.sqn`` for a corpus case the way tbl2asn was run on it (shared by the .sqn conformance test)."""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

from gbprep.assemble import AssembleOptions, assemble_entry, assemble_submit
from gbprep.assemble.entry import record_features
from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.asntree import NOWHERE, SubmitHeader, choice, ident, seq_of, struct
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import AsnNode, SourceModifier
from gbprep.readers.textio import DEFAULT_LIMITS
from gbprep.writers.sqn import write_seq_submit
from tests.shared_data import CORPUS

_MODIFIER = re.compile(r"\[\s*([^=\]]+?)\s*=\s*([^\]]*?)\s*\]")
RUN_DATE = (2026, 11, 21)  # the oracle machine's clock when expected/ was made (RUN.txt)


def cases() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p.parent
        for p in CORPUS.rglob("case.conf")
        if (p.parent / "input").is_dir() and any((p.parent / "expected").glob("*.sqn"))
    )


def case_args(case: Path) -> list[str]:
    match = re.search(r"ARGS=\((.*)\)", (case / "case.conf").read_text())
    return shlex.split(match.group(1)) if match else []


def options_for(case: Path) -> AssembleOptions:
    args = case_args(case)
    pos = SourcePos("case.conf", 1)
    mods: list[SourceModifier] = []
    settings: dict[str, object] = {"date": RUN_DATE}
    for flag, value in itertools.pairwise(args):
        if flag == "-j":
            mods += [SourceModifier(k, v, pos) for k, v in _MODIFIER.findall(value)]
        elif flag == "-y":
            settings["comment"] = value
        elif flag == "-a":
            settings["fasta_set"] = True
            if value.startswith("r"):
                settings["gap_mode"] = value
        elif flag == "-l":
            settings["linkage_evidence"] = (*settings.get("linkage_evidence", ()), value)  # type: ignore[misc]
        elif flag == "-c":
            settings["cleanup"] = value
        elif flag == "-M":
            settings["genome_mode"] = value == "n"
    return AssembleOptions(modifiers=tuple(mods), **settings)  # type: ignore[arg-type]


def case_entries(case: Path) -> tuple[SubmitHeader, Iterator[AsnNode]]:
    """The Submit-block and, one at a time, the top-level entries of our Seq-submit for ``case``."""
    report = Report()
    # tbl2asn 25.3 ignores GFF3 files beside the FASTA, so the comparison leaves them out too.
    files = [InputFile(p, p.name) for p in sorted((case / "input").iterdir()) if p.is_file()]
    files = [f for f in files if f.kind != "gff3"]
    if not any(f.kind == "template" for f in files):
        template = CORPUS / "templates" / "default.sbt"
        files.append(InputFile(template, template.name))
    bundle = read_side_files(files, report, DEFAULT_LIMITS)
    options = options_for(case)
    header = assemble_submit(bundle, options)

    def entries() -> Iterator[AsnNode]:
        for _item, record in sequences(bundle, report, DEFAULT_LIMITS):
            features, ordered = record_features(bundle, record)
            yield assemble_entry(record, features, bundle, options, ordered=ordered)

    return header, entries()


def build_sqn(case: Path, out_path: Path) -> int:
    """Write our Seq-submit for ``case`` to ``out_path``; returns the number of entries."""
    header, entries = case_entries(case)
    with out_path.open("w") as out:
        return write_seq_submit(out, header, entries)


def one_entry_submit(header: SubmitHeader, entry: AsnNode) -> AsnNode:
    """A Seq-submit holding one entry, in the shape the ASN.1 reader gives a parsed one (for the flatfile)."""
    inner = entry
    if header.genbank_set:
        inner = struct("set", [ident("class", "genbank"), seq_of("seq-set", [entry])])
    data = choice("data", "entrys", seq_of(None, [inner]))
    return AsnNode("struct", NOWHERE, None, "Seq-submit", [header.sub, data])
