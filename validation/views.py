"""Validation's pages: the run panel on a submission's page, starting a run (Validate only / Submit), the
status the page polls, and each run's report (findings, a finding's lines, outputs, overview).

They sit under /submissions/<id>/ like the submission's own pages, but they are validation's: submissions is
below validation and shows this app's panel through ``submissions.panels`` without importing it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.models import request_user
from portal.errors import ApplicationError
from portal.text import ascii_int
from submissions.panels import PanelContext
from submissions.selectors import submission_get_for_user, submission_get_for_writer
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
from validation.waivers import waivers_for_findings
from validation.wizard_links import wizard_field


def run_panel(context: PanelContext) -> str:
    """The submission page's Validation section: Validate only / Submit, the latest run, earlier runs."""
    runs = context.submission.runs.all()
    return render_to_string(
        "validation/run_panel.html",
        {
            "submission": context.submission,
            "editable": context.editable,
            "runs": runs,
            "latest": runs.first(),
        },
        request=context.request,
    )


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
    try:
        findings = findings_for_run(run=run, **filters)
    except ApplicationError as exc:
        # A hand-edited address: show every severity and say why, rather than an empty report.
        messages.warning(request, exc.message)
        filters["severity"] = None
        findings = findings_for_run(run=run, **filters)
    groups = findings_by_code(findings, capped=(run.summary or {}).get("capped"))
    # Each shown finding a curator waived carries its waiver (who, when, why), shown beside it: the submitter
    # sees why it no longer blocks, and curators see what they accepted before.
    shown_findings = [f for g in groups for f in g.findings]
    waivers = waivers_for_findings(submission_id=run.submission_id, findings=shown_findings)
    uploaded = {i.get("name", "") for i in run.inputs}
    for finding in shown_findings:
        finding.waiver = waivers.get(finding.pk)  # type: ignore[attr-defined]
        # A finding on a wizard answer (tbl2asn's -j, the generated .sbt) points at that field, not a file.
        finding.wizard = wizard_field(run.submission_id, finding.file, finding.message, uploaded)  # type: ignore[attr-defined]
    all_findings = run.findings.all()
    artifacts = list(run.artifacts.all())
    flatfile = next((a for a in artifacts if a.name.endswith(".gbf")), None)
    preview = ""
    if flatfile is not None:
        with flatfile.stored.open("rb") as handle:
            preview = handle.read(FLATFILE_PREVIEW_BYTES).decode("utf-8", "replace")
    context_url = reverse("validation:run_context", args=[run.submission_id, run.pk])
    return render(
        request,
        "validation/report.html",
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
    line = max(1, ascii_int(line_text) or 1)
    message = run.findings.filter(file=file, line=line).values_list("message", flat=True).first() or ""
    field = wizard_field(run.submission_id, file, message, {i.get("name", "") for i in run.inputs})
    if field is not None:
        # Not a file the run stored: what was typed into the wizard, fixed there (an old link lands here).
        return redirect(field.url)
    context = run_input_context(run=run, file=file, line=line, around=6)
    findings = run.findings.filter(file=file, line=line)
    template = (
        "validation/context_fragment.html" if request.GET.get("fragment") else "validation/context.html"
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
