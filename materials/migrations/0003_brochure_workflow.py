from django.db import migrations


def create_workflow(apps, schema_editor):
    from materials.workflows import ensure_brochure_workflow

    ensure_brochure_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0002_library_commitments_brochures"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
