"""HTML pages for submitters. They call the same services and selectors as the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import request_user
from portal.errors import ApplicationError
from portal.text import ascii_int
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
from submissions.panels import RELEASE, PanelContext, panels_render
from submissions.selectors import (
    submission_file_get_for_user,
    submission_get_for_user,
    submission_get_for_writer,
    submission_is_writer,
    submission_list_for_user,
)
from submissions.services import submission_create, submission_file_add, submission_file_remove
from submissions.status import EDITABLE, FINAL, Status


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
    can_write = submission.owner_id == user.pk or submission.collaborators.filter(pk=user.pk).exists()
    editable = can_write and _editable(submission)
    return render(
        request,
        "submissions/detail.html",
        {
            "submission": submission,
            "form": form,
            "can_write": can_write,
            "editable": editable,
            # Sections of apps above this one (validation's runs), see submissions.panels.
            "panels": panels_render(
                PanelContext(request=request, submission=submission, can_write=can_write, editable=editable)
            ),
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
    # Curators see the plan and its history but do not change it: the page says so instead of offering a
    # form whose Save answers 403.
    can_edit = submission_is_writer(user=user, submission=submission)
    form = ReleaseForm(
        request.POST or None, initial={"mode": submission.release_mode, "date": submission.release_date}
    )
    status = 200
    if request.method == "POST" and not can_edit:
        status = 403
        messages.error(request, "Only the submission's owner and collaborators change its release plan.")
    elif request.method == "POST" and form.is_valid():
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
            "can_edit": can_edit,
            "changes": submission.release_changes.select_related("changed_by"),
            # Sections of apps above this one (accessions' release requests), see submissions.panels.
            "panels": panels_render(
                PanelContext(
                    request=request,
                    submission=submission,
                    can_write=can_edit,
                    editable=can_edit and Status(submission.status) not in FINAL,
                ),
                page=RELEASE,
            ),
        },
        status=status,
    )


@login_required
def submission_collaborators(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    form = CollaboratorForm(request.POST or None)
    if request.method == "POST":
        submission = submission_get_for_writer(user=user, submission_id=submission_id)
        try:
            remove = ascii_int(request.POST.get("remove"))
            if remove is not None:
                submission_collaborator_remove(submission=submission, by=user, user_id=remove)
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
