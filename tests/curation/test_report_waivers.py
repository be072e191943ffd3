"""The run report shows each waived finding beside it: "waived by <curator> on <date>: <reason>", for the
submitter and for curators; a revoked waiver no longer shows, and a later run's same finding shows it too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from curation.services import waiver_create, waiver_revoke
from submissions.models import Submission
from tests.curation.conftest import submit_and_run
from tests.fixtures.users import web_client_for
from validation.models import ValidationRun

pytestmark = pytest.mark.django_db

REASON = "biology: this locus_tag follows the consortium's scheme"


def test_waived_finding_is_marked_beside_it_for_submitter_and_curator(
    submitter: User, curator: User, make_reviewable: Callable[..., tuple[Submission, ValidationRun]]
) -> None:
    submission, run = make_reviewable(submitter, prefix="OTHER")
    waived, other = run.findings.filter(code="SEQ_FEAT.LocusTagProblem").order_by("pk")[:2]
    waiver_create(submission=submission, by=curator, finding=waived, reason=REASON)
    page = reverse("validation:run", args=[submission.pk, run.pk])
    # As the page shows it: the reason is the curator's text, escaped.
    mark = escape(f"Waived by {curator.username} on {timezone.localdate().isoformat()}: {REASON}")

    for user in (submitter, curator):
        html = web_client_for(user).get(page).content.decode()
        row = html.split(f'id="finding-{waived.pk}"')[1].split("</tr>")[0]
        assert mark in row, row
        assert f'id="waiver-of-{waived.pk}"' in row
        assert (
            'class="finding sev-ERROR waived"'
            in html.split(f'id="finding-{waived.pk}"')[0].rsplit("<tr", 1)[1]
        )
        other_row = html.split(f'id="finding-{other.pk}"')[1].split("</tr>")[0]
        assert "Waived by" not in other_row

    # The same finding in the next run is covered by the same waiver, and shown so.
    later = submit_and_run(submission, submitter)
    again = later.findings.get(
        code=waived.code, seq_id=waived.seq_id, feature=waived.feature, line=waived.line
    )
    html = (
        web_client_for(submitter)
        .get(reverse("validation:run", args=[submission.pk, later.pk]))
        .content.decode()
    )
    assert mark in html.split(f'id="finding-{again.pk}"')[1].split("</tr>")[0]

    # Revoked: no longer shown as waived.
    waiver = submission.waivers.get()
    waiver_revoke(waiver=waiver, by=curator, reason="the scheme was withdrawn")
    html = web_client_for(submitter).get(page).content.decode()
    assert "Waived by" not in html
