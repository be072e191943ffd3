"""The release-request form shown on a submission's release page (accessions.views.release_requests_panel)."""

from __future__ import annotations

from django import forms

from accessions.models import ReleaseRequest


class ReleaseRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=ReleaseRequest.Kind.choices, label="Request")
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Extend: the new date. Release early: an earlier date, or empty to release as soon as possible.",
    )
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
