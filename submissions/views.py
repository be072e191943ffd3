"""HTML pages for submitters. They call the same services and selectors as the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.models import request_user
from portal.errors import ApplicationError
from submissions.forms import (
    CollaboratorForm,
    FileUploadForm,
    ReleaseForm,
    SubmissionCreateForm,
    SubmissionDetailsForm,
)
from submissions.generated import has_submitter_block, render_assembly_comment, source_modifier_text
from submissions.metadata import (
    submission_collaborator_add,
    submission_collaborator_remove,
    submission_release_set,
    submission_template_summary,
    submission_update,
)
from submissions.models import FileKind
from submissions.selectors import (
    submission_file_get_for_user,
    submission_get_for_user,
    submission_get_for_writer,
    submission_list_for_user,
)
from submissions.services import submission_create, submission_file_add, submission_file_remove
from submissions.status import EDITABLE, Status
from validation.apis import artifact_response
from validation.selectors import (
    artifact_get_for_user,
    findings_by_code,
    findings_for_run,
    run_get_for_user,
    run_input_context,
)
from validation.services import validation_run_start
from validation.svg import overview_svg


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    submissions = submission_list_for_user(user=request_user(request))
    return render(request, "submissions/list.html", {"submissions": submissions})


@login_required
def submission_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    initial = {"bioproject": request.GET.get("bioproject")} if request.GET.get("bioproject") else None
    form = SubmissionCreateForm(request.POST or None, owner=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            submission = submission_create(
                owner=user,
                title=form.cleaned_data["title"],
                organism=form.cleaned_data["organism"],
                details=form.details(),
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("submissions:detail", submission_id=submission.pk)
    return render(request, "submissions/new.html", {"form": form})


def _editable(submission: Any) -> bool:
    return Status(submission.status) in EDITABLE


@login_required
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    form = FileUploadForm()
    if request.method == "POST":
        submission = submission_get_for_writer(user=user, submission_id=submission_id)
        form = FileUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                submission_file_add(submission=submission, by=user, name=upload.name, content=upload)
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, f"{upload.name} uploaded.")
                return redirect("submissions:detail", submission_id=submission.pk)
    runs = submission.runs.all()
    can_write = submission.owner_id == user.pk or submission.collaborators.filter(pk=user.pk).exists()
    return render(
        request,
        "submissions/detail.html",
        {
            "submission": submission,
            "form": form,
            "runs": runs,
            "latest": runs.first(),
            "can_write": can_write,
            "editable": can_write and _editable(submission),
            "template_summary": submission_template_summary(submission=submission),
            "generated_sbt": has_submitter_block(submission)
            and not submission.files.filter(kind=FileKind.TEMPLATE).exists(),
            "assembly_comment": render_assembly_comment(submission),
            "source_text": source_modifier_text(submission),
            "tus_url": reverse("api-submission-files", args=[submission.pk]),
            "chunk_bytes": settings.PORTAL_UPLOAD_CHUNK_BYTES,
        },
    )


@login_required
def submission_edit(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The wizard's details: organism and source modifiers, assembly data, contact, authors, affiliation."""
    user = request_user(request)
    submission = submission_get_for_writer(user=user, submission_id=submission_id)
    form = SubmissionDetailsForm(request.POST or None, initial=SubmissionDetailsForm.initial_for(submission))
    if request.method == "POST" and form.is_valid():
        details = form.details()
        if form.is_valid():
            try:
                submission_update(submission=submission, by=user, data=details)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Details saved.")
                return redirect("submissions:detail", submission_id=submission.pk)
    return render(request, "submissions/edit.html", {"submission": submission, "form": form})


