"""A genome update, end to end through the services and APIs: a released genome (approved, its outputs built,
released), an update started from it with one protein kept, one changed, one removed and one new, and one
contig changed; the update's validation run tells the submitter which proteins lack (or misstate) their
accessions; after approval the fate report says what became of every protein and nucleotide."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from Bio.Seq import Seq

from accessions.models import Accession, AccessionAssignment, AccessionKind
from accessions.services import submission_fates
from accounts.models import User
from submissions.models import Submission
from submissions.services import submission_file_add
from submissions.status import Status
from tests.accessions.conftest import approve, outputs_ready, release_now, to_review
from tests.fixtures.users import api_client_for
from validation.services import validation_run_execute, validation_run_start

pytestmark = pytest.mark.django_db

KEPT, CHANGED, REMOVED, NEW, KEPT_TOO = (f"gnl|TST|TST_0000{n}0" for n in (1, 2, 4, 5, 3))


def _blocks(tbl: str) -> list[list[str]]:
    """The table as blocks: a '>Feature' line, or one gene with the features after it up to the next gene."""
    blocks: list[list[str]] = []
    for line in tbl.splitlines():
        starts = line.startswith(">Feature") or line.endswith("\tgene")
        if starts or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _without(tbl: str, protein_id: str) -> str:
    kept = [b for b in _blocks(tbl) if f"\t\t\tprotein_id\t{protein_id}" not in b]
    return "\n".join(line for block in kept for line in block) + "\n"


def _with_accessions(tbl: str, accessions: dict[str, str]) -> str:
    for own, accession in accessions.items():
        tbl = tbl.replace(f"\tprotein_id\t{own}\n", f"\tprotein_id\t{own}|gb|{accession}\n")
    return tbl


def _cds_intervals(tbl: str, protein_id: str) -> tuple[list[tuple[int, int]], int]:
    """The CDS rows (from, to) of a protein, and its codon_start."""
    for block in _blocks(tbl):
        if f"\t\t\tprotein_id\t{protein_id}" not in block:
            continue
        start = next(i for i, line in enumerate(block) if line.endswith("\tCDS"))
        rows = []
        for line in block[start:]:
            parts = line.split("\t")
            if parts[0] and parts[1]:
                rows.append((int(parts[0].lstrip("<>")), int(parts[1].lstrip("<>"))))
            elif rows and parts[0] == "":
                break
        codon = re.search(r"\tcodon_start\t(\d)", "\n".join(block[start:]))
        return rows, int(codon.group(1)) if codon else 1
    raise AssertionError(f"no CDS for {protein_id}")


def _translate(seq: str, rows: list[tuple[int, int]], codon_start: int) -> str:
    spliced = ""
    for a, b in rows:
        part = Seq(seq[min(a, b) - 1 : max(a, b)])
        spliced += str(part if a <= b else part.reverse_complement())
    coding = spliced[codon_start - 1 :]
    return str(Seq(coding[: len(coding) // 3 * 3]).translate())


def _mutate_protein(fasta: str, tbl: str, seq_id: str, protein_id: str) -> str:
    """Change one base inside the protein's second CDS row so its translation changes and gains no stop."""
    header, _, rest = fasta.partition(f">{seq_id} ")
    defline, _, body = rest.partition("\n")
    seq_lines, _, after = body.partition("\n>")
    seq = seq_lines.replace("\n", "")
    rows, codon_start = _cds_intervals(tbl, protein_id)
    before = _translate(seq, rows, codon_start)
    a, b = rows[1]
    for position in range(min(a, b) + 30, max(a, b) - 30):
        for base in "ACGT":
            if base == seq[position - 1]:
                continue
            changed = seq[: position - 1] + base + seq[position:]
            after_protein = _translate(changed, rows, codon_start)
            if after_protein != before and after_protein.count("*") == before.count("*"):
                wrapped = "\n".join(changed[i : i + 60] for i in range(0, len(changed), 60))
                return f"{header}>{seq_id} {defline}\n{wrapped}\n" + (f">{after}" if after else "")
    raise AssertionError("no base to change")


