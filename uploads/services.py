"""Resumable uploads (tus 1.0): create, append a chunk, finalise into a submission file, cancel, reap.

Every chunk (one PATCH) is stored as a part of its own through Django's storage API, so the same code runs
on local disk and on S3-compatible storage, which cannot append. When the last byte is in, the parts are read
back in order into the final file (``submissions/<id>/<uuid>``), hashed (SHA-256, and MD5 when the client gave
one) and measured (the decompressed size of gzip) in that single pass. Memory stays one block whatever the size.

Concurrency: a chunk is written before any lock is taken; it is committed by a short locked update that
checks the offset is still the one the chunk started at. A second client writing the same upload loses that
check and its part is deleted (409), so the parts never overlap.
"""

from __future__ import annotations

import base64
import binascii
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import IO, cast

from celery import current_app
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from portal.errors import ApplicationError
from submissions.editing import submission_editable_check, submission_lock_editable
from submissions.gzipmeter import GzipMeter
from submissions.models import Submission, stored_name
from submissions.services import clean_file_name, submission_file_record
from uploads.models import Upload
from uploads.status import ALLOWED, UploadStatus
from uploads.streams import BodyReader, Hashes, PartsReader

log = logging.getLogger(__name__)

CHECKSUM_ALGORITHMS = ("sha1", "sha256", "md5")
# The worker task that joins a large upload (uploads.tasks registers it under this name).
UPLOAD_FINALIZE_TASK = "uploads.finalize"
_ADD_FILES = "Files can be added"


def _storage() -> Storage:
    return default_storage


