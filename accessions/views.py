"""Pages for accessions, publication, release requests and updates; each has its API in accessions/apis.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from accessions.apis import fates_data
from accessions.forms import ReleaseRequestForm
from accessions.release import release_request_record, submission_publication_set
from accessions.selectors import accession_table_for_user, approved_record_for_user
from accessions.services import submission_accession_style_set, submission_update_start
from accounts.models import request_user
from accounts.roles import user_can_review
from portal.errors import ApplicationError
from submissions.panels import PanelContext
from submissions.selectors import submission_get_for_user, submission_get_for_writer


@login_required
def accession_table(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission, rows = accession_table_for_user(user=user, submission_id=submission_id)
    if request.method == "POST":
        if not user_can_review(user):
            submission_get_for_writer(user=user, submission_id=submission_id)
        try:
            submission_accession_style_set(
                submission=submission, by=user, style=request.POST.get("style", "")
            )
            messages.success(request, "Accession style saved.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("accessions:table", submission_id=submission.pk)
    _, record = approved_record_for_user(user=user, submission_id=submission_id)
    tsv = reverse("api-submission-accessions", args=[submission.pk]) + "?format=tsv"
    return render(
        request,
        "accessions/table.html",
        {"submission": submission, "record": record, "rows": rows, "tsv_url": tsv},
    )


@login_required
def publication(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    submission, record = approved_record_for_user(user=user, submission_id=submission_id)
    if request.method == "POST":
        try:
            submission_publication_set(
                submission=submission,
                by=user,
                pubmed_id=request.POST.get("pubmed_id", ""),
                doi=request.POST.get("doi", ""),
                reference=request.POST.get("reference", ""),
            )
        except PermissionDenied:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Publication recorded.")
        return redirect("accessions:publication", submission_id=submission.pk)
    return render(request, "accessions/publication.html", {"submission": submission, "record": record})


@login_required
def fates(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = submission_get_for_user(user=request_user(request), submission_id=submission_id)
    return render(
        request, "accessions/fates.html", {"submission": submission, "data": fates_data(submission)}
    )


@login_required
@require_POST
def update_start(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    released = submission_get_for_writer(user=user, submission_id=submission_id)
    try:
        draft = submission_update_start(released=released, by=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("submissions:detail", submission_id=released.pk)
    messages.success(
        request, f"Update started from #{released.pk}: replace the files that changed and submit."
    )
    return redirect("submissions:detail", submission_id=draft.pk)


def release_requests_panel(context: PanelContext) -> str:
    """The release page's section: the request form (submitters, while the plan may change) and the record
    of every request. submissions shows it through its panel registry (see AccessionsConfig.ready)."""
    return render_to_string(
        "accessions/release_requests_panel.html",
        {
            "submission": context.submission,
            "editable": context.editable,
            "form": ReleaseRequestForm(),
            "requests": context.submission.release_requests.select_related("requested_by"),
        },
        request=context.request,
    )


@login_required
@require_POST
def release_request_create(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request_user(request)
    # Curators read the requests but do not make them (403), as on the release plan itself.
    submission = submission_get_for_writer(user=user, submission_id=submission_id)
    form = ReleaseRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    else:
        try:
            release_request_record(submission=submission, by=user, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Request recorded; the release plan is changed.")
    return redirect("submissions:release", submission_id=submission.pk)
