"""Release: exactly once, never a second early, only with the approved files ready; citations; notices."""

from __future__ import annotations

import datetime
import subprocess
import threading
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accessions.models import ApprovedOutput, ApprovedRecord, OutputsState
from accessions.outputs import approved_outputs_build
from accessions.release import (
    release_notices_send,
    submission_publication_set,
    submissions_release_due,
)
from accounts.models import User
from portal.errors import ApplicationError
from submissions.metadata import submission_release_set
from submissions.models import ReleaseMode, Submission
from submissions.status import Status
from tests.accessions.conftest import approve

pytestmark = pytest.mark.django_db(transaction=True)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _ready(submission: Submission) -> ApprovedRecord:
    record = ApprovedRecord.objects.get(submission=submission)
    approved_outputs_build(record_id=record.pk)
    record.refresh_from_db()
    assert record.outputs_state == OutputsState.READY, record.outputs_failure
    return record


@pytest.fixture
def held(reviewed: Callable[..., Submission], submitter: User, curator: User) -> Submission:
    submission = reviewed()
    day = timezone.localdate() + datetime.timedelta(days=30)
    submission_release_set(submission=submission, by=submitter, mode=ReleaseMode.ON_DATE, date=day)
    return approve(submission, curator)


def test_released_at_midnight_of_its_date_not_a_microsecond_before(held: Submission) -> None:
    _ready(held)
    assert held.release_date is not None
    start = _midnight(held.release_date)
    assert submissions_release_due(now=start - datetime.timedelta(microseconds=1)) == []
    held.refresh_from_db()
    assert held.status == Status.APPROVED
    assert submissions_release_due(now=start) == [held.pk]
    assert submissions_release_due(now=start + datetime.timedelta(days=1)) == []  # once
    held.refresh_from_db()
    assert held.status == Status.RELEASED
    assert held.events.filter(to_status=Status.RELEASED).count() == 1


def test_not_released_while_its_approved_files_are_not_ready(held: Submission) -> None:
    assert held.release_date is not None
    later = _midnight(held.release_date) + datetime.timedelta(days=1)
    assert submissions_release_due(now=later) == []
    _ready(held)
    assert submissions_release_due(now=later) == [held.pk]


def test_two_release_jobs_at_once_release_once(held: Submission) -> None:
    _ready(held)
    assert held.release_date is not None
    now = _midnight(held.release_date)
    released: list[list[int]] = []
    barrier = threading.Barrier(4)

    def job() -> None:
        try:
            barrier.wait()
            released.append(submissions_release_due(now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(len, released)) == [0, 0, 0, 1]
    assert held.events.filter(to_status=Status.RELEASED).count() == 1


def test_a_citation_releases_an_on_publication_submission_before_its_latest_date(
    reviewed: Callable[..., Submission], submitter: User, curator: User
) -> None:
    submission = reviewed()
    latest = timezone.localdate() + datetime.timedelta(days=300)
    submission_release_set(submission=submission, by=submitter, mode=ReleaseMode.ON_PUBLICATION, date=latest)
    approve(submission, curator)
    _ready(submission)
    now = timezone.now()
    assert submissions_release_due(now=now) == []
    with pytest.raises(ApplicationError):
        submission_publication_set(submission=submission, by=submitter, doi="not a doi")
    submission_publication_set(submission=submission, by=curator, pubmed_id="31234567")
    assert submissions_release_due(now=now) == [submission.pk]
    with pytest.raises(ApplicationError):  # frozen
        submission_publication_set(submission=submission, by=submitter, pubmed_id="1")


def test_the_submitter_hears_two_weeks_before_once(held: Submission) -> None:
    assert held.release_date is not None
    mail.outbox.clear()
    assert release_notices_send(now=_midnight(held.release_date - datetime.timedelta(days=15))) == 0
    at = _midnight(held.release_date - datetime.timedelta(days=14))
    assert release_notices_send(now=at) == 1
    assert release_notices_send(now=at + datetime.timedelta(hours=1)) == 0
    assert [m.subject for m in mail.outbox if "release on" in m.subject] != []


def test_approved_flatfile_is_what_asn2gb_renders_from_the_approved_sqn(held: Submission, tmp_path) -> None:  # type: ignore[no-untyped-def]
    record = _ready(held)
    names = set(record.outputs.values_list("name", flat=True))
    assert {"genome.sqn", "genome.gbf"} <= names
    sqn = record.outputs.get(name="genome.sqn")
    gbf = record.outputs.get(name="genome.gbf")
    (tmp_path / "a.sqn").write_bytes(sqn.stored.read())
    ours = gbf.stored.read().decode()
    assert "ACCESSION   " in ours and '/protein_id="' in ours
    result = subprocess.run(
        ["asn2gb", "-i", str(tmp_path / "a.sqn"), "-a", "m", "-m", "e", "-o", str(tmp_path / "a.gbf")],
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[:2000]
    import re

    mask = re.compile(r"[0-9]{2}-[A-Z]{3}-[0-9]{4}")
    assert mask.sub("D", (tmp_path / "a.gbf").read_text()) == mask.sub("D", ours)
    assert isinstance(sqn, ApprovedOutput)
