"""A REST client over real sockets (http.client), for the flows that must go through a real server: token
auth, JSON, multipart, tus, and a PATCH cut off mid-body the way a dropped connection cuts it."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import uuid
from typing import Any
from urllib.parse import urlsplit


class RestClient:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "localhost", parts.port or 80
        self.token = token

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        headers.update(extra or {})
        return headers

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=self._headers(headers))
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def json(self, method: str, path: str, data: Any = None) -> tuple[int, Any]:
        body = json.dumps(data).encode() if data is not None else None
        status, _, content = self.request(method, path, body, {"Content-Type": "application/json"})
        return status, json.loads(content) if content else None

    def multipart(self, path: str, name: str, content: bytes) -> tuple[int, Any]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, _, data = self.request(
            "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        return status, json.loads(data)

    # -- tus ----------------------------------------------------------------------------------------------

    def tus_create(self, path: str, name: str, length: int, **meta: str) -> str:
        pairs = {"filename": name, **meta}
        header = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in pairs.items())
        status, headers, body = self.request(
            "POST",
            path,
            b"",
            {"Tus-Resumable": "1.0.0", "Upload-Length": str(length), "Upload-Metadata": header},
        )
        assert status == 201, body
        return urlsplit(headers["location"]).path

    def tus_offset(self, location: str) -> int:
        status, headers, _ = self.request("HEAD", location, None, {"Tus-Resumable": "1.0.0"})
        assert status == 200
        return int(headers["upload-offset"])

    def tus_patch(self, location: str, offset: int, chunk: bytes) -> int:
        status, headers, body = self.request(
            "PATCH",
            location,
            chunk,
            {
                "Tus-Resumable": "1.0.0",
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
            },
        )
        assert status == 204, body
        return int(headers["upload-offset"])

    def tus_patch_cut(self, location: str, offset: int, chunk: bytes, cut_after: int) -> None:
        """Announce the whole chunk, send ``cut_after`` bytes of it, and drop the connection."""
        head = (
            f"PATCH {location} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAuthorization: Token {self.token}\r\n"
            f"Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n"
            f"Content-Length: {len(chunk)}\r\n\r\n"
        ).encode()
        sock = socket.create_connection((self.host, self.port), timeout=30)
        try:
            sock.sendall(head + chunk[:cut_after])
        finally:
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def tus_upload(self, path: str, name: str, data: bytes, chunk: int, **meta: str) -> str:
        location = self.tus_create(path, name, len(data), **meta)
        offset = 0
        while offset < len(data):
            offset = self.tus_patch(location, offset, data[offset : offset + chunk])
        return location
