"""Build the statistics rollups for the cards, uses and events already in the database."""

from django.db import migrations

from registry.rollups import build_for_migration


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_stats_rollups")]

    operations = [
        migrations.RunPython(build_for_migration, migrations.RunPython.noop, elidable=True)
    ]
