"""Accessions on approval, the approved outputs, and genome updates. Each service owns its transaction.

``submission_accessions_assign`` is called by curation's approve service inside its transaction, after the
submission moved to ``approved``. It numbers every sequence and protein of the files the passing validation
run read, stores the numbers, and enqueues (after commit) the worker that writes the final .sqn and flatfile
with them. Calling it again assigns nothing new.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path

from celery import current_app
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from accessions import numbering
from accessions.models import (
    Accession,
    AccessionAssignment,
    AccessionKind,
    AccessionStyle,
    ApprovedRecord,
    OutputsState,
)
from accounts.models import User
from gbprep.job.targets import ProteinTarget, SequenceTarget, Targets, accession_targets
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Finding, Severity
from gbprep.model.seqids import split_ids
from portal.errors import ApplicationError
from submissions.models import Submission
from submissions.status import Status
from validation.models import ValidationRun
from validation.services import RunInput, run_local_copies
from validation.status import RunStatus

log = logging.getLogger(__name__)

# The worker tasks (accessions.tasks registers them under these names). Services send them by name, so
# accessions.tasks imports the services and nothing here (or in accessions.release) imports the tasks.
APPROVED_OUTPUTS_BUILD_TASK = "accessions.build_outputs"
APPROVED_OUTPUTS_REAP_TASK = "accessions.reap_outputs"
RELEASE_DUE_TASK = "accessions.release_due"
RELEASE_NOTICES_TASK = "accessions.release_notices"


def approved_run(submission: Submission) -> ValidationRun:
    """The run the approval rests on: the latest finished run that was submitted for review."""
    run = (
        ValidationRun.objects.filter(submission=submission, submit=True, status=RunStatus.FINISHED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if run is None:
        raise ApplicationError(
            "The submission has no finished validation run to approve.", code="no_run", status=409
        )
    return run


def _run_inputs(submission: Submission, run: ValidationRun) -> list[RunInput]:
    return [RunInput(i["name"], i["stored"]) for i in run.inputs] or [
        RunInput(f.display_name, f.stored.name) for f in submission.files.all()
    ]


@contextmanager
def run_files(submission: Submission, run: ValidationRun) -> Iterator[tuple[list[InputFile], Path]]:
    # The files exactly as the approved run read them, plus the wizard's generated .sbt (validation's helper).
    with run_local_copies(submission, _run_inputs(submission, run)) as (inputs, out):
        yield inputs, out


def submission_targets(submission: Submission) -> Targets:
    """What in the approved files needs an accession (reads them once; a few seconds for a large genome)."""
    with run_files(submission, approved_run(submission)) as (inputs, _out):
        return accession_targets(inputs)


def original_protein_id(protein_id: str) -> tuple[str, str | None]:
    """``gnl|DB|g1|gb|ABC00001.1`` -> (``gnl|DB|g1``, ``ABC00001.1``): the submitter's own id and the
    accession written beside it (how an update carries a kept protein's accession), if any."""
    if "|" not in protein_id:
        return protein_id, None
    own, accession = [], None
    for kind, values in split_ids(protein_id):
        if kind == "gb" and values:
            accession = values[0]
        else:
            own.append("|".join([kind, *values]))
    return "|".join(own) or protein_id, accession


def approved_record_get_or_create(*, submission: Submission) -> ApprovedRecord:
    record, _ = ApprovedRecord.objects.get_or_create(submission=submission)
    return record


@transaction.atomic
def submission_accession_style_set(*, submission: Submission, by: User, style: str) -> ApprovedRecord:
    """Choose WGS or complete-sequence numbering; only until the accessions are given."""
    if style not in AccessionStyle.values:
        raise ApplicationError(f"Unknown accession style '{style}'.", field="style")
    Submission.objects.select_for_update().get(pk=submission.pk)
    record = approved_record_get_or_create(submission=submission)
    if record.assigned_at is not None:
        raise ApplicationError(
            "The accessions are given; their style no longer changes.", code="invalid_state", status=409
        )
    if record.update_of_id is not None and style != record.style:
        raise ApplicationError(
            "An update keeps its genome's accession style.", code="invalid_state", status=409
        )
    record.style = style
    record.save(update_fields=["style"])
    return record


def submission_accessions_assign(*, submission: Submission, by: User, now: datetime | None = None) -> None:
    """Give every sequence and protein of an approved submission its accession (idempotent).

    Runs in the caller's transaction when there is one (curation's approve), so the numbers and the approval
    commit together. The submission row is locked first: a second call waits, then finds the record
    assigned and does nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Status.APPROVED:
            raise ApplicationError(
                "Accessions are given to approved submissions only.", code="invalid_state", status=409
            )
        record = approved_record_get_or_create(submission=locked)
        if record.assigned_at is not None:
            return
        targets = submission_targets(locked)
        if record.update_of_id is not None:
            _assign_update(locked, record, targets)
        else:
            _assign_new(locked, record, targets)
        record.assigned_at = now
        record.assigned_by = by
        record.outputs_state = OutputsState.PENDING
        record.save()
        transaction.on_commit(partial(approved_outputs_enqueue, record_id=record.pk))


def _new_accessions(submission: Submission, kind: str, names: list[str]) -> list[Accession]:
    return Accession.objects.bulk_create(
        [Accession(accession=name, kind=kind, first_submission=submission) for name in names]
    )


def _assign_new(submission: Submission, record: ApprovedRecord, targets: Targets) -> None:
    seqs, prots = targets.sequences, targets.proteins
    wgs = record.style == AccessionStyle.WGS
    taken = numbering.counters_take(
        {
            numbering.WGS_PROJECT: 1 if wgs else 0,
            numbering.CHROMOSOME: 0 if wgs else len(seqs),
            numbering.PROTEIN: len(prots),
        }
    )
    if wgs:
        record.wgs_prefix = numbering.wgs_prefix(next(iter(taken[numbering.WGS_PROJECT])))
        master = _new_accessions(submission, AccessionKind.MASTER, [numbering.wgs_master(record.wgs_prefix)])
        AccessionAssignment.objects.create(
            submission=submission, accession=master[0], kind=AccessionKind.MASTER, local_id="", version=1
        )
        nuc_names = [
            numbering.wgs_accession(record.wgs_prefix, record.assembly_version, i + 1)
            for i in range(len(seqs))
        ]
    else:
        nuc_names = [
            numbering.chromosome_accession(n) for n in numbering.numbers(taken, numbering.CHROMOSOME)
        ]
    prot_names = [numbering.protein_accession(n) for n in numbering.numbers(taken, numbering.PROTEIN)]
    nucs = _new_accessions(submission, AccessionKind.NUCLEOTIDE, nuc_names)
    proteins = _new_accessions(submission, AccessionKind.PROTEIN, prot_names)
    AccessionAssignment.objects.bulk_create(
        [
            _seq_assignment(submission, acc, seq, 1, i)
            for i, (acc, seq) in enumerate(zip(nucs, seqs, strict=True))
        ]
        + [
            _protein_assignment(submission, acc, prot, 1, i)
            for i, (acc, prot) in enumerate(zip(proteins, prots, strict=True))
        ],
        batch_size=2000,
    )


def _seq_assignment(
    submission: Submission, accession: Accession, seq: SequenceTarget, version: int, ordinal: int
) -> AccessionAssignment:
    return AccessionAssignment(
        submission=submission,
        accession=accession,
        kind=AccessionKind.NUCLEOTIDE,
        version=version,
        local_id=seq.seq_id,
        seq_id=seq.seq_id,
        sha256=seq.sha256,
        ordinal=ordinal,
    )


def _protein_assignment(
    submission: Submission, accession: Accession, prot: ProteinTarget, version: int, ordinal: int
) -> AccessionAssignment:
    return AccessionAssignment(
        submission=submission,
        accession=accession,
        kind=AccessionKind.PROTEIN,
        version=version,
        local_id=prot.key,
        seq_id=prot.seq_id,
        protein_id=original_protein_id(prot.protein_id)[0],
        transcript_id=prot.transcript_id,
        locus_tag=prot.locus_tag,
        sha256=prot.sha256,
        ordinal=ordinal,
    )


UPDATE_ACCESSION_MISSING = "UPDATE.ProteinAccessionMissing"
UPDATE_ACCESSION_MISMATCH = "UPDATE.ProteinAccessionMismatch"


def update_protein_findings(*, update_of_id: int, targets: Targets) -> list[Finding]:
    """What an update's proteins say about their accessions, as findings of its validation run.

    A protein of the released genome (the same original identifier) carries its accession with that
    identifier (``protein_id gnl|DB|id|gb|WAA00001.1``), so both the submitter and the curators see which
    accession it keeps; one that carries none is ``UPDATE.ProteinAccessionMissing``. A protein that writes an
    accession must write the one its identifier has in the released genome: an accession never moves to
    another protein (``UPDATE.ProteinAccessionMismatch``). Both are ERRORs.
    """
    parent = {
        (a.protein_id or a.local_id): a.accession_version
        for a in AccessionAssignment.objects.filter(
            submission_id=update_of_id, kind=AccessionKind.PROTEIN
        ).select_related("accession")
    }
    owner_of = {acc.partition(".")[0]: own for own, acc in parent.items()}
    found = []
    for prot in targets.proteins:
        own, written = original_protein_id(prot.protein_id or prot.key)
        expected = parent.get(own)
        where = {"pos": prot.pos, "seq_id": prot.seq_id, "feature": f"CDS {prot.locus_tag or own}".strip()}
        if written is None:
            if expected is None:
                continue  # a new protein: it gets a new accession at approval
            found.append(
                Finding(
                    code=UPDATE_ACCESSION_MISSING,
                    severity=Severity.ERROR,
                    message=(
                        f"protein_id {own} is a protein of the released genome, accession {expected}, but "
                        "carries no accession."
                    ),
                    fix=(
                        f"Write its accession after its identifier: protein_id {own}|gb|{expected}. A protein "
                        "an update keeps (changed or not) keeps its accession; the fate report lists them."
                    ),
                    **where,  # type: ignore[arg-type]
                )
            )
            continue
        written_acc = written.partition(".")[0]
        if expected is not None and expected.partition(".")[0] == written_acc:
            continue
        holder = owner_of.get(written_acc)
        why = f"it belongs to {holder}" if holder else "the released genome has no such protein"
        found.append(
            Finding(
                code=UPDATE_ACCESSION_MISMATCH,
                severity=Severity.ERROR,
                message=(
                    f"protein_id {prot.protein_id}: {written_acc} is not the accession of {own} ({why}; "
                    f"{own} has {expected or 'none'})."
                ),
                fix=(
                    f"Write {own}|gb|{expected}."
                    if expected
                    else f"Remove the accession: a protein new in the update is written {own} alone and gets "
                    "a new accession."
                ),
                **where,  # type: ignore[arg-type]
            )
        )
    return found


def update_problems(*, submission: Submission, targets: Targets | None = None) -> list[str]:
    """What blocks numbering an update (the backstop behind the validation run's findings, which a curator
    could waive): a protein that writes an accession not its own. A missing accession does not block: the
    protein is matched by its original identifier and keeps its accession all the same. Empty when fine or
    when the submission is no update."""
    record = ApprovedRecord.objects.filter(submission=submission).first()
    if record is None or record.update_of_id is None:
        return []
    targets = targets or submission_targets(submission)
    return [
        f.message
        for f in update_protein_findings(update_of_id=record.update_of_id, targets=targets)
        if f.code == UPDATE_ACCESSION_MISMATCH
    ]


def _assign_update(submission: Submission, record: ApprovedRecord, targets: Targets) -> None:
    """Carry the released genome's accessions over: kept (same version), changed (version + 1), new (new
    accession), removed (retired, never given again)."""
    problems = update_problems(submission=submission, targets=targets)
    if problems:
        raise ApplicationError(
            "The update's protein accessions do not match the released genome: " + " ".join(problems[:5]),
            code="accession_mismatch",
            status=409,
        )
    assert record.update_of_id is not None
    parent = ApprovedRecord.objects.get(submission_id=record.update_of_id)
    record.style, record.wgs_prefix, record.assembly_version = (
        parent.style,
        parent.wgs_prefix,
        parent.assembly_version,
    )
    previous = list(
        AccessionAssignment.objects.filter(submission_id=parent.submission_id).select_related("accession")
    )
    by_seq = {a.local_id: a for a in previous if a.kind == AccessionKind.NUCLEOTIDE}
    by_prot = {(a.protein_id or a.local_id): a for a in previous if a.kind == AccessionKind.PROTEIN}
    rows: list[AccessionAssignment] = [
        AccessionAssignment(
            submission=submission, accession=a.accession, kind=a.kind, version=a.version, local_id=""
        )
        for a in previous
        if a.kind == AccessionKind.MASTER
    ]
    new_seqs = [s for s in targets.sequences if s.seq_id not in by_seq]
    new_prots = [p for p in targets.proteins if original_protein_id(p.protein_id or p.key)[0] not in by_prot]
    wgs = record.style == AccessionStyle.WGS
    if wgs:
        # New contigs continue the project's serials (never reusing a retired one).
        used = Accession.objects.filter(
            accession__startswith=f"{record.wgs_prefix}{record.assembly_version:02d}",
            kind=AccessionKind.NUCLEOTIDE,
        ).count()
        nuc_names = [
            numbering.wgs_accession(record.wgs_prefix, record.assembly_version, used + i + 1)
            for i in range(len(new_seqs))
        ]
        taken = numbering.counters_take({numbering.PROTEIN: len(new_prots)})
    else:
        taken = numbering.counters_take(
            {numbering.CHROMOSOME: len(new_seqs), numbering.PROTEIN: len(new_prots)}
        )
        nuc_names = [
            numbering.chromosome_accession(n) for n in numbering.numbers(taken, numbering.CHROMOSOME)
        ]
    fresh_nucs = dict(
        zip(
            (s.seq_id for s in new_seqs),
            _new_accessions(submission, AccessionKind.NUCLEOTIDE, nuc_names),
            strict=True,
        )
    )
    prot_names = [numbering.protein_accession(n) for n in numbering.numbers(taken, numbering.PROTEIN)]
    fresh_prots = dict(
        zip(
            (p.key for p in new_prots),
            _new_accessions(submission, AccessionKind.PROTEIN, prot_names),
            strict=True,
        )
    )
    for i, seq in enumerate(targets.sequences):
        old = by_seq.get(seq.seq_id)
        if old is None:
            rows.append(_seq_assignment(submission, fresh_nucs[seq.seq_id], seq, 1, i))
        else:
            version = old.version if old.sha256 == seq.sha256 else old.version + 1
            rows.append(_seq_assignment(submission, old.accession, seq, version, i))
    kept_ids = set()
    for i, prot in enumerate(targets.proteins):
        own = original_protein_id(prot.protein_id or prot.key)[0]
        old = by_prot.get(own)
        if old is None:
            rows.append(_protein_assignment(submission, fresh_prots[prot.key], prot, 1, i))
        else:
            kept_ids.add(own)
            version = old.version if old.sha256 == prot.sha256 else old.version + 1
            rows.append(_protein_assignment(submission, old.accession, prot, version, i))
    AccessionAssignment.objects.bulk_create(rows, batch_size=2000)
    seen_seqs = {s.seq_id for s in targets.sequences}
    gone = [
        a.accession_id
        for a in previous
        if a.kind == AccessionKind.PROTEIN and (a.protein_id or a.local_id) not in kept_ids
    ]
    gone += [
        a.accession_id for a in previous if a.kind == AccessionKind.NUCLEOTIDE and a.local_id not in seen_seqs
    ]
    Accession.objects.filter(pk__in=gone, retired_at__isnull=True).update(
        retired_at=timezone.now(), retired_by=submission
    )


# -- the approved outputs (built by accessions.outputs) --


def approved_outputs_enqueue(*, record_id: int, countdown: float | None = None) -> None:
    """Send the build of the approved outputs (the only place that publishes it)."""
    current_app.send_task(APPROVED_OUTPUTS_BUILD_TASK, args=[record_id], countdown=countdown)


# -- genome updates: a new version of a released genome --


def submission_update_start(*, released: Submission, by: User) -> Submission:
    """A new draft started from a released genome: its wizard answers and files copied, its accessions to be
    carried over on approval (see ``_assign_update``). Only the owner starts one."""
    from submissions.models import SubmissionFile
    from submissions.services import submission_create

    if released.owner_id != by.pk:
        raise ApplicationError("Only the owner starts an update of a genome.", code="forbidden", status=403)
    if released.status != Status.RELEASED:
        raise ApplicationError("Only a released genome gets updates.", code="invalid_state", status=409)
    parent = ApprovedRecord.objects.get(submission=released)
    with transaction.atomic():
        draft = submission_create(owner=by, title=released.title, organism=released.organism)
        for name in (
            "bioproject_id", "locus_tag_prefix_id", "source_modifiers", "assembly_method", "assembly_name",
            "genome_coverage", "sequencing_technology", "contact", "authors", "affiliation",
        ):  # fmt: skip
            setattr(draft, name, getattr(released, name))
        draft.save()
        draft.collaborators.set(released.collaborators.all())
        for old in released.files.all():
            copy = SubmissionFile(
                submission=draft,
                original_name=old.original_name,
                kind=old.kind,
                size=old.size,
                sha256=old.sha256,
                uploaded_by=by,
            )
            with old.stored.open("rb") as handle:
                copy.stored.save(old.original_name, File(handle), save=False)
            copy.save()
        ApprovedRecord.objects.create(
            submission=draft,
            update_of=released,
            style=parent.style,
            wgs_prefix=parent.wgs_prefix,
            assembly_version=parent.assembly_version,
        )
    return draft


def submission_fates(*, submission: Submission) -> list[dict[str, object]]:
    """The protein-fate report of an update (and the nucleotides'): kept (same accession and version),
    changed (same accession, next version), new (new accession), removed (accession retired)."""
    record = ApprovedRecord.objects.filter(submission=submission).first()
    if record is None or record.update_of_id is None or record.assigned_at is None:
        return []
    before = {
        a.accession_id: a
        for a in AccessionAssignment.objects.filter(submission_id=record.update_of_id).select_related(
            "accession"
        )
        if a.kind != AccessionKind.MASTER
    }
    rows: list[dict[str, object]] = []
    now_rows = AccessionAssignment.objects.filter(submission=submission).select_related("accession")
    for a in now_rows:
        if a.kind == AccessionKind.MASTER:
            continue
        old = before.pop(a.accession_id, None)
        fate = "new" if old is None else ("kept" if old.version == a.version else "changed")
        rows.append(_fate_row(a, fate, old.version if old else None, a.version))
    for old in before.values():
        rows.append(_fate_row(old, "removed", old.version, None))
    order = {"kept": 0, "changed": 1, "new": 2, "removed": 3}
    rows.sort(key=lambda r: (r["kind"] != AccessionKind.PROTEIN, order[str(r["fate"])], str(r["accession"])))
    return rows


def _fate_row(a: AccessionAssignment, fate: str, old: int | None, new: int | None) -> dict[str, object]:
    return {
        "kind": a.kind,
        "fate": fate,
        "accession": a.accession.accession,
        "old_version": old,
        "new_version": new,
        "local_id": a.local_id,
        "protein_id": a.protein_id,
        "locus_tag": a.locus_tag,
        "retired": a.accession.retired_at is not None,
    }
