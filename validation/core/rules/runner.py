"""Run the registered rules on one sequence record at a time (records stream; memory stays per record).

``run_record_rules`` is what the pipeline calls for each FASTA record; it runs the rules on a
ready ``RecordContext`` (tests build contexts directly).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from validation.core.diagnostics import Finding, Severity, declare
from validation.core.model import Feature, SequenceRecord, SourceModifier
from validation.core.readers.fasta import seq_id_keys
from validation.core.readers.source_table import normalize_modifier_name
from validation.core.rules.registry import RULES, RecordContext, RuleOptions

if TYPE_CHECKING:
    from validation.core.pipeline import Bundle

RULE_FAILURE = declare(
    "RULE.InternalError",
    Severity.WARNING,
    "A validation rule stopped unexpectedly",
    "This is a fault in the portal, not in your files. Please report it to the curators; the other checks "
    "still ran.",
)

# Where an organelle's genes use its own genetic code: [location=...] values (and the tbl2asn-era
# [organelle=...] form), split into the mitochondrial (mgcode) and plastid (pgcode) families.
MITO_LOCATIONS = frozenset({"mitochondrion", "kinetoplast", "hydrogenosome"})
PLASTID_LOCATIONS = frozenset(
    {
        "chloroplast",
        "chromoplast",
        "plastid",
        "cyanelle",
        "apicoplast",
        "leucoplast",
        "proplastid",
        "chromatophore",
    }
)
PLASTID_DEFAULT_CODE = 11  # NCBI's default for plastids (Bacterial, Archaeal and Plant Plastid Code)


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


def genetic_code_for(modifiers: Iterable[SourceModifier]) -> int:
    """The genetic code NCBI would use for a record's nuclear-encoded or organelle CDSs.

    ``[gcode=]`` for nuclear genes; ``[mgcode=]`` when ``[location=]`` is mitochondrial; ``[pgcode=]`` (else 11)
    for plastids. Unset or unreadable codes fall back to 1, the standard code, as tbl2asn does without a
    taxonomy lookup.
    """
    values: dict[str, str] = {}
    for m in modifiers:
        values.setdefault(normalize_modifier_name(m.name), m.value)
    location = (values.get("location") or values.get("organelle") or "").strip().lower()
    location = location.rsplit(":", 1)[-1]  # "plastid:chloroplast"
    if location in MITO_LOCATIONS:
        return _int(values.get("mgcode")) or 1
    if location in PLASTID_LOCATIONS:
        return _int(values.get("pgcode")) or PLASTID_DEFAULT_CODE
    return _int(values.get("gcode") or values.get("genetic-code")) or 1


def record_context(
    record: SequenceRecord,
    tables: Iterable[Sequence[Feature]],
    bundle: Bundle | None = None,
    options: RuleOptions | None = None,
    *,
    extra_modifiers: Sequence[SourceModifier] = (),
) -> RecordContext:
    """Assemble a rule's view of one record: features of its matched tables, its modifiers' genetic code."""
    modifiers: list[SourceModifier] = list(record.modifiers)
    if bundle is not None:
        for key in seq_id_keys(record.seq_id):
            modifiers.extend(bundle.source_rows.get(key, ()))
    modifiers.extend(extra_modifiers)
    features = [f for table in tables for f in table]
    return RecordContext(
        record=record,
        features=features,
        genetic_code=genetic_code_for(modifiers),
        bundle=bundle,
        options=options or RuleOptions(),
    )


def run_record_rules(ctx: RecordContext) -> list[Finding]:
    """Run every enabled record-scope rule; a rule that crashes costs one warning, never the whole check."""
    findings: list[Finding] = []
    for rule in RULES.values():
        if rule.scope != "record" or not ctx.options.enabled(rule.code):
            continue
        try:
            for hit in rule.func(ctx):
                severity = ctx.options.severity(rule.code, hit.severity or rule.severity)
                findings.append(
                    Finding(
                        code=rule.code,
                        severity=severity,
                        message=hit.message,
                        fix=rule.fix,
                        pos=hit.pos,
                        seq_id=hit.seq_id if hit.seq_id is not None else ctx.record.seq_id,
                        feature=hit.feature,
                        ncbi=rule.code,
                    )
                )
        except Exception as exc:  # a rule bug must cost one rule on one record, never the whole check
            findings.append(
                RULE_FAILURE(
                    ctx.record.pos,
                    f"Rule {rule.code} stopped on {ctx.record.seq_id}: internal error {type(exc).__name__}.",
                    seq_id=ctx.record.seq_id,
                )
            )
    return findings
