"""BioProject registration (accessions of our own, sequential, never reused) and locus_tag prefix reservation."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from accounts.models import User
from bioprojects.models import AccessionCounter, BioProject, DataType, LocusTagPrefix, Relevance
from bioprojects.prefixes import prefix_problems, prefix_suggestions
from portal.errors import ApplicationError


def accession_next(*, prefix: str) -> str:
    """Hand out the next accession under ``prefix``; call inside the transaction that stores it.

    1. Lock the prefix's counter row (created on first use), so two registrations never get one number.
    2. Bump it: numbers only go up, so a deleted BioProject's accession is never given again.
    3. The BioProject's unique accession column is the backstop.
    """
    AccessionCounter.objects.get_or_create(prefix=prefix)
    counter = AccessionCounter.objects.select_for_update().get(prefix=prefix)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}{counter.last_number:0{settings.BIOPROJECT_ACCESSION_DIGITS}d}"


def _required(value: str, field: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise ApplicationError(f"Give the {what}.", field=field)
    if len(value) > limit:
        raise ApplicationError(f"The {what} is longer than {limit} characters.", field=field)
    return value


def bioproject_register(
    *,
    owner: User,
    title: str,
    description: str,
    organism: str,
    data_type: str,
    relevance: str,
    organisation: str,
) -> BioProject:
    if data_type not in DataType.values:
        raise ApplicationError(
            f"Choose a project data type: {', '.join(DataType.values)}.", field="data_type"
        )
    if relevance not in Relevance.values:
        raise ApplicationError(f"Choose a relevance: {', '.join(Relevance.values)}.", field="relevance")
    fields = {
        "title": _required(title, "title", "project title", 300),
        "description": _required(description, "description", "project description", 10_000),
        "organism": _required(organism, "organism", "organism's scientific name", 200),
        "organisation": _required(organisation, "organisation", "submitting organisation", 300),
    }
    with transaction.atomic():
        accession = accession_next(prefix=settings.BIOPROJECT_ACCESSION_PREFIX)
        return BioProject.objects.create(
            accession=accession, owner=owner, data_type=data_type, relevance=relevance, **fields
        )


def prefixes_taken(candidates: list[str]) -> set[str]:
    """The lowercased forms of ``candidates`` that someone registered already (in any case)."""
    lowered = [c.lower() for c in candidates]
    return set(
        LocusTagPrefix.objects.annotate(lower=Lower("prefix"))
        .filter(lower__in=lowered)
        .values_list("lower", flat=True)
    )


def locus_tag_prefix_check(*, prefix: str) -> tuple[list[str], list[str]]:
    """(problems, suggestions): what is wrong with ``prefix`` (taken included) and free ones close to it."""
    problems = prefix_problems(prefix)
    if not problems and prefixes_taken([prefix]):
        problems.append(f"'{prefix}' is registered already (prefixes are unique whatever their case).")
    suggestions = prefix_suggestions(prefix, prefixes_taken) if problems else []
    return problems, suggestions


def locus_tag_prefix_register(*, by: User, bioproject: BioProject, prefix: str) -> LocusTagPrefix:
    """Reserve ``prefix`` for the BioProject at once; when it is taken the error carries suggestions."""
    prefix = prefix.strip()
    if bioproject.owner_id != by.pk:
        raise ApplicationError("Only the BioProject's owner registers its prefixes.", status=403)
    problems, suggestions = locus_tag_prefix_check(prefix=prefix)
    taken = bool(problems) and not prefix_problems(prefix)
    if not problems:
        try:
            with transaction.atomic():
                return LocusTagPrefix.objects.create(prefix=prefix, bioproject=bioproject, registered_by=by)
        except IntegrityError:
            # Someone registered it (in some case) between our check and our insert.
            taken = True
            problems = [f"'{prefix}' is registered already (prefixes are unique whatever their case)."]
            suggestions = prefix_suggestions(prefix, prefixes_taken)
    raise ApplicationError(
        " ".join(problems),
        code="prefix_taken" if taken else "invalid",
        field="prefix",
        status=409 if taken else 400,
        extra={"suggestions": suggestions},
    )
