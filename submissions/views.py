"""HTML pages for submitters. They call the same services and selectors as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import request_user
from portal.errors import ApplicationError
from submissions.forms import FileUploadForm, SubmissionCreateForm
from submissions.selectors import submission_get_for_user, submission_list_for_user
from submissions.services import submission_create, submission_file_add
from validation.selectors import findings_for_run, run_get_for_user
from validation.services import validation_run_start


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    submissions = submission_list_for_user(user=request_user(request))
    return render(request, "submissions/list.html", {"submissions": submissions})


@login_required
def submission_new(request: HttpRequest) -> HttpResponse:
    form = SubmissionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submission = submission_create(owner=request_user(request), **form.cleaned_data)
        return redirect("submissions:detail", submission_id=submission.pk)
    return render(request, "submissions/new.html", {"form": form})


@login_required
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
    form = FileUploadForm()
    if request.method == "POST":
        form = FileUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                submission_file_add(
                    submission=submission, by=request_user(request), name=upload.name, content=upload
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, f"{upload.name} uploaded.")
                return redirect("submissions:detail", submission_id=submission.pk)
    runs = submission.runs.all()
    return render(
        request,
        "submissions/detail.html",
        {"submission": submission, "form": form, "runs": runs, "latest": runs.first()},
    )


@login_required
@require_POST
def submission_submit(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
    submit = request.POST.get("action", "submit") == "submit"
    try:
        validation_run_start(submission=submission, by=request_user(request), submit=submit)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("submissions:detail", submission_id=submission.pk)


@login_required
def submission_status(request: HttpRequest, submission_id: int) -> JsonResponse:
    """What the detail page polls: the submission's state and its latest run's progress."""
    submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
    run = submission.runs.first()
    return JsonResponse(
        {
            "status": submission.status,
            "status_label": submission.get_status_display(),
            "run": None
            if run is None
            else {
                "id": run.pk,
                "status": run.status,
                "progress": run.progress,
                "note": run.progress_note,
                "summary": run.summary,
                "failure": run.failure,
            },
        }
    )


@login_required
def run_report(request: HttpRequest, submission_id: int, run_id: int) -> HttpResponse:
    run = run_get_for_user(user=request_user(request), submission_id=submission_id, run_id=run_id)
    severity = request.GET.get("severity") or None
    findings = findings_for_run(run=run, severity=severity)[:2000]
    return render(
        request,
        "submissions/report.html",
        {"submission": run.submission, "run": run, "findings": findings, "severity": severity},
    )