@login_required
def submission_release(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    form = ReleaseForm(
        request.POST or None, initial={"mode": submission.release_mode, "date": submission.release_date}
    )
    if request.method == "POST":
        submission = submission_get_for_writer(user=user, submission_id=submission_id)
        if form.is_valid():
            try:
                submission_release_set(
                    submission=submission,
                    by=user,
                    mode=form.cleaned_data["mode"],
                    date=form.cleaned_data["date"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Release plan saved.")
                return redirect("submissions:detail", submission_id=submission.pk)
    return render(
        request,
        "submissions/release.html",
        {
            "submission": submission,
            "form": form,
            "changes": submission.release_changes.select_related("changed_by"),
        },
    )


@login_required
def submission_collaborators(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    form = CollaboratorForm(request.POST or None)
    if request.method == "POST":
        submission = submission_get_for_writer(user=user, submission_id=submission_id)
        try:
            if request.POST.get("remove"):
                submission_collaborator_remove(
                    submission=submission, by=user, user_id=int(request.POST["remove"])
                )
                messages.success(request, "Collaborator removed.")
                return redirect("submissions:collaborators", submission_id=submission.pk)
            if form.is_valid():
                added = submission_collaborator_add(
                    submission=submission, by=user, who=form.cleaned_data["user"]
                )
                messages.success(request, f"{added.username} can now see and edit this submission.")
                return redirect("submissions:collaborators", submission_id=submission.pk)
        except (ApplicationError, ValueError) as exc:
            form.add_error("user" if isinstance(exc, ValueError) else None, getattr(exc, "message", str(exc)))
    return render(
        request,
        "submissions/collaborators.html",
        {"submission": submission, "form": form, "is_owner": submission.owner_id == user.pk},
    )


@login_required
@require_POST
def submission_file_delete(request: HttpRequest, submission_id: int, file_id: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_writer(user=user, submission_id=submission_id)
    record = submission_file_get_for_user(user=user, submission_id=submission.pk, file_id=file_id)
    try:
        submission_file_remove(submission=submission, file=record)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{record.original_name} removed.")
    return redirect("submissions:detail", submission_id=submission.pk)


@login_required
@require_POST
def submission_submit(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = submission_get_for_writer(user=request_user(request), submission_id=submission_id)
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


FLATFILE_PREVIEW_BYTES = 64 * 1024


@login_required
def run_report(request: HttpRequest, submission_id: int, run_id: int) -> HttpResponse:
    run = run_get_for_user(user=request_user(request), submission_id=submission_id, run_id=run_id)
    filters = {k: request.GET.get(k) or None for k in ("severity", "code", "file")}
    findings = findings_for_run(run=run, **filters)
    groups = findings_by_code(findings)
    all_findings = run.findings.all()
    artifacts = list(run.artifacts.all())
    flatfile = next((a for a in artifacts if a.name.endswith(".gbf")), None)
    preview = ""
    if flatfile is not None:
        with flatfile.stored.open("rb") as handle:
            preview = handle.read(FLATFILE_PREVIEW_BYTES).decode("utf-8", "replace")
    context_url = reverse("submissions:run_context", args=[run.submission_id, run.pk])
    return render(
        request,
        "submissions/report.html",
        {
            "submission": run.submission,
            "run": run,
            "groups": groups,
            "filters": filters,
            "filtered": any(filters.values()),
            "shown": findings.count(),
            "codes": sorted(set(all_findings.values_list("code", flat=True))),
            "files": sorted(set(all_findings.exclude(file="").values_list("file", flat=True))),
            "artifacts": artifacts,
            "flatfile": flatfile,
            "preview": preview,
            "preview_cut": flatfile is not None and flatfile.size > FLATFILE_PREVIEW_BYTES,
            # Built from numbers and escaped text only (validation.svg).
            "svg": mark_safe(overview_svg(run.overview, context_url)),
            "context_url": context_url,
            "earlier": run.submission.runs.exclude(pk=run.pk),
        },
    )


@login_required
def run_context(request: HttpRequest, submission_id: int, run_id: int) -> HttpResponse:
    """One finding's line in context: the file as the run read it, a few lines around."""
    run = run_get_for_user(user=request_user(request), submission_id=submission_id, run_id=run_id)
    file = request.GET.get("file", "")
    line_text = request.GET.get("line", "")
    line = int(line_text) if line_text.isdigit() and int(line_text) > 0 else 1
    context = run_input_context(run=run, file=file, line=line, around=6)
    findings = run.findings.filter(file=file, line=line)
    template = (
        "submissions/context_fragment.html" if request.GET.get("fragment") else "submissions/context.html"
    )
    return render(
        request,
        template,
        {"submission": run.submission, "run": run, "context": context, "findings": findings},
    )


@login_required
def run_artifact(request: HttpRequest, submission_id: int, run_id: int, name: str) -> FileResponse:
    artifact = artifact_get_for_user(
        user=request_user(request), submission_id=submission_id, run_id=run_id, name=name
    )
    return artifact_response(artifact)
