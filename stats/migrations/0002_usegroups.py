"""The public tables' view: counted uses per month × the venue's region and category × kind
(stats/facts.py, UseGroupMonth). Pop-up venues, in no region, have region 0."""

import importlib

from django.db import migrations, models

facts_migration = importlib.import_module("stats.migrations.0001_facts")


def select(vendor):
    used_month = facts_migration.month("u.recorded_at")[vendor]
    return (
        f"SELECT {used_month} AS month, COALESCE(o.region_id, 0) AS region_id, o.category, u.kind, "
        f"{facts_migration.USE_MEASURES} "
        "FROM registry_use u JOIN registry_organisation o ON o.id = u.venue_id "
        f"WHERE {facts_migration.COUNTED} GROUP BY 1, 2, 3, 4"
    )


def create_view(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"CREATE MATERIALIZED VIEW stats_usegroups AS {select(vendor)}")
        schema_editor.execute(
            "CREATE UNIQUE INDEX stats_usegroups_key ON stats_usegroups "
            "(month, region_id, category, kind)"
        )
    else:
        schema_editor.execute(f"CREATE VIEW stats_usegroups AS {select(vendor)}")


def drop_view(apps, schema_editor):
    kind = "MATERIALIZED VIEW" if schema_editor.connection.vendor == "postgresql" else "VIEW"
    schema_editor.execute(f"DROP {kind} IF EXISTS stats_usegroups")


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_facts")]

    operations = [
        migrations.CreateModel(
            name="UseGroupMonth",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "month",
                        "region",
                        "category",
                        "kind",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("month", models.DateField()),
                ("category", models.CharField(max_length=32)),
                ("kind", models.CharField(max_length=8)),
                ("uses", models.IntegerField()),
                ("children", models.IntegerField()),
                ("visits", models.IntegerField()),
            ],
            options={"db_table": "stats_usegroups", "managed": False},
        ),
        migrations.RunPython(create_view, drop_view),
    ]
