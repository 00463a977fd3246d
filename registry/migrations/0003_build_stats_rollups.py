"""Built the statistics rollups (since replaced by stats/facts.py: now a no-op)."""

from django.db import migrations




class Migration(migrations.Migration):
    dependencies = [("registry", "0002_stats_rollups")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop, elidable=True)
    ]