def _run(submission: Submission, by: User) -> int:
    run = validation_run_start(submission=submission, by=by, submit=True)
    validation_run_execute(run_id=run.pk)
    return run.pk


def _protein_accessions(submission: Submission) -> dict[str, str]:
    rows = AccessionAssignment.objects.filter(submission=submission, kind=AccessionKind.PROTEIN)
    return {a.protein_id: a.accession_version for a in rows.select_related("accession")}


def _nucleotides(submission: Submission) -> dict[str, str]:
    rows = AccessionAssignment.objects.filter(submission=submission, kind=AccessionKind.NUCLEOTIDE)
    return {a.local_id: a.accession_version for a in rows.select_related("accession")}


def test_update_fates_kept_changed_new_removed_and_the_runs_accession_findings(
    reviewed: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
    submitter: User,
    curator: User,
) -> None:
    files = synthetic_genome()
    fasta, full_tbl = files["genome.fsa"].decode(), files["genome.tbl"].decode()
    assert all(f"\tprotein_id\t{p}\n" in full_tbl for p in (KEPT, CHANGED, REMOVED, NEW, KEPT_TOO))
    # The released genome lacks NEW; the update has it, and lacks REMOVED.
    released = reviewed({"genome.fsa": fasta.encode(), "genome.tbl": _without(full_tbl, NEW).encode()})
    approve(released, curator)
    outputs_ready(released)
    release_now(released, submitter)
    before_proteins, before_nucs = _protein_accessions(released), _nucleotides(released)
    assert set(before_proteins) == {KEPT, CHANGED, REMOVED, KEPT_TOO}
    assert set(before_nucs) == {"scaffold_0001", "scaffold_0002"}

    client = api_client_for(submitter)
    started = client.post(f"/api/v1/submissions/{released.pk}/updates/")
    assert started.status_code == 201, started.content
    update = Submission.objects.get(pk=started.json()["id"])
    assert started.json()["update_of"] == released.pk

    # CHANGED's protein changes (one base on scaffold_0001); scaffold_0002 keeps its sequence.
    new_fasta = _mutate_protein(fasta, full_tbl, "scaffold_0001", CHANGED)
    assert new_fasta.split(">scaffold_0002")[1] == fasta.split(">scaffold_0002")[1]
    update_tbl = _without(full_tbl, REMOVED)

    # First try: KEPT carries no accession, KEPT_TOO carries CHANGED's. The run says so, with file:line.
    wrong = _with_accessions(
        update_tbl, {CHANGED: before_proteins[CHANGED], KEPT_TOO: before_proteins[CHANGED]}
    )
    for name, text in (("genome.fsa", new_fasta), ("genome.tbl", wrong)):
        submission_file_add(submission=update, by=submitter, name=name, content=io.BytesIO(text.encode()))
    run_id = _run(update, submitter)
    update.refresh_from_db()
    assert update.status == Status.NEEDS_FIX
    listed = client.get(
        f"/api/v1/submissions/{update.pk}/runs/{run_id}/findings/?code=UPDATE.ProteinAccessionMissing"
    )
    assert listed.status_code == 200, listed.content
    body = listed.json()
    found = body["results"] if isinstance(body, dict) else body
    assert len(found) == 1, found
    missing = found[0]
    # The CDS's protein_id line of KEPT in the uploaded table.
    lines = wrong.splitlines()
    cds = next(
        i
        for i, line in enumerate(lines)
        if line.endswith("\tCDS") and f"protein_id\t{KEPT}" in "\n".join(lines[i : i + 6])
    )
    line = next(i for i in range(cds, len(lines)) if lines[i] == f"\t\t\tprotein_id\t{KEPT}") + 1
    assert (missing["severity"], missing["file"], missing["line"]) == ("ERROR", "genome.tbl", line)
    assert before_proteins[KEPT] in missing["message"]
    assert f"{KEPT}|gb|{before_proteins[KEPT]}" in missing["fix"]
    mismatch = client.get(
        f"/api/v1/submissions/{update.pk}/runs/{run_id}/findings/?code=UPDATE.ProteinAccessionMismatch"
    ).json()
    mismatch = mismatch["results"] if isinstance(mismatch, dict) else mismatch
    assert [(f["severity"], f["file"]) for f in mismatch] == [("ERROR", "genome.tbl")]
    assert KEPT_TOO in mismatch[0]["message"] and f"it belongs to {CHANGED}" in mismatch[0]["message"]

    # Fixed: every protein the update keeps carries its accession with its own identifier.
    right = _with_accessions(update_tbl, {p: before_proteins[p] for p in (KEPT, CHANGED, KEPT_TOO)})
    submission_file_add(
        submission=update, by=submitter, name="genome.tbl", content=io.BytesIO(right.encode())
    )
    to_review(update, submitter)
    approve(update, curator)
    record = outputs_ready(update)

    after_proteins, after_nucs = _protein_accessions(update), _nucleotides(update)
    acc = {p: v.partition(".")[0] for p, v in before_proteins.items()}
    expected_proteins = [
        ("kept", acc[KEPT], 1, 1, KEPT),
        ("kept", acc[KEPT_TOO], 1, 1, KEPT_TOO),
        ("changed", acc[CHANGED], 1, 2, CHANGED),
        ("removed", acc[REMOVED], 1, None, REMOVED),
    ]
    new_accession = after_proteins[NEW].partition(".")[0]
    expected_proteins.append(("new", new_accession, None, 1, NEW))
    nuc = {s: v.partition(".")[0] for s, v in before_nucs.items()}
    expected_nucleotides = [("kept", nuc["scaffold_0002"], 1, 1), ("changed", nuc["scaffold_0001"], 1, 2)]

    def check(rows: list[dict[str, object]]) -> None:
        proteins = sorted(
            (
                (r["fate"], r["accession"], r["old_version"], r["new_version"], r["protein_id"])
                for r in rows
                if r["kind"] == "protein"
            ),
            key=str,
        )
        assert proteins == sorted(expected_proteins, key=str), proteins
        nucleotides = sorted(
            (r["fate"], r["accession"], r["old_version"], r["new_version"])
            for r in rows
            if r["kind"] == "nucleotide"
        )
        assert nucleotides == sorted(expected_nucleotides), nucleotides
        retired = {r["accession"]: r["retired"] for r in rows}
        assert retired[acc[REMOVED]] is True and not any(v for k, v in retired.items() if k != acc[REMOVED])

    check(submission_fates(submission=update))
    api = client.get(f"/api/v1/submissions/{update.pk}/fates/")
    assert api.status_code == 200, api.content
    assert api.json()["update_of"] == released.pk
    assert api.json()["counts"] == {"kept": 2, "changed": 1, "new": 1, "removed": 1}
    check(api.json()["rows"])

    # The removed accession is retired by this update and never given again; the new one is new to the portal.
    gone = Accession.objects.get(accession=acc[REMOVED])
    assert gone.retired_at is not None and gone.retired_by_id == update.pk
    assert not gone.assignments.filter(submission=update).exists()
    assert new_accession not in acc.values()
    assert Accession.objects.get(accession=new_accession).first_submission_id == update.pk
    # The approved outputs carry the new versions.
    flatfile = record.outputs.get(name="genome.gbf").stored.read().decode()
    assert f"{after_nucs['scaffold_0001']}" in flatfile and after_nucs["scaffold_0001"].endswith(".2")
    assert f'/protein_id="{after_proteins[CHANGED]}"' in flatfile and after_proteins[CHANGED].endswith(".2")
    assert f'/protein_id="{after_proteins[KEPT]}"' in flatfile and after_proteins[KEPT].endswith(".1")
