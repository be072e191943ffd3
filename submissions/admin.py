from django.contrib import admin

from submissions.models import Submission, SubmissionEvent, SubmissionFile


class FileInline(admin.TabularInline[SubmissionFile, Submission]):
    model = SubmissionFile
    extra = 0
    readonly_fields = ["original_name", "kind", "size", "sha256", "uploaded_by", "uploaded_at"]
    exclude = ["stored"]


class EventInline(admin.TabularInline[SubmissionEvent, Submission]):
    model = SubmissionEvent
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "note", "created_at"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ["id", "title", "owner", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "owner__username", "organism"]
    inlines = [FileInline, EventInline]
    # Status moves only through submission_transition (the table, the audit event, the e-mail): never by hand.
    readonly_fields = ["status"]
