"""EC number rules: /EC_number values as tbl2asn 25.3 checks them, on proteins and on other features.

A CDS's /EC_number goes into its protein's Prot-ref. tbl2asn's cleanup then rewrites a number the Enzyme List
transferred to one new number and lists the change in ``<base>.ecn`` (``EC number changed  1.1.1.63
1.1.1.239``), so its validator only ever sees the new number there. An /EC_number on any other feature (an
exon, say) stays a qualifier as written and is checked as it is. The same codes cover both; the messages
differ a little (NCBI's validator words them differently for a qualifier), as they do in tbl2asn's .val.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from gbprep.model.diagnostics import Severity
from gbprep.model.ec_numbers import deleted_numbers, transferred_numbers, valid_numbers
from gbprep.model.records import Feature
from gbprep.rules.ncbi_labels import feature_text
from gbprep.rules.products import EC_FORMAT, products, prot_hit
from gbprep.rules.registry import Hit, RecordContext, rule

_EC_PREFIX = re.compile(r"^(?:EC|ec)[:\s]*")
_BARE_N = re.compile(r"(?<=\.)n(?=\.|$)")
_PRELIMINARY = re.compile(r"n\d")
# Features whose /EC_number tbl2asn does not keep as a qualifier: a CDS's and a Protein's go into a Prot-ref,
# a nucleotide mat_peptide's is dropped.
_NOT_QUALIFIER = frozenset({"CDS", "Protein", "mat_peptide"})


class EcStatus(NamedTuple):
    code: str
    message: str
    severity: Severity | None = None  # None: the rule's own


def bare_number(value: str) -> str:
    """The number as tbl2asn's cleanup leaves it: a leading 'EC ' (or 'EC:') dropped."""
    return _EC_PREFIX.sub("", value.strip())


def listed(number: str) -> bool:
    """On NCBI's lists: a specific number, or an ambiguous one ('1.1.1.-', or '1.1.1.n', which NCBI lists
    beside every '-' form)."""
    valid = valid_numbers()
    return number in valid or _BARE_N.sub("-", number) in valid


def ec_status(value: str, *, on_protein: bool = True) -> EcStatus | None:
    """What tbl2asn reports for an /EC_number value, or None when it is fine.

    ``on_protein``: the value is a CDS's, so it reaches the validator in a Prot-ref after cleanup has
    replaced a number transferred to a single new one; otherwise it is a qualifier of another feature.
    """
    number = bare_number(value)  # tbl2asn's cleanup drops a leading 'EC ' on both
    if not EC_FORMAT.match(number):
        return EcStatus("SEQ_FEAT.BadEcNumberFormat", f"{value} is not in proper EC_number format")
    moved = transferred_numbers().get(number)
    if on_protein and moved is not None and len(moved) == 1:
        number = moved[0]  # cleanup's rewrite: tbl2asn reports it in .ecn, not in .val
        moved = transferred_numbers().get(number)
    if number in deleted_numbers():
        return EcStatus("SEQ_FEAT.DeletedEcNumber", f"EC_number {number} was deleted")
    if moved is not None:
        code = "SEQ_FEAT.SplitEcNumber" if len(moved) > 1 else "SEQ_FEAT.ReplacedEcNumber"
        how = "was transferred and is no longer valid" if on_protein else "was replaced"
        return EcStatus(code, f"EC_number {number} {how}")
    if listed(number):
        return None
    if on_protein and _PRELIMINARY.search(number):
        message = f"{number} is not a legal preliminary value for qualifier EC_number"
        return EcStatus("SEQ_FEAT.BadEcNumberValue", message, Severity.INFO)
    return EcStatus("SEQ_FEAT.BadEcNumberValue", f"{number} is not a legal value for qualifier EC_number")


def _qualifier_features(ctx: RecordContext) -> Iterator[Feature]:
    return (f for f in ctx.features if f.key not in _NOT_QUALIFIER and f.has("EC_number"))


