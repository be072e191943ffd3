"""The wizard's answers: project and prefix, organism and source modifiers, assembly data, submitter block,
release plan and collaborators. Each service checks its input and owns its transaction."""

from __future__ import annotations

import datetime
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from bioprojects.models import BioProject, LocusTagPrefix
from gbprep.model.diagnostics import Report
from gbprep.model.modifiers import canonical_modifier_name
from gbprep.readers.template import read_template
from portal.errors import ApplicationError
from submissions.editing import submission_editable_check, submission_lock_editable
from submissions.models import FileKind, ReleaseChange, ReleaseMode, Submission, SubmissionFile
from submissions.status import FINAL, Status

TEXT_FIELDS = {
    "title": 200,
    "organism": 200,
    "assembly_method": 200,
    "assembly_name": 100,
    "genome_coverage": 50,
    "sequencing_technology": 200,
}
CONTACT_KEYS = ("first", "last", "email")
AUTHOR_KEYS = ("first", "middle", "last")
AFFILIATION_KEYS = ("institution", "department", "street", "city", "state", "postal_code", "country")
# "30x", "30.5X", "120x" - the form NCBI's Genome-Assembly-Data checklist expects.
_COVERAGE = re.compile(r"^\d+(\.\d+)?[xX]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DETAILS = "Its details change"


def _clean_text(value: Any, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ApplicationError("Give text.", field=name)
    # A new name: re-assigning ``value`` (declared Any) would keep it Any past the isinstance check.
    text = value.strip()
    if len(text) > limit:
        raise ApplicationError(f"At most {limit} characters.", field=name)
    return text


def _clean_dict(value: Any, name: str, keys: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ApplicationError(f"Give an object with {', '.join(keys)}.", field=name)
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise ApplicationError(f"Unknown keys {unknown}; use {', '.join(keys)}.", field=name)
    return {k: _clean_text(value.get(k, ""), name, 200) for k in keys if str(value.get(k, "")).strip()}


def _clean_modifiers(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ApplicationError("Give source modifiers as name: value pairs.", field="source_modifiers")
    cleaned: dict[str, str] = {}
    for name, text in value.items():
        canonical = canonical_modifier_name(str(name))
        if canonical is None or canonical == "organism":
            raise ApplicationError(
                f"'{name}' is not a source modifier (use strain, isolate, cultivar, country, ...; the organism "
                "has a field of its own).",
                field="source_modifiers",
            )
        text = _clean_text(text, "source_modifiers", 500)
        if text:
            cleaned[canonical] = text
    return cleaned


def _clean_authors(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise ApplicationError("Give a list of authors.", field="authors")
    authors = [_clean_dict(a, "authors", AUTHOR_KEYS) for a in value]
    authors = [a for a in authors if a]
    for author in authors:
        if not author.get("last"):
            raise ApplicationError("Every author needs a last name.", field="authors")
    return authors


def submission_update(*, submission: Submission, by: User, data: dict[str, Any]) -> Submission:
    """Change any of the wizard's fields; the rest stay as they are.

    The input is cleaned first, with no lock held (10,000 authors take a while); then the row is locked, its
    status checked as it is now, and only the changed columns written. A Submit that came in meanwhile wins
    and this update is refused (409), instead of writing the stale status back over it.
    """
    submission_editable_check(submission, what=_DETAILS)
    changes: dict[str, Any] = {}
    for name, limit in TEXT_FIELDS.items():
        if name in data:
            changes[name] = _clean_text(data[name], name, limit)
    if "title" in changes and not changes["title"]:
        raise ApplicationError("Give the submission a title.", field="title")
    if changes.get("genome_coverage") and not _COVERAGE.match(changes["genome_coverage"]):
        raise ApplicationError(
            "Write the coverage as a number followed by x, e.g. 45x.", field="genome_coverage"
        )
    if "source_modifiers" in data:
        changes["source_modifiers"] = _clean_modifiers(data["source_modifiers"] or {})
    if "contact" in data:
        contact = _clean_dict(data["contact"] or {}, "contact", CONTACT_KEYS)
        if contact.get("email") and not _EMAIL.match(contact["email"]):
            raise ApplicationError("That is not an e-mail address.", field="contact")
        changes["contact"] = contact
    if "authors" in data:
        changes["authors"] = _clean_authors(data["authors"] or [])
    if "affiliation" in data:
        changes["affiliation"] = _clean_dict(data["affiliation"] or {}, "affiliation", AFFILIATION_KEYS)
    with transaction.atomic():
        locked = submission_lock_editable(submission_id=submission.pk, what=_DETAILS)
        # Project and prefix are read from the locked row: they decide each other.
        if "bioproject" in data:
            changes["bioproject"] = _bioproject_for(locked, data["bioproject"])
            if changes["bioproject"] is None:
                changes["locus_tag_prefix"] = None
        if "locus_tag_prefix" in data:
            project = changes.get("bioproject", locked.bioproject)
            changes["locus_tag_prefix"] = _prefix_for(project, data["locus_tag_prefix"])
        elif "bioproject" in data and locked.locus_tag_prefix is not None:
            project = changes["bioproject"]
            if project is None or locked.locus_tag_prefix.bioproject_id != project.pk:
                changes["locus_tag_prefix"] = None
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changes, "updated_at"])
    submission.refresh_from_db()
    return submission


def _bioproject_for(submission: Submission, value: Any) -> BioProject | None:
    if value in (None, ""):
        return None
    try:
        return BioProject.objects.get(pk=int(value), owner_id=submission.owner_id)
    except (TypeError, ValueError, BioProject.DoesNotExist) as exc:
        raise ApplicationError(
            "Choose one of the submission owner's BioProjects (register one first).", field="bioproject"
        ) from exc


def _prefix_for(project: BioProject | None, value: Any) -> LocusTagPrefix | None:
    if value in (None, ""):
        return None
    if project is None:
        raise ApplicationError(
            "Choose the BioProject first; the prefix is registered to it.", field="locus_tag_prefix"
        )
    prefix = project.locus_tag_prefixes.filter(prefix=str(value).strip()).first()
    if prefix is None:
        raise ApplicationError(
            f"'{value}' is not registered to {project.accession}; register it on the BioProject's page.",
            field="locus_tag_prefix",
        )
    return prefix


def submission_release_set(
    *, submission: Submission, by: User, mode: str, date: datetime.date | None
) -> Submission:
    """Set when the records go public; dates in the past and holds beyond the maximum are refused."""
    if Status(submission.status) in FINAL:
        raise ApplicationError(
            "This submission's release can no longer change.", code="invalid_state", status=409
        )
    if mode not in ReleaseMode.values:
        raise ApplicationError(f"Choose one of {', '.join(ReleaseMode.values)}.", field="mode")
    today = timezone.localdate()
    if mode == ReleaseMode.IMMEDIATE:
        date = None
    elif date is None:
        what = "the release date" if mode == ReleaseMode.ON_DATE else "the latest release date"
        raise ApplicationError(f"Give {what}.", field="date")
    elif date <= today:
        raise ApplicationError("Choose a date after today (or release immediately).", field="date")
    elif date > today + datetime.timedelta(days=settings.PORTAL_MAX_HOLD_DAYS):
        latest = today + datetime.timedelta(days=settings.PORTAL_MAX_HOLD_DAYS)
        raise ApplicationError(f"Records can be held until {latest.isoformat()} at the latest.", field="date")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.release_mode != mode or locked.release_date != date:
            ReleaseChange.objects.create(
                submission=locked,
                changed_by=by,
                from_mode=locked.release_mode,
                from_date=locked.release_date,
                to_mode=mode,
                to_date=date,
            )
            locked.release_mode = mode
            locked.release_date = date
            locked.save(update_fields=["release_mode", "release_date", "updated_at"])
    submission.refresh_from_db()
    return submission


def submission_collaborator_add(*, submission: Submission, by: User, who: str) -> User:
    """Give another account access (owner only): by username or e-mail address."""
    _require_owner(submission, by)
    who = who.strip()
    user = User.objects.filter(Q(username=who) | Q(email__iexact=who), is_active=True).first()
    if user is None:
        raise ApplicationError("No active account has that username or e-mail address.", field="user")
    if user.pk == submission.owner_id:
        raise ApplicationError("The owner has access already.", field="user")
    submission.collaborators.add(user)
    return user


def submission_collaborator_remove(*, submission: Submission, by: User, user_id: int) -> None:
    _require_owner(submission, by)
    submission.collaborators.remove(user_id)


def _require_owner(submission: Submission, by: User) -> None:
    if submission.owner_id != by.pk:
        raise ApplicationError("Only the owner manages collaborators.", code="forbidden", status=403)


@dataclass
class TemplateSummary:
    """What an uploaded .sbt says, as the submitter should check it, plus any problems reading it."""

    file: str
    contact: str = ""
    email: str = ""
    authors: list[str] = field(default_factory=list)
    affiliation: str = ""
    problems: list[str] = field(default_factory=list)


# How long a parsed .sbt stays cached. The key is the file's SHA-256, so a new file is a new key; the time
# only bounds what an engine upgrade's better reading waits for.
TEMPLATE_SUMMARY_SECONDS = 24 * 3600


def submission_template_summary(*, submission: Submission) -> TemplateSummary | None:
    """The latest uploaded .sbt as the engine's reader sees it; None when there is none.

    Every GET of a submission shows it, and reading a template with the engine costs more than the rest of
    the answer: the summary is cached under the file's SHA-256 (and name, which it shows), in Redis where
    the cache is Redis, so a file is parsed once for every web worker.
    """
    record: SubmissionFile | None = submission.files.filter(kind=FileKind.TEMPLATE).order_by("-pk").first()
    if record is None:
        return None
    if not record.sha256:  # nothing to key it on
        return _template_summary(record)
    key = f"sbt-summary:1:{record.sha256}:{hashlib.sha256(record.original_name.encode()).hexdigest()[:16]}"
    cached = cache.get(key)
    if isinstance(cached, TemplateSummary):
        return cached
    summary = _template_summary(record)
    cache.set(key, summary, TEMPLATE_SUMMARY_SECONDS)
    return summary


def _template_summary(record: SubmissionFile) -> TemplateSummary:
    report = Report()
    with tempfile.TemporaryDirectory(prefix="portal-sbt-") as tmp:
        local = Path(tmp) / "template"
        with record.stored.open("rb") as src:
            local.write_bytes(src.read(4 * 1024 * 1024))
        template = read_template(local, report, name=record.original_name)
    summary = TemplateSummary(file=record.original_name)
    block = template.submit_block
    if block is not None:
        if block.contact is not None:
            summary.contact = " ".join(p for p in (block.contact.first, block.contact.last) if p)
        summary.email = block.contact_email
        summary.authors = [" ".join(p for p in (a.first or a.initials, a.last) if p) for a in block.authors]
        if block.affiliation is not None:
            a = block.affiliation
            summary.affiliation = ", ".join(
                p for p in (a.affil, a.div, a.street, a.city, a.sub, a.postal_code, a.country) if p
            )
    summary.problems = [f"{f.pos.line if f.pos else '-'}: {f.message}" for f in report.findings]
    return summary
