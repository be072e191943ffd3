"""Resumable uploads (tus 1.0): create, append a chunk, finalise into a submission file, cancel, reap.

The whole file's SHA-256 (and MD5 when the client gave one) is computed as the chunks arrive, in order (tus
chunks come in order: each starts at the committed offset); the digests' state is saved on the row after each
chunk (``uploads.digests``), so any worker goes on with the next one and the file is never read again to be
hashed. Chunks are read in 4 MiB pieces. Memory stays one piece whatever the size.

* Local storage (FileSystemStorage): every chunk is written into one data file at its offset; the finished
  file is renamed into place (``submissions/<id>/<upload uuid>``). The file is read again only if it is gzip
  (its expanded size is capped) or the digests could not be kept.
* Object storage (S3-compatible), which cannot append: every chunk is a part of its own; the parts are read
  back in order into the final object, measured (gzip) in that one pass.

Concurrency: a chunk is committed by a short locked update that checks the offset is still the one the chunk
started at. Parts are written before any lock and a loser's part is deleted (409); on local storage the writer
holds an flock on the data file, so two writers never write the same bytes at once (the second gets 409).
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import logging
import os
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import IO, cast

from celery import current_app
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from portal.errors import ApplicationError
from submissions.editing import submission_editable_check, submission_lock_editable
from submissions.gzipmeter import GzipMeter
from submissions.models import Submission, stored_name
from submissions.services import clean_file_name, submission_file_record
from submissions.sniff import HEAD_BYTES, content_problem
from uploads import digests
from uploads.models import Upload
from uploads.status import ALLOWED, UploadStatus
from uploads.streams import BIG_BLOCK, BackgroundSink, BigFile, BodyReader, Hashes, PartsReader, Tee

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


def _leftovers(upload: Upload, storage: Storage) -> list[str]:
    """What an upload that ends without a file leaves in storage: its parts, or its data file (which exists
    before any chunk is committed)."""
    names = {p[1] for p in upload.parts}
    if _is_local(storage):
        names.add(_data_name(upload.pk))
    return sorted(names)


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
    _append_check(upload, offset, content_length)
    storage = _storage()
    if _is_local(storage):
        return _append_local(storage, upload, offset, read, content_length, checksum)
    # Object storage cannot append: the chunk becomes a part of its own, joined when the file is whole.
    running = _running_digests(upload)
    hashes = Hashes([checksum[0]] if checksum else [], sha256=False)
    feed = BackgroundSink(Tee(hashes, *running.values()))
    body = BodyReader(read, content_length, feed, block=BIG_BLOCK)
    try:
        part = storage.save(
            f"uploads/{upload.pk}/{offset:020d}-{uuid.uuid4().hex[:8]}", BigFile(cast(IO[bytes], body))
        )
    finally:
        feed.close()
    if not _chunk_ok(body, hashes, checksum):
        storage.delete(part)
        upload.refresh_from_db()
        return upload
    return _append_commit(
        upload, offset, part, body.received, running, conflict=partial(storage.delete, part)
    )


def _append_check(upload: Upload, offset: int, content_length: int) -> None:
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


def _is_local(storage: Storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def _data_name(upload_id: uuid.UUID) -> str:
    """On local storage, the one file every chunk of the upload is written into at its offset."""
    return f"uploads/{upload_id}/data"


def _final_name(upload: Upload) -> str:
    # Like submissions.models.stored_name (ours, random), but fixed per upload so that a finaliser that died
    # after moving the data finds it again. The upload id is a random UUID only its uploader knows.
    return f"submissions/{upload.submission_id}/{upload.pk.hex}"


def _running_digests(upload: Upload) -> dict[str, digests.ResumableDigest]:
    """The whole file's digests as of ``upload.offset``, to go on with; empty when they were not kept (the
    file is then hashed when joined)."""
    names = ["sha256", *(["md5"] if upload.expected_md5 else [])]
    state = upload.digest_state or {}
    if not digests.AVAILABLE or (upload.offset and not all(n in state for n in names)):
        return {}
    return {n: digests.ResumableDigest(n, state.get(n)) for n in names}


def _chunk_ok(body: BodyReader, hashes: Hashes, checksum: tuple[str, bytes] | None) -> bool:
    """Whether the chunk is to be kept; raises 460 for a whole chunk that does not match its checksum."""
    if body.received == 0:
        return False
    if checksum is None:
        return True
    if not body.broken and hashes.digest(checksum[0]) != checksum[1]:
        raise ApplicationError("The chunk does not match its checksum.", code="checksum_mismatch", status=460)
    return not body.broken


def _append_local(
    storage: Storage,
    upload: Upload,
    offset: int,
    read: Callable[[int], bytes],
    content_length: int,
    checksum: tuple[str, bytes] | None,
) -> Upload:
    """Write the chunk into the upload's one data file at ``offset``: no parts to join later, and the finished
    file is moved, not copied, into place.

    Two requests writing the same upload at once would write over each other's bytes, so a writer holds an
    exclusive ``flock`` on the data file while it writes (the kernel drops it if the process dies) and reads
    the offset again once it has it; a second writer gets 409 at once. Bytes written past the committed
    offset by a chunk that is not kept (bad checksum, conflict) are junk the next chunk overwrites.
    """
    name = _data_name(upload.pk)
    path = storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ApplicationError(
                "Another request is writing to this upload; ask with HEAD and continue.",
                code="offset_mismatch",
                status=409,
            ) from exc
        upload.refresh_from_db()
        _append_check(upload, offset, content_length)
        running = _running_digests(upload)
        hashes = Hashes([checksum[0]] if checksum else [], sha256=False)
        feed = BackgroundSink(Tee(hashes, *running.values()))
        body = BodyReader(read, content_length, feed, block=BIG_BLOCK)
        position = offset
        try:
            while data := body.read(BIG_BLOCK):
                view = memoryview(data)
                while view:
                    written = os.pwrite(fd, view, position)
                    position += written
                    view = view[written:]
        finally:
            feed.close()
        if not _chunk_ok(body, hashes, checksum):
            upload.refresh_from_db()
            return upload
        return _append_commit(upload, offset, name, body.received, running, conflict=None)
    finally:
        os.close(fd)  # also lets go of the flock


def _append_commit(
    upload: Upload,
    offset: int,
    part: str,
    received: int,
    running: dict[str, digests.ResumableDigest],
    conflict: Callable[[], None] | None,
) -> Upload:
    """Record a written chunk with a short locked update that checks the offset is still the one the chunk
    started at; join the file now when that is cheap, or send it to a worker."""
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.offset != offset or locked.status != UploadStatus.RECEIVING:
            if conflict is not None:
                transaction.on_commit(conflict)
            raise ApplicationError(
                "Another request wrote to this upload at the same time; ask with HEAD and continue.",
                code="offset_mismatch",
                status=409,
            )
        locked.parts = [*locked.parts, [offset, part, received]]
        locked.offset = offset + received
        locked.digest_state = {n: d.state() for n, d in running.items()}
        complete = locked.offset == locked.length
        if complete:
            _move(locked, UploadStatus.ASSEMBLING)
        locked.save(update_fields=["parts", "offset", "digest_state", "status", "updated_at"])
        inline = complete and (
            locked.length <= settings.PORTAL_UPLOAD_INLINE_FINALIZE_BYTES or _finalize_is_cheap(locked)
        )
        if complete and not inline:
            transaction.on_commit(partial(upload_finalize_enqueue, locked.pk))
    if inline:
        # Small enough (or, with the digests kept and no gzip to measure, a rename) to finish while the client
        # waits for this last response.
        return upload_finalize(upload_id=locked.pk) or locked
    locked.refresh_from_db()
    return locked


def _digests_complete(upload: Upload) -> bool:
    names = ["sha256", *(["md5"] if upload.expected_md5 else [])]
    return digests.AVAILABLE and all(n in (upload.digest_state or {}) for n in names)


def _local_is_gzip(storage: Storage, name: str) -> bool:
    with open(storage.path(name), "rb") as head:
        return head.read(2) == b"\x1f\x8b"


def _finalize_is_cheap(upload: Upload) -> bool:
    """Local storage, digests kept as the chunks came, and not gzip (whose expanded size must be measured by
    reading it): finishing is a rename, whatever the size."""
    storage = _storage()
    return (
        _is_local(storage)
        and _digests_complete(upload)
        and not _local_is_gzip(storage, _data_name(upload.pk))
    )


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
        names = _leftovers(locked, storage) + ([final_name] if final_name else [])
        transaction.on_commit(partial(_delete_all, storage, names))


def upload_finalize(*, upload_id: uuid.UUID) -> Upload | None:
    """Make the whole upload a submission file, after checking its size and digests. Safe to call twice.

    Local storage: the data file is moved into place (a rename, no copy). It is read only when it is gzip (its
    expanded size is capped) or when the digests could not be kept as the chunks arrived. Object storage: the
    parts are read back in order into the final object, measured and (if need be) hashed in that one pass.
    """
    upload = Upload.objects.select_related("submission", "created_by").filter(pk=upload_id).first()
    if upload is None or upload.status != UploadStatus.ASSEMBLING:
        return upload
    storage = _storage()
    if _is_local(storage):
        return _finalize_local(storage, upload)
    kept = _running_digests(upload) if _digests_complete(upload) else {}
    hashes = Hashes([], sha256=False) if kept else Hashes(["md5"] if upload.expected_md5 else [])
    meter = GzipMeter(settings.PORTAL_MAX_DECOMPRESSED_BYTES)
    reader = PartsReader(storage, [p[1] for p in upload.parts], hashes, observe=meter.feed)
    target = stored_name(upload.submission_id)
    final_name: str | None = None
    try:
        final_name = storage.save(target, BigFile(cast(IO[bytes], reader)))
    except ValueError as exc:  # the decompressed-size cap
        _fail(upload.pk, f"{upload.filename}: {exc}", target if storage.exists(target) else None)
        return Upload.objects.get(pk=upload.pk)
    finally:
        reader.close()
    found = {n: d.hexdigest() for n, d in kept.items()} or {
        n: hashes.hexdigest(n) for n in ("sha256", "md5") if n in hashes.algorithms
    }
    problem = _finished_problem(upload, reader.size, found)
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
            sha256=found["sha256"],
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


def _finished_problem(upload: Upload, size: int, found: dict[str, str]) -> str | None:
    if size != upload.length:
        return f"{upload.filename}: {size:,} bytes arrived, {upload.length:,} were announced."
    if upload.expected_sha256 and found["sha256"] != upload.expected_sha256:
        return f"{upload.filename}: the SHA-256 of what arrived differs from yours; upload the file again."
    if upload.expected_md5 and found.get("md5") != upload.expected_md5:
        return f"{upload.filename}: the MD5 of what arrived differs from yours; upload the file again."
    return None


def _finalize_local(storage: Storage, upload: Upload) -> Upload:
    data, target = _data_name(upload.pk), _final_name(upload)
    # A finaliser that died after the move left the file at its final name.
    source = data if storage.exists(data) else target
    path = storage.path(source)
    kept = _running_digests(upload) if _digests_complete(upload) else {}
    found = {n: d.hexdigest() for n, d in kept.items()}
    try:
        if not kept or _local_is_gzip(storage, source):
            # The one read of the file: a gzip's expanded size, and the digests if they were not kept.
            hashes = Hashes([], sha256=False) if kept else Hashes(["md5"] if upload.expected_md5 else [])
            meter = GzipMeter(settings.PORTAL_MAX_DECOMPRESSED_BYTES)
            with open(path, "rb") as stream:
                while block := stream.read(BIG_BLOCK):
                    hashes.update(block)
                    meter.feed(block)
            found = found or {n: hashes.hexdigest(n) for n in hashes.algorithms}
    except ValueError as exc:  # the decompressed-size cap
        _fail(upload.pk, f"{upload.filename}: {exc}", target)
        return Upload.objects.get(pk=upload.pk)
    size = os.path.getsize(path)
    problem = _finished_problem(upload, size, found)
    if problem:
        _fail(upload.pk, problem, target)
        return Upload.objects.get(pk=upload.pk)
    try:
        with transaction.atomic():
            # Under the upload's lock, so two finalisers cannot both record the file (the second would
            # replace the first's record, and delete the file they share).
            locked = (
                Upload.objects.select_for_update()
                .filter(pk=upload.pk, status=UploadStatus.ASSEMBLING)
                .first()
            )
            if locked is None:
                return Upload.objects.get(pk=upload.pk)
            if source == data:
                final_path = storage.path(target)
                os.makedirs(os.path.dirname(final_path), exist_ok=True)
                os.replace(path, final_path)
            record = submission_file_record(
                submission=upload.submission,
                by=upload.created_by,
                name=upload.filename,
                stored_name=target,
                size=size,
                sha256=found["sha256"],
            )
            _move(locked, UploadStatus.DONE)
            locked.file = record
            locked.save(update_fields=["status", "file", "updated_at"])
    except ApplicationError as exc:
        _fail(upload.pk, exc.message, target)
        return Upload.objects.get(pk=upload.pk)
    return locked


def upload_content_check(*, upload: Upload) -> None:
    """After the first chunk: refuse at once (422) an upload whose first bytes are not text (a .docx, a PDF, a
    program named .fsa), instead of after gigabytes more. The upload is closed and its bytes dropped."""
    if upload.status != UploadStatus.RECEIVING or upload.offset == 0:
        return
    storage = _storage()
    first = _data_name(upload.pk) if _is_local(storage) else min(upload.parts)[1]
    with storage.open(first, "rb") as stream:
        problem = content_problem(upload.filename, stream.read(HEAD_BYTES))
    if problem is None:
        return
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.status == UploadStatus.RECEIVING:
            _move(locked, UploadStatus.CANCELLED)
            locked.failure = problem
            locked.save(update_fields=["status", "failure", "updated_at"])
            transaction.on_commit(partial(_delete_all, storage, _leftovers(locked, storage)))
    raise ApplicationError(problem, code="wrong_content", field="file", status=422)


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
        transaction.on_commit(partial(_delete_all, storage, _leftovers(locked, storage)))


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
