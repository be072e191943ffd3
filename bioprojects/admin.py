from django.contrib import admin

from bioprojects.models import AccessionCounter, BioProject, LocusTagPrefix


class PrefixInline(admin.TabularInline[LocusTagPrefix, BioProject]):
    model = LocusTagPrefix
    extra = 0
    readonly_fields = ["prefix", "registered_by", "created_at"]


@admin.register(BioProject)
class BioProjectAdmin(admin.ModelAdmin[BioProject]):
    list_display = ["accession", "title", "organism", "owner", "created_at"]
    search_fields = ["accession", "title", "organism", "owner__username"]
    readonly_fields = ["accession"]
    inlines = [PrefixInline]


@admin.register(AccessionCounter)
class AccessionCounterAdmin(admin.ModelAdmin[AccessionCounter]):
    list_display = ["prefix", "last_number"]
    readonly_fields = ["prefix", "last_number"]
