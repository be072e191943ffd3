"""Nothing on hold leaks: every public route, walked by a submitter, a second submitter, a curator and an
anonymous visitor, before and after the held genome's release moment (pages, search results, counts,
facets, sitemap, API, release files and the BLAST databases)."""

from __future__ import annotations

import datetime
import gzip
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accessions.models import AccessionAssignment
from accessions.release import submissions_release_due
from accounts.models import User
from records.blast import blast_database_current, blast_databases_build
from records.models import RecordKind
from records.releases import release_build
from records.selectors import public_records
from submissions.models import Submission
from submissions.status import Status
from tests.fixtures.users import api_client_for, web_client_for
from tests.records.conftest import publish_all

pytestmark = pytest.mark.django_db(transaction=True)


def _accessions(submission: Submission) -> list[str]:
    rows = AccessionAssignment.objects.filter(submission=submission).exclude(kind="master")
    return [a.accession_version for a in rows.select_related("accession")]


def _walk(client: Client, api: Client, accessions: list[str]) -> tuple[str, dict[str, int]]:
    """Every public route's text, concatenated, and the status of each held record's own routes."""
    texts: list[str] = []
    statuses: dict[str, int] = {}
    for acc in accessions[:3] + accessions[-2:]:
        unversioned = acc.split(".")[0]
        for name in ("detail", "graphic", "download", "history", "diff"):
            response = client.get(reverse(f"records:{name}", args=[acc]))
            statuses[f"{name} {acc}"] = response.status_code
            texts.append(response.content.decode(errors="replace"))
        statuses[f"detail {unversioned}"] = client.get(
            reverse("records:detail", args=[unversioned])
        ).status_code
        statuses[f"api {acc}"] = api.get(f"/api/v1/records/{acc}/").status_code
        for q in (acc, f"{unversioned}[accession]"):
            # The query is echoed back (search box, "query"): what must not leak is a result or a count.
            page = client.get(reverse("records:search"), {"q": q}).content.decode()
            statuses[f"search page {q}"] = 404 if 'id="result-count">0 records' in page else 200
            found = api.get("/api/v1/records/", {"q": q}).json()
            statuses[f"search api {q}"] = 404 if found["total"] == 0 else 200
            texts.append(str(found["results"]) + str(found["facets"]))
    for path in (
        "/search/",
        "/search/?q=Saccharomyces[organism]",
        "/sitemap.xml",
        "/downloads/",
        "/releases/",
        "/blast/",
        "/api/v1/records/?page_size=200",
        "/api/v1/releases/",
    ):
        response = (api if path.startswith("/api/") else client).get(path)
        assert response.status_code == 200, path
        texts.append(response.content.decode())
    release = public_release_number(api)
    if release:
        for algorithm in ("sha256", "md5"):
            sums = client.get(
                reverse("records:release-checksums", args=[release, algorithm])
            ).content.decode()
            texts.append(sums)
        for line in sums.splitlines():
            node, name = line.split("  ")[1].split("/")
            response = client.get(reverse("records:release-file", args=[release, node, name]))
            texts.append(gzip.decompress(b"".join(response.streaming_content)).decode())  # type: ignore[attr-defined]
        texts.append(client.get(reverse("records:release-stats", args=[release])).content.decode())
        texts.append(client.get(reverse("records:release-notes", args=[release])).content.decode())
    return "\n".join(texts), statuses


def public_release_number(api: Client) -> int | None:
    releases = api.get("/api/v1/releases/").json()
    return releases[0]["number"] if releases else None


def _blast_titles() -> str:
    database = blast_database_current()
    if database is None or shutil.which("blastdbcmd") is None:
        return ""
    out = []
    for name in ("nucl", "prot"):
        if (Path(database.directory) / f"{name}.pin").exists() or (
            Path(database.directory) / f"{name}.nin"
        ).exists():
            result = subprocess.run(
                ["blastdbcmd", "-db", str(Path(database.directory) / name), "-entry", "all", "-outfmt", "%t"],
                capture_output=True,
                text=True,
                check=True,
            )
            out.append(result.stdout)
    return "\n".join(out)


def test_a_held_genome_leaks_nowhere_then_appears_everywhere_after_release(
    approved_genome: Callable[..., Submission],
    released_genome: Callable[..., Submission],
    personas: dict[str, User | None],
    submitter: User,
) -> None:
    held = approved_genome(held_days=30, seed=11, title="Held genome")
    released = released_genome(seed=5, title="Public genome")
    assert held.owner_id == submitter.pk
    held_accs = _accessions(held)
    public_accs = _accessions(released)
    assert held_accs and public_accs and not set(held_accs) & set(public_accs)
    release_build()
    if shutil.which("makeblastdb"):
        blast_databases_build()
    for who, user in personas.items():
        text, statuses = _walk(web_client_for(user), api_client_for(user), held_accs)
        leaked = [acc for acc in held_accs if acc in text or acc.split(".")[0] in text]
        assert leaked == [], f"{who} sees held accessions {leaked[:5]}"
        assert set(statuses.values()) == {404}, (who, statuses)
        assert public_accs[0] in text  # the walk does reach released data
        count = api_client_for(user).get("/api/v1/records/").json()["total"]
        assert count == len(public_accs), who  # counts leave the held genome out
    titles = _blast_titles()
    assert not [acc for acc in held_accs if acc in titles]
    if titles:
        assert public_accs[0] in titles

    # The release moment comes: within one cycle (release job, publication, BLAST, release) it is everywhere.
    assert held.release_date is not None
    moment = timezone.make_aware(datetime.datetime.combine(held.release_date, datetime.time()))
    assert submissions_release_due(now=moment) == [held.pk]
    held.refresh_from_db()
    assert held.status == Status.RELEASED
    assert publish_all() == [held.pk]
    release_build()
    if shutil.which("makeblastdb"):
        blast_databases_build()
    for who, user in personas.items():
        text, statuses = _walk(web_client_for(user), api_client_for(user), held_accs)
        assert all(acc in text for acc in held_accs[:3]), who
        assert {s for k, s in statuses.items() if k.startswith(("detail", "api", "search"))} <= {200, 302}, (
            statuses
        )
        assert api_client_for(user).get("/api/v1/records/").json()["total"] == len(public_accs) + len(
            held_accs
        )
    proteins = (
        public_records()
        .filter(submission=held, kind=RecordKind.PROTEIN)
        .values_list("accession_version", flat=True)
    )
    titles = _blast_titles()
    if titles:
        assert all(p in titles for p in proteins)
