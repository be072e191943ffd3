"""A resumable upload (tus 1.0): the bytes received so far, stored as parts, until the file is whole."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from uploads.status import UploadStatus


class Upload(models.Model):
    # The tus upload id is in the URL; a random UUID cannot be guessed or enumerated.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="uploads")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    # [[offset, stored name, size], ...]: the committed parts, in order. Each PATCH adds one.
    parts = models.JSONField(default=list, blank=True)
    # The running digests of bytes 0..offset, saved after each chunk (uploads.digests): {"sha256": hex state,
    # "md5": ...}. Empty when this server cannot save them; the file is then hashed when it is joined.
    digest_state = models.JSONField(default=dict, blank=True)
    expected_sha256 = models.CharField(max_length=64, blank=True)
    expected_md5 = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=20, choices=UploadStatus.choices, default=UploadStatus.RECEIVING)
    failure = models.TextField(blank=True)
    file = models.ForeignKey(
        "submissions.SubmissionFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"
