from django.contrib import admin

from validation.models import ValidationRun


@admin.register(ValidationRun)
class ValidationRunAdmin(admin.ModelAdmin[ValidationRun]):
    list_display = ["id", "submission", "status", "attempts", "progress", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["summary", "failure"]