def _delete_all(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _move(upload: Upload, to: UploadStatus) -> None:
    current = UploadStatus(upload.status)
    if to not in ALLOWED[current]:
        raise ApplicationError(
            f"This upload is '{current.label}'; it cannot become '{to.label}'.",
            code="upload_state",
            status=409,
        )
    upload.status = to


def _hex_checksum(value: str, name: str, length: int) -> str:
    value = value.strip().lower()
    if len(value) != length or any(c not in "0123456789abcdef" for c in value):
        raise ApplicationError(f"The {name} must be {length} hexadecimal digits.", field=name)
    return value


def upload_create(*, submission: Submission, by: User, length: int, metadata: dict[str, str]) -> Upload:
    """Open an upload of ``length`` bytes. ``metadata``: filename, and optionally sha256 / md5 (hex)."""
    submission_editable_check(submission, what=_ADD_FILES)
    if length <= 0:
        raise ApplicationError("The file is empty.", code="file_empty", field="Upload-Length", status=422)
    if length > settings.PORTAL_MAX_UPLOAD_BYTES:
        raise ApplicationError(
            f"The file is larger than the {settings.PORTAL_MAX_UPLOAD_BYTES:,}-byte limit.",
            code="too_large",
            field="Upload-Length",
            status=413,
        )
    name = clean_file_name(metadata.get("filename") or metadata.get("name") or "")
    sha256 = _hex_checksum(metadata["sha256"], "sha256", 64) if metadata.get("sha256") else ""
    md5 = _hex_checksum(metadata["md5"], "md5", 32) if metadata.get("md5") else ""
    with transaction.atomic():
        # The status as it is now, under the lock a Submit also takes (the view's copy may be stale).
        locked = submission_lock_editable(submission_id=submission.pk, what=_ADD_FILES)
        return Upload.objects.create(
            submission=locked,
            created_by=by,
            filename=name,
            length=length,
            expected_sha256=sha256,
            expected_md5=md5,
        )


def parse_checksum(header: str) -> tuple[str, bytes]:
    """tus ``Upload-Checksum: <algorithm> <base64 digest>``."""
    algorithm, _, encoded = header.strip().partition(" ")
    algorithm = algorithm.lower()
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise ApplicationError(
            f"Checksum algorithm '{algorithm}' is not supported; use one of {', '.join(CHECKSUM_ALGORITHMS)}.",
            code="checksum_algorithm",
            field="Upload-Checksum",
        )
    try:
        return algorithm, base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error as exc:
        raise ApplicationError(
            "The checksum is not base64.", code="checksum_format", field="Upload-Checksum"
        ) from exc


def upload_append(
    *,
    upload: Upload,
    offset: int,
    read: Callable[[int], bytes],
    content_length: int,
    checksum: tuple[str, bytes] | None = None,
) -> Upload:
    """Store one chunk that starts at ``offset``; return the upload with its new offset.

    A body cut short by a dropped connection is kept up to where it stopped (unless it carried a checksum,
    which the partial chunk cannot match), so the client resumes from the offset HEAD reports.
    """
    if upload.status != UploadStatus.RECEIVING:
        raise ApplicationError("This upload is complete or closed.", code="upload_state", status=409)
    if offset != upload.offset:
        raise ApplicationError(
            f"The upload is at byte {upload.offset}, not {offset}; ask with HEAD and continue from there.",
            code="offset_mismatch",
            field="Upload-Offset",
            status=409,
        )
    if content_length < 0 or offset + content_length > upload.length:
        raise ApplicationError(
            "This chunk would go past the declared Upload-Length.",
            code="too_long",
            field="Content-Length",
            status=413,
        )
    # A chunk is hashed only to check its own checksum; the whole file's SHA-256 is taken when it is joined.
    hashes = Hashes([checksum[0]] if checksum else [], sha256=False)
    body = BodyReader(read, content_length, hashes)
    storage = _storage()
    part = storage.save(
        f"uploads/{upload.pk}/{offset:020d}-{uuid.uuid4().hex[:8]}", File(cast(IO[bytes], body))
    )
    received = body.received
    if received == 0 or (checksum is not None and (body.broken or hashes.digest(checksum[0]) != checksum[1])):
        storage.delete(part)
        if received and checksum is not None and not body.broken:
            raise ApplicationError(
                "The chunk does not match its checksum.", code="checksum_mismatch", status=460
            )
        upload.refresh_from_db()
        return upload
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.offset != offset or locked.status != UploadStatus.RECEIVING:
            transaction.on_commit(partial(storage.delete, part))
            raise ApplicationError(
                "Another request wrote to this upload at the same time; ask with HEAD and continue.",
                code="offset_mismatch",
                status=409,
            )
        locked.parts = [*locked.parts, [offset, part, received]]
        locked.offset = offset + received
        complete = locked.offset == locked.length
        if complete:
            _move(locked, UploadStatus.ASSEMBLING)
        locked.save(update_fields=["parts", "offset", "status", "updated_at"])
        inline = complete and locked.length <= settings.PORTAL_UPLOAD_INLINE_FINALIZE_BYTES
        if complete and not inline:
            transaction.on_commit(partial(upload_finalize_enqueue, locked.pk))
    if inline:
        # Small enough to join while the client waits for this last response.
        return upload_finalize(upload_id=locked.pk) or locked
    locked.refresh_from_db()
    return locked


def upload_finalize_enqueue(upload_id: uuid.UUID) -> None:
    # Sent by name: uploads.tasks imports this module, never the other way round.
    current_app.send_task(UPLOAD_FINALIZE_TASK, args=[str(upload_id)])


def _fail(upload_id: uuid.UUID, reason: str, final_name: str | None) -> None:
    storage = _storage()
    with transaction.atomic():
        locked = (
            Upload.objects.select_for_update().filter(pk=upload_id, status=UploadStatus.ASSEMBLING).first()
        )
        if locked is None:
            return
        _move(locked, UploadStatus.FAILED)
        locked.failure = reason
        locked.save(update_fields=["status", "failure", "updated_at"])
        names = [p[1] for p in locked.parts] + ([final_name] if final_name else [])
        transaction.on_commit(partial(_delete_all, storage, names))


def upload_finalize(*, upload_id: uuid.UUID) -> Upload | None:
    """Join the parts into the final file, check it, and make it a submission file. Safe to call twice."""
    upload = Upload.objects.select_related("submission", "created_by").filter(pk=upload_id).first()
    if upload is None or upload.status != UploadStatus.ASSEMBLING:
        return upload
    storage = _storage()
    hashes = Hashes(["md5"] if upload.expected_md5 else [])
    meter = GzipMeter(settings.PORTAL_MAX_DECOMPRESSED_BYTES)
    reader = PartsReader(storage, [p[1] for p in upload.parts], hashes, observe=meter.feed)
    target = stored_name(upload.submission_id)
    final_name: str | None = None
    try:
        final_name = storage.save(target, File(cast(IO[bytes], reader)))
    except ValueError as exc:  # the decompressed-size cap
        _fail(upload.pk, f"{upload.filename}: {exc}", target if storage.exists(target) else None)
        return Upload.objects.get(pk=upload.pk)
    finally:
        reader.close()
    problem = None
    if reader.size != upload.length:
        problem = f"{upload.filename}: {reader.size:,} bytes arrived, {upload.length:,} were announced."
    elif upload.expected_sha256 and hashes.hexdigest("sha256") != upload.expected_sha256:
        problem = f"{upload.filename}: the SHA-256 of what arrived differs from yours; upload the file again."
    elif upload.expected_md5 and hashes.hexdigest("md5") != upload.expected_md5:
        problem = f"{upload.filename}: the MD5 of what arrived differs from yours; upload the file again."
    if problem:
        _fail(upload.pk, problem, final_name)
        return Upload.objects.get(pk=upload.pk)
    try:
        record = submission_file_record(
            submission=upload.submission,
            by=upload.created_by,
            name=upload.filename,
            stored_name=final_name,
            size=reader.size,
            sha256=hashes.hexdigest("sha256"),
        )
    except ApplicationError as exc:
        _fail(upload.pk, exc.message, final_name)
        return Upload.objects.get(pk=upload.pk)
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != UploadStatus.ASSEMBLING:
            # Another finaliser got there first; this copy is surplus.
            record.delete()
            transaction.on_commit(partial(storage.delete, final_name))
            return locked
        _move(locked, UploadStatus.DONE)
        locked.file = record
        locked.save(update_fields=["status", "file", "updated_at"])
        names = [p[1] for p in locked.parts]
        transaction.on_commit(partial(_delete_all, storage, names))
    return locked


def upload_cancel(*, upload: Upload) -> None:
    """tus termination: drop the parts; a finished upload's file stays (remove it as a file instead)."""
    storage = _storage()
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != UploadStatus.RECEIVING:
            raise ApplicationError(
                "Only an upload still receiving bytes can be cancelled.", code="upload_state", status=409
            )
        _move(locked, UploadStatus.CANCELLED)
        locked.save(update_fields=["status", "updated_at"])
        names = [p[1] for p in locked.parts]
        transaction.on_commit(partial(_delete_all, storage, names))


def uploads_reap() -> dict[str, int]:
    """Beat task: drop uploads abandoned for longer than the expiry, retry finalisations that lost a worker."""
    now = timezone.now()
    expired = Upload.objects.filter(
        status=UploadStatus.RECEIVING,
        updated_at__lt=now - timedelta(hours=settings.PORTAL_UPLOAD_EXPIRE_HOURS),
    )
    dropped = 0
    for upload in expired:
        try:
            upload_cancel(upload=upload)
            dropped += 1
        except ApplicationError:
            continue
    stuck = list(
        Upload.objects.filter(
            status=UploadStatus.ASSEMBLING, updated_at__lt=now - timedelta(minutes=30)
        ).values_list("pk", flat=True)
    )
    for upload_id in stuck:
        upload_finalize_enqueue(upload_id)
    return {"expired": dropped, "requeued": len(stuck)}
