"""Two curators at once, on real PostgreSQL connections (one per thread): exactly one of them wins."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from accounts.roles import user_make_curator
from curation.models import Decision
from curation.services import review_decide, waiver_create
from portal.errors import ApplicationError
from submissions.models import Submission
from submissions.status import Status
from validation.models import ValidationRun, Waiver

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread (its own database connection), released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _second_curator() -> User:
    user = User.objects.create_user(username="carl_curator", email="carl@example.org", password="x")
    user_make_curator(user=user)
    return User.objects.get(pk=user.pk)


def test_two_decisions_at_once_exactly_one_wins(
    submitter: User, curator: User, make_reviewable: Callable[..., tuple[Submission, ValidationRun]]
) -> None:
    submission, _ = make_reviewable(submitter)
    assert submission.status == Status.IN_REVIEW
    other = _second_curator()

    results = _at_once(
        lambda: review_decide(submission=submission, by=curator, action="approve"),
        lambda: review_decide(submission=submission, by=other, action="reject", message="duplicate"),
    )

    wins = [r for r in results if isinstance(r, Decision)]
    losses = [r for r in results if isinstance(r, ApplicationError)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert losses[0].code == "invalid_state"
    submission.refresh_from_db()
    assert submission.status == ("approved" if wins[0].action == "approve" else "rejected")
    assert Decision.objects.filter(submission=submission).count() == 1
    assert submission.events.filter(from_status=Status.IN_REVIEW).count() == 1


def test_two_waivers_of_one_finding_at_once_exactly_one_is_kept(
    submitter: User, curator: User, make_reviewable: Callable[..., tuple[Submission, ValidationRun]]
) -> None:
    submission, run = make_reviewable(submitter, prefix="OTHER")
    finding = run.findings.filter(code="SEQ_FEAT.LocusTagProblem").first()
    assert finding is not None
    other = _second_curator()

    results = _at_once(
        lambda: waiver_create(submission=submission, by=curator, finding=finding, reason="RNA editing"),
        lambda: waiver_create(submission=submission, by=other, finding=finding, reason="RNA editing too"),
    )

    assert sum(isinstance(r, Waiver) for r in results) == 1, results
    assert [r.code for r in results if isinstance(r, ApplicationError)] == ["already_waived"]
    assert Waiver.objects.filter(submission=submission, revoked_at__isnull=True).count() == 1
