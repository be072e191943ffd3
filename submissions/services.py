"""Submission life cycle. Each service owns its transaction; views and tasks only call these."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction

from accounts.models import User
from portal.errors import ApplicationError
from submissions.models import FileKind, Submission, SubmissionEvent, SubmissionFile
from submissions.status import ALLOWED, EDITABLE, Status

_KIND_BY_SUFFIX = {
    ".fsa": FileKind.FASTA,
    ".fa": FileKind.FASTA,
    ".fasta": FileKind.FASTA,
    ".fna": FileKind.FASTA,
    ".tbl": FileKind.TABLE,
    ".sbt": FileKind.TEMPLATE,
    ".src": FileKind.SOURCE,
    ".cmt": FileKind.COMMENT,
    ".pep": FileKind.PROTEIN,
    ".rna": FileKind.RNA,
    ".gff": FileKind.GFF3,
    ".gff3": FileKind.GFF3,
}
MAX_NAME = 200


def file_kind_for_name(name: str) -> FileKind:
    """The kind a file name says; the engine later checks the content says the same."""
    path = PurePosixPath(name.lower())
    suffixes = path.suffixes
    if suffixes and suffixes[-1] in (".gz", ".gzip"):
        suffixes = suffixes[:-1]
    return _KIND_BY_SUFFIX.get(suffixes[-1], FileKind.OTHER) if suffixes else FileKind.OTHER


@transaction.atomic
def submission_create(*, owner: User, title: str, organism: str = "") -> Submission:
    title = title.strip()
    if not title:
        raise ApplicationError("Give the submission a title.", field="title")
    return Submission.objects.create(owner=owner, title=title[:200], organism=organism.strip()[:200])


def submission_transition(*, submission: Submission, to: Status, by: User | None, note: str = "") -> None:
    """Move a submission along the one transition table, recording who moved it."""
    current = Status(submission.status)
    if to not in ALLOWED[current]:
        raise ApplicationError(
            f"A submission that is '{current.label}' cannot become '{to.label}'.",
            code="invalid_state",
            status=409,
        )
    submission.status = to
    submission.save(update_fields=["status", "updated_at"])
    SubmissionEvent.objects.create(
        submission=submission, actor=by, from_status=current, to_status=to, note=note
    )


def submission_file_add(*, submission: Submission, by: User, name: str, content: IO[bytes]) -> SubmissionFile:
    """Store an uploaded file under a name of our own, hashing it on the way (one pass, constant memory)."""
    if Status(submission.status) not in EDITABLE:
        raise ApplicationError(
            "Files can be added only while the submission is a draft or needs fixes.",
            code="invalid_state",
            status=409,
        )
    clean_name = PurePosixPath(name.replace("\\", "/")).name.strip()[:MAX_NAME]
    if not clean_name or clean_name in (".", ".."):
        raise ApplicationError("The file needs a name.", field="file")
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: content.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
        if size > settings.PORTAL_MAX_UPLOAD_BYTES:
            raise ApplicationError(
                f"The file is larger than the {settings.PORTAL_MAX_UPLOAD_BYTES:,}-byte limit.",
                code="too_large",
                field="file",
                status=413,
            )
    if size == 0:
        raise ApplicationError(f"{clean_name} is empty.", code="file_empty", field="file", status=422)
    content.seek(0)
    with transaction.atomic():
        record = SubmissionFile(
            submission=submission,
            original_name=clean_name,
            kind=file_kind_for_name(clean_name),
            size=size,
            sha256=digest.hexdigest(),
            uploaded_by=by,
        )
        record.stored.save(clean_name, File(content), save=False)
        record.save()
        submission.save(update_fields=["updated_at"])
    return record


@transaction.atomic
def submission_file_remove(*, submission: Submission, file: SubmissionFile) -> None:
    if Status(submission.status) not in EDITABLE:
        raise ApplicationError("Files can be removed only from a draft.", code="invalid_state", status=409)
    stored = file.stored.name
    file.delete()
    storage = file.stored.storage
    transaction.on_commit(lambda: storage.delete(stored))
