"""Build the statistics rollups for the cards, uses and events already in the database."""

from django.db import migrations


def build(apps, schema_editor):
    from registry import rollups

    Card = apps.get_model("registry", "Card")
    if Card.objects.exists():  # a new database has nothing to roll up
        rollups.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_stats_rollups")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop, elidable=True)]
