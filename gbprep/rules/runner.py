"""Run the registered rules on one sequence record at a time (records stream; memory stays per record).

``run_record_rules`` is what the pipeline calls for each FASTA record; it runs the rules on a
ready ``RecordContext`` (tests build contexts directly). Once every record was read, ``run_submission_rules``
runs the submission-scope rules on a ``SubmissionContext`` (built by ``submission_context`` from the bundle and
the records' summaries, residues dropped).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from gbprep.model.coding import genetic_code_for
from gbprep.model.diagnostics import Finding, Severity, declare
from gbprep.model.prot_ref import reader_fixes
from gbprep.model.records import Feature, LineMap, SequenceRecord, SourceModifier
from gbprep.model.seqids import seq_id_keys
from gbprep.model.stop_extension import extend_cds_to_stop
from gbprep.rules.registry import RULES, Hit, RecordContext, Rule, RuleOptions, SubmissionContext

if TYPE_CHECKING:
    from gbprep.model.bundle import Bundle

RULE_FAILURE = declare(
    "RULE.InternalError",
    Severity.WARNING,
    "A validation rule stopped unexpectedly",
    "This is a fault in the portal, not in your files. Please report it to the curators; the other checks "
    "still ran.",
)


# Where an organelle's genes use its own genetic code: [location=...] values (and the tbl2asn-era
# [organelle=...] form), split into the mitochondrial (mgcode) and plastid (pgcode) families.
def record_context(
    record: SequenceRecord,
    tables: Iterable[Sequence[Feature]],
    bundle: Bundle | None = None,
    options: RuleOptions | None = None,
    *,
    extra_modifiers: Sequence[SourceModifier] = (),
) -> RecordContext:
    """Assemble a rule's view of one record: features of its matched tables, its modifiers' genetic code."""
    modifiers = record_modifiers(record, bundle, extra_modifiers)
    features = [f for table in tables for f in table]
    options = options or RuleOptions()
    # The names tbl2asn's table reader fixes are fixed in the tables themselves, for every later stage too.
    reader_fixes([features], fill_hypothetical=options.genome)
    code = genetic_code_for(modifiers)
    # So is a stop codon just past a complete CDS, which tbl2asn takes into it before validating.
    extend_cds_to_stop(record, features, code, bundle.proteins if bundle is not None else [])
    return RecordContext(
        record=record,
        features=features,
        genetic_code=code,
        bundle=bundle,
        options=options,
        modifiers=modifiers,
    )


def record_modifiers(
    record: SequenceRecord, bundle: Bundle | None, extra_modifiers: Sequence[SourceModifier] = ()
) -> list[SourceModifier]:
    """Every source modifier that applies to a record: its defline, its .src row(s), then ``-j``."""
    modifiers: list[SourceModifier] = list(record.modifiers)
    if bundle is not None and bundle.source_rows:
        index = _source_index(bundle)
        seen: set[int] = set()
        for key in seq_id_keys(record.seq_id):
            for rows in index.get(key, ()):
                if id(rows) not in seen:  # a row matched by two forms of the SeqID counts once
                    seen.add(id(rows))
                    modifiers.extend(rows)
    modifiers.extend(extra_modifiers)
    return modifiers


# The .src rows under every canonical form of their SeqID ('A1' matches 'lcl|A1|gnl|BankIt|X'), built once per
# bundle: the last bundle's index is kept beside the rows dict it was built from (held, so never mistaken for a
# new one), and rebuilt when the rows change.
_SOURCE_INDEX: list[tuple[dict[str, list[SourceModifier]], int, dict[str, list[list[SourceModifier]]]]] = []


def _source_index(bundle: Bundle) -> dict[str, list[list[SourceModifier]]]:
    if _SOURCE_INDEX:
        rows_dict, size, cached = _SOURCE_INDEX[0]
        if rows_dict is bundle.source_rows and size == len(rows_dict):
            return cached
    index: dict[str, list[list[SourceModifier]]] = {}
    for seq_id, rows in bundle.source_rows.items():
        for key in {seq_id, *seq_id_keys(seq_id)}:
            index.setdefault(key, []).append(rows)
    _SOURCE_INDEX[:] = [(bundle.source_rows, len(bundle.source_rows), index)]
    return index


def summary_of(record: SequenceRecord, extra_modifiers: Sequence[SourceModifier] = ()) -> SequenceRecord:
    """A record without its residues (kept for the submission-scope rules), length kept aside by the caller.

    ``extra_modifiers`` (``-j`` and .src rows) are folded into ``modifiers`` so the submission rules see
    what the record rules saw.
    """
    return dataclasses.replace(
        record, residues="", line_map=LineMap(), modifiers=[*record.modifiers, *extra_modifiers]
    )


def submission_context(
    records: Sequence[SequenceRecord],
    bundle: Bundle | None = None,
    options: RuleOptions | None = None,
    *,
    lengths: dict[str, int] | None = None,
) -> SubmissionContext:
    """Assemble the whole-submission view: record summaries, every table's features, the template."""
    tables = bundle.tables if bundle is not None else []
    template = bundle.template if bundle is not None else None
    return SubmissionContext(
        records=list(records),
        features=[f for table in tables for f in table],
        submit_block=template.submit_block if template is not None else None,
        bundle=bundle,
        options=options or RuleOptions(),
        lengths=dict(lengths or {r.seq_id: len(r) for r in records}),
    )


def _finding(rule: Rule, hit: Hit, options: RuleOptions, seq_id: str | None) -> Finding:
    return Finding(
        code=rule.code,
        severity=options.severity(rule.code, hit.severity or rule.severity),
        message=hit.message,
        fix=rule.fix,
        pos=hit.pos,
        seq_id=hit.seq_id if hit.seq_id is not None else seq_id,
        feature=hit.feature,
        ncbi=rule.code,
    )


def run_submission_rules(ctx: SubmissionContext) -> list[Finding]:
    """Run every enabled submission-scope rule once; a rule that crashes costs one warning."""
    findings: list[Finding] = []
    for rule in RULES.values():
        if rule.scope != "submission" or not ctx.options.enabled(rule.code):
            continue
        try:
            findings.extend(_finding(rule, hit, ctx.options, None) for hit in rule.func(ctx))
        except Exception as exc:  # a rule bug must cost one rule, never the whole check
            findings.append(
                RULE_FAILURE(
                    None, f"Rule {rule.code} stopped on the submission: internal error {type(exc).__name__}."
                )
            )
    return findings


def run_record_rules(ctx: RecordContext) -> list[Finding]:
    """Run every enabled record-scope rule; a rule that crashes costs one warning, never the whole check."""
    findings: list[Finding] = []
    for rule in RULES.values():
        if rule.scope != "record" or not ctx.options.enabled(rule.code):
            continue
        try:
            findings.extend(_finding(rule, hit, ctx.options, ctx.record.seq_id) for hit in rule.func(ctx))
        except Exception as exc:  # a rule bug must cost one rule on one record, never the whole check
            findings.append(
                RULE_FAILURE(
                    ctx.record.pos,
                    f"Rule {rule.code} stopped on {ctx.record.seq_id}: internal error {type(exc).__name__}.",
                    seq_id=ctx.record.seq_id,
                )
            )
    return findings
