"""Public pages: records (flatfile, FASTA, graphic, history, diff), search, BLAST, releases and downloads.

Every page is anonymous and reads through ``records.selectors`` (released data only), so a held record is a
404 here for everyone; submitters and curators see held data in the submission pages, not here.
"""

from __future__ import annotations

import difflib
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import request_user
from accounts.roles import user_can_review
from portal.errors import ApplicationError
from records.blast import blast_database_current, blast_job_create, blast_job_for_viewer
from records.graphic import record_svg, window
from records.models import BlastJob, BlastProgram, JobState, PublicRecord, RecordKind, ReviewStatus
from records.reference import reference_records_promote
from records.releases import release_current
from records.render import fasta_text, flatfile_html
from records.search import facet_label, records_search
from records.selectors import (
    public_records,
    record_children,
    record_lookup,
    record_versions,
    releases_public,
    submission_records,
)

REPORTS = ("genbank", "fasta", "graphic")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def record_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    record, target = record_lookup(identifier)
    if target is not None:
        query = request.GET.urlencode()
        return redirect(reverse("records:detail", args=[target]) + (f"?{query}" if query else ""))
    assert record is not None
    report = request.GET.get("report", "genbank")
    if report not in REPORTS:
        report = "genbank"
    context: dict[str, Any] = {
        "record": record,
        "report": report,
        "versions": list(
            record_versions(record).only("accession", "version", "accession_version", "released_at")
        ),
        "children": list(record_children(record).only("accession_version", "definition", "kind")[:500]),
        "siblings": submission_records(record),
        "parent": record.parent,
        "current": public_records().filter(accession=record.accession).first(),
        "can_promote": request.user.is_authenticated
        and user_can_review(request.user)
        and record.kind == RecordKind.NUCLEOTIDE
        and record.record_type == "submitted",
        "review_statuses": ReviewStatus.choices,
    }
    if report == "genbank":
        context["flatfile"] = flatfile_html(record.flatfile)
    elif report == "fasta":
        context["fasta"] = fasta_text(f"{record.accession_version} {record.definition}", record.sequence)
    else:
        lo, hi = window(record, _int(request.GET.get("from"), 1), _int(request.GET.get("to"), record.length))
        context["svg_url"] = reverse("records:graphic", args=[record.accession_version])
        context["window"] = (lo, hi)
    return render(request, "records/record.html", context)


def _exact(identifier: str) -> PublicRecord:
    record, target = record_lookup(identifier)
    if record is None:
        assert target is not None
        record = public_records().get(accession_version=target)
    return record


def record_graphic(request: HttpRequest, identifier: str) -> HttpResponse:
    record = _exact(identifier)
    start = _int(request.GET.get("from"), 1)
    end = _int(request.GET.get("to"), record.length)
    return HttpResponse(record_svg(record, start, end), content_type="image/svg+xml")


def record_download(request: HttpRequest, identifier: str) -> HttpResponse:
    record = _exact(identifier)
    fmt = request.GET.get("format", "gb")
    if fmt == "fasta":
        body, ext = fasta_text(f"{record.accession_version} {record.definition}", record.sequence), "fasta"
    else:
        body, ext = record.flatfile, "gb" if record.kind != RecordKind.PROTEIN else "gp"
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.accession_version}.{ext}"'
    return response


def record_history(request: HttpRequest, identifier: str) -> HttpResponse:
    record = _exact(identifier)
    versions = list(record_versions(record))
    return render(request, "records/history.html", {"record": record, "versions": versions})


def record_diff(request: HttpRequest, identifier: str) -> HttpResponse:
    record = _exact(identifier)
    versions = {v.version: v for v in record_versions(record)}
    old = versions.get(_int(request.GET.get("a"), min(versions)))
    new = versions.get(_int(request.GET.get("b"), max(versions)))
    if old is None or new is None:
        raise Http404("No such version.")
    diff = difflib.unified_diff(
        old.flatfile.splitlines(),
        new.flatfile.splitlines(),
        old.accession_version,
        new.accession_version,
        lineterm="",
    )
    return render(
        request,
        "records/diff.html",
        {"record": record, "old": old, "new": new, "diff": list(diff)[:20000], "versions": sorted(versions)},
    )


