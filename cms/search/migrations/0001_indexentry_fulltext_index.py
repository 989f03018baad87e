"""A GIN index on the expression PostgreSQL searches match against.

Wagtail's database backend matches a query against `title || body` of its index table, while
Wagtail's own GIN indexes cover `title` and `body` apart: without this index every search reads
the whole table (385 ms at 10,000 reviews; 0.3 ms with it). SQLite uses its FTS table instead.
"""

from django.db import migrations

INDEX = "cms_search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
