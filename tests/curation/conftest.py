"""Submissions brought to a state the way a submitter brings them: real files, real runs of the engine (in this
process, the worker's own code), no model shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from bioprojects.models import LocusTagPrefix
from submissions.metadata import submission_update
from submissions.models import Submission
from validation.models import ValidationRun
from validation.services import validation_run_execute, validation_run_start


def submit_and_run(submission: Submission, by: User) -> ValidationRun:
    """Submit, and run the engine here (what the worker does); the submission settles as a run leaves it."""
    run = validation_run_start(submission=submission, by=by, submit=True)
    validation_run_execute(run_id=run.pk)
    run.refresh_from_db()
    submission.refresh_from_db()
    return run


@pytest.fixture
def make_reviewable(
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
    make_bioproject: Callable[..., Any],
    make_prefix: Callable[..., Any],
) -> Callable[..., tuple[Submission, ValidationRun]]:
    """A generated genome, submitted and validated. Its locus_tags are TST_...; registered under ``prefix``
    ``TST`` it is clean (in review); under another prefix every locus_tag is a SEQ_FEAT.LocusTagProblem ERROR
    (needs fixes)."""
    counter = iter(range(1000))

    def make(
        owner: User, prefix: str = "TST", title: str = "Genome for review"
    ) -> tuple[Submission, ValidationRun]:
        # A prefix is reserved once in the portal; later submissions of the same owner reuse it.
        registered = LocusTagPrefix.objects.filter(prefix=prefix, bioproject__owner=owner).first()
        if registered is None:
            registered = make_prefix(make_bioproject(owner, title=f"{title} project {next(counter)}"), prefix)
        submission = make_submission(owner, synthetic_genome(), title=title)
        submission_update(
            submission=submission,
            by=owner,
            data={"bioproject": registered.bioproject_id, "locus_tag_prefix": registered.prefix},
        )
        run = submit_and_run(submission, owner)
        return submission, run

    return make