@require_POST
def record_promote(request: HttpRequest, identifier: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(reverse("accounts:login") + "?" + urlencode({"next": request.path}))
    user = request_user(request)
    if not user_can_review(user):
        raise PermissionDenied("Only curators promote records.")
    record = _exact(identifier)
    try:
        created = reference_records_promote(
            record=record, by=user, review_status=request.POST.get("review_status", ReviewStatus.PROVISIONAL)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("records:detail", identifier=record.accession_version)
    messages.success(request, f"{len(created)} reference records made.")
    first = created[0].accession_version if created else record.accession_version
    return redirect("records:detail", identifier=first)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    filters = {k: request.GET.get(k, "") for k in ("organism", "node", "kind", "type")}
    error = ""
    result = None
    try:
        result = records_search(query=query, filters=filters, page=_int(request.GET.get("page"), 1))
    except ApplicationError as exc:
        error = exc.message
    facets = []
    if result is not None:
        names = {"organism": "organism", "node": "node", "kind": "kind", "record_type": "type"}
        for field, rows in result.facets.items():
            param = names[field]
            links = []
            for value, count in rows:
                params = {"q": query, **{k: v for k, v in filters.items() if v}, param: value}
                links.append(
                    (facet_label(field, value), count, "?" + urlencode(params), filters.get(param) == value)
                )
            facets.append((field.replace("_", " ").title(), links))
    base = {"q": query, **{k: v for k, v in filters.items() if v}}
    return render(
        request,
        "records/search.html",
        {
            "query": query,
            "result": result,
            "error": error,
            "facets": facets,
            "filters": {k: v for k, v in filters.items() if v},
            "clear_url": "?" + urlencode({"q": query}),
            "page_url": "?" + urlencode(base) + "&page=",
        },
    )


def records_index(request: HttpRequest) -> HttpResponse:
    return redirect("records:search")


@require_http_methods(["GET", "POST"])
def blast_form(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            job = blast_job_create(
                program=request.POST.get("program", "blastn"),
                query=request.POST.get("query", ""),
                evalue=float(request.POST.get("evalue") or 10),
                max_hits=_int(request.POST.get("max_hits"), 50),
                owner=request_user(request) if request.user.is_authenticated else None,
            )
            return redirect("records:blast-job", job_id=job.pk)
        except (ApplicationError, ValueError) as exc:
            error = exc.message if isinstance(exc, ApplicationError) else "The E-value is a number."
    return render(
        request,
        "records/blast.html",
        {
            "programs": BlastProgram.choices,
            "database": blast_database_current(),
            "error": error,
            "query": request.POST.get("query", request.GET.get("query", "")),
            "program": request.POST.get("program", request.GET.get("program", "blastn")),
        },
    )


def blast_job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = get_object_or_404(BlastJob, pk=job_id)
    hits = blast_job_for_viewer(job) if job.state == JobState.DONE else []
    return render(
        request,
        "records/blast_job.html",
        {"job": job, "hits": hits, "settled": job.state in (JobState.DONE, JobState.FAILED)},
    )


def downloads(request: HttpRequest) -> HttpResponse:
    release = release_current()
    if release is None:
        return render(request, "records/downloads.html", {"release": None, "releases": []})
    return release_detail(request, release.number, template="records/downloads.html")


def release_list(request: HttpRequest) -> HttpResponse:
    return render(request, "records/releases.html", {"releases": releases_public()})


def _release(number: int) -> Any:
    return get_object_or_404(releases_public(), number=number)


def release_detail(request: HttpRequest, number: int, template: str = "records/release.html") -> HttpResponse:
    release = _release(number)
    files = list(release.files.all())
    by_node: dict[str, list[Any]] = {}
    for f in files:
        by_node.setdefault(f.node, []).append(f)
    return render(
        request,
        template,
        {"release": release, "by_node": sorted(by_node.items()), "releases": releases_public()[:20]},
    )


def release_stats(request: HttpRequest, number: int) -> HttpResponse:
    release = _release(number)
    nodes = release.statistics.get("nodes", {})
    top = max([int(r.get("bases", 0)) for r in nodes.values()] + [1])
    rows = [
        {"node": node, **row, "bar": round(400 * int(row.get("bases", 0)) / top)}
        for node, row in sorted(nodes.items())
    ]
    return render(
        request,
        "records/release_stats.html",
        {
            "release": release,
            "rows": rows,
            "totals": release.statistics.get("totals", {}),
            "chart_height": 22 * len(rows) + 10,
        },
    )


def release_notes(request: HttpRequest, number: int) -> HttpResponse:
    return HttpResponse(_release(number).notes, content_type="text/plain; charset=utf-8")


def release_checksums(request: HttpRequest, number: int, algorithm: str) -> HttpResponse:
    release = _release(number)
    field = "sha256" if algorithm == "sha256" else "md5"
    lines = [f"{getattr(f, field)}  {f.node}/{f.name}" for f in release.files.order_by("node", "name")]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def release_file(request: HttpRequest, number: int, node: str, name: str) -> HttpResponseBase:
    release = _release(number)
    item = get_object_or_404(release.files, node=node, name=name)
    response = FileResponse(item.stored.open("rb"), as_attachment=True, filename=item.name)
    response["Content-Type"] = "application/gzip"
    response["Digest"] = f"sha-256={item.sha256}"
    return response


def sitemap(request: HttpRequest) -> HttpResponse:
    """The current public records (capped at the sitemap protocol's 50,000 URLs) and the release pages."""
    base = request.build_absolute_uri("/").rstrip("/")
    urls = [
        base + reverse("records:search"),
        base + reverse("records:downloads"),
        base + reverse("records:blast"),
    ]
    for accession_version in (
        public_records().order_by("accession").values_list("accession_version", flat=True)[:49000]
    ):
        urls.append(base + reverse("records:detail", args=[accession_version]))
    for number in releases_public().values_list("number", flat=True)[:100]:
        urls.append(base + reverse("records:release", args=[number]))
    body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    return HttpResponse(xml, content_type="application/xml")
