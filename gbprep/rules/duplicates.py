"""Duplicate features: the same key on the very same rows, twice.

tbl2asn 25.3 compares features of one key whose rows are identical (the '<'/'>' marks aside): the same
label (product, gene symbol, note) makes the later one a FeatContentDup, a different label a DuplicateFeat.
CDSs are compared whatever their protein_ids: two isoforms with the same coding rows get the finding from
tbl2asn 25.3 (checked by running it), the later CDS being reported. Under -M n, mRNAs and CDSs that tbl2asn
links to different partners are not compared (``links``), and a CDS's or mRNA's transcript_id, which tbl2asn
keeps on it as a qualifier there, is part of its label.
Grouping by (key, rows) in one pass keeps this linear in the number of features.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise
from typing import cast

from gbprep.model.diagnostics import Severity
from gbprep.model.records import Feature
from gbprep.rules.links import linked_apart
from gbprep.rules.overlaps import content_label, feature_text
from gbprep.rules.registry import Hit, RecordContext, rule

_NOT_COMPARED = frozenset({"source", "REFERENCE"})
# Several alleles at one site are normal, so tbl2asn does not flag differently-labelled variations.
_LABELS_MAY_DIFFER = frozenset({"variation"})


def _label(ctx: RecordContext, feature: Feature) -> tuple[str, str]:
    kept = ctx.options.genome and feature.key in ("CDS", "mRNA")
    return content_label(feature), (feature.get("transcript_id") or "").strip() if kept else ""


def _pairs(ctx: RecordContext) -> list[tuple[Feature, bool]]:
    """Each feature that repeats an earlier one's key and rows, and whether their labels agree."""

    def make() -> list[tuple[Feature, bool]]:
        groups: dict[tuple[str, tuple[tuple[int, int], ...]], list[Feature]] = defaultdict(list)
        for f in ctx.features:
            if f.intervals and f.key not in _NOT_COMPARED:
                groups[(f.key, tuple((iv.start, iv.stop) for iv in f.intervals))].append(f)
        found: list[tuple[Feature, bool]] = []
        for group in groups.values():
            for earlier, later in pairwise(group):
                if linked_apart(ctx, earlier, later):
                    continue
                same = _label(ctx, earlier) == _label(ctx, later)
                if same or later.key not in _LABELS_MAY_DIFFER:
                    found.append((later, same))
        found.sort(key=lambda pair: pair[0].pos.line)
        return found

    return cast(list[tuple[Feature, bool]], ctx.cached("duplicate_pairs", make))


@rule(code="SEQ_FEAT.FeatContentDup", severity=Severity.WARNING)
def duplicate_feature(ctx: RecordContext) -> Iterator[Hit]:
    """The same feature is annotated twice: same key, same rows, same name.

    What: two features of one key whose location rows are identical (partial marks aside) and whose label
    (product, gene symbol or note) is the same; the later one in the table is reported.
    Why: a duplicated feature makes two identical entries in GenBank (two genes, two proteins) for one
    biological object; it is usually a merge or export mistake.
    Fix: delete one of the two copies from the table (keep the one with the right partial marks and
    identifiers).
    Example: two mRNA features with rows 3306-3382, 3707-3965, 4028->4276 and the product 'villin'.
    """
    for feature, same_label in _pairs(ctx):
        if same_label:
            yield Hit(feature.pos, "Duplicate feature", ctx.record.seq_id, feature_text(feature, ctx.record))


@rule(code="SEQ_FEAT.DuplicateFeat", severity=Severity.WARNING)
def same_rows_other_label(ctx: RecordContext) -> Iterator[Hit]:
    """Two features of one key share their rows exactly but have different names.

    What: two features of one key whose location rows are identical (partial marks aside) and whose labels
    (product, gene symbol or note) differ; the later one in the table is reported.
    Why: two different products from exactly the same exons, or two genes at one place, usually mean one
    of them is misplaced or a leftover from an earlier annotation.
    Fix: check both features; remove the wrong one or correct its coordinates. Alternative products of
    one gene normally differ in their exons.
    Example: two mRNA features with rows 51-100, 201-300, one /product=kinase, the other /product=ligase.
    """
    for feature, same_label in _pairs(ctx):
        if not same_label:
            yield Hit(
                feature.pos,
                "Features have identical intervals, but labels differ",
                ctx.record.seq_id,
                feature_text(feature, ctx.record),
            )
