"""The per-record stages of a tbl2asn job, and the job-wide ones, behind one small interface for ``job.py``.

``Stages.record`` is what a worker runs on each sequence: the validator's record rules, the discrepancy
report's collection, the record's .sqn entry and its flatfile text (written out as made, never held whole);
``prewarm`` fills, before workers are forked, the caches they would otherwise each build. ``begin``/``end`` write what comes before
and after the entries of a streamed output (the Seq-submit header and its closing braces); ``submission`` runs
the submission-scope rules once the whole set is read; ``discrepancy`` finishes and writes the report.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TextIO

from gbprep.assemble import AssembleOptions, assemble_entry, assemble_submit
from gbprep.discrepancy import DiscrepancyOptions, collect_record, finish
from gbprep.discrepancy.products import preload_rules
from gbprep.gff import infer_codon_partials
from gbprep.model.asntree import SubmitHeader, ident, paused_gc
from gbprep.model.coding import one_translation_each
from gbprep.model.diagnostics import Finding, SourcePos
from gbprep.model.records import AsnNode, LineMap, SequenceRecord
from gbprep.rules import record_context, relations, run_record_rules
from gbprep.rules.runner import run_submission_rules, submission_context
from gbprep.writers.asn1 import AsnPrinter
from gbprep.writers.discrep import write_discrepancy
from gbprep.writers.ecn import ecn_lines
from gbprep.writers.genbank import genbank_records

if TYPE_CHECKING:
    from gbprep.job.options import JobOptions
    from gbprep.model.bundle import Bundle
    from gbprep.model.records import FeatureTable

_NOWHERE = SourcePos("(generated)", 0)


@dataclass(slots=True)
class RecordDone:
    findings: list[Finding] = field(default_factory=list)
    partial: object | None = None  # the discrepancy report's collection for this record
    summary: SequenceRecord | None = None  # the record without residues, for the submission-scope rules


class Stages:
    """Which stages run for a job's options, and how."""

    def __init__(self, options: JobOptions) -> None:
        self.options = options
        self.notes: list[str] = []  # what was asked but could not be done, in plain words
        self._headers: dict[int, SubmitHeader] = {}  # id(bundle) -> its header, per process

    def streams(self, kind: str) -> bool:
        return kind in ("sqn", "gbf", "ecn", "ecn_doubts")

    @functools.cached_property
    def comment(self) -> str | None:
        """-y, else the text of the -Y file."""
        if self.options.comment:
            return self.options.comment
        path = self.options.comment_file
        if path is not None:
            return path.read_text(encoding="utf-8", errors="replace").strip() or None
        return None

    @functools.cached_property
    def assemble_options(self) -> AssembleOptions:
        o = self.options
        gaps = f"r{o.gaps.min_run}{'u' if o.gaps.unknown_100 else 'k'}" if o.gaps is not None else None
        hold = (o.hold_until.year, o.hold_until.month, o.hold_until.day) if o.hold_until else None
        return AssembleOptions(
            comment=self.comment,
            fasta_set=o.fasta_set or o.gaps is not None,  # tbl2asn: any -a makes the FASTA a set
            gap_mode=gaps,
            linkage_evidence=(o.linkage_evidence,) if o.linkage_evidence else (),
            hold_until=hold,
            cleanup=o.cleanup,
            genome_mode=o.genome,
            taxonomy_store=str(o.taxonomy_store) if o.taxonomy_store else None,
            comment_for_all=o.comments_to_all or o.structured_comment_file is not None,
            accessions=o.accessions,
        )

    @functools.cached_property
    def discrepancy_options(self) -> DiscrepancyOptions:
        o = self.options
        return DiscrepancyOptions(
            eukaryote=o.eukaryote,
            genome_mode=o.genome,
            comment=self.comment,
            unkeyed_comments=o.comments_to_all or o.structured_comment_file is not None,
            gap_run=o.gaps.min_run if o.gaps is not None else 0,
        )

    def _header(self, bundle: Bundle) -> SubmitHeader:
        key = id(bundle)
        if key not in self._headers:
            self._headers[key] = assemble_submit(bundle, self.assemble_options)
        return self._headers[key]

    # -- per record ----------------------------------------------------------------------------------------

    def record(
        self,
        record: SequenceRecord,
        tables: Sequence[FeatureTable],
        bundle: Bundle,
        ordinal: int,
        sink: Callable[[str], TextIO],
    ) -> RecordDone:
        """Every per-record stage; the record's .sqn entry and flatfile text go to ``sink(kind)`` as made."""
        # One translation per CDS for the rules, the discrepancy report and the entry. And no automatic
        # collection inside the record: each would walk the entry's tree while it is alive (the stages' own
        # pauses ended with one collection over it); at the end only the record's few results are left.
        with one_translation_each(), paused_gc():
            done = RecordDone()
            ctx = record_context(record, tables, bundle, self.options.rule_options)
            # GFF3 marks no partial ends of its own: they come from missing start/stop codons, as in check_files.
            infer_codon_partials(tables, record, ctx.genetic_code)
            if self.options.validate:
                done.findings.extend(run_record_rules(ctx))
            extra = list(getattr(ctx, "modifiers", record.modifiers))[len(record.modifiers) :]
            done.summary = replace(
                record, residues="", line_map=LineMap(), modifiers=[*record.modifiers, *extra]
            )
            del ctx  # the rules' per-record caches (indexes) go before the entry is built
            if self.options.discrepancy_path is not None:
                done.partial = collect_record(record, tables, bundle, self.discrepancy_options)
            if self.options.sqn or self.options.flatfile:
                self._write_record(record, tables, bundle, ordinal, sink)
            return done

    def _write_record(
        self,
        record: SequenceRecord,
        tables: Sequence[FeatureTable],
        bundle: Bundle,
        ordinal: int,
        sink: Callable[[str], TextIO],
    ) -> None:
        """The record's .sqn entry and flatfile text.

        A function of its own so that the entry's tree is freed on return, inside ``record``'s block. Left to
        die with ``record``'s frame, after the block had closed, it cost four times as much: py-spy put 8% of
        a 12 Mb genome's samples at the block's end, against 2% for freeing it here.
        """
        # The matched tables are at hand: no need to index every table of the bundle again per record.
        features = [f for t in tables for f in t]
        ordered = frozenset(f.pos for t in tables for f in t if t.is_order(f))
        entry = assemble_entry(record, features, bundle, self.assemble_options, ordered=ordered)
        header = self._header(bundle)
        if self.options.sqn:
            _write_entry(header, entry, sink("sqn"), first=ordinal == 0)
            # The .ecn's two passes go to two streams, joined when the unit is done (``finish_unit``); a
            # fragment, and so the file, only where there is something to say.
            for kind, lines in zip(("ecn", "ecn_doubts"), ecn_lines(entry, features), strict=True):
                if lines:
                    sink(kind).write("\n".join(lines) + "\n")
        if self.options.flatfile:
            out = sink("gbf")
            for text in genbank_records(_one_entry_submit(header, entry)):
                out.write(text)

    def prewarm(self, bundles: Sequence[Bundle]) -> None:
        """Fill, in this process, the caches every record would fill: forked children then share them.

        Some are built from the whole submission (whether gene xrefs are kept reads every table's
        protein_ids); built in a child, they would touch, and so copy, every page of the feature tables.
        Others are read from files: the suspect product name rules took each child a tenth of a second.
        """
        if self.options.discrepancy_path is not None:
            preload_rules(self.discrepancy_options)
        for bundle in bundles:
            if self.options.sqn or self.options.flatfile:
                self._header(bundle)
            if self.options.validate and bundle.tables:
                probe = SequenceRecord(bundle.tables[0].seq_id, "", _NOWHERE)
                relations.keeps_gene_xrefs(record_context(probe, [], bundle, self.options.rule_options))

    # -- streamed outputs ----------------------------------------------------------------------------------

    def begin(self, kind: str, out: TextIO, bundle: Bundle) -> None:
        """The Seq-submit up to its first entry; the last line is left open (see ``_write_entry``)."""
        if kind == "sqn":
            out.write("\n".join(_opening_lines(self._header(bundle), with_sub=True)))

    def end(self, kind: str, out: TextIO, bundle: Bundle) -> None:
        if kind == "sqn":
            out.write(" }" * _depth(self._header(bundle)) + "\n")

    # -- the whole job -------------------------------------------------------------------------------------

    def submission(
        self, bundle: Bundle, records: Sequence[SequenceRecord], lengths: dict[str, int]
    ) -> list[Finding]:
        """The submission-scope rules over one .sqn's worth of records (tbl2asn validates each .sqn alone)."""
        if not self.options.validate:
            return []
        context = submission_context(records, bundle, self.options.rule_options, lengths=lengths)
        return run_submission_rules(context)

    def discrepancy(self, partials: Iterable[object], out: TextIO) -> None:
        write_discrepancy(finish(partials, self.discrepancy_options), out)  # type: ignore[arg-type]


