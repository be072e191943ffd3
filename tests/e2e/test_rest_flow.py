"""The submitter's whole flow through the REST API alone, on a real HTTP server, a real Celery worker,
PostgreSQL and Redis (or the embedded fallbacks): BioProject, prefix, submission, uploads of the debian-sc16
and atub-scaf1-predict corpus files (one gzip, one cut off mid-chunk and resumed), validate, read a finding's
line in context, fix, submit."""

from __future__ import annotations

import gzip
import hashlib
import time
from typing import Any

import pytest

from accounts.models import User
from tests.e2e.restclient import RestClient
from tests.fixtures.users import PASSWORD
from tests.fixtures.worker import WorkerProcess, wait_for
from tests.shared_data import CORPUS, requires_corpus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.corpus,
    requires_corpus,
]


def _settled_run(client: RestClient, sid: int, run_id: int) -> dict[str, Any] | None:
    status, run = client.json("GET", f"/api/v1/submissions/{sid}/runs/{run_id}/")
    assert status == 200
    return run if run["status"] in ("finished", "failed") else None


def test_rest_flow(live_server: Any, celery_worker: WorkerProcess, submitter: User) -> None:
    anonymous = RestClient(live_server.url)
    status, token = anonymous.json(
        "POST", "/api/v1/auth/token/", {"username": submitter.username, "password": PASSWORD}
    )
    assert status == 200
    api = RestClient(live_server.url, token["token"])

    status, project = api.json(
        "POST",
        "/api/v1/bioprojects/",
        {
            "title": "Aspergillus tubingensis and yeast chromosome XVI",
            "description": "Annotated genome assemblies.",
            "organism": "Aspergillus tubingensis",
            "data_type": "genome_assembly",
            "relevance": "industrial",
            "organisation": "Example Institute",
        },
    )
    assert status == 201, project
    status, prefix = api.json(
        "POST", "/api/v1/locus-tag-prefixes/", {"bioproject": project["id"], "prefix": "ATUBSCAF1"}
    )
    assert status == 201, prefix
    status, submission = api.json(
        "POST",
        "/api/v1/submissions/",
        {"title": "REST genome", "bioproject": project["id"], "locus_tag_prefix": "ATUBSCAF1"},
    )
    assert status == 201, submission
    sid = submission["id"]
    files = f"/api/v1/submissions/{sid}/files/"

    sc16 = CORPUS / "debian-sc16" / "input"
    atub = CORPUS / "atub-scaf1-predict" / "input"
    assert api.multipart(files, "Sc_16.fsa", (sc16 / "Sc_16.fsa").read_bytes())[0] == 201
    api.tus_upload(files, "Sc_16.tbl", (sc16 / "Sc_16.tbl").read_bytes(), chunk=64)
    assert api.multipart(files, "atub_scaf1.sbt", (atub / "atub_scaf1.sbt").read_bytes())[0] == 201
    fasta_gz = gzip.compress((atub / "atub_scaf1.fsa").read_bytes())
    api.tus_upload(
        files, "atub_scaf1.fsa.gz", fasta_gz, chunk=256 * 1024, sha256=hashlib.sha256(fasta_gz).hexdigest()
    )

    # The feature table: the second chunk is cut off mid-body, the client asks where to go on, and resumes.
    table = (atub / "atub_scaf1.tbl").read_bytes()
    chunk = 100_000
    location = api.tus_create(files, "atub_scaf1.tbl", len(table), md5=hashlib.md5(table).hexdigest())
    offset = api.tus_patch(location, 0, table[:chunk])
    api.tus_patch_cut(location, offset, table[offset : offset + chunk], cut_after=30_000)
    resumed = wait_for(
        lambda: api.tus_offset(location) if api.tus_offset(location) > offset else None,
        timeout=10,
        what="the partial chunk to be kept",
    )
    assert offset < resumed < offset + chunk  # what arrived before the cut was kept, no more
    while resumed < len(table):
        resumed = api.tus_patch(location, resumed, table[resumed : resumed + chunk])
    status, upload = api.json("GET", location)
    assert upload["status"] == "done", upload

    status, listed = api.json("GET", files)
    by_name = {f["name"]: f for f in listed}
    assert set(by_name) == {"Sc_16.fsa", "Sc_16.tbl", "atub_scaf1.sbt", "atub_scaf1.fsa.gz", "atub_scaf1.tbl"}
    assert by_name["atub_scaf1.tbl"]["sha256"] == hashlib.sha256(table).hexdigest()
    assert by_name["atub_scaf1.fsa.gz"]["size"] == len(fasta_gz)

    # Validate only: the scaffold has no organism anywhere, which blocks.
    status, run = api.json("POST", f"/api/v1/submissions/{sid}/validate/")
    assert status == 202, run
    run = wait_for(lambda: _settled_run(api, sid, run["id"]), timeout=120, what="the validation run")
    assert run["status"] == "finished", run["failure"]
    assert run["summary"]["blocking"] is True
    status, page = api.json("GET", f"/api/v1/submissions/{sid}/runs/{run['id']}/findings/?severity=ERROR")
    errors = page["results"]
    no_org = next(f for f in errors if f["code"] == "SEQ_DESCR.NoOrgFound")
    assert (no_org["file"], no_org["line"], no_org["seq_id"]) == ("atub_scaf1.fsa.gz", 1, "scaffold_1")
    assert no_org["fix"]
    status, context = api.json(
        "GET", f"/api/v1/submissions/{sid}/runs/{run['id']}/context/?file=atub_scaf1.fsa.gz&line=1&around=2"
    )
    assert status == 200 and context["lines"][0] == [1, ">scaffold_1"]
    status, artifacts = api.json("GET", f"/api/v1/submissions/{sid}/runs/{run['id']}/artifacts/")
    names = {a["name"] for a in artifacts}
    assert "errorsummary.val" in names and "atub_scaf1.val" in names
    status, _, errorsummary = api.request(
        "GET", f"/api/v1/submissions/{sid}/runs/{run['id']}/artifacts/errorsummary.val"
    )
    assert status == 200 and b"SEQ_DESCR.NoOrgFound" in errorsummary

    # The fix: say the organism (tbl2asn -j), then submit.
    status, fixed = api.json(
        "PATCH",
        f"/api/v1/submissions/{sid}/",
        {"organism": "Aspergillus tubingensis", "source_modifiers": {"strain": "DFA_scaf1"}},
    )
    assert status == 200, fixed
    status, second = api.json("POST", f"/api/v1/submissions/{sid}/submit/")
    assert status == 202, second
    second = wait_for(lambda: _settled_run(api, sid, second["id"]), timeout=120, what="the second run")
    assert second["status"] == "finished" and second["summary"]["blocking"] is False, second["summary"]
    status, after = api.json("GET", f"/api/v1/submissions/{sid}/")
    assert after["status"] == "in_review"
    status, runs = api.json("GET", f"/api/v1/submissions/{sid}/runs/")
    assert [r["id"] for r in runs] == [second["id"], run["id"]]
    # The first run's report is still there, lines and all.
    status, again = api.json(
        "GET", f"/api/v1/submissions/{sid}/runs/{run['id']}/findings/?code=SEQ_DESCR.NoOrgFound"
    )
    assert again["count"] == 1
    time.sleep(0)  # keep the flow's timing visible in --durations
