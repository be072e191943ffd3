"""Curation services on real submissions, runs of the engine and PostgreSQL: decisions through the one
transition table, waivers in the blocking decision, messages with e-mail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from accessions.models import AccessionAssignment, ApprovedRecord
from accounts.models import User
from curation.models import Decision, DecisionAction, Message
from curation.selectors import review_run_diff
from curation.services import message_post, review_assign, review_decide, waiver_create, waiver_revoke
from portal.errors import ApplicationError
from submissions.models import Submission
from submissions.status import Status
from tests.curation.conftest import submit_and_run
from validation.models import RunFinding, ValidationRun, Waiver, WaiverScope
from validation.waivers import waivers_for_findings

pytestmark = pytest.mark.django_db

Reviewable = Callable[..., tuple[Submission, ValidationRun]]


def test_approve_moves_to_approved_records_why_and_gives_accessions(
    submitter: User, curator: User, make_reviewable: Reviewable, django_capture_on_commit_callbacks: Any
) -> None:
    submission, run = make_reviewable(submitter)
    assert submission.status == Status.IN_REVIEW, list(run.findings.values_list("code", "severity")[:5])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decision = review_decide(submission=submission, by=curator, action="approve", message="Looks good.")

    submission.refresh_from_db()
    assert submission.status == Status.APPROVED
    assert decision.decided_by == curator and decision.message == "Looks good."
    assert (decision.event.from_status, decision.event.to_status) == (Status.IN_REVIEW, Status.APPROVED)
    assert decision.event.actor == curator
    record = ApprovedRecord.objects.get(submission=submission)
    assert record.assigned_at is not None and record.assigned_by == curator
    assert AccessionAssignment.objects.filter(submission=submission).exists()
    assert Message.objects.get(submission=submission).decision == decision
    assert any("Approved" in m.subject and "Looks good." in m.body for m in mail.outbox)


def test_request_changes_needs_a_message_and_hands_the_submission_back(
    submitter: User, curator: User, make_reviewable: Reviewable, django_capture_on_commit_callbacks: Any
) -> None:
    submission, _ = make_reviewable(submitter)
    with pytest.raises(ApplicationError) as refused:
        review_decide(submission=submission, by=curator, action="request_changes", message="  ")
    assert refused.value.field == "message"
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review_decide(submission=submission, by=curator, action="request_changes", message="Add the strain.")

    submission.refresh_from_db()
    assert submission.status == Status.NEEDS_FIX
    assert [m.body for m in Message.objects.filter(submission=submission)] == ["Add the strain."]
    assert [m.to for m in mail.outbox] == [[submitter.email]]
    assert "Add the strain." in mail.outbox[0].body
    # The submitter can fix and resubmit: the table lets needs_fix go back to validating.
    submit_and_run(submission, submitter)
    assert submission.status == Status.IN_REVIEW


def test_reject_and_illegal_decisions_are_refused_with_a_clear_message(
    submitter: User, curator: User, make_reviewable: Reviewable
) -> None:
    submission, _ = make_reviewable(submitter)
    review_decide(submission=submission, by=curator, action="reject", message="Not a genome.")
    submission.refresh_from_db()
    assert submission.status == Status.REJECTED
    for action in ("approve", "request_changes", "reject"):
        with pytest.raises(ApplicationError) as refused:
            review_decide(submission=submission, by=curator, action=action, message="again")
        assert refused.value.code == "invalid_state" and refused.value.status == 409
        assert "Rejected" in refused.value.message
    with pytest.raises(ApplicationError) as unknown:
        review_decide(submission=submission, by=curator, action="publish")
    assert unknown.value.field == "action"
    assert Decision.objects.filter(submission=submission).count() == 1


def test_a_submitter_cannot_decide_their_own_submission(submitter: User, make_reviewable: Reviewable) -> None:
    submission, _ = make_reviewable(submitter)
    with pytest.raises(ApplicationError) as refused:
        review_decide(submission=submission, by=submitter, action="approve")
    assert refused.value.status == 403
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW


def test_waived_errors_stop_blocking_carry_over_and_block_again_once_revoked(
    submitter: User, curator: User, make_reviewable: Reviewable
) -> None:
    # Registered under OTHER, every TST_ locus_tag is an ERROR: the submission comes back.
    submission, run = make_reviewable(submitter, prefix="OTHER")
    assert submission.status == Status.NEEDS_FIX
    problems = run.findings.filter(code="SEQ_FEAT.LocusTagProblem")
    assert problems.count() > 1
    blocking_codes = set(run.findings.filter(severity_level__gte=30).values_list("code", flat=True))
    assert blocking_codes == {"SEQ_FEAT.LocusTagProblem"}, blocking_codes

    # One finding waived: the others still block.
    one = problems.first()
    assert one is not None
    waiver = waiver_create(submission=submission, by=curator, finding=one, reason="biology: RNA editing")
    assert (waiver.created_by, waiver.scope, waiver.code) == (curator, WaiverScope.FINDING, one.code)
    second = submit_and_run(submission, submitter)
    assert submission.status == Status.NEEDS_FIX
    assert second.summary["waived"] == 1
    covered = waivers_for_findings(submission_id=submission.pk, findings=second.findings.all())
    assert list(covered.values()) == [waiver]  # the same finding, in the later run, by identity
    assert second.findings.get(pk=next(iter(covered))).feature == one.feature

    # Every finding of the code waived: nothing blocks.
    waiver_create(
        submission=submission,
        by=curator,
        finding=one,
        reason="prefix agreed by e-mail",
        scope=WaiverScope.CODE,
    )
    third = submit_and_run(submission, submitter)
    assert submission.status == Status.IN_REVIEW
    assert third.summary["blocking"] is False and third.summary["waived"] == problems.count()

    # Revoked: the audit stays, and the code blocks again from the next run on.
    review_decide(submission=submission, by=curator, action="request_changes", message="Use your prefix.")
    code_waiver = Waiver.objects.get(submission=submission, scope=WaiverScope.CODE)
    revoked = waiver_revoke(waiver=code_waiver, by=curator, reason="the prefix was not agreed after all")
    assert revoked.revoked_by == curator and revoked.revoked_at is not None
    with pytest.raises(ApplicationError) as twice:
        waiver_revoke(waiver=code_waiver, by=curator, reason="again")
    assert twice.value.code == "already_revoked"
    submit_and_run(submission, submitter)
    assert submission.status == Status.NEEDS_FIX
    assert Waiver.objects.filter(submission=submission).count() == 2


def test_waivers_need_a_reason_refuse_rejects_and_duplicates(
    submitter: User, curator: User, make_reviewable: Reviewable
) -> None:
    submission, run = make_reviewable(submitter, prefix="OTHER")
    finding = run.findings.filter(code="SEQ_FEAT.LocusTagProblem").first()
    assert finding is not None
    with pytest.raises(ApplicationError) as no_reason:
        waiver_create(submission=submission, by=curator, finding=finding, reason=" ")
    assert no_reason.value.field == "reason"
    waiver_create(submission=submission, by=curator, finding=finding, reason="ok")
    with pytest.raises(ApplicationError) as duplicate:
        waiver_create(submission=submission, by=curator, finding=finding, reason="ok again")
    assert duplicate.value.code == "already_waived"
    reject = RunFinding.objects.create(
        run=run,
        code="SEQ_INST.BadSeq",
        severity="REJECT",
        severity_level=40,
        message="no sequence",
        file="x.fsa",
    )
    with pytest.raises(ApplicationError) as not_waivable:
        waiver_create(submission=submission, by=curator, finding=reject, reason="please")
    assert not_waivable.value.code == "not_waivable"
    with pytest.raises(ApplicationError) as by_submitter:
        waiver_create(submission=submission, by=submitter, finding=finding, reason="mine")
    assert by_submitter.value.status == 403
    assert Waiver.objects.filter(submission=submission).count() == 1


def test_run_diff_says_what_was_fixed_new_and_unchanged(
    submitter: User, curator: User, make_reviewable: Reviewable, make_submission: Callable[..., Submission]
) -> None:
    submission, before = make_reviewable(submitter, prefix="OTHER")
    # The fix: the submission moves to its own prefix (TST), so every LocusTagProblem goes away.
    clean, _ = make_reviewable(submitter, prefix="TST", title="clean one")
    from submissions.metadata import submission_update

    assert clean.locus_tag_prefix is not None
    submission_update(
        submission=submission,
        by=submitter,
        data={"bioproject": clean.bioproject_id, "locus_tag_prefix": clean.locus_tag_prefix.prefix},
    )
    after = submit_and_run(submission, submitter)

    diff = review_run_diff(since=before, to=after)

    fixed_codes = {f.code for f in diff.fixed}
    assert fixed_codes == {"SEQ_FEAT.LocusTagProblem"}
    assert len(diff.fixed) == before.findings.filter(code="SEQ_FEAT.LocusTagProblem").count()
    assert diff.new == []
    assert len(diff.unchanged) == after.findings.count()
    reverse = review_run_diff(since=after, to=before)
    assert {f.pk for f in reverse.new} == {f.pk for f in diff.fixed}


def test_messages_are_mailed_to_everyone_on_the_submission_but_the_author(
    submitter: User,
    other_submitter: User,
    curator: User,
    make_reviewable: Reviewable,
    django_capture_on_commit_callbacks: Any,
) -> None:
    submission, _ = make_reviewable(submitter)
    submission.collaborators.add(other_submitter)
    review_assign(submission=submission, curator=curator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        message_post(submission=submission, by=curator, body="Which strain is it?")
        message_post(submission=submission, by=submitter, body="DFA_scaf1.")

    assert [sorted(m.to) for m in mail.outbox] == [
        sorted([submitter.email, other_submitter.email]),
        sorted([other_submitter.email, curator.email]),
    ]
    assert "Which strain is it?" in mail.outbox[0].body
    thread = list(
        Message.objects.filter(submission=submission).values_list("author__username", "from_curator")
    )
    assert thread == [(curator.username, True), (submitter.username, False)]
    with pytest.raises(ApplicationError):
        message_post(submission=submission, by=submitter, body="   ")


def test_assign_to_me_takes_the_submission_over(
    submitter: User, curator: User, make_reviewable: Reviewable
) -> None:
    from accounts.roles import user_make_curator

    submission, _ = make_reviewable(submitter)
    second = User.objects.create_user(username="carl_curator", email="carl@example.org", password="x")
    user_make_curator(user=second)
    second = User.objects.get(pk=second.pk)
    review_assign(submission=submission, curator=curator)
    assignment = review_assign(submission=submission, curator=second)
    assert assignment.curator == second
    assert submission.__class__.objects.get(pk=submission.pk).assignment.curator == second
    with pytest.raises(ApplicationError):
        review_assign(submission=submission, curator=submitter)
    assert DecisionAction.APPROVE == "approve"
