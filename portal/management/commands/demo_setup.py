"""Create the demo accounts (passwords printed) and one demo submission, for `make run`. Safe to run again."""

from __future__ import annotations

import io
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from accounts.roles import roles_ensure, user_make_curator
from bioprojects.models import LocusTagPrefix
from bioprojects.services import bioproject_register, locus_tag_prefix_register
from devtools.synth import SynthConfig, generate
from submissions.models import Submission
from submissions.services import submission_create, submission_file_add
from validation.services import validation_run_execute, validation_run_start

DEMO_TITLE = "Demo: synthetic yeast-like genome"
# A second copy, submitted and validated, so the demo curator's queue has something waiting in it.
DEMO_REVIEW_TITLE = "Demo: genome awaiting curator review"
# A third, approved and released, with its public records, a release and BLAST databases: a newcomer can
# search, read and BLAST at once without signing in.
DEMO_RELEASED_TITLE = "Demo: released genome"
DEMO_CONTACT = {
    "contact": {"first": "Rosalind", "last": "Franklin", "email": "submitter@demo.genome-portal.local"},
    "authors": [{"first": "Rosalind", "last": "Franklin"}],
    "affiliation": {"institution": "Genome Portal demo", "city": "London", "country": "United Kingdom"},
}


class Command(BaseCommand):
    help = "Create demo accounts (submitter, curator, admin) and a demo submission; print the passwords."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-passwords", action="store_true", help="do not print passwords")

    def handle(self, *args: Any, **options: Any) -> None:
        roles_ensure()
        accounts = []
        with transaction.atomic():
            for username, role in (("submitter", "submitter"), ("curator", "curator"), ("admin", "admin")):
                password = secrets.token_urlsafe(9)
                user, _ = User.objects.get_or_create(
                    username=username, defaults={"email": f"{username}@demo.genome-portal.local"}
                )
                # Demo passwords are reset on each run so they can be printed; real accounts are never touched.
                user.set_password(password)
                user.is_active = True
                if role == "admin":
                    user.is_staff = user.is_superuser = True
                user.save()
                if role == "curator":
                    user_make_curator(user=user)
                accounts.append((username, role, password))
        submitter = User.objects.get(username="submitter")
        if not Submission.objects.filter(owner=submitter, title=DEMO_TITLE).exists():
            self._demo_submission(submitter)
        if not Submission.objects.filter(owner=submitter, title=DEMO_REVIEW_TITLE).exists():
            self._demo_in_review(submitter)
        if not Submission.objects.filter(owner=submitter, title=DEMO_RELEASED_TITLE).exists():
            self._demo_released(submitter, User.objects.get(username="curator"))
        if not options["quiet_passwords"]:
            self.stdout.write("\nDemo accounts (passwords change each time `make run` starts):")
            for username, role, password in accounts:
                self.stdout.write(f"  {role:<10} username {username:<10} password {password}")

    def _demo_in_review(self, owner: User) -> None:
        draft = Submission.objects.filter(owner=owner, title=DEMO_TITLE).first()
        submission = self._demo_submission(owner, title=DEMO_REVIEW_TITLE, draft=draft)
        # Validated here, with the worker's own code: `make run` starts the worker only after this command.
        # The message the submit also queues finds the run settled and does nothing.
        run = validation_run_start(submission=submission, by=owner, submit=True)
        validation_run_execute(run_id=run.pk)

    def _demo_released(self, owner: User, curator: User) -> None:
        """Submitted, validated, approved, released and published with the services the portal uses."""
        from accessions.models import ApprovedRecord, OutputsState
        from accessions.outputs import approved_outputs_build
        from accessions.release import submissions_release_due
        from curation.services import review_decide
        from records.blast import blast_databases_build
        from records.publish import publication_run, publications_discover
        from records.releases import release_build
        from submissions.metadata import submission_release_set, submission_update

        draft = Submission.objects.filter(owner=owner, title=DEMO_TITLE).first()
        submission = self._demo_submission(owner, title=DEMO_RELEASED_TITLE, draft=draft, seed=11)
        submission_update(submission=submission, by=owner, data=DEMO_CONTACT)
        submission_release_set(submission=submission, by=owner, mode="immediate", date=None)
        run = validation_run_start(submission=submission, by=owner, submit=True)
        validation_run_execute(run_id=run.pk)
        # A running worker may have taken the queued task first; the direct call then left the run to it.
        _wait_until(lambda: Submission.objects.get(pk=submission.pk).status != "validating")
        submission.refresh_from_db()
        if submission.status != "in_review":
            self.stderr.write(f"demo released genome: validation left it {submission.status}; not released")
            return
        review_decide(submission=submission, by=curator, action="approve")
        approved = ApprovedRecord.objects.get(submission=submission)
        approved_outputs_build(record_id=approved.pk)
        _wait_until(lambda: ApprovedRecord.objects.get(pk=approved.pk).outputs_state == OutputsState.READY)
        submissions_release_due()
        for publication_id in publications_discover():
            publication_run(publication_id=publication_id)
        release_build()
        blast_databases_build()  # None, with a warning, where BLAST+ is not installed

    def _demo_submission(
        self, owner: User, title: str = DEMO_TITLE, draft: Submission | None = None, seed: int = 7
    ) -> Submission:
        if draft is not None and draft.bioproject is not None:
            # The same project and prefix as the draft: a prefix is reserved once in the portal.
            prefix_name = draft.locus_tag_prefix.prefix if draft.locus_tag_prefix else None
            return self._demo_files(owner, title, draft.bioproject.pk, prefix_name, seed)

        project = bioproject_register(
            owner=owner,
            title="Demo: yeast-like genome project",
            description="A small generated genome to try the portal with.",
            organism="Saccharomyces cerevisiae",
            data_type="genome_assembly",
            relevance="model_organism",
            organisation="Genome Portal demo",
        )
        # The generated table's locus_tags are DEMO_...; another prefix may hold DEMO on a shared database.
        taken = LocusTagPrefix.objects.filter(prefix__iexact="DEMO").exists()
        prefix = None if taken else locus_tag_prefix_register(by=owner, bioproject=project, prefix="DEMO")
        return self._demo_files(owner, title, project.pk, prefix.prefix if prefix else None, seed)

    def _demo_files(
        self, owner: User, title: str, project_id: int, prefix: str | None, seed: int = 7
    ) -> Submission:
        submission = submission_create(
            owner=owner,
            title=title,
            organism="Saccharomyces cerevisiae",
            details={"bioproject": project_id, "locus_tag_prefix": prefix},
        )
        with tempfile.TemporaryDirectory() as tmp:
            config = SynthConfig(
                size=30_000,
                genes=8,
                contigs=2,
                seed=seed,
                prefix="DEMO",
                db="DEMO",
                organism="Saccharomyces cerevisiae",
                basename="demo",
            )
            generate(Path(tmp), config)
            for path in sorted(Path(tmp).iterdir()):
                if path.suffix in (".fsa", ".tbl"):
                    submission_file_add(
                        submission=submission, by=owner, name=path.name, content=io.BytesIO(path.read_bytes())
                    )
        return submission


def _wait_until(done: Callable[[], bool], timeout: float = 120) -> None:
    """Wait for work a Celery worker took over (the demo also runs each step itself where none is running)."""
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        time.sleep(0.2)
