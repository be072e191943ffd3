"""Curators' actions. Each service owns its transaction and locks the submission row it acts on, so two
curators acting at once are serialised: the second sees what the first did."""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from accessions.services import submission_accessions_assign
from accounts.models import User
from accounts.roles import user_can_review
from curation.models import Assignment, Decision, DecisionAction, Message
from curation.notifications import message_notify
from portal.errors import ApplicationError
from submissions.models import Submission
from submissions.services import submission_transition
from submissions.status import Status
from validation.models import RunFinding, Waiver, WaiverScope
from validation.waivers import WAIVABLE_BELOW, finding_key

MAX_MESSAGE = 20_000
# Waivers change what blocks the next run; before submission and after a decision they would change nothing.
WAIVER_STATES = frozenset({Status.IN_REVIEW, Status.NEEDS_FIX, Status.VALIDATING})

_TARGET = {
    DecisionAction.APPROVE: Status.APPROVED,
    DecisionAction.REQUEST_CHANGES: Status.NEEDS_FIX,
    DecisionAction.REJECT: Status.REJECTED,
}


def _require_curator(user: User) -> None:
    if not user_can_review(user):
        raise ApplicationError("Only curators review submissions.", code="permission_denied", status=403)


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def review_assign(*, submission: Submission, curator: User) -> Assignment:
    """ "Assign to me": the curator takes the submission (from whoever had it)."""
    _require_curator(curator)
    with transaction.atomic():
        locked = _locked(submission)
        if Status(locked.status) == Status.DRAFT:
            raise ApplicationError("A draft is not for review yet.", code="invalid_state", status=409)
        assignment, _ = Assignment.objects.update_or_create(submission=locked, defaults={"curator": curator})
    return assignment


def review_decide(*, submission: Submission, by: User, action: str, message: str = "") -> Decision:
    """Approve, request changes or reject, through the one transition table.

    The state change records its event and mails the submitters (with the message as its note); the message
    also joins the thread. Approval gives the accessions in the same transaction, so an approved submission
    never lacks them.
    """
    _require_curator(by)
    try:
        decided = DecisionAction(action)
    except ValueError as exc:
        choices = ", ".join(a.value for a in DecisionAction)
        raise ApplicationError(f"The action must be one of: {choices}.", field="action") from exc
    message = message.strip()
    if decided != DecisionAction.APPROVE and not message:
        raise ApplicationError("Tell the submitter why, in the message.", field="message")
    if len(message) > MAX_MESSAGE:
        raise ApplicationError(f"Keep the message under {MAX_MESSAGE:,} characters.", field="message")
    with transaction.atomic():
        locked = _locked(submission)
        current = Status(locked.status)
        # The table also lets VALIDATING become NEEDS_FIX (a run's verdict); a curator decides only on review.
        if current != Status.IN_REVIEW:
            raise ApplicationError(
                f"Only a submission in curator review can be decided on; this one is '{current.label}'.",
                code="invalid_state",
                status=409,
            )
        event = submission_transition(submission=locked, to=_TARGET[decided], by=by, note=message)
        decision = Decision.objects.create(
            submission=locked, action=decided, decided_by=by, message=message, event=event
        )
        if message:
            # No mail of its own: the state change's mail already carries it.
            Message.objects.create(
                submission=locked, author=by, body=message, decision=decision, from_curator=True
            )
        if decided == DecisionAction.APPROVE:
            submission_accessions_assign(submission=locked, by=by)
    submission.refresh_from_db()
    return decision


def message_post(*, submission: Submission, by: User, body: str) -> Message:
    """A message on the thread (the caller checked that ``by`` may see the submission); mailed after commit."""
    body = body.strip()
    if not body:
        raise ApplicationError("Write something first.", field="body")
    if len(body) > MAX_MESSAGE:
        raise ApplicationError(f"Keep the message under {MAX_MESSAGE:,} characters.", field="body")
    with transaction.atomic():
        message = Message.objects.create(
            submission=submission, author=by, body=body, from_curator=user_can_review(by)
        )
        transaction.on_commit(partial(message_notify, message_id=message.pk))
    return message


def waiver_create(
    *, submission: Submission, by: User, finding: RunFinding, reason: str, scope: str = WaiverScope.FINDING
) -> Waiver:
    """Accept one finding (or every finding of its code) on this submission, with a reason.

    The waiver names the finding by identity, so it covers the same finding in later runs too; the next
    run's blocking decision leaves it out.
    """
    _require_curator(by)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Give the reason for the waiver.", field="reason")
    try:
        scope = WaiverScope(scope)
    except ValueError as exc:
        raise ApplicationError("The scope must be 'finding' or 'code'.", field="scope") from exc
    if finding.severity_level >= WAIVABLE_BELOW:
        raise ApplicationError(
            f"{finding.code} is a {finding.severity}: GenBank would not take the record, so it cannot be waived.",
            code="not_waivable",
            status=409,
        )
    code, seq_id, feature, location = finding_key(finding)
    if scope == WaiverScope.CODE:
        seq_id = feature = location = ""
    with transaction.atomic():
        locked = _locked(submission)
        if finding.run.submission_id != locked.pk:
            raise ApplicationError("That finding belongs to another submission.", field="finding")
        if Status(locked.status) not in WAIVER_STATES:
            raise ApplicationError(
                f"The submission is '{Status(locked.status).label}'; waivers are given while it is reviewed.",
                code="invalid_state",
                status=409,
            )
        try:
            # A savepoint: the unique constraint on active waivers settles two curators waiving at once.
            with transaction.atomic():
                return Waiver.objects.create(
                    submission=locked,
                    scope=scope,
                    code=code,
                    seq_id=seq_id,
                    feature=feature,
                    location=location,
                    finding=finding,
                    reason=reason,
                    created_by=by,
                )
        except IntegrityError as exc:
            raise ApplicationError(
                "This finding is already waived.", code="already_waived", status=409
            ) from exc


def waiver_revoke(*, waiver: Waiver, by: User, reason: str) -> Waiver:
    """Withdraw a waiver; the row stays, with who revoked it, when and why. From the next run on the finding
    blocks again."""
    _require_curator(by)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Give the reason for revoking the waiver.", field="reason")
    with transaction.atomic():
        # Conditional: of two revocations at once, only the first changes the row.
        changed = Waiver.objects.filter(pk=waiver.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, revoke_reason=reason
        )
        if not changed:
            raise ApplicationError("This waiver was already revoked.", code="already_revoked", status=409)
    waiver.refresh_from_db()
    return waiver
