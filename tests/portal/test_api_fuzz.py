"""Schemathesis runs the whole OpenAPI schema against the live test server, as three users with tokens.

Every operation gets generated requests (valid ones, then invalid ones) sent as the owner of a seeded
submission (files and a finished run), a second submitter and a curator. Path ids are pinned to the owner's
objects, so the generated query and body reach the code behind the 404 check. It fails on:

* any 500;
* any answer the schema does not describe (status, content type, headers, body);
* any 2xx for the second submitter on the owner's objects (they must get 404, never a hint).

Failures are collected over the whole run and reported together. The run is bounded by
``PORTAL_FUZZ_EXAMPLES`` examples per operation and mode (default 6), about a minute on two cores.
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from accounts.models import User
from bioprojects.services import bioproject_register
from submissions.models import Submission
from submissions.services import submission_create, submission_file_add
from tests.fixtures.worker import execute_here
from validation.models import ValidationRun
from validation.services import validation_run_start

# A tus PATCH body is raw bytes under tus' own media type.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FASTA = b">contig1 [organism=Saccharomyces cerevisiae]\nACGTACGTACGTNNNNACGTACGTACGTACGTACGT\n"
TBL = b">Feature contig1\n1\t30\tgene\n\t\t\tlocus_tag\tTST_0001\n"


@dataclass
class Seed:
    submission: Submission
    run: ValidationRun
    bioproject_id: int
    artifact: str

    def path_parameters(self) -> dict[str, Any]:
        return {
            "submission_id": self.submission.pk,
            "run_id": self.run.pk,
            "bioproject_id": self.bioproject_id,
            "name": self.artifact,
            "file_id": self.submission.files.values_list("pk", flat=True).first() or 1,
        }


@dataclass
class Findings:
    seen: dict[tuple[str, str, str], str] = field(default_factory=dict)
    cases: int = 0

    def add(self, label: str, persona: str, problem: str, curl: str) -> None:
        key = (label, persona, problem.splitlines()[0][:160] if problem else "")
        self.seen.setdefault(key, f"{problem[:1500]}\n    {curl}")

    def report(self) -> str:
        return "\n".join(
            f"{label} as {who}: {what}\n    {curl}" for (label, who, what), curl in self.seen.items()
        )


def _seed(owner: User) -> Seed:
    project = bioproject_register(
        owner=owner,
        title="Fuzz project",
        description="Genome sequencing and assembly of a laboratory strain.",
        organism="Saccharomyces cerevisiae",
        data_type="genome_assembly",
        relevance="model_organism",
        organisation="Fuzz lab",
    )
    submission = submission_create(owner=owner, title="Fuzz genome", organism="Saccharomyces cerevisiae")
    for name, content in (("genome.fsa", FASTA), ("genome.tbl", TBL)):
        submission_file_add(submission=submission, by=owner, name=name, content=io.BytesIO(content))
    run = validation_run_start(submission=submission, by=owner, submit=False)
    execute_here(run.pk)
    run.refresh_from_db()
    artifact = run.artifacts.order_by("name").values_list("name", flat=True).first() or "report.json"
    return Seed(submission=submission, run=run, bioproject_id=project.pk, artifact=artifact)


def _exercise(
    operation: Any,
    mode: GenerationMode,
    pinned: dict[str, Any],
    label: str,
    theirs: bool,
    tokens: dict[str, str],
    session: requests.Session,
    findings: Findings,
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=pinned or None))
    @hsettings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # no shrinking: every failure is reported as found
    )
    def exercise(case: schemathesis.Case) -> None:
        findings.cases += 1
        # The second submitter first, while the owner's objects are as seeded; the owner last (it may change them).
        for persona in ("other", "curator", "owner"):
            headers = {"Authorization": f"Token {tokens[persona]}"}
            curl = case.as_curl_command(headers=headers)
            session.cookies.clear()  # the token alone says who this is
            try:
                response = case.call(session=session, headers=headers)
            except requests.ConnectionError as lost:
                findings.add(label, persona, f"no HTTP answer: {lost}", curl)
                continue
            if persona == "other" and theirs and 200 <= response.status_code < 300:
                findings.add(label, persona, f"{response.status_code} on the owner's object", curl)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as group:
                for failure in group.exceptions:
                    findings.add(label, persona, f"{type(failure).__name__}: {failure}".strip(), curl)
            except AssertionError as failure:  # a single failure comes alone
                findings.add(label, persona, f"{type(failure).__name__}: {failure}".strip(), curl)

    try:
        exercise()
    except Unsatisfiable:
        # Negative mode on an operation with nothing to make invalid (no parameters, no body).
        assert mode is GenerationMode.NEGATIVE, label


def _token(user: User) -> str:
    return Token.objects.get_or_create(user=user)[0].key


def test_the_whole_schema_under_fuzzing(
    live_server: Any, settings: Any, submitter: User, other_submitter: User, curator: User
) -> None:
    # The throttles and the run limit are tested elsewhere; here they would turn most answers into 429s.
    settings.REST_FRAMEWORK = {
        **django_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]),
    }
    settings.VALIDATION_RUNS_PER_WINDOW = 10_000
    seed = _seed(submitter)
    tokens = {"other": _token(other_submitter), "curator": _token(curator), "owner": _token(submitter)}
    raw = requests.get(
        f"{live_server.url}/api/schema/?format=json",
        headers={"Authorization": f"Token {tokens['owner']}"},
        timeout=60,
    )
    raw.raise_for_status()
    schema = schemathesis.openapi.from_dict(raw.json())
    schema.config.update(base_url=live_server.url)  # type: ignore[attr-defined]
    findings = Findings()
    session = requests.Session()
    started = time.monotonic()

    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        # The owner's DELETE/POST may change the seed (a submit, a deleted file): each operation starts fresh.
        if Submission.objects.filter(pk=seed.submission.pk, status=seed.submission.status).count() == 0:
            seed = _seed(submitter)
        pinned = {k: v for k, v in seed.path_parameters().items() if k in operation.path_parameters}
        theirs = "submission_id" in pinned or "bioproject_id" in pinned

        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(operation, mode, pinned, label, theirs, tokens, session, findings)

    # Keep-alive would hold a live-server thread, and its database session, past the test.
    session.close()
    elapsed = time.monotonic() - started
    print(f"schemathesis: {findings.cases} cases x 3 users in {elapsed:.0f} s, {len(findings.seen)} failures")
    assert findings.cases > 100
    assert not findings.seen, findings.report()
