"""An index on Wagtail's `url_path`, which core.routing looks pages up by (Wagtail has none)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_url_path_idx ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS core_page_url_path_idx",
        )
    ]
