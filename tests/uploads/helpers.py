"""A small tus 1.0 client over Django's test client (the browser has its own in static/portal/upload.js)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.urls import reverse

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


def metadata(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def tus_create(client: Any, submission_id: int, name: str, length: int, **extra: str) -> Any:
    return client.post(
        reverse("api-submission-files", args=[submission_id]),
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=metadata(filename=name, **extra),
        **TUS,
    )


def tus_patch(client: Any, location: str, offset: int, data: bytes, **headers: str) -> Any:
    return client.generic(
        "PATCH",
        location,
        data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
        **headers,
    )


def tus_upload(
    client: Any, submission_id: int, name: str, data: bytes, chunk: int = 1000, **extra: str
) -> str:
    created = tus_create(client, submission_id, name, len(data), **extra)
    assert created.status_code == 201, created.content
    location = created.json()["location"]
    offset = 0
    while offset < len(data):
        response = tus_patch(client, location, offset, data[offset : offset + chunk])
        assert response.status_code == 204, response.content
        offset = int(response["Upload-Offset"])
    return str(location)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
