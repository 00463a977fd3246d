from django.db import migrations


def rename(apps, schema_editor):
    from materials.workflows import rename_in_finnish_and_swedish

    rename_in_finnish_and_swedish(apps)


class Migration(migrations.Migration):
    """Workflow and task names in Finnish and Swedish, Wagtail's "Moderators approval" too."""

    dependencies = [("materials", "0003_brochure_workflow")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
