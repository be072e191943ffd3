"""BioProject pages: list, register, and one project with its locus_tag prefixes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import request_user
from bioprojects.forms import BioProjectForm, PrefixForm
from bioprojects.selectors import bioproject_get_for_user, bioproject_list_for_user, bioproject_owned_by
from bioprojects.services import bioproject_register, locus_tag_prefix_register
from portal.errors import ApplicationError


@login_required
def bioproject_list(request: HttpRequest) -> HttpResponse:
    projects = bioproject_list_for_user(user=request_user(request))
    return render(request, "bioprojects/list.html", {"projects": projects})


@login_required
def bioproject_new(request: HttpRequest) -> HttpResponse:
    form = BioProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = bioproject_register(owner=request_user(request), **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, f"BioProject {project.accession} registered.")
            return redirect("bioprojects:detail", bioproject_id=project.pk)
    return render(request, "bioprojects/new.html", {"form": form})


@login_required
def bioproject_detail(request: HttpRequest, bioproject_id: int) -> HttpResponse:
    user = request_user(request)
    project = bioproject_get_for_user(user=user, bioproject_id=bioproject_id)
    form = PrefixForm()
    suggestions: list[str] = []
    if request.method == "POST":
        project = bioproject_owned_by(user=user, bioproject_id=bioproject_id)
        form = PrefixForm(request.POST)
        if form.is_valid():
            try:
                prefix = locus_tag_prefix_register(
                    by=user, bioproject=project, prefix=form.cleaned_data["locus_tag_prefix"]
                )
            except ApplicationError as exc:
                form.add_error("locus_tag_prefix", exc.message)
                suggestions = list(exc.extra.get("suggestions", []))
            else:
                messages.success(
                    request, f"locus_tag prefix {prefix.prefix} is reserved for {project.accession}."
                )
                return redirect("bioprojects:detail", bioproject_id=project.pk)
    return render(
        request,
        "bioprojects/detail.html",
        {
            "project": project,
            "form": form,
            "suggestions": suggestions,
            "is_owner": project.owner_id == user.pk,
        },
    )
