"""`make run`'s demo data: a newcomer, not signed in, finds a released genome by search, reads it, BLASTs
against it and downloads the current release."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.test import Client

from records.blast import blast_database_current
from records.models import RecordKind
from records.releases import release_current
from records.selectors import public_records

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_has_a_released_genome_a_release_and_blast_databases() -> None:
    call_command("demo_setup", "--quiet-passwords")
    call_command("demo_setup", "--quiet-passwords")  # safe to run again: nothing doubles
    proteins = public_records().filter(kind=RecordKind.PROTEIN)
    assert public_records().filter(kind=RecordKind.NUCLEOTIDE).count() == 2 and proteins.count() >= 4
    release = release_current()
    assert release is not None and release.statistics["totals"]["proteins"] == proteins.count()
    if shutil.which("makeblastdb"):
        database = blast_database_current()
        assert database is not None and database.proteins == proteins.count()
    client = Client()
    found = client.get("/search/", {"q": "Saccharomyces[organism]"}).content.decode()
    assert f"{public_records().count()} records" in found
    assert client.get("/downloads/").status_code == 200
