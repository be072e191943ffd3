"""Publication: a released submission's records become public, exactly once, never before the release.

The beat task ``records.discover`` creates a ``Publication`` for every RELEASED submission that has none
(idempotent: one row per submission, a unique column) and sends ``records.publish`` for each pending one;
nothing in the accessions app had to change, and no lower app imports this one. ``publication_run`` claims
the row with a conditional UPDATE (attempts is the fencing token), renders the released ``.sqn`` (the
approved one without its hold) and writes every record in one transaction under the submission's lock,
after checking again that the submission is released: a held submission has no public row, ever.
"""

from __future__ import annotations

import datetime
import io
import logging
import shutil
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accessions.models import Accession, AccessionAssignment, AccessionKind, ApprovedRecord
from records import conf, tasking
from records.derived import Header, protein_flatfile
from records.flatfiles import (
    NucleotideInfo,
    flatfile_records,
    nucleotide_info,
    released_seq_submit,
    write_released_sqn,
)
from records.models import (
    JobState,
    Publication,
    PublicRecord,
    RecordAlias,
    RecordFeature,
    RecordKind,
    RecordType,
    sources_of,
)
from records.search_text import search_text_for
from records.taxonomy import node_for
from submissions.models import Submission
from submissions.status import Status

log = logging.getLogger(__name__)


def publications_discover() -> list[int]:
    """Create the missing publications of released submissions; return the ids of those waiting."""
    missing = Submission.objects.filter(
        status=Status.RELEASED, approved_record__released_at__isnull=False, publication__isnull=True
    ).values_list("pk", flat=True)
    Publication.objects.bulk_create([Publication(submission_id=pk) for pk in missing], ignore_conflicts=True)
    now = timezone.now()
    waiting = Publication.objects.filter(
        Q(state=JobState.PENDING)
        | Q(state=JobState.FAILED, attempts__lt=conf.max_attempts())
        | Q(state=JobState.RUNNING, lease_expires_at__lt=now)
    )
    return list(waiting.values_list("pk", flat=True))


def publications_enqueue() -> list[int]:
    ids = publications_discover()
    for pk in ids:
        tasking.send(tasking.PUBLISH_TASK, pk)
    return ids


def publication_claim(*, publication_id: int, now: datetime.datetime | None = None) -> int | None:
    now = now or timezone.now()
    claimable = (
        Q(state=JobState.PENDING)
        | Q(state=JobState.FAILED, attempts__lt=conf.max_attempts())
        | Q(state=JobState.RUNNING, lease_expires_at__lt=now)
    )
    with transaction.atomic():
        updated = Publication.objects.filter(
            claimable, pk=publication_id, state__in=sources_of(JobState.RUNNING)
        ).update(
            state=JobState.RUNNING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + datetime.timedelta(seconds=conf.lease_seconds()),
        )
        if not updated:
            return None
        return Publication.objects.values_list("attempts", flat=True).get(pk=publication_id)


def publication_run(*, publication_id: int) -> bool:
    """Publish one released submission; True when this call did it. Safe to call twice, or at once."""
    attempt = publication_claim(publication_id=publication_id)
    if attempt is None:
        return False
    publication = Publication.objects.select_related("submission").get(pk=publication_id)
    try:
        done = _publish(publication, attempt)
    except Exception as exc:
        log.exception("publication %s failed", publication_id)
        Publication.objects.filter(pk=publication_id, attempts=attempt, state=JobState.RUNNING).update(
            state=JobState.FAILED, failure=f"{type(exc).__name__}: {exc}"[:2000], lease_expires_at=None
        )
        return False
    if done:
        transaction.on_commit(lambda: tasking.send(tasking.BLAST_BUILD_TASK))
    return done


def _approved_sqns(record: ApprovedRecord) -> list[tuple[str, object]]:
    return [(o.name, o.stored) for o in record.outputs.all() if o.name.endswith(".sqn")]


def _publish(publication: Publication, attempt: int) -> bool:
    submission = publication.submission
    approved = ApprovedRecord.objects.get(submission=submission)
    with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
        roots = []
        for name, stored in _approved_sqns(approved):
            local = Path(tmp) / name
            with stored.open("rb") as src, local.open("wb") as dst:  # type: ignore[attr-defined]
                shutil.copyfileobj(src, dst)
            roots.append((name, released_seq_submit(local)))
        if not roots:
            raise ValueError("the approved record has no .sqn")
        with transaction.atomic():
            locked = Submission.objects.select_for_update().get(pk=submission.pk)
            if locked.status != Status.RELEASED:
                raise ValueError("the submission is not released")  # never public before its release
            current = Publication.objects.select_for_update().filter(
                pk=publication.pk, attempts=attempt, state=JobState.RUNNING
            )
            if not current.exists():
                log.warning("publication %s: attempt %s lost its claim", publication.pk, attempt)
                return False
            files = []
            count = 0
            released_at = approved.released_at or timezone.now()
            for name, root in roots:
                text_out = io.StringIO()
                write_released_sqn(root, text_out)
                stored_name = default_storage.save(
                    f"records/released/{submission.pk}/{name}", ContentFile(text_out.getvalue().encode())
                )
                files.append(stored_name)
                for flat in flatfile_records(root):
                    count += _store_nucleotide(locked, approved, flat, released_at)
            _retire_dropped(locked, approved)
            _aliases(locked)
            current.update(
                state=JobState.DONE,
                records=count,
                files=files,
                published_at=timezone.now(),
                lease_expires_at=None,
                failure="",
            )
    log.info("submission %s published: %s records", submission.pk, count)
    return True


def split_version(accession_version: str) -> tuple[str, int]:
    accession, _, version = accession_version.partition(".")
    return accession, int(version) if version.isdigit() else 1


