"""Reads of runs and findings, always through the submission's access check."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from submissions.selectors import submission_get_for_user
from validation.models import RunFinding, ValidationRun


def run_list_for_submission(*, user: User, submission_id: int) -> QuerySet[ValidationRun]:
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission.runs.all()


def run_get_for_user(*, user: User, submission_id: int, run_id: int) -> ValidationRun:
    try:
        return run_list_for_submission(user=user, submission_id=submission_id).get(pk=run_id)
    except ValidationRun.DoesNotExist as exc:
        raise Http404("No such run.") from exc


def findings_for_run(
    *, run: ValidationRun, severity: str | None = None, code: str | None = None, file: str | None = None
) -> QuerySet[RunFinding]:
    qs = run.findings.all()
    if severity:
        qs = qs.filter(severity=severity.upper())
    if code:
        qs = qs.filter(code=code)
    if file:
        qs = qs.filter(file=file)
    return qs
