"""Released and held genomes made the way the portal makes them: real files, a real validation run, the
curator's approval with accessions, the approved files built, the release service, then publication."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from accessions.models import ApprovedRecord, OutputsState
from accessions.outputs import approved_outputs_build
from accessions.release import submissions_release_due
from accounts.models import User
from records.models import Publication
from records.publish import publication_run, publications_discover
from submissions.metadata import submission_release_set
from submissions.models import ReleaseMode, Submission
from tests.accessions.conftest import approve, reviewed  # noqa: F401  (fixture)
from tests.fixtures.worker import wait_for


def build_outputs(submission: Submission) -> ApprovedRecord:
    record = ApprovedRecord.objects.get(submission=submission)
    approved_outputs_build(record_id=record.pk)
    # A session worker may have taken the build message the approval sent: then it finishes the build.
    wait_for(
        lambda: (
            ApprovedRecord.objects.get(pk=record.pk).outputs_state
            in (OutputsState.READY, OutputsState.FAILED)
        ),
        timeout=120,
        what="the approved files",
    )
    record.refresh_from_db()
    assert record.outputs_state == OutputsState.READY, record.outputs_failure
    return record


def publish_all() -> list[int]:
    """What the beat does: discover released submissions, publish each."""
    done = []
    for pk in publications_discover():
        if publication_run(publication_id=pk):
            done.append(Publication.objects.get(pk=pk).submission_id)
    return done


@pytest.fixture
def approved_genome(
    reviewed: Callable[..., Submission],  # noqa: F811
    submitter: User,
    curator: User,
    synthetic_genome: Callable[..., dict[str, bytes]],
) -> Callable[..., Submission]:
    """An approved genome with its final files; ``held_days`` > 0 holds it until that many days from now."""

    def make(held_days: int = 0, seed: int = 3, title: str = "Genome") -> Submission:
        submission = reviewed(files=synthetic_genome(seed=seed), title=title)
        if held_days:
            day = timezone.localdate() + datetime.timedelta(days=held_days)
            submission_release_set(submission=submission, by=submitter, mode=ReleaseMode.ON_DATE, date=day)
        else:
            submission_release_set(submission=submission, by=submitter, mode=ReleaseMode.IMMEDIATE, date=None)
        approve(submission, curator)
        build_outputs(submission)
        submission.refresh_from_db()
        return submission

    return make


@pytest.fixture
def released_genome(approved_genome: Callable[..., Submission]) -> Callable[..., Submission]:
    def make(seed: int = 3, title: str = "Genome") -> Submission:
        submission = approved_genome(seed=seed, title=title)
        assert submission.pk in submissions_release_due()
        publish_all()
        submission.refresh_from_db()
        return submission

    return make


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    """The anonymous rate limits count in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
