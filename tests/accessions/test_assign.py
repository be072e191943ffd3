"""Accessions on approval: shapes, idempotence, uniqueness under concurrent approvals from several processes."""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable

import pytest
from django.db import connections, transaction

from accessions.models import Accession, AccessionAssignment, AccessionKind, ApprovedRecord
from accessions.services import (
    original_protein_id,
    submission_accession_style_set,
    submission_accessions_assign,
)
from accounts.models import User
from portal.errors import ApplicationError
from submissions.models import Submission
from submissions.services import submission_transition
from submissions.status import Status
from tests.accessions.conftest import approve

pytestmark = pytest.mark.django_db(transaction=True)

WGS = re.compile(r"^[A-Z]{4}01\d{6}\.1$")
MASTER = re.compile(r"^[A-Z]{4}00000000\.1$")
CHROMOSOME = re.compile(r"^[A-Z]{2}\d{6}\.1$")
PROTEIN = re.compile(r"^[A-Z]{3}\d{5}\.1$")


def test_approval_numbers_every_sequence_and_protein_wgs_style(
    reviewed: Callable[..., Submission], curator: User
) -> None:
    submission = approve(reviewed(), curator)
    rows = list(AccessionAssignment.objects.filter(submission=submission).select_related("accession"))
    by_kind = {k: [r for r in rows if r.kind == k] for k in AccessionKind.values}
    assert len(by_kind["master"]) == 1 and MASTER.match(by_kind["master"][0].accession_version)
    assert [r.local_id for r in by_kind["nucleotide"]] == ["scaffold_0001", "scaffold_0002"]
    assert all(WGS.match(r.accession_version) for r in by_kind["nucleotide"])
    prefix = by_kind["master"][0].accession.accession[:4]
    assert {r.accession.accession[:4] for r in by_kind["nucleotide"]} == {prefix}
    assert [r.accession.accession[-6:] for r in by_kind["nucleotide"]] == ["000001", "000002"]
    assert len(by_kind["protein"]) == 5
    assert all(PROTEIN.match(r.accession_version) for r in by_kind["protein"])
    assert by_kind["protein"][0].protein_id == "gnl|TST|TST_000010"
    assert by_kind["protein"][0].transcript_id == "gnl|TST|mrna.TST_000010"
    record = ApprovedRecord.objects.get(submission=submission)
    assert record.wgs_prefix == prefix and record.assigned_by == curator


def test_a_second_call_assigns_nothing_new(reviewed: Callable[..., Submission], curator: User) -> None:
    submission = approve(reviewed(), curator)
    before = list(Accession.objects.order_by("pk").values_list("accession", flat=True))
    submission_accessions_assign(submission=submission, by=curator)
    assert list(Accession.objects.order_by("pk").values_list("accession", flat=True)) == before


def test_complete_sequence_style_is_chosen_per_submission(
    reviewed: Callable[..., Submission], curator: User, submitter: User
) -> None:
    submission = reviewed()
    submission_accession_style_set(submission=submission, by=submitter, style="chromosome")
    approve(submission, curator)
    nucs = AccessionAssignment.objects.filter(submission=submission, kind=AccessionKind.NUCLEOTIDE)
    assert all(CHROMOSOME.match(a.accession_version) for a in nucs.select_related("accession"))
    assert not AccessionAssignment.objects.filter(submission=submission, kind=AccessionKind.MASTER).exists()
    with pytest.raises(ApplicationError):
        submission_accession_style_set(submission=submission, by=submitter, style="wgs")


def test_only_approved_submissions_get_accessions(reviewed: Callable[..., Submission], curator: User) -> None:
    submission = reviewed()
    with pytest.raises(ApplicationError):
        submission_accessions_assign(submission=submission, by=curator)
    assert not Accession.objects.exists()


def test_an_updates_written_accession_splits_from_its_own_id() -> None:
    assert original_protein_id("gnl|TST|TST_000010|gb|WAA00001.1") == ("gnl|TST|TST_000010", "WAA00001.1")
    assert original_protein_id("gnl|TST|TST_000010") == ("gnl|TST|TST_000010", None)


def _approve_in_child(submission_id: int, curator_id: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission_id)
            curator = User.objects.get(pk=curator_id)
            submission_transition(submission=submission, to=Status.APPROVED, by=curator)
            submission_accessions_assign(submission=submission, by=curator)
        queue.put(("ok", submission_id))
    except BaseException as exc:  # report, never hang the parent
        queue.put(("error", f"{submission_id}: {type(exc).__name__}: {exc}"))
    finally:
        connections.close_all()


@pytest.mark.slow
def test_concurrent_approvals_from_several_processes_never_share_an_accession(
    reviewed: Callable[..., Submission], curator: User
) -> None:
    submissions = [reviewed(title=f"Genome {i}") for i in range(6)]
    # Each child opens its own connection: the parent's must not be shared across fork.
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
    children = [ctx.Process(target=_approve_in_child, args=(s.pk, curator.pk, queue)) for s in submissions]
    for child in children:
        child.start()
    results = [queue.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
    assert [r for r in results if r[0] != "ok"] == []
    names = list(Accession.objects.values_list("accession", flat=True))
    assert len(names) == len(set(names)) == 6 * (1 + 2 + 5)  # master + 2 contigs + 5 proteins each
    prefixes = set(ApprovedRecord.objects.values_list("wgs_prefix", flat=True))
    assert len(prefixes) == 6
    proteins = sorted(int(n[3:]) for n in names if PROTEIN.match(n + ".1"))
    assert proteins == list(range(proteins[0], proteins[0] + 30))  # no gap, no repeat
    for submission in submissions:
        submission.refresh_from_db()
        assert submission.status == Status.APPROVED