def _supersede(accession: str) -> None:
    PublicRecord.objects.filter(accession=accession, is_current=True).update(is_current=False)


def _store_nucleotide(
    submission: Submission, approved: ApprovedRecord, flat: str, released_at: datetime.datetime
) -> int:
    info = nucleotide_info(flat)
    accession, version = split_version(info.accession_version)
    node = node_for(info.lineage, organelle=info.organelle, plasmid=info.plasmid)
    bioproject = submission.bioproject.accession if submission.bioproject_id else ""  # type: ignore[union-attr]
    _supersede(accession)
    nucleotide = PublicRecord.objects.create(
        accession=accession,
        version=version,
        accession_version=f"{accession}.{version}",
        kind=RecordKind.NUCLEOTIDE,
        record_type=RecordType.SUBMITTED,
        node=node,
        molecule=info.molecule,
        topology=info.topology,
        division=info.division,
        organism=info.organism,
        taxon_id=info.taxon_id,
        lineage=info.lineage,
        definition=info.definition,
        gene=", ".join(info.genes[:20])[:200],
        product="; ".join(info.products[:50]),
        locus_tag=(info.locus_tags[0] if len(info.locus_tags) == 1 else "")[:100],
        length=info.length,
        submission=submission,
        bioproject=bioproject,
        flatfile=flat,
        sequence=info.sequence,
        sha256=_sha(info.sequence),
        search_text=search_text_for(info, accession, bioproject, node),
        released_at=released_at,
    )
    RecordFeature.objects.bulk_create(
        [
            RecordFeature(
                record=nucleotide,
                kind=f.kind,
                start=f.start,
                end=f.end,
                strand=f.strand,
                parts=f.parts,
                label=f.label[:255],
                locus_tag=f.locus_tag[:100],
                target=f.target[:40],
                sequence=f.sequence,
            )
            for f in info.features
        ],
        batch_size=1000,
    )
    day = timezone.localdate(released_at)
    for protein in info.proteins:
        p_accession, p_version = split_version(protein.accession_version)
        head = _header(info, p_accession, p_version, protein.product or "hypothetical protein")
        head.dbsource = f"accession {info.accession_version}"
        flat_p = protein_flatfile(
            head=head,
            residues=protein.residues,
            product=protein.product,
            gene=protein.gene,
            locus_tag=protein.locus_tag,
            coded_by=f"{info.accession_version}:{_coded_by(protein.location)}",
            day=day,
        )
        _supersede(p_accession)
        PublicRecord.objects.create(
            accession=p_accession,
            version=p_version,
            accession_version=f"{p_accession}.{p_version}",
            kind=RecordKind.PROTEIN,
            record_type=RecordType.SUBMITTED,
            node=node,
            molecule="protein",
            division=info.division,
            organism=info.organism,
            taxon_id=info.taxon_id,
            lineage=info.lineage,
            definition=head.definition,
            gene=protein.gene[:200],
            product=protein.product,
            locus_tag=protein.locus_tag[:100],
            length=len(protein.residues),
            submission=submission,
            bioproject=bioproject,
            parent=nucleotide,
            flatfile=flat_p,
            sequence=protein.residues,
            sha256=_sha(protein.residues),
            search_text=" ".join(
                [
                    p_accession,
                    f"{p_accession}.{p_version}",
                    info.organism,
                    info.lineage,
                    protein.gene,
                    protein.product,
                    protein.locus_tag,
                    bioproject,
                    node,
                    "protein",
                ]
            ),
            released_at=released_at,
        )
    return 1 + len(info.proteins)


def _header(info: NucleotideInfo, accession: str, version: int, product: str) -> Header:
    return Header(
        accession=accession,
        version=version,
        definition=f"{product} [{info.organism}]",
        organism=info.organism,
        lineage=info.lineage,
        taxon_id=info.taxon_id,
        division=info.division or "UNK",
    )


def _coded_by(location: str) -> str:
    """Biopython's location text ('join{[0:10](+), ...}') as a GenBank location (1-based)."""
    import re

    parts = re.findall(r"\[<?(\d+):>?(\d+)\]\(([+-])\)", location)
    pieces = [f"{int(a) + 1}..{b}" for a, b, _ in parts]
    text = pieces[0] if len(pieces) == 1 else f"join({','.join(pieces)})"
    return f"complement({text})" if parts and parts[0][2] == "-" else text


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def _retire_dropped(submission: Submission, approved: ApprovedRecord) -> None:
    """A genome update that drops a sequence or protein retires its accession: no longer current."""
    if approved.update_of_id is None:
        return
    kept = set(
        AccessionAssignment.objects.filter(submission=submission).values_list(
            "accession__accession", flat=True
        )
    )
    retired = Accession.objects.filter(
        assignments__submission_id=approved.update_of_id, retired_at__isnull=False
    ).exclude(accession__in=kept)
    PublicRecord.objects.filter(accession__in=retired.values("accession"), is_current=True).update(
        is_current=False
    )


def _aliases(submission: Submission) -> None:
    """The submitter's identifiers (SeqID, protein_id, locus_tag) lead to the record, now and after updates."""
    rows = []
    for a in AccessionAssignment.objects.filter(submission=submission).select_related("accession"):
        if a.kind == AccessionKind.MASTER:
            continue
        for alias, kind in (
            (a.local_id, "local_id"),
            (a.protein_id, "protein_id"),
            (a.locus_tag, "locus_tag"),
        ):
            if alias:
                rows.append(RecordAlias(alias=alias[:255], kind=kind, accession=a.accession.accession))
    RecordAlias.objects.bulk_create(rows, ignore_conflicts=True)
