from django import forms


class SubmissionCreateForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example: Aspergillus tubingensis strain X genome")
    organism = forms.CharField(max_length=200, required=False, help_text="Scientific name")


class FileUploadForm(forms.Form):
    file = forms.FileField(help_text=".fsa, .tbl, .sbt, .src, .cmt, .pep or .gff3, plain or gzip")
