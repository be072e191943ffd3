"""The wizard's answers through the API: project and prefix, organism and modifiers, assembly comment,
submitter block (generated .sbt read back by the engine, uploaded .sbt parsed and shown), release, collaborators."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bioprojects.models import BioProject, LocusTagPrefix
from gbprep.model.diagnostics import Report
from gbprep.readers.comment_table import read_comment_table
from gbprep.readers.template import read_template
from submissions.generated import render_assembly_comment, render_sbt, source_modifier_text
from submissions.models import ReleaseMode, Submission
from submissions.services import submission_transition
from submissions.status import Status
from tests.fixtures.users import api_client_for, web_client_for
from tests.shared_data import CORPUS, requires_corpus

pytestmark = pytest.mark.django_db

DETAILS = {
    "organism": "Aspergillus tubingensis",
    "source_modifiers": {"strain": "DFA_scaf1", "country": "USA: Wisconsin"},
    "assembly_method": "SPAdes v. 3.15",
    "genome_coverage": "45x",
    "sequencing_technology": "Illumina NovaSeq",
    "contact": {"first": "Jane", "last": "Doe", "email": "jane@example.org"},
    "authors": [{"first": "Jane", "last": "Doe"}, {"first": "John", "middle": "Q", "last": "Public"}],
    "affiliation": {
        "institution": "Example University",
        "department": "Biology",
        "city": "Madison",
        "state": "WI",
        "country": "USA",
        "street": "1 Main St",
        "postal_code": "53706",
    },
}


@pytest.fixture
def project(
    submitter: User, make_bioproject: Callable[..., BioProject], make_prefix: Callable[..., LocusTagPrefix]
) -> BioProject:
    project = make_bioproject(submitter)
    make_prefix(project, "ATUB")
    return project


def _create(client: Any, **extra: Any) -> Any:
    return client.post(
        reverse("api-submission-list"), {"title": "A. tubingensis genome", **extra}, format="json"
    )


def test_create_with_every_answer(submitter: User, project: BioProject) -> None:
    response = _create(api_client_for(submitter), bioproject=project.pk, locus_tag_prefix="ATUB", **DETAILS)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["bioproject"] == {"id": project.pk, "accession": project.accession}
    assert body["locus_tag_prefix"] == "ATUB"
    assert body["source_modifiers"] == {"strain": "DFA_scaf1", "country": "USA: Wisconsin"}
    assert body["genome_coverage"] == "45x"
    assert body["authors"][1] == {"first": "John", "middle": "Q", "last": "Public"}
    assert body["release"] == {"mode": "immediate", "date": None, "changes": []}
    assert body["template"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"locus_tag_prefix": "NOPE"}, "locus_tag_prefix"),
        ({"source_modifiers": {"colour": "red"}}, "source_modifiers"),
        ({"genome_coverage": "lots"}, "genome_coverage"),
        ({"contact": {"email": "not-an-address"}}, "contact"),
        ({"authors": [{"first": "No"}]}, "authors"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_answers_name_their_field(
    submitter: User, project: BioProject, change: dict[str, Any], field: str
) -> None:
    client = api_client_for(submitter)
    sid = _create(client, bioproject=project.pk).json()["id"]
    response = client.patch(reverse("api-submission-detail", args=[sid]), change, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]


def test_someone_elses_bioproject_cannot_be_used(
    submitter: User, other_submitter: User, make_bioproject: Callable[..., BioProject]
) -> None:
    theirs = make_bioproject(other_submitter)
    response = _create(api_client_for(submitter), bioproject=theirs.pk)
    assert response.status_code == 400 and "bioproject" in response.json()["fields"]


def test_generated_files_read_back_with_the_engine(
    submitter: User, project: BioProject, tmp_path: Path
) -> None:
    sid = _create(api_client_for(submitter), bioproject=project.pk, **DETAILS).json()["id"]
    submission = Submission.objects.get(pk=sid)
    submission.release_mode, submission.release_date = ReleaseMode.ON_PUBLICATION, datetime.date(2031, 5, 17)
    sbt = tmp_path / "submission.sbt"
    sbt.write_text(render_sbt(submission))
    report = Report()
    template = read_template(sbt, report, name="submission.sbt")
    assert report.findings == []
    block = template.submit_block
    assert block is not None and block.contact is not None
    assert (block.contact.first, block.contact.last, block.contact_email) == (
        "Jane",
        "Doe",
        "jane@example.org",
    )
    assert [a.last for a in block.authors] == ["Doe", "Public"]
    assert block.affiliation is not None and block.affiliation.affil == "Example University"
    assert block.hold_until == (2031, 5, 17)
    cmt = tmp_path / "assembly.cmt"
    cmt.write_text(render_assembly_comment(submission) or "")
    comment_report = Report()
    comments = read_comment_table(cmt, comment_report, name="assembly.cmt")
    assert comment_report.findings == []
    assert dict(comments[0].fields)["Genome Coverage"] == "45x"
    assert (
        source_modifier_text(submission)
        == "[organism=Aspergillus tubingensis] [country=USA: Wisconsin] [strain=DFA_scaf1]"
    )


@requires_corpus
def test_uploaded_template_is_parsed_and_shown(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    sbt = (CORPUS / "atub-scaf1-predict" / "input" / "atub_scaf1.sbt").read_bytes()
    submission = make_submission(submitter, {"atub_scaf1.sbt": sbt})
    template = (
        api_client_for(submitter)
        .get(reverse("api-submission-detail", args=[submission.pk]))
        .json()["template"]
    )
    assert template["file"] == "atub_scaf1.sbt"
    assert template["contact"] == "Jonathan Palmer" and template["email"] == "nextgenusfs@gmail.com"
    assert template["authors"] == ["Jonathan Palmer", "Jason Stajich"]
    assert "USDA Forest Service" in template["affiliation"] and template["problems"] == []
    page = web_client_for(submitter).get(reverse("submissions:detail", args=[submission.pk]))
    assert b"Jonathan Palmer" in page.content and b"template-summary" in page.content


def test_release_rules_and_history(
    submitter: User, make_submission: Callable[..., Submission], settings: Any
) -> None:
    submission = make_submission(submitter)
    client = api_client_for(submitter)
    url = reverse("api-submission-release", args=[submission.pk])
    today = timezone.localdate()
    past = client.put(
        url, {"mode": "on_date", "date": (today - datetime.timedelta(days=1)).isoformat()}, format="json"
    )
    assert past.status_code == 400 and "date" in past.json()["fields"]
    assert client.put(url, {"mode": "on_date"}, format="json").json()["fields"]["date"]
    settings.PORTAL_MAX_HOLD_DAYS = 30
    too_far = client.put(
        url,
        {"mode": "on_publication", "date": (today + datetime.timedelta(days=31)).isoformat()},
        format="json",
    )
    assert too_far.status_code == 400 and "at the latest" in too_far.json()["message"]
    held = client.put(
        url,
        {"mode": "on_publication", "date": (today + datetime.timedelta(days=30)).isoformat()},
        format="json",
    )
    assert held.status_code == 200, held.content
    now = client.put(url, {"mode": "immediate", "date": "2099-01-01"}, format="json").json()
    assert now["mode"] == "immediate" and now["date"] is None
    changes = now["changes"]
    assert [(c["from_mode"], c["to_mode"]) for c in changes] == [
        ("immediate", "on_publication"),
        ("on_publication", "immediate"),
    ]
    assert all(c["changed_by"] == submitter.username and c["changed_at"] for c in changes)


def test_collaborators_get_access_and_only_the_owner_manages_them(
    submitter: User, other_submitter: User, curator: User, make_submission: Callable[..., Submission]
) -> None:
    submission = make_submission(submitter)
    url = reverse("api-submission-collaborators", args=[submission.pk])
    detail = reverse("api-submission-detail", args=[submission.pk])
    assert api_client_for(other_submitter).get(detail).status_code == 404
    added = api_client_for(submitter).post(url, {"user": other_submitter.email.upper()})
    assert added.status_code == 201 and added.json()["username"] == other_submitter.username
    # Now a collaborator: sees, edits, but does not manage collaborators.
    collab = api_client_for(other_submitter)
    assert collab.get(detail).status_code == 200
    assert collab.patch(detail, {"genome_coverage": "30x"}, format="json").status_code == 200
    assert collab.post(url, {"user": curator.username}).status_code == 403
    assert api_client_for(curator).patch(detail, {"genome_coverage": "1x"}, format="json").status_code == 403
    unknown = api_client_for(submitter).post(url, {"user": "nobody"})
    assert unknown.status_code == 400 and "user" in unknown.json()["fields"]
    removed = api_client_for(submitter).delete(
        reverse("api-submission-collaborator-detail", args=[submission.pk, other_submitter.pk])
    )
    assert removed.status_code == 204
    assert collab.get(detail).status_code == 404


def test_state_changes_are_mailed(
    submitter: User,
    other_submitter: User,
    make_submission: Callable[..., Submission],
    django_capture_on_commit_callbacks: Any,
) -> None:
    submission = make_submission(submitter)
    submission.collaborators.add(other_submitter)
    with django_capture_on_commit_callbacks(execute=True):
        submission_transition(submission=submission, to=Status.VALIDATING, by=submitter)
        submission_transition(submission=submission, to=Status.NEEDS_FIX, by=None, note="validation run 1")
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert sorted(message.to) == sorted([submitter.email, other_submitter.email])
    assert "Needs fixes" in message.subject and "validation run 1" in message.body
    assert f"/submissions/{submission.pk}/" in message.body


def test_wizard_pages(
    submitter: User, project: BioProject, make_submission: Callable[..., Submission]
) -> None:
    web = web_client_for(submitter)
    prefix = project.locus_tag_prefixes.get()
    created = web.post(
        reverse("submissions:new"),
        {"title": "Paged genome", "organism": "", "bioproject": project.pk, "locus_tag_prefix": prefix.pk},
    )
    submission = Submission.objects.get(title="Paged genome")
    assert created.status_code == 302 and submission.locus_tag_prefix == prefix
    form = {
        "organism": "Aspergillus tubingensis",
        "strain": "DFA_scaf1",
        "other_modifiers": "tissue-type=mycelium",
        "genome_coverage": "45x",
        "assembly_method": "SPAdes v. 3.15",
        "sequencing_technology": "Illumina",
        "contact_first": "Jane",
        "contact_last": "Doe",
        "contact_email": "jane@example.org",
        "authors": "Jane Doe\nJohn Q Public",
        "institution": "Example University",
        "city": "Madison",
        "affiliation_country": "USA",
    }
    saved = web.post(reverse("submissions:edit", args=[submission.pk]), form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    submission.refresh_from_db()
    assert submission.source_modifiers == {"strain": "DFA_scaf1", "tissue-type": "mycelium"}
    assert submission.authors[1] == {"first": "John", "middle": "Q", "last": "Public"}
    page = web.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert "##Genome-Assembly-Data-START##" in page and "template-generated" in page
    date = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert (
        web.post(
            reverse("submissions:release", args=[submission.pk]), {"mode": "on_date", "date": date}
        ).status_code
        == 302
    )
    history = web.get(reverse("submissions:release", args=[submission.pk])).content.decode()
    assert date in history and submitter.username in history
    assert (
        web.post(reverse("submissions:collaborators", args=[submission.pk]), {"user": "nobody"}).status_code
        == 200
    )