# -- the Seq-submit, printed one entry at a time -----------------------------------------------------------
# NCBI's printer holds each line back until it knows whether ' ,' or ' }' ends it. Printing the opening once
# and each entry alone, with the separator written before the next entry and the closing braces after the
# last, gives the same bytes as printing the whole Seq-submit in one go (the job's tests check this).


def _open_containers(printer: AsnPrinter, header: SubmitHeader, *, with_sub: bool) -> None:
    printer.open(None, type_name="Seq-submit")
    if with_sub:
        printer.element(header.sub)
    else:  # the entry's indentation and separators do not depend on the Submit-block's content
        printer.element(AsnNode("null", _NOWHERE, None, "sub"))
    printer.open_choice("data", "entrys")
    if header.genbank_set:
        printer.open("set")
        printer.element(ident("class", "genbank"))
        printer.open("seq-set")


def _depth(header: SubmitHeader) -> int:
    return 4 if header.genbank_set else 2


def _opening_lines(header: SubmitHeader, *, with_sub: bool) -> list[str]:
    lines: list[str] = []
    printer = AsnPrinter(lines.append)
    _open_containers(printer, header, with_sub=with_sub)
    printer.finish()
    return lines


class _EntryLines:
    """Receives a printer's lines and writes them in blocks, dropping the first ``skip``."""

    def __init__(self, out: TextIO, lead: str) -> None:
        self.out = out
        self.lead = lead  # what comes before the entry's first line: its separator from the one before
        self.skip = 0
        self.block: list[str] = []

    def __call__(self, line: str) -> None:  # called for every line of the .sqn: kept to the bone
        block = self.block
        block.append(line)
        if len(block) >= 4096:  # bounded memory, and few writes
            self.flush()

    def flush(self) -> None:
        keep = self.block[self.skip :]
        self.skip = max(0, self.skip - len(self.block))
        self.block = []
        if keep:
            self.out.write(self.lead + "\n".join(keep))
            self.lead = "\n"


def _write_entry(header: SubmitHeader, entry: AsnNode, out: TextIO, *, first: bool) -> None:
    """One entry of the Seq-submit as it appears in the whole file (``first``: no ' ,' before it)."""
    lines = _EntryLines(out, "\n" if first else " ,\n")
    printer = AsnPrinter(lines)
    _open_containers(printer, header, with_sub=False)
    lines.skip = len(lines.block) + 1  # and the containers' held-back opening line, the next one out
    printer.element(entry)
    printer.finish()
    lines.flush()


def _one_entry_submit(header: SubmitHeader, entry: AsnNode) -> AsnNode:
    """A Seq-submit holding one entry, shaped as the ASN.1 reader shapes one, for the flatfile writer."""
    inner = entry
    if header.genbank_set:
        inner = AsnNode(
            "struct",
            _NOWHERE,
            None,
            "set",
            [ident("class", "genbank"), AsnNode("struct", _NOWHERE, None, "seq-set", [entry])],
        )
    entrys = AsnNode("struct", _NOWHERE, None, "entrys", [inner])
    data = AsnNode("choice", _NOWHERE, "entrys", "data", [entrys])
    return AsnNode("struct", _NOWHERE, None, "Seq-submit", [header.sub, data])