def _ec_hits(ctx: RecordContext, code: str) -> Iterator[Hit]:
    for product in products(ctx):
        for value, _line in product.ec_numbers:
            status = ec_status(value)
            if status is not None and status.code == code:
                hit = prot_hit(ctx, product, status.message)
                yield hit._replace(severity=status.severity)
    for feature in _qualifier_features(ctx):
        for value in feature.values("EC_number"):
            status = ec_status(value, on_protein=False) if value.strip() else None
            if status is not None and status.code == code:
                label = feature_text(feature, ctx.record.seq_id, len(ctx.record))
                yield Hit(feature.pos, status.message, ctx.record.seq_id, label, status.severity)


@rule(code="SEQ_FEAT.BadEcNumberFormat", severity=Severity.WARNING)
def bad_ec_number_format(ctx: RecordContext) -> Iterator[Hit]:
    """An /EC_number is not written as four dot-separated parts.

    What: EC numbers must read N.N.N.N, where a part may be '-' (unspecified) or nN (preliminary).
    Why: GenBank links EC numbers to the Enzyme List; anything else cannot be looked up.
    Fix: write the full number, e.g. 1.1.1.1, or 1.1.1.- when only the subclass is known.
    Example: 1  300  CDS  with  EC_number  1.2.3
    """
    yield from _ec_hits(ctx, "SEQ_FEAT.BadEcNumberFormat")


@rule(code="SEQ_FEAT.BadEcNumberValue", severity=Severity.WARNING)
def bad_ec_number_value(ctx: RecordContext) -> Iterator[Hit]:
    """An /EC_number is well formed but is not an EC number.

    What: numbers not on the IUBMB Enzyme List as NCBI knew it for tbl2asn 25.3 (nor deleted or
    transferred ones, which have codes of their own). A protein's unknown preliminary number (1.1.1.n99) is
    only a NOTE ('not a legal preliminary value'); an exon's is a WARNING like any other.
    Why: a number that names no enzyme is a typo or an invented number; GenBank cannot accept it.
    Fix: look the enzyme up in the Enzyme List (ExPASy ENZYME) and use its number, or use a partial one
    (1.1.1.-) when unsure.
    Example: 1  300  CDS  with  EC_number  9.9.9.9
    """
    yield from _ec_hits(ctx, "SEQ_FEAT.BadEcNumberValue")


@rule(code="SEQ_FEAT.DeletedEcNumber", severity=Severity.WARNING)
def deleted_ec_number(ctx: RecordContext) -> Iterator[Hit]:
    """An /EC_number was deleted from the Enzyme List.

    What: EC numbers the IUBMB withdrew without a successor.
    Why: a deleted number no longer names an enzyme; the annotation is out of date.
    Fix: find the current number for the activity (the Enzyme List's entry says why it was deleted) or
    remove the /EC_number.
    Example: 1  300  CDS  with  EC_number  1.3.99.1
    """
    yield from _ec_hits(ctx, "SEQ_FEAT.DeletedEcNumber")


@rule(code="SEQ_FEAT.SplitEcNumber", severity=Severity.WARNING)
def split_ec_number(ctx: RecordContext) -> Iterator[Hit]:
    """An /EC_number was transferred to several new numbers.

    What: EC numbers the IUBMB split into two or more entries, on a protein or on another feature.
    Why: the old number is ambiguous now; GenBank cannot choose the new one for you.
    Fix: use whichever of the new numbers matches the protein (e.g. 5.4.2.1 became 5.4.2.11 and 5.4.2.12).
    Example: 1  300  CDS  with  EC_number  5.4.2.1
    """
    yield from _ec_hits(ctx, "SEQ_FEAT.SplitEcNumber")


@rule(code="SEQ_FEAT.ReplacedEcNumber", severity=Severity.WARNING)
def replaced_ec_number(ctx: RecordContext) -> Iterator[Hit]:
    """An /EC_number on a feature other than a CDS was transferred to one new number.

    What: an exon's (or another non-CDS feature's) /EC_number that the IUBMB moved to a single new entry.
    A CDS's is not reported: tbl2asn rewrites it to the new number before validating and lists the change
    in its .ecn file, not in the .val.
    Why: GenBank shows the current number; the old one is out of date.
    Fix: replace the number with the new one (the ENZYME entry of the old number names it, e.g. 1.1.1.63 is
    now 1.1.1.239).
    Example: 100  160  exon  with  EC_number  1.1.1.63
    """
    yield from _ec_hits(ctx, "SEQ_FEAT.ReplacedEcNumber")
