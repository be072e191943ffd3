"""Discrepancy tests on what describes each record: MolInfo, structured comments, DBLink, comments, pubs.

These come from the source modifiers (``[moltype=]``, ``[tech=]``), the ``.cmt`` table, ``-y`` and the
template's Seqdescs, which tbl2asn copies onto every record.
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.discrepancy.context import RecordView
from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.discrepancy.registry import Summarize, discrepancy
from gbprep.model.records import Descriptor
from gbprep.model.seqids import seq_id_keys

GENOME_ASSEMBLY_PREFIX = "##Genome-Assembly-Data-START##"


def _template_descriptors(view: RecordView) -> list[Descriptor]:
    template = view.bundle.template if view.bundle is not None else None
    return list(template.descriptors) if template is not None else []


def structured_comments(view: RecordView) -> list[Descriptor]:
    """The structured comments tbl2asn would attach to this record."""

    def make() -> list[Descriptor]:
        out = [d for d in _template_descriptors(view) if d.kind == "user" and d.text == "StructuredComment"]
        keys = set(seq_id_keys(view.record.seq_id))
        for d in view.bundle.comments if view.bundle is not None else []:
            if d.kind != "user":
                continue
            if d.seq_id is None:
                if view.options.unkeyed_comments:
                    out.append(d)
            elif keys.intersection(seq_id_keys(d.seq_id)):
                out.append(d)
        return out

    return view.cached("structured_comments", make)


def dblink(view: RecordView) -> dict[str, str]:
    """DBLink fields (BioProject, BioSample, ...) from the template and from [bioproject=]/[biosample=]."""
    fields: dict[str, str] = {}
    for d in _template_descriptors(view):
        if d.kind == "user" and d.text == "DBLink":
            for name, value in d.fields:
                fields.setdefault(name, value)
    for name, label in (
        ("bioproject", "BioProject"),
        ("biosample", "BioSample"),
        ("sra", "Sequence Read Archive"),
    ):
        given = view.qual(name)
        if given:
            fields.setdefault(label, given)
    return fields


def _protein_items(view: RecordView) -> list[DiscItem]:
    return [view.protein_item(p) for p in view.proteins]


@discrepancy("MOLTYPE_NOT_MRNA", text="{n} molecule types are not set as mRNA.")
def moltype_not_mrna(view: RecordView) -> Iterator[DiscItem]:
    """A nucleotide sequence whose molecule type is not mRNA (reported for TSA submissions).

    What: sequences without [moltype=mRNA].
    Why: transcriptome (TSA) submissions must be mRNA; for a genome this line is informational.
    Fix: for a TSA submission set [moltype=mRNA]; for a genome nothing to do.
    """
    if (view.qual("mol-type") or "").lower() != "mrna":
        yield view.sequence_item()


@discrepancy("TECHNIQUE_NOT_TSA", text="{n} technique are not set as TSA")
def technique_not_tsa(view: RecordView) -> Iterator[DiscItem]:
    """A nucleotide sequence whose technique is not TSA (reported for TSA submissions).

    What: sequences without [tech=TSA].
    Why: transcriptome assemblies must say so; for a genome this line is informational.
    Fix: for a TSA submission set [tech=TSA]; for a genome nothing to do.
    """
    if (view.qual("tech") or "").lower() != "tsa":
        yield view.sequence_item()


@discrepancy("MISSING_STRUCTURED_COMMENT", text="{n} sequences do not include structured comments.")
def missing_structured_comment(view: RecordView) -> Iterator[DiscItem]:
    """A sequence without any structured comment.

    What: sequences that no structured comment (.cmt row for its SeqID, or the template) applies to.
    Why: genome and TSA submissions need assembly metadata (assembly method, coverage, technology).
    Fix: add a .cmt file with a row for every SeqID (StructuredCommentPrefix ##Genome-Assembly-Data-START##,
    Assembly Method, Genome Coverage, Sequencing Technology).
    """
    if not structured_comments(view):
        yield view.sequence_item()


@discrepancy(
    "MISSING_GENOMEASSEMBLY_COMMENTS", text="{n} bioseqs are missing GenomeAssembly structured comments"
)
def missing_genome_assembly_comments(view: RecordView) -> Iterator[DiscItem]:
    """A sequence without a Genome-Assembly-Data structured comment.

    What: sequences with no structured comment whose prefix is ##Genome-Assembly-Data-START##.
    Why: GenBank requires the assembly method, coverage and sequencing technology for genomes.
    Fix: add a .cmt file with StructuredCommentPrefix ##Genome-Assembly-Data-START## and the assembly fields
    for every sequence.
    """
    for d in structured_comments(view):
        if any(
            name == "StructuredCommentPrefix" and value == GENOME_ASSEMBLY_PREFIX for name, value in d.fields
        ):
            return
    yield view.sequence_item()


@discrepancy("MISSING_PROJECT", text="{n} sequences do not include project.")
def missing_project(view: RecordView) -> Iterator[DiscItem]:
    """A sequence (nucleotide or protein) without a BioProject.

    What: every Bioseq of a record without a DBLink BioProject: the nucleotide and each protein.
    Why: genome submissions are registered under a BioProject and BioSample.
    Fix: add a DBLink to the template (BioProject and BioSample accessions) or [bioproject=PRJNA...] to the
    FASTA headers.
    """
    if "BioProject" in dblink(view):
        return
    yield view.sequence_item()
    yield from _protein_items(view)


@discrepancy("ONCALLER_BIOPROJECT_ID", text="{n} sequences contain BioProject IDs")
def bioproject_id(view: RecordView) -> Iterator[DiscItem]:
    """A sequence (nucleotide or protein) that carries a BioProject ID.

    What: every Bioseq of a record with a DBLink BioProject.
    Why: informational, so the BioProject can be checked against the submission.
    Fix: nothing to fix if the BioProject is right.
    """
    if "BioProject" in dblink(view):
        yield view.sequence_item()
        yield from _protein_items(view)


def _inconsistent(name: str, heading: str) -> Summarize:
    def summarize(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
        if not items:
            return []
        present = [i for i in items if i.value]
        distinct = {i.value for i in present}
        missing = "all present" if len(present) == len(items) else "some missing"
        same = "all same" if len(distinct) <= 1 else "some different"
        return [ReportLine(name, f"{heading} ({missing}, {same})", list(items))]

    return summarize


@discrepancy(
    "DISC_INCONSISTENT_MOLINFO_TECH",
    summarize=_inconsistent("DISC_INCONSISTENT_MOLINFO_TECH", "Molinfo Technique Report"),
)
def molinfo_tech(view: RecordView) -> Iterator[DiscItem]:
    """Whether every sequence has the same MolInfo technique.

    What: the [tech=] of each sequence (missing counts as such).
    Why: one submission should be one kind of data (WGS, TSA, ...); a mix is usually a mistake.
    Fix: give every sequence the same [tech=], or none.
    """
    yield view.sequence_item(value=(view.qual("tech") or "").lower())


@discrepancy(
    "DISC_INCONSISTENT_DBLINK",
    summarize=_inconsistent("DISC_INCONSISTENT_DBLINK", "DBLink Report"),
)
def inconsistent_dblink(view: RecordView) -> Iterator[DiscItem]:
    """Whether every sequence has the same DBLink (BioProject, BioSample).

    What: the DBLink of each sequence, when any sequence has one.
    Why: all sequences of one genome belong to one BioProject and BioSample.
    Fix: give every sequence the same DBLink (put it in the template).
    """
    links = dblink(view)
    if links:
        yield view.sequence_item(value=repr(sorted(links.items())))


def _comments(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    if not items:
        return []
    same = "all same" if len({i.value for i in items}) == 1 else "some different"
    return [
        ReportLine("ONCALLER_COMMENT_PRESENT", f"{len(items)} comment descriptors were found ({same})", items)
    ]


@discrepancy("ONCALLER_COMMENT_PRESENT", summarize=_comments)
def comment_present(view: RecordView) -> Iterator[DiscItem]:
    """A free-text comment on a sequence.

    What: comment descriptors (tbl2asn -y, or a comment Seqdesc in the template).
    Why: informational; comments appear in the GenBank record and are reviewed by staff.
    Fix: check that the comment is meant for the public record.
    """
    if view.options.comment:
        yield view.sequence_item(value=view.options.comment)
    for d in _template_descriptors(view):
        if d.kind == "comment":
            yield view.sequence_item(value=d.text)


def _bad_caps(name: str) -> bool:
    return bool(name) and name[0].isalpha() and not name[0].isupper()


def _pub_authors(pub: Descriptor) -> list[tuple[str, str, str]]:
    """(last, first, initials) of every author of a pub descriptor."""
    if pub.raw is None:
        return []
    out = []
    for node in pub.raw.walk():
        last = node.child("last")
        if last is not None and last.kind == "string":
            first, initials = node.child("first"), node.child("initials")
            out.append(
                (
                    str(last.value),
                    str(first.value) if first is not None else "",
                    str(initials.value) if initials is not None else "",
                )
            )
    return out


def _auth_caps(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
    pubs = {i.value: i for i in items}  # the template's pubs are on every record: count each once
    if not pubs:
        return []
    text = f"{len(pubs)} pubs have incorrect author capitalization"
    return [ReportLine("DISC_CHECK_AUTH_CAPS", text, list(pubs.values()))]


@discrepancy("DISC_CHECK_AUTH_CAPS", summarize=_auth_caps)
def check_author_caps(view: RecordView) -> Iterator[DiscItem]:
    """A publication whose author names are not capitalized.

    What: pub descriptors of the template with an author whose last name, first name or initials start
    with a lower-case letter.
    Why: author names are printed as given in GenBank and indexed by PubMed/Entrez.
    Fix: capitalize the names in the template (Smith, John, J.).
    """
    for pub in _template_descriptors(view):
        if pub.kind != "pub":
            continue
        if any(
            _bad_caps(last) or _bad_caps(first) or _bad_caps(ini) for last, first, ini in _pub_authors(pub)
        ):
            item = view.sequence_item(value=f"{pub.pos.file}:{pub.pos.line}")
            yield DiscItem(pub.text or "pub", pub.pos, item.seq_id, item.file, value=item.value)
