"""Every public read goes through here: only records of released submissions, never anything on hold.

A record row exists only after its submission was released (records.publish), and this selector checks the
submission's status once more, so a record can never be shown while its submission is not released (a
withdrawn or rolled-back submission disappears from every page, count, facet and file at once).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from records.models import PublicRecord, RecordAlias, Release
from submissions.status import Status

PUBLIC = Q(submission__isnull=True) | Q(submission__status=Status.RELEASED)


def public_records(*, current: bool = True) -> QuerySet[PublicRecord]:
    qs = PublicRecord.objects.filter(PUBLIC)
    return qs.filter(is_current=True) if current else qs


def record_lookup(identifier: str) -> tuple[PublicRecord | None, str | None]:
    """(the record, None) for an accession.version or current accession; (None, accession) when the name is
    an alias (an old locus_tag, protein_id or SeqID) or an unversioned accession to redirect to; 404 else."""
    identifier = identifier.strip()
    if "." in identifier:
        record = public_records(current=False).filter(accession_version=identifier).first()
        if record is not None:
            return record, None
    record = public_records().filter(accession=identifier).first()
    if record is not None:
        return None, record.accession_version
    old = public_records(current=False).filter(accession=identifier).order_by("-version").first()
    if old is not None:
        return old, None  # a retired accession: its last version, marked as not current
    alias = RecordAlias.objects.filter(alias=identifier).values_list("accession", flat=True)
    target = public_records().filter(accession__in=list(alias)).order_by("kind", "accession").first()
    if target is not None:
        return None, target.accession_version
    raise Http404("No public record has this name.")


def record_versions(record: PublicRecord) -> QuerySet[PublicRecord]:
    return public_records(current=False).filter(accession=record.accession).order_by("version")


def record_children(record: PublicRecord) -> QuerySet[PublicRecord]:
    return public_records().filter(parent=record).order_by("accession")


def submission_records(record: PublicRecord, limit: int = 200) -> list[PublicRecord]:
    """The other current nucleotide records of the same submission (a genome's sequences)."""
    if record.submission_id is None:
        return []
    return list(
        public_records()
        .filter(submission_id=record.submission_id, kind=record.kind)
        .exclude(pk=record.pk)
        .order_by("accession")
        .only("accession", "version", "accession_version", "definition", "length")[:limit]
    )


def releases_public() -> QuerySet[Release]:
    from records.models import JobState

    return Release.objects.filter(state=JobState.DONE).order_by("-number")
