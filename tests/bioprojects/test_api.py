"""BioProject and locus_tag prefix registration through the REST API, and the access rules around them."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import User
from bioprojects.models import BioProject, LocusTagPrefix
from bioprojects.services import bioproject_register
from tests.fixtures.users import api_client_for, web_client_for

pytestmark = pytest.mark.django_db

PROJECT = {
    "title": "Aspergillus tubingensis genome",
    "description": "Whole-genome sequencing and annotation.",
    "organism": "Aspergillus tubingensis",
    "data_type": "genome_assembly",
    "relevance": "industrial",
    "organisation": "Example Institute",
}


def test_registration_assigns_sequential_accessions(
    submitter: User, other_submitter: User, settings: object
) -> None:
    first = api_client_for(submitter).post(reverse("api-bioproject-list"), PROJECT)
    second = api_client_for(other_submitter).post(reverse("api-bioproject-list"), PROJECT)
    assert first.status_code == 201, first.content
    a, b = first.json()["accession"], second.json()["accession"]
    assert a.startswith("PRJGP") and b.startswith("PRJGP")
    assert int(b[5:]) == int(a[5:]) + 1
    assert len(a) == len("PRJGP") + 6


def test_accessions_are_never_reused(submitter: User) -> None:
    client = api_client_for(submitter)
    first = client.post(reverse("api-bioproject-list"), PROJECT).json()["accession"]
    BioProject.objects.filter(accession=first).delete()
    again = client.post(reverse("api-bioproject-list"), PROJECT).json()["accession"]
    assert again != first and int(again[5:]) > int(first[5:])


def test_the_prefix_is_a_setting(submitter: User, settings: object) -> None:
    settings.BIOPROJECT_ACCESSION_PREFIX = "PRJXY"  # type: ignore[attr-defined]
    body = api_client_for(submitter).post(reverse("api-bioproject-list"), PROJECT).json()
    assert body["accession"] == "PRJXY000001"


def test_invalid_project_names_its_fields(submitter: User) -> None:
    response = api_client_for(submitter).post(
        reverse("api-bioproject-list"), {**PROJECT, "data_type": "x", "title": ""}
    )
    assert response.status_code == 400
    assert {"data_type", "title"} <= set(response.json()["fields"])


def test_prefix_registration_and_suggestions(
    submitter: User, other_submitter: User, make_bioproject: Callable[..., BioProject]
) -> None:
    mine = make_bioproject(submitter)
    theirs = make_bioproject(other_submitter)
    client = api_client_for(submitter)
    created = client.post(reverse("api-prefix-list"), {"bioproject": mine.pk, "prefix": "ATUB"})
    assert created.status_code == 201, created.content
    assert created.json()["prefix"] == "ATUB" and created.json()["bioproject"] == mine.accession

    # Taken, whatever the case: a 409 with free suggestions.
    clash = api_client_for(other_submitter).post(
        reverse("api-prefix-list"), {"bioproject": theirs.pk, "prefix": "atub"}
    )
    assert clash.status_code == 409
    body = clash.json()
    assert body["code"] == "prefix_taken" and "prefix" in body["fields"]
    assert body["suggestions"] and all(s.lower() != "atub" for s in body["suggestions"])
    # A suggestion is really free.
    take = api_client_for(other_submitter).post(
        reverse("api-prefix-list"), {"bioproject": theirs.pk, "prefix": body["suggestions"][0]}
    )
    assert take.status_code == 201


@pytest.mark.parametrize("bad", ["AB", "1ABC", "AB_C", "AB12345", "ABCDEFGHIJKLM"])
def test_malformed_prefixes_are_refused_with_the_rule(
    bad: str, submitter: User, make_bioproject: Callable[..., BioProject]
) -> None:
    project = make_bioproject(submitter)
    response = api_client_for(submitter).post(
        reverse("api-prefix-list"), {"bioproject": project.pk, "prefix": bad}
    )
    assert response.status_code == 400
    assert response.json()["fields"]["prefix"]
    assert not LocusTagPrefix.objects.exists()


def test_prefix_is_case_sensitive_as_stored(
    submitter: User, make_bioproject: Callable[..., BioProject]
) -> None:
    project = make_bioproject(submitter)
    api_client_for(submitter).post(reverse("api-prefix-list"), {"bioproject": project.pk, "prefix": "AtUb"})
    assert LocusTagPrefix.objects.get().prefix == "AtUb"


def test_check_endpoint(
    submitter: User, make_bioproject: Callable[..., BioProject], make_prefix: Callable[..., LocusTagPrefix]
) -> None:
    make_prefix(make_bioproject(submitter), "SCER")
    client = api_client_for(submitter)
    free = client.get(reverse("api-prefix-check"), {"prefix": "SCEX"}).json()
    assert free == {"prefix": "SCEX", "available": True, "problems": [], "suggestions": []}
    taken = client.get(reverse("api-prefix-check"), {"prefix": "Scer"}).json()
    assert taken["available"] is False and taken["suggestions"]


def test_no_prefix_on_someone_elses_project(
    submitter: User, other_submitter: User, curator: User, make_bioproject: Callable[..., BioProject]
) -> None:
    project = make_bioproject(submitter)
    for user in (other_submitter, curator):
        response = api_client_for(user).post(
            reverse("api-prefix-list"), {"bioproject": project.pk, "prefix": "OTHR"}
        )
        assert response.status_code == 404
    assert not LocusTagPrefix.objects.exists()


SEES = {"submitter": True, "curator": True, "other_submitter": False, "anonymous": False}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_access_matrix(
    persona: str,
    personas: dict[str, User | None],
    submitter: User,
    make_bioproject: Callable[..., BioProject],
    make_prefix: Callable[..., LocusTagPrefix],
) -> None:
    project = make_bioproject(submitter)
    make_prefix(project, "ACCS")
    user = personas[persona]
    api = api_client_for(user)
    web = web_client_for(user)
    detail = api.get(reverse("api-bioproject-detail", args=[project.pk]))
    page = web.get(reverse("bioprojects:detail", args=[project.pk]))
    listing = api.get(reverse("api-bioproject-list"))
    prefixes = api.get(reverse("api-prefix-list"))
    check = api.get(reverse("api-prefix-check"), {"prefix": "ACCS"})
    if persona == "anonymous":
        for response in (detail, listing, prefixes, check):
            assert response.status_code == 401
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert web.get(reverse("bioprojects:list")).status_code == 302
        return
    assert detail.status_code == page.status_code == (200 if SEES[persona] else 404)
    assert [p["accession"] for p in listing.json()] == ([project.accession] if SEES[persona] else [])
    assert [p["prefix"] for p in prefixes.json()] == (["ACCS"] if SEES[persona] else [])
    assert check.json()["available"] is False
    assert web.get(reverse("bioprojects:list")).status_code == 200
    assert web.get(reverse("bioprojects:new")).status_code == 200


def test_pages_register_a_project_and_offer_suggestions(
    submitter: User,
    other_submitter: User,
    make_bioproject: Callable[..., BioProject],
    make_prefix: Callable[..., LocusTagPrefix],
) -> None:
    make_prefix(make_bioproject(other_submitter), "TAKEN")
    web = web_client_for(submitter)
    response = web.post(reverse("bioprojects:new"), PROJECT)
    project = BioProject.objects.get(owner=submitter)
    assert response.status_code == 302 and response["Location"] == reverse(
        "bioprojects:detail", args=[project.pk]
    )
    page = web.post(reverse("bioprojects:detail", args=[project.pk]), {"locus_tag_prefix": "taken"})
    assert page.status_code == 200
    assert b"registered already" in page.content and b"prefix-suggestions" in page.content
    ok = web.post(reverse("bioprojects:detail", args=[project.pk]), {"locus_tag_prefix": "MINE1"})
    assert ok.status_code == 302
    assert project.locus_tag_prefixes.get().prefix == "MINE1"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_get_distinct_numbers(submitter: User) -> None:
    accessions: list[str] = []
    errors: list[BaseException] = []

    def register() -> None:
        try:
            project = bioproject_register(owner=submitter, **PROJECT)
            accessions.append(project.accession)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(int(a[5:]) for a in accessions)
    assert numbers == list(range(numbers[0], numbers[0] + 6))
