"""Search benchmark: 100,000 generated public records in PostgreSQL, Entrez-like queries timed end to end.

    .venv/bin/python bench/bench_search.py [--records 100000] [--repeat 20] [--keep]

Creates (or reuses, with --keep) the database ``portal_bench_search`` on $BENCH_DATABASE_URL's server
(default postgres://postgres@127.0.0.1:5432), migrates it, generates records spread over 100 released
submissions, 40 organisms in every taxonomic node, genes, products and locus_tags, then times
``records.search.records_search`` (the count, one page of 20 and the four facets: what /search/ and
/api/v1/records/ do per request) for each query, ``--repeat`` times, and prints p50/p95 per query and overall.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
DB = "portal_bench_search"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DJANGO_DEBUG", "0")

QUERIES = [
    "",
    "BNC0050124[accession]",
    "BNC0050124.1",
    "Saccharomyces[organism]",
    "kinase[product]",
    "kinase[product] AND Saccharomyces[organism]",
    "kinase[product] OR transporter[product]",
    "Fungi[organism] NOT Saccharomyces[organism]",
    '"ATP synthase subunit beta"[product]',
    "dehydrogenase",
    "BEN_004711[locus_tag]",
    "PRJBN000007[bioproject]",
    "vertebrate_mammalian[node] AND protein[molecule]",
    "ADH1[gene]",
    "(kinase[product] OR ligase[product]) AND Drosophila[organism]",
]

ORGANISMS = [
    ("Saccharomyces cerevisiae", "Eukaryota; Fungi; Ascomycota; Saccharomycetes; Saccharomyces", "fungi"),
    ("Aspergillus niger", "Eukaryota; Fungi; Ascomycota; Eurotiomycetes; Aspergillus", "fungi"),
    (
        "Homo sapiens",
        "Eukaryota; Metazoa; Chordata; Vertebrata; Mammalia; Primates; Homo",
        "vertebrate_mammalian",
    ),
    (
        "Mus musculus",
        "Eukaryota; Metazoa; Chordata; Vertebrata; Mammalia; Rodentia; Mus",
        "vertebrate_mammalian",
    ),
    ("Danio rerio", "Eukaryota; Metazoa; Chordata; Vertebrata; Actinopterygii; Danio", "vertebrate_other"),
    (
        "Drosophila melanogaster",
        "Eukaryota; Metazoa; Arthropoda; Insecta; Diptera; Drosophila",
        "invertebrate",
    ),
    ("Arabidopsis thaliana", "Eukaryota; Viridiplantae; Streptophyta; Brassicaceae; Arabidopsis", "plant"),
    ("Plasmodium falciparum", "Eukaryota; Apicomplexa; Aconoidasida; Plasmodium", "protozoa"),
    ("Escherichia coli", "Bacteria; Pseudomonadota; Gammaproteobacteria; Escherichia", "bacteria"),
    ("Methanocaldococcus jannaschii", "Archaea; Euryarchaeota; Methanococci; Methanocaldococcus", "archaea"),
]
WORDS = [
    "kinase",
    "transporter",
    "dehydrogenase",
    "ligase",
    "synthase",
    "reductase",
    "hypothetical protein",
    "ATP synthase subunit beta",
    "phosphoglycerate kinase",
    "ribosomal protein L3",
    "helicase",
    "permease",
]
GENES = ["ADH1", "PGK1", "ATP2", "RPL3", "CDC28", "HIS3", "URA3", "LEU2", "TRP1", "GAL4"]


def setup_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB}"')


def generate(n: int) -> None:
    from django.utils import timezone

    from accounts.models import User
    from records.models import PublicRecord
    from submissions.models import Submission
    from submissions.status import Status

    if PublicRecord.objects.count() >= n:
        return
    PublicRecord.objects.all().delete()
    owner, _ = User.objects.get_or_create(username="bench_owner")
    submissions = [
        Submission.objects.create(owner=owner, title=f"bench {i}", status=Status.RELEASED) for i in range(100)
    ]
    rng = random.Random(1)
    now = timezone.now()
    batch: list[PublicRecord] = []
    started = time.monotonic()
    for i in range(n):
        organism, lineage, node = ORGANISMS[i % len(ORGANISMS)]
        protein = i % 3 != 0
        product = rng.choice(WORDS)
        gene = rng.choice(GENES) if rng.random() < 0.3 else ""
        locus = f"BEN_{i:06d}"
        acc = f"BNC{i:07d}" if not protein else f"BNP{i:07d}"
        seq = "".join(rng.choice("ACGT") for _ in range(60))
        bioproject = f"PRJBN{(i % 50):06d}"
        text = " ".join(
            [
                acc,
                f"{acc}.1",
                organism,
                lineage,
                product,
                gene,
                locus,
                bioproject,
                node,
                "protein" if protein else "DNA",
            ]
        )
        batch.append(
            PublicRecord(
                accession=acc,
                version=1,
                accession_version=f"{acc}.1",
                kind="protein" if protein else "nucleotide",
                node=node,
                molecule="protein" if protein else "DNA",
                organism=organism,
                lineage=lineage,
                definition=f"{product} [{organism}]",
                gene=gene,
                product=product,
                locus_tag=locus,
                length=len(seq),
                submission=submissions[i % 100],
                bioproject=bioproject,
                flatfile=f"LOCUS       {acc}\n//\n",
                sequence=seq,
                sha256=f"{i:064d}",
                search_text=text,
                released_at=now,
            )
        )
        if len(batch) == 5000:
            PublicRecord.objects.bulk_create(batch)
            batch = []
    PublicRecord.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE records_publicrecord")
    print(f"generated {n:,} records in {time.monotonic() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generate(args.records)
    from records.search import records_search

    every: list[float] = []
    print(f"{'query':<62}{'total':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for query in QUERIES:
        times = []
        total = 0
        for i in range(args.repeat + 2):
            t0 = time.perf_counter()
            result = records_search(query=query, page=1 + (i % 3))
            elapsed = (time.perf_counter() - t0) * 1000
            total = result.total
            if i >= 2:  # two warm-ups: the first plan and cache fill
                times.append(elapsed)
        every.extend(times)
        q = statistics.quantiles(times, n=20)
        print(
            f"{query or '(empty: every record)':<62}{total:>8}{statistics.median(times):>9.1f}{q[18]:>9.1f}"
        )
    q = statistics.quantiles(every, n=20)
    print(
        f"ALL ({len(every)} searches on {args.records:,} records): p50 {statistics.median(every):.1f} ms, "
        f"p95 {q[18]:.1f} ms, max {max(every):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
