from __future__ import annotations

from django import forms

from bioprojects.models import DataType, Relevance


class BioProjectForm(forms.Form):
    title = forms.CharField(max_length=300, help_text="For example: Aspergillus tubingensis strain X genome")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    organism = forms.CharField(max_length=200, help_text="Scientific name")
    data_type = forms.ChoiceField(label="Project data type", choices=DataType.choices)
    relevance = forms.ChoiceField(choices=Relevance.choices)
    organisation = forms.CharField(label="Submitting organisation", max_length=300)


class PrefixForm(forms.Form):
    locus_tag_prefix = forms.CharField(
        label="locus_tag prefix",
        max_length=40,
        help_text="3-12 letters or digits, starting with a letter; e.g. ATUB1. Reserved for you at once.",
    )
