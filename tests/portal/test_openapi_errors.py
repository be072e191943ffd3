"""The OpenAPI schema lists the one error body under every status an operation can give."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management import call_command

ERROR_REF = "#/components/schemas/Error"
METHODS = {"get", "post", "put", "patch", "delete"}


def _schema(tmp_path: Path) -> dict:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(out.read_text())


def _error_ref(response: dict) -> str | None:
    return response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")


def test_every_operation_lists_the_shared_error_body(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message", "fields"}
    # One error component: no app keeps a copy of its own.
    assert not [name for name in schema["components"]["schemas"] if "Error" in name and name != "Error"]
    operations = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            operations += 1
            wanted = {"400", "401", "403", "404", "429", "500"}
            if method in {"post", "put", "patch"}:
                wanted |= {"413", "415"}
            responses = operation["responses"]
            missing = wanted - set(responses)
            assert not missing, f"{method.upper()} {path} lacks {sorted(missing)}"
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    assert _error_ref(response) == ERROR_REF, f"{method.upper()} {path} {code}"
    assert operations > 40


def test_an_operation_keeps_its_own_description(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    # curation documents its 403 itself (a submitter, not a curator); the shared hook must not replace it.
    decide = schema["paths"]["/api/v1/review/{submission_id}/decision/"]["post"]
    assert "not a curator" in decide["responses"]["403"]["description"]
