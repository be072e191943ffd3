"""Reads for curation, always through submissions.selectors' scoping (owner, collaborators, curators)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import user_can_review
from curation.models import Decision, Message
from portal.text import ascii_int
from submissions.models import Submission, SubmissionEvent
from submissions.selectors import submission_get_for_user, submission_list_for_user
from submissions.status import Status
from validation.models import RunFinding, ValidationRun, Waiver
from validation.waivers import WAIVABLE_BELOW, finding_key

# Every state a submission has once it was first sent; drafts are the submitter's business alone.
QUEUE_STATES = [
    Status.IN_REVIEW,
    Status.VALIDATING,
    Status.NEEDS_FIX,
    Status.APPROVED,
    Status.REJECTED,
    Status.RELEASED,
    Status.WITHDRAWN,
]
ERROR_LEVEL = 30


def review_submission_get(*, user: User, submission_id: int) -> Submission:
    """For curators' pages and actions. Someone who may not see the submission gets 404; its owner and
    collaborators, who know it exists, get 403."""
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    if not user_can_review(user):
        raise PermissionDenied("Only curators review submissions.")
    return submission


def review_queue_require(*, user: User) -> None:
    """The queue exists only for curators; to anyone else it is not there (404)."""
    if not user_can_review(user):
        raise Http404("No such page.")


# Older than this is older than anything in the queue; a bigger number would overflow a date (a 500).
MAX_AGE_DAYS = 36_500


def _days(value: int | None) -> int | None:
    return None if value is None else min(value, MAX_AGE_DAYS)


@dataclass(frozen=True)
class QueueFilters:
    state: str = Status.IN_REVIEW.value  # "" for every state in QUEUE_STATES
    organism: str = ""
    older_than_days: int | None = None
    curator: str = ""  # a username, "me" or "none"
    has_errors: bool = False
    has_fatal: bool = False
    has_waivers: bool = False
    newest_first: bool = False

    @classmethod
    def from_query(cls, query: Any) -> QueueFilters:
        """From a request's GET parameters (a QueryDict or a dict); junk values are ignored, never an error."""

        def flag(name: str) -> bool:
            return str(query.get(name, "")).lower() in ("1", "true", "yes", "on")

        days = str(query.get("older_than_days", "")).strip()
        state = str(query.get("state", Status.IN_REVIEW.value))
        return cls(
            state=state if state in {s.value for s in QUEUE_STATES} else "",
            organism=str(query.get("organism", "")).strip(),
            older_than_days=_days(ascii_int(days)),
            curator=str(query.get("curator", "")).strip(),
            has_errors=flag("has_errors"),
            has_fatal=flag("has_fatal"),
            has_waivers=flag("has_waivers"),
            newest_first=str(query.get("sort", "")) == "newest",
        )


