"""Where a finding on something typed into the wizard points: the wizard's field, not a file.

The engine sees the wizard's answers as tbl2asn does: source modifiers as the command line's ``-j`` (findings
say ``command line -j:1``), the organism as ``-n``, the submitter as a generated ``submission.sbt`` and the
assembly as a generated ``genome-assembly.cmt``. None of these is a file the run stored, so a link to its
lines would find nothing (404); the submitter fixes them on the *Edit details* page, in the field named here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from submissions.forms import SubmissionDetailsForm
from submissions.generated import GENERATED_CMT, GENERATED_SBT

_MODIFIER_FIELDS = (
    "strain",
    "isolate",
    "cultivar",
    "breed",
    "ecotype",
    "country",
    "collection_date",
    "host",
)


@dataclass(frozen=True)
class WizardField:
    url: str
    label: str


def wizard_field_name(file: str, message: str, uploaded: set[str]) -> str | None:
    """The wizard field a finding at ``file`` is about, or None when ``file`` is one the submitter uploaded."""
    if file in uploaded:
        return None  # an uploaded .sbt or .cmt is a file like any other, with lines to show
    if file.startswith("command line -n"):
        return "organism"
    if file.startswith("command line -j"):
        said = message.lower()
        for name in _MODIFIER_FIELDS:
            if any(form in said for form in (name, name.replace("_", "-"), name.replace("_", " "))):
                return name
        return "other_modifiers" if "organism" not in said else "organism"
    if file == GENERATED_SBT:
        return "contact_first"
    if file == GENERATED_CMT:
        return "assembly_method"
    return None


def wizard_field(submission_id: int, file: str, message: str, uploaded: set[str]) -> WizardField | None:
    name = wizard_field_name(file, message, uploaded)
    if name is None:
        return None
    label = SubmissionDetailsForm.base_fields[name].label or name.replace("_", " ").capitalize()
    return WizardField(
        url=reverse("submissions:edit", args=[submission_id]) + f"#id_{name}", label=str(label)
    )
