"""PostgreSQL only: full-text and trigram indexes for search (SQLite, the embedded default, searches with LIKE).

The full-text index's expression is the one ``records.search`` queries with, character for character, so the
planner uses it; the trigram indexes make ``icontains`` on the tagged fields an index scan.
"""

from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS record_search_fts ON records_publicrecord "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS record_organism_trgm ON records_publicrecord USING gin (UPPER(organism) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS record_lineage_trgm ON records_publicrecord USING gin (UPPER(lineage) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS record_gene_trgm ON records_publicrecord USING gin (UPPER(gene) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS record_product_trgm ON records_publicrecord USING gin (UPPER(product) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS record_accession_upper ON records_publicrecord (UPPER(accession))",
    "CREATE INDEX IF NOT EXISTS record_accver_upper ON records_publicrecord (UPPER(accession_version))",
    "CREATE INDEX IF NOT EXISTS record_locus_tag_upper ON records_publicrecord (UPPER(locus_tag))",
    "CREATE INDEX IF NOT EXISTS record_bioproject_upper ON records_publicrecord (UPPER(bioproject))",
]
DROP = [
    "record_search_fts",
    "record_organism_trgm",
    "record_lineage_trgm",
    "record_gene_trgm",
    "record_product_trgm",
    "record_accession_upper",
    "record_accver_upper",
    "record_locus_tag_upper",
    "record_bioproject_upper",
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in DROP:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
