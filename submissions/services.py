"""Submission life cycle. Each service owns its transaction; views and tasks only call these."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.models import User
from portal.errors import ApplicationError
from portal.text import has_control
from submissions.editing import submission_editable_check, submission_lock_editable
from submissions.gzipmeter import GzipMeter
from submissions.metadata import submission_update
from submissions.models import FileKind, Submission, SubmissionEvent, SubmissionFile
from submissions.notifications import submission_notify
from submissions.sniff import HEAD_BYTES, content_problem, read_head
from submissions.status import ALLOWED, Status

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
def submission_create(
    *, owner: User, title: str, organism: str = "", details: dict[str, Any] | None = None
) -> Submission:
    """A new draft; ``details`` are the wizard's other answers (see ``metadata.submission_update``)."""
    title = title.strip()
    if not title:
        raise ApplicationError("Give the submission a title.", field="title")
    submission = Submission.objects.create(owner=owner, title=title[:200], organism=organism.strip()[:200])
    if details:
        submission_update(submission=submission, by=owner, data=details)
    return submission


def submission_transition(
    *, submission: Submission, to: Status, by: User | None, note: str = ""
) -> SubmissionEvent:
    """Move a submission along the one transition table, recording who moved it (the event is returned)."""
    current = Status(submission.status)
    if to not in ALLOWED[current]:
        raise ApplicationError(
            f"A submission that is '{current.label}' cannot become '{to.label}'.",
            code="invalid_state",
            status=409,
        )
    submission.status = to
    submission.save(update_fields=["status", "updated_at"])
    event = SubmissionEvent.objects.create(
        submission=submission, actor=by, from_status=current, to_status=to, note=note
    )
    transaction.on_commit(partial(submission_notify, event_id=event.pk))
    return event


_ADD_FILES = "Files can be added"
_REMOVE_FILES = "Files can be removed"


def clean_file_name(name: str) -> str:
    """The user's file name without any path (it is shown and used by findings, never to store the file)."""
    clean_name = PurePosixPath(name.replace("\\", "/")).name.strip()
    if has_control(clean_name):
        raise ApplicationError(
            "The file name holds a control character (NUL, line break, ...); rename the file.", field="file"
        )
    if not clean_name or clean_name in (".", ".."):
        raise ApplicationError("The file needs a name.", field="file")
    if len(clean_name) > MAX_NAME:
        # Cut the stem, never the extension: the extension says what kind of file it is.
        path = PurePosixPath(clean_name)
        tail = "".join(path.suffixes[-2:]) if len("".join(path.suffixes[-2:])) < 40 else path.suffix[:40]
        clean_name = clean_name[: MAX_NAME - len(tail)] + tail
    return clean_name


def _forget(record: SubmissionFile) -> None:
    """Delete a file's row; its bytes too, unless a run read them (its report still shows their lines)."""
    stored, storage = record.stored.name, record.stored.storage
    used = any(
        i.get("stored") == stored
        for inputs in record.submission.runs.values_list("inputs", flat=True)
        for i in (inputs or [])
    )
    record.delete()
    if not used:
        transaction.on_commit(partial(storage.delete, stored))


def _replace_same_name(submission: Submission, name: str) -> None:
    """A new upload under a name already present replaces the older file: that is how a fix is sent."""
    for old in submission.files.filter(original_name=name):
        _forget(old)


def submission_file_add(*, submission: Submission, by: User, name: str, content: IO[bytes]) -> SubmissionFile:
    """Store an uploaded file under a name of our own, hashing it on the way (one pass, constant memory).

    The bytes go to storage before any lock is taken; the row is recorded under the submission's lock, with
    its status checked then (a Submit pressed while the body was still arriving wins, and the bytes go).
    """
    submission_editable_check(submission, what=_ADD_FILES)
    clean_name = clean_file_name(name)
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
    _content_check(clean_name, read_head(content))
    problem = gzip_problem(content)
    if problem:
        raise ApplicationError(f"{clean_name}: {problem}", code="bad_gzip", field="file", status=422)
    content.seek(0)
    record = SubmissionFile(
        submission=submission,
        original_name=clean_name,
        kind=file_kind_for_name(clean_name),
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    record.stored.save(clean_name, File(content), save=False)
    stored, storage = record.stored.name, record.stored.storage
    try:
        with transaction.atomic():
            locked = submission_lock_editable(submission_id=submission.pk, what=_ADD_FILES)
            _replace_same_name(locked, clean_name)
            record.submission = locked
            record.save()
            locked.save(update_fields=["updated_at"])
    except BaseException:
        storage.delete(stored)
        raise
    return record


def submission_file_record(
    *, submission: Submission, by: User, name: str, stored_name: str, size: int, sha256: str
) -> SubmissionFile:
    """Record a file that is already in storage under our name (a finished resumable upload)."""
    with default_storage.open(stored_name, "rb") as stored:
        _content_check(name, stored.read(HEAD_BYTES))
    with transaction.atomic():
        locked = submission_lock_editable(submission_id=submission.pk, what=_ADD_FILES)
        _replace_same_name(locked, name)
        record = SubmissionFile.objects.create(
            submission=locked,
            original_name=name,
            kind=file_kind_for_name(name),
            stored=stored_name,
            size=size,
            sha256=sha256,
            uploaded_by=by,
        )
        locked.save(update_fields=["updated_at"])
    return record


def _content_check(name: str, head: bytes) -> None:
    """Refuse a file whose first bytes say it is not text (a .docx, a PDF, a program): 422, naming both."""
    problem = content_problem(name, head)
    if problem:
        raise ApplicationError(problem, code="wrong_content", field="file", status=422)


def gzip_problem(content: IO[bytes]) -> str | None:
    """The decompressed-size cap, checked by streaming a gzip upload once; None when fine (or not gzip)."""
    meter = GzipMeter(settings.PORTAL_MAX_DECOMPRESSED_BYTES)
    try:
        for chunk in iter(lambda: content.read(1 << 20), b""):
            meter.feed(chunk)
    except ValueError as exc:
        return str(exc)
    return None


def submission_file_remove(*, submission: Submission, file: SubmissionFile) -> None:
    with transaction.atomic():
        locked = submission_lock_editable(submission_id=submission.pk, what=_REMOVE_FILES)
        _forget(file)
        locked.save(update_fields=["updated_at"])
