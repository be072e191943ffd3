from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import User
from bioprojects.models import BioProject, LocusTagPrefix
from submissions.models import ReleaseMode

COMMON_MODIFIERS = ("strain", "isolate", "cultivar", "breed", "ecotype", "country", "collection-date", "host")


class SubmissionCreateForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example: Aspergillus tubingensis strain X genome")
    organism = forms.CharField(max_length=200, required=False, help_text="Scientific name")
    bioproject = forms.ModelChoiceField(
        queryset=BioProject.objects.none(), required=False, label="BioProject"
    )
    locus_tag_prefix = forms.ModelChoiceField(
        queryset=LocusTagPrefix.objects.none(), required=False, label="locus_tag prefix"
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = BioProject.objects.filter(owner=owner)
        self.fields["bioproject"].queryset = projects  # type: ignore[attr-defined]
        self.fields["locus_tag_prefix"].queryset = LocusTagPrefix.objects.filter(  # type: ignore[attr-defined]
            bioproject__in=projects
        ).select_related("bioproject")
        self.fields["locus_tag_prefix"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.prefix} ({p.bioproject.accession})"
        )

    def details(self) -> dict[str, Any]:
        """The answers as ``submission_update`` takes them."""
        project = self.cleaned_data.get("bioproject")
        prefix = self.cleaned_data.get("locus_tag_prefix")
        return {
            "bioproject": project.pk if project else None,
            "locus_tag_prefix": prefix.prefix if prefix else None,
        }


class SubmissionDetailsForm(forms.Form):
    """The wizard's other answers. Authors and extra modifiers are one per line, to keep the page plain."""

    organism = forms.CharField(
        max_length=200, required=False, help_text="Scientific name, e.g. Aspergillus tubingensis"
    )
    strain = forms.CharField(max_length=200, required=False)
    isolate = forms.CharField(max_length=200, required=False)
    cultivar = forms.CharField(max_length=200, required=False)
    breed = forms.CharField(max_length=200, required=False)
    ecotype = forms.CharField(max_length=200, required=False)
    country = forms.CharField(max_length=200, required=False, help_text="e.g. USA: Wisconsin")
    collection_date = forms.CharField(
        max_length=50, required=False, label="Collection date", help_text="e.g. 2021-06"
    )
    host = forms.CharField(max_length=200, required=False)
    other_modifiers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Other source modifiers, one 'name=value' per line (e.g. tissue-type=leaf).",
    )
    assembly_method = forms.CharField(
        max_length=200, required=False, help_text="Program and version, e.g. SPAdes v. 3.15"
    )
    assembly_name = forms.CharField(max_length=100, required=False)
    genome_coverage = forms.CharField(max_length=50, required=False, help_text="e.g. 45x")
    sequencing_technology = forms.CharField(
        max_length=200, required=False, help_text="e.g. Illumina NovaSeq; Oxford Nanopore"
    )
    contact_first = forms.CharField(max_length=100, required=False, label="Contact first name")
    contact_last = forms.CharField(max_length=100, required=False, label="Contact last name")
    contact_email = forms.EmailField(required=False, label="Contact e-mail")
    authors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One author per line: first name, middle name (optional), last name.",
    )
    institution = forms.CharField(max_length=200, required=False)
    department = forms.CharField(max_length=200, required=False)
    street = forms.CharField(max_length=200, required=False)
    city = forms.CharField(max_length=200, required=False)
    state = forms.CharField(max_length=200, required=False, label="State or province")
    postal_code = forms.CharField(max_length=50, required=False)
    affiliation_country = forms.CharField(max_length=100, required=False, label="Country")

    GROUPS = (
        (
            "Organism and source modifiers",
            "These reach every sequence whose FASTA header does not say otherwise (as tbl2asn's -j).",
            (
                "organism",
                "strain",
                "isolate",
                "cultivar",
                "breed",
                "ecotype",
                "country",
                "collection_date",
                "host",
                "other_modifiers",
            ),
        ),
        (
            "Assembly",
            "Becomes the Genome-Assembly-Data structured comment.",
            ("assembly_method", "assembly_name", "genome_coverage", "sequencing_technology"),
        ),
        (
            "Submitter",
            "Becomes the submission template (.sbt), unless you upload one.",
            (
                "contact_first",
                "contact_last",
                "contact_email",
                "authors",
                "institution",
                "department",
                "street",
                "city",
                "state",
                "postal_code",
                "affiliation_country",
            ),
        ),
    )

    def groups(self) -> list[tuple[str, str, list[Any]]]:
        return [(legend, intro, [self[name] for name in names]) for legend, intro, names in self.GROUPS]

    @staticmethod
    def initial_for(submission: Any) -> dict[str, Any]:
        mods = dict(submission.source_modifiers)
        initial: dict[str, Any] = {"organism": submission.organism}
        for name in COMMON_MODIFIERS:
            initial[name.replace("-", "_")] = mods.pop(name, "")
        initial["other_modifiers"] = "\n".join(f"{k}={v}" for k, v in mods.items())
        for name in ("assembly_method", "assembly_name", "genome_coverage", "sequencing_technology"):
            initial[name] = getattr(submission, name)
        contact = submission.contact
        initial.update(
            contact_first=contact.get("first", ""),
            contact_last=contact.get("last", ""),
            contact_email=contact.get("email", ""),
        )
        initial["authors"] = "\n".join(
            " ".join(p for p in (a.get("first", ""), a.get("middle", ""), a.get("last", "")) if p)
            for a in submission.authors
        )
        aff = submission.affiliation
        for name in ("institution", "department", "street", "city", "state", "postal_code"):
            initial[name] = aff.get(name, "")
        initial["affiliation_country"] = aff.get("country", "")
        return initial

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        mods = {
            name: data[name.replace("-", "_")] for name in COMMON_MODIFIERS if data[name.replace("-", "_")]
        }
        for line in data["other_modifiers"].splitlines():
            if "=" in line:
                name, _, value = line.partition("=")
                if name.strip() and value.strip():
                    mods[name.strip()] = value.strip()
            elif line.strip():
                self.add_error("other_modifiers", f"'{line.strip()}' is not name=value.")
        authors = []
        for line in data["authors"].splitlines():
            words = line.split()
            if not words:
                continue
            if len(words) == 1:
                authors.append({"last": words[0]})
            else:
                authors.append({"first": words[0], "middle": " ".join(words[1:-1]), "last": words[-1]})
        return {
            "organism": data["organism"],
            "source_modifiers": mods,
            "assembly_method": data["assembly_method"],
            "assembly_name": data["assembly_name"],
            "genome_coverage": data["genome_coverage"],
            "sequencing_technology": data["sequencing_technology"],
            "contact": {
                "first": data["contact_first"],
                "last": data["contact_last"],
                "email": data["contact_email"],
            },
            "authors": authors,
            "affiliation": {
                "institution": data["institution"],
                "department": data["department"],
                "street": data["street"],
                "city": data["city"],
                "state": data["state"],
                "postal_code": data["postal_code"],
                "country": data["affiliation_country"],
            },
        }


class ReleaseForm(forms.Form):
    mode = forms.ChoiceField(choices=ReleaseMode.choices, widget=forms.RadioSelect, label="Release")
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The release date, or the latest date when held until publication.",
    )


class CollaboratorForm(forms.Form):
    user = forms.CharField(label="Username or e-mail", max_length=254)


class FileUploadForm(forms.Form):
    file = forms.FileField(help_text=".fsa, .tbl, .sbt, .src, .cmt, .pep or .gff3, plain or gzip")