def review_queue(*, user: User, filters: QueueFilters) -> QuerySet[Submission]:
    """Submissions for curators, annotated with how long they have been in their state (``since``), their
    latest run, and whether it has ERRORs, FATAL discrepancies, and whether any waiver is active."""
    review_queue_require(user=user)
    latest_run = ValidationRun.objects.filter(submission=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    entered = (
        SubmissionEvent.objects.filter(submission=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-pk")
        .values("created_at")[:1]
    )
    qs = (
        submission_list_for_user(user=user)
        .filter(status__in=QUEUE_STATES)
        .select_related("bioproject", "locus_tag_prefix", "assignment__curator")
        .annotate(since=Coalesce(Subquery(entered), F("created_at")), latest_run_id=Subquery(latest_run))
        .annotate(
            has_errors=Exists(
                RunFinding.objects.filter(run_id=OuterRef("latest_run_id"), severity_level__gte=ERROR_LEVEL)
            ),
            has_fatal=Exists(
                ValidationRun.objects.filter(pk=OuterRef("latest_run_id"), summary__discrepancy_fatal__gt=0)
            ),
            has_waivers=Exists(Waiver.objects.filter(submission=OuterRef("pk"), revoked_at__isnull=True)),
        )
    )
    if filters.state:
        qs = qs.filter(status=filters.state)
    if filters.organism:
        qs = qs.filter(organism__icontains=filters.organism)
    if filters.older_than_days is not None:
        qs = qs.filter(since__lte=timezone.now() - datetime.timedelta(days=filters.older_than_days))
    if filters.curator == "me":
        qs = qs.filter(assignment__curator=user)
    elif filters.curator == "none":
        qs = qs.filter(assignment__isnull=True)
    elif filters.curator:
        qs = qs.filter(assignment__curator__username=filters.curator)
    for name in ("has_errors", "has_fatal", "has_waivers"):
        if getattr(filters, name):
            qs = qs.filter(**{name: True})
    # Oldest first by default: whoever has waited longest is seen first.
    return qs.order_by("-since", "-pk") if filters.newest_first else qs.order_by("since", "pk")


def review_queue_counts(*, user: User) -> dict[str, int]:
    review_queue_require(user=user)
    rows = (
        Submission.objects.filter(status__in=QUEUE_STATES).values("status").annotate(n=Count("pk")).order_by()
    )
    found = {row["status"]: row["n"] for row in rows}
    return {s.value: found.get(s.value, 0) for s in QUEUE_STATES}


def review_run_get(*, submission: Submission, run_id: int) -> ValidationRun:
    try:
        return submission.runs.get(pk=run_id)
    except ValidationRun.DoesNotExist as exc:
        raise Http404("No such run.") from exc


@dataclass
class RunDiff:
    """Findings of run ``to`` against run ``since``, matched by identity (code, SeqID, feature, location)."""

    since: ValidationRun
    to: ValidationRun
    fixed: list[RunFinding] = field(default_factory=list)
    new: list[RunFinding] = field(default_factory=list)
    unchanged: list[RunFinding] = field(default_factory=list)


def review_run_diff(*, since: ValidationRun, to: ValidationRun) -> RunDiff:
    """Which findings the later run no longer has (fixed), has for the first time (new) or still has.

    Identities are counted, not just compared: two InternalStops in one CDS fixed down to one is one fixed and
    one unchanged."""
    if since.submission_id != to.submission_id:
        raise Http404("The runs belong to different submissions.")
    order = ("-severity_level", "code", "file", "line", "pk")
    before = list(since.findings.order_by(*order))
    after = list(to.findings.order_by(*order))
    remaining = Counter(finding_key(f) for f in before)
    diff = RunDiff(since=since, to=to)
    matched: Counter[tuple[str, str, str, str]] = Counter()
    for finding in after:
        key = finding_key(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
            matched[key] += 1
            diff.unchanged.append(finding)
        else:
            diff.new.append(finding)
    for finding in before:
        key = finding_key(finding)
        if matched[key] > 0:
            matched[key] -= 1
        else:
            diff.fixed.append(finding)
    return diff


def review_finding_get(*, submission: Submission, finding_id: int) -> RunFinding:
    try:
        return RunFinding.objects.select_related("run").get(pk=finding_id, run__submission=submission)
    except RunFinding.DoesNotExist as exc:
        raise Http404("No such finding.") from exc


def waiver_list(*, user: User, submission_id: int) -> QuerySet[Waiver]:
    """A submission's waivers, active and revoked, for its submitters and curators."""
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission.waivers.select_related("created_by", "revoked_by", "finding").order_by(
        "created_at", "pk"
    )


def waiver_get(*, submission: Submission, waiver_id: int) -> Waiver:
    try:
        return submission.waivers.get(pk=waiver_id)
    except Waiver.DoesNotExist as exc:
        raise Http404("No such waiver.") from exc


def message_list(*, user: User, submission_id: int) -> QuerySet[Message]:
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission.review_messages.select_related("author", "decision").order_by("created_at", "pk")


def decision_list(*, user: User, submission_id: int) -> QuerySet[Decision]:
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission.decisions.select_related("decided_by").order_by("decided_at", "pk")


@dataclass(frozen=True)
class HistoryItem:
    """One line of a submission's history, whatever it records."""

    at: datetime.datetime
    kind: str  # event, run, message, decision, waiver, waiver_revoked
    who: str
    text: str
    obj: Any = None


def review_history(*, submission: Submission) -> list[HistoryItem]:
    """Everything that happened to a submission, oldest first: state changes, runs, messages, decisions and
    waivers (given and revoked)."""
    items: list[HistoryItem] = []
    for event in submission.events.select_related("actor"):
        items.append(
            HistoryItem(
                event.created_at,
                "event",
                event.actor.username if event.actor else "system",
                f"{Status(event.from_status).label} → {Status(event.to_status).label}",
                event,
            )
        )
    for run in submission.runs.select_related("requested_by"):
        counts = run.summary.get("counts", {}) if run.summary else {}
        text = f"run #{run.pk} ({run.get_status_display()})"
        if counts:
            text += f": {counts.get('ERROR', 0)} errors, {counts.get('WARNING', 0)} warnings"
        who = run.requested_by.username if run.requested_by else "system"
        items.append(HistoryItem(run.created_at, "run", who, text, run))
    for message in submission.review_messages.select_related("author"):
        items.append(
            HistoryItem(message.created_at, "message", message.author.username, message.body, message)
        )
    for decision in submission.decisions.select_related("decided_by"):
        items.append(
            HistoryItem(
                decision.decided_at,
                "decision",
                decision.decided_by.username,
                decision.get_action_display() + (f": {decision.message}" if decision.message else ""),
                decision,
            )
        )
    for waiver in submission.waivers.select_related("created_by", "revoked_by"):
        target = waiver.code if waiver.scope == "code" else f"{waiver.code} at {waiver.location}"
        items.append(
            HistoryItem(
                waiver.created_at,
                "waiver",
                waiver.created_by.username if waiver.created_by else "—",
                f"waived {target}: {waiver.reason}",
                waiver,
            )
        )
        if waiver.revoked_at is not None:
            items.append(
                HistoryItem(
                    waiver.revoked_at,
                    "waiver_revoked",
                    waiver.revoked_by.username if waiver.revoked_by else "—",
                    f"revoked the waiver of {target}: {waiver.revoke_reason}",
                    waiver,
                )
            )
    return sorted(items, key=lambda i: i.at)


def waivable(finding: RunFinding) -> bool:
    return finding.severity_level < WAIVABLE_BELOW


PREVIEW_BYTES = 64 * 1024
DISCREPANCY_READ_BYTES = 4 * 1024 * 1024


def _artifact_text(run: ValidationRun, *, suffix: str, limit: int) -> tuple[str, bool] | None:
    """The first ``limit`` bytes of the run's artefact whose name ends with ``suffix`` (text, cut off?)."""
    artifact = next((a for a in run.artifacts.all() if a.name.endswith(suffix)), None)
    if artifact is None:
        return None
    with artifact.stored.open("rb") as handle:
        data = handle.read(limit)
    return data.decode("utf-8", "replace"), artifact.size > limit


def review_flatfile_preview(*, run: ValidationRun) -> tuple[str, bool] | None:
    return _artifact_text(run, suffix=".gbf", limit=PREVIEW_BYTES)


@dataclass(frozen=True)
class DiscrepancyLine:
    text: str
    fatal: bool


def review_discrepancies(*, run: ValidationRun) -> list[DiscrepancyLine] | None:
    """The discrepancy report's summary lines, FATAL ones first (None when the run wrote no report)."""
    found = _artifact_text(run, suffix="discrepancy.txt", limit=DISCREPANCY_READ_BYTES)
    if found is None:
        return None
    lines: list[DiscrepancyLine] = []
    inside = False
    # The summary is the top of tbl2asn's format (gbprep.writers.discrep): unindented lines up to the details.
    for text in found[0].splitlines():
        if text == "Summary":
            inside = True
        elif text.startswith("Detailed Report"):
            break
        elif inside and text and not text[0].isspace():
            fatal = text.startswith("FATAL:")
            lines.append(DiscrepancyLine(text.removeprefix("FATAL:").strip(), fatal))
    return sorted(lines, key=lambda line: not line.fatal)
