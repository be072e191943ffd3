"""Curators' pages (queue, review, run diff) and the message thread that submitters see too.

Thin: every read goes through curation.selectors, every change through curation.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import request_user
from accounts.roles import user_can_review
from curation.models import DecisionAction
from curation.selectors import (
    QUEUE_STATES,
    QueueFilters,
    decision_list,
    message_list,
    review_discrepancies,
    review_finding_get,
    review_flatfile_preview,
    review_history,
    review_queue,
    review_queue_counts,
    review_run_diff,
    review_run_get,
    review_submission_get,
    waivable,
    waiver_get,
    waiver_list,
)
from curation.services import (
    WAIVER_STATES,
    message_post,
    review_assign,
    review_decide,
    waiver_create,
    waiver_revoke,
)
from portal.errors import ApplicationError
from portal.text import ascii_int
from submissions.selectors import submission_get_for_user
from validation.models import WaiverScope
from validation.selectors import findings_by_code
from validation.waivers import waivers_for_findings

QUEUE_PAGE_SIZE = 25


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where sign-in leads: curators to their queue, everyone else to their submissions."""
    return redirect("curation:queue" if user_can_review(request_user(request)) else "submissions:list")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filters = QueueFilters.from_query(request.GET)
    page = Paginator(review_queue(user=user, filters=filters), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    counts = review_queue_counts(user=user)
    return render(
        request,
        "curation/queue.html",
        {
            "page": page,
            "filters": filters,
            "state_counts": [(s.value, s.label, counts[s.value]) for s in QUEUE_STATES],
            "states": QUEUE_STATES,
            "query": query.urlencode(),
        },
    )


@login_required
def review(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = review_submission_get(user=user, submission_id=submission_id)
    runs = list(submission.runs.all())
    latest = runs[0] if runs else None
    groups = findings_by_code(latest.findings.all()) if latest else []
    shown = [f for g in groups for f in g.findings]
    waived = waivers_for_findings(submission_id=submission.pk, findings=shown)
    rows = [(g, [(f, waived.get(f.pk), waivable(f)) for f in g.findings]) for g in groups]
    diff = review_run_diff(since=runs[1], to=runs[0]) if len(runs) > 1 else None
    return render(
        request,
        "curation/review.html",
        {
            "submission": submission,
            "assignment": getattr(submission, "assignment", None),
            "latest": latest,
            "runs": runs,
            "groups": rows,
            "open_states": sorted(WAIVER_STATES),
            "discrepancies": review_discrepancies(run=latest) if latest else None,
            "preview": review_flatfile_preview(run=latest) if latest else None,
            "diff": diff,
            "history": review_history(submission=submission),
            "waivers": waiver_list(user=user, submission_id=submission.pk),
            "actions": DecisionAction.choices,
        },
    )


@login_required
def run_diff(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = review_submission_get(user=request_user(request), submission_id=submission_id)
    runs = list(submission.runs.all())
    since_id = request.GET.get("since", "")
    to_id = request.GET.get("to", "")
    diff = None
    if ascii_int(since_id) is not None and ascii_int(to_id) is not None:
        since = review_run_get(submission=submission, run_id=int(since_id))
        to = review_run_get(submission=submission, run_id=int(to_id))
        diff = review_run_diff(since=since, to=to)
    elif len(runs) > 1:
        diff = review_run_diff(since=runs[1], to=runs[0])
    return render(request, "curation/diff.html", {"submission": submission, "runs": runs, "diff": diff})


def _back(submission_id: int) -> HttpResponse:
    return redirect("curation:review", submission_id=submission_id)


@login_required
@require_POST
def assign(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = review_submission_get(user=user, submission_id=submission_id)
    try:
        review_assign(submission=submission, curator=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The submission is assigned to you.")
    return _back(submission.pk)


@login_required
@require_POST
def decide(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = review_submission_get(user=user, submission_id=submission_id)
    try:
        decision = review_decide(
            submission=submission,
            by=user,
            action=request.POST.get("action", ""),
            message=request.POST.get("message", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{decision.get_action_display()}: done; the submitters were told.")
    return _back(submission.pk)


@login_required
@require_POST
def waive(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = review_submission_get(user=user, submission_id=submission_id)
    finding_id = request.POST.get("finding", "")
    try:
        if ascii_int(finding_id) is None:
            raise ApplicationError("Choose the finding to waive.", field="finding")
        waiver = waiver_create(
            submission=submission,
            by=user,
            finding=review_finding_get(submission=submission, finding_id=int(finding_id)),
            reason=request.POST.get("reason", ""),
            scope=request.POST.get("scope", WaiverScope.FINDING),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Waived {waiver.code}.")
    return _back(submission.pk)


@login_required
@require_POST
def revoke(request: HttpRequest, submission_id: int, waiver_id: int) -> HttpResponse:
    user = request_user(request)
    submission = review_submission_get(user=user, submission_id=submission_id)
    try:
        waiver_revoke(
            waiver=waiver_get(submission=submission, waiver_id=waiver_id),
            by=user,
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Waiver revoked.")
    return _back(submission.pk)


@login_required
def thread(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The conversation on a submission, for its submitters and curators: messages, decisions, waivers."""
    user = request_user(request)
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    error = ""
    if request.method == "POST":
        try:
            message_post(submission=submission, by=user, body=request.POST.get("body", ""))
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, "Message sent.")
            if user_can_review(user) and request.POST.get("back") == "review":
                return _back(submission.pk)
            return redirect("curation:thread", submission_id=submission.pk)
    context: dict[str, Any] = {
        "submission": submission,
        "thread": message_list(user=user, submission_id=submission.pk),
        "decisions": decision_list(user=user, submission_id=submission.pk),
        "waivers": waiver_list(user=user, submission_id=submission.pk),
        "is_curator": user_can_review(user),
        "error": error,
    }
    return render(request, "curation/thread.html", context)
