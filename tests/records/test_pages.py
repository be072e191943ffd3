"""Record pages, views, redirects, search and the public API, read anonymously as the public reads them."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

import pytest
from Bio import BiopythonWarning, SeqIO
from django.test import Client
from django.urls import reverse

from accessions.models import AccessionAssignment, AccessionKind
from portal.errors import ApplicationError
from records.models import PublicRecord, RecordKind
from records.search import parse_query, records_search
from records.selectors import public_records
from submissions.models import Submission
from tests.fixtures.users import api_client_for

pytestmark = pytest.mark.django_db(transaction=True)


def _location(response: object) -> str:
    return str(response["Location"])  # type: ignore[index]


def _read(text: str, fmt: str = "genbank") -> list[object]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", BiopythonWarning)
        return list(SeqIO.parse(io.StringIO(text), fmt))  # type: ignore[no-untyped-call]


def test_record_page_views_links_and_redirects(released_genome: Callable[..., Submission]) -> None:
    submission = released_genome()
    client = Client()
    nucleotide = public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).first()
    protein = public_records().filter(submission=submission, kind=RecordKind.PROTEIN).first()
    assert nucleotide is not None and protein is not None
    url = reverse("records:detail", args=[nucleotide.accession_version])
    page = client.get(url).content.decode()
    assert f'ACCESSION   <a href="/records/{nucleotide.accession}">{nucleotide.accession}</a>' in page
    assert f'/protein_id=&quot;<a href="/records/{protein.accession_version}">' in page  # proteins linked
    assert "https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=4932" in page  # db_xref taxon linked
    assert protein.accession_version in page  # listed beside the genome record
    fasta = client.get(url + "?report=fasta").content.decode()
    assert f"&gt;{nucleotide.accession_version} " in fasta and nucleotide.sequence[:70] in fasta
    svg = client.get(reverse("records:graphic", args=[nucleotide.accession_version]) + "?from=1&to=5000")
    assert (
        svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content and b'data-to="5000"' in svg.content
    )
    assert (
        b"feature CDS" in client.get(reverse("records:graphic", args=[nucleotide.accession_version])).content
    )
    download = client.get(reverse("records:download", args=[protein.accession_version]))
    [parsed] = _read(download.content.decode())
    assert str(parsed.seq) == protein.sequence  # type: ignore[attr-defined]
    # An unversioned accession, a SeqID and a locus_tag lead to the current record.
    assert _location(client.get(reverse("records:detail", args=[nucleotide.accession]))) == url
    seq = AccessionAssignment.objects.get(submission=submission, accession__accession=nucleotide.accession)
    assert _location(client.get(reverse("records:detail", args=[seq.local_id]))) == url
    assert _location(client.get(reverse("records:detail", args=[protein.locus_tag]))) == reverse(
        "records:detail", args=[protein.accession_version]
    )
    assert client.get(reverse("records:detail", args=["ZZ999999.1"])).status_code == 404
    assert client.get(reverse("records:history", args=[nucleotide.accession_version])).status_code == 200


def test_api_formats(released_genome: Callable[..., Submission]) -> None:
    submission = released_genome()
    api = api_client_for(None)
    record = public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).first()
    assert record is not None
    base = f"/api/v1/records/{record.accession_version}/"
    body = api.get(base).json()
    assert body["accession_version"] == record.accession_version and body["kind"] == "nucleotide"
    gb = api.get(base + "?format=gb")
    assert gb["Content-Type"].startswith("text/x-genbank") and gb.content.decode() == record.flatfile
    fa = api.get(base + "?format=fasta").content.decode()
    assert _read(fa, "fasta")[0].id == record.accession_version  # type: ignore[attr-defined]
    assert api.get(f"/api/v1/records/{record.accession}/?format=gb").status_code == 302
    missing = api.get("/api/v1/records/NOPE000001.1/")
    assert missing.status_code == 404 and set(missing.json()) >= {"code", "message"}
    found = api.get("/api/v1/records/", {"q": f"{record.accession}[accession]"}).json()
    assert [r["accession_version"] for r in found["results"]] == [record.accession_version]
    bad = api.get("/api/v1/records/", {"q": "kinase[colour]"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_query" and "q" in bad.json()["fields"]


def test_search_field_tags_operators_facets_and_paging(released_genome: Callable[..., Submission]) -> None:
    submission = released_genome()
    proteins = list(public_records().filter(submission=submission, kind=RecordKind.PROTEIN))
    total = public_records().filter(submission=submission).count()
    assert records_search(query="Saccharomyces[organism]").total == total
    assert records_search(query="Fungi[organism]").total == total  # the lineage counts as organism
    product = proteins[0].product.split()[-1]
    hits = records_search(query=f'"{proteins[0].product}"[product] AND Saccharomyces[organism]')
    assert proteins[0].accession_version in {r.accession_version for r in hits.records}
    assert all(proteins[0].product.lower() in r.product.lower() for r in hits.records)
    assert records_search(query=f"{product}[product] NOT Saccharomyces[organism]").total == 0
    either = records_search(
        query=f"{proteins[0].accession}[accession] OR {proteins[1].accession}[accession]"
    ).total
    assert either == 2
    assert records_search(query=f"{proteins[0].locus_tag}[locus_tag] AND protein[molecule]").total == 1
    assert records_search(query=f"{proteins[0].locus_tag}").total >= 1  # untagged: every field
    facets = records_search(query="fungi[node]").facets
    assert dict(facets["kind"]) == {
        "protein": len(proteins),
        "nucleotide": total - len(proteins),
    }
    page1 = records_search(query="", page=1, page_size=2)
    page2 = records_search(query="", page=2, page_size=2)
    assert page1.pages == (total + 1) // 2 and not {r.pk for r in page1.records} & {
        r.pk for r in page2.records
    }
    assert records_search(query="", filters={"kind": "protein"}).total == len(proteins)
    for broken in ("(kinase", "kinase)", "AND", "x[nofield]"):
        with pytest.raises(ApplicationError):
            parse_query(broken)
    page = Client().get(reverse("records:search"), {"q": "Saccharomyces[organism]", "kind": "protein"})
    assert f"{len(proteins)} records" in page.content.decode()


def test_old_versions_stay_readable_and_diffable(released_genome: Callable[..., Submission]) -> None:
    submission = released_genome()
    record = public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).first()
    assert record is not None
    # A version 2 as a genome update makes one (the update path itself is the accessions app's, tested there).
    old_flat = record.flatfile
    PublicRecord.objects.filter(pk=record.pk).update(is_current=False)
    new = PublicRecord.objects.get(pk=record.pk)
    new.pk = None
    new.version = 2
    new.accession_version = f"{record.accession}.2"
    new.is_current = True
    new.flatfile = old_flat.replace("DEFINITION  ", "DEFINITION  Updated ")
    new.save()
    client = Client()
    assert _location(client.get(reverse("records:detail", args=[record.accession]))).endswith(
        f"{record.accession}.2"
    )
    old_page = client.get(reverse("records:detail", args=[record.accession_version])).content.decode()
    assert 'id="not-current"' in old_page
    diff = client.get(reverse("records:diff", args=[record.accession]) + "?a=1&b=2").content.decode()
    assert "+DEFINITION  Updated" in diff
    assert AccessionAssignment.objects.filter(submission=submission, kind=AccessionKind.NUCLEOTIDE).exists()
