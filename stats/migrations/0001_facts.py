"""The statistics' views (stats/facts.py explains the design): materialized on PostgreSQL, plain on
SQLite. Each counts raw rows by the calendar month of Finland's time zone (settings.TIME_ZONE)."""

from django.conf import settings
from django.db import migrations, models


def month(column):
    """The first day of ``column``'s month in local time, as a date, in each database's SQL."""
    tz = settings.TIME_ZONE
    return {
        "postgresql": f"date_trunc('month', {column} AT TIME ZONE '{tz}')::date",
        "sqlite": f"substr(django_datetime_trunc('month', {column}, '{tz}', 'UTC'), 1, 10)",
    }


COUNTED = "u.undone_at IS NULL"
USE_MEASURES = (
    "COUNT(*) AS uses, COALESCE(SUM(u.children), 0) AS children, "
    "COUNT(DISTINCT u.group_visit) AS visits"
)
TRAITS = {
    "birth_year": "COALESCE(CAST(birth_year AS TEXT), '')",
    "gender": "gender",
    "mother_tongue": "mother_tongue",
    "life_situation": "life_situation",
    "children": "CAST(children_count AS TEXT)",
    "postal_code": "postal_code",
}


def select(vendor):
    """{view: (SELECT …, its unique key, other indexes)}."""
    used_month = month("u.recorded_at")[vendor]
    card_month = month("c.registered_at")[vendor]
    traits = " UNION ALL ".join(
        f"SELECT month, region_id, issued_by_id, '{trait}' AS trait, {value} AS value FROM p"
        for trait, value in TRAITS.items()
    )
    return {
        "stats_uses": (
            f"SELECT {used_month} AS month, u.venue_id, u.kind, {USE_MEASURES} "
            f"FROM registry_use u WHERE {COUNTED} GROUP BY 1, 2, 3",
            "month, venue_id, kind",
            ["venue_id, month"],
        ),
        "stats_unituses": (
            f"SELECT {used_month} AS month, c.issued_by_id, u.venue_id, u.kind, {USE_MEASURES} "
            f"FROM registry_use u JOIN registry_card c ON c.id = u.card_id WHERE {COUNTED} "
            "GROUP BY 1, 2, 3, 4",
            "issued_by_id, month, venue_id, kind",
            [],
        ),
        "stats_cards": (
            f"SELECT {card_month} AS month, c.region_id, c.issued_by_id, COUNT(*) AS registered, "
            "SUM(CASE WHEN EXISTS (SELECT 1 FROM registry_use u "
            f"WHERE u.card_id = c.id AND {COUNTED}) THEN 1 ELSE 0 END) AS activated "
            "FROM registry_card c GROUP BY 1, 2, 3",
            "month, region_id, issued_by_id",
            ["issued_by_id, month"],
        ),
        "stats_traits": (
            f"WITH p AS (SELECT {card_month} AS month, c.* FROM registry_card c "
            f"WHERE c.kind = 'personal') SELECT month, region_id, issued_by_id, trait, "
            f"COALESCE(value, '') AS value, COUNT(*) AS cards FROM ({traits}) t "
            "GROUP BY 1, 2, 3, 4, 5",
            "issued_by_id, month, region_id, trait, value",
            [],
        ),
        "stats_regiontraits": (
            "SELECT month, region_id, trait, value, SUM(cards) AS cards FROM stats_traits "
            "GROUP BY 1, 2, 3, 4",
            "month, region_id, trait, value",
            [],
        ),
    }


def create_views(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for view, (sql, key, indexes) in select(vendor).items():
        if vendor == "postgresql":
            schema_editor.execute(f"CREATE MATERIALIZED VIEW {view} AS {sql}")
            schema_editor.execute(f"CREATE UNIQUE INDEX {view}_key ON {view} ({key})")
            for i, columns in enumerate(indexes):
                schema_editor.execute(f"CREATE INDEX {view}_{i} ON {view} ({columns})")
        else:
            schema_editor.execute(f"CREATE VIEW {view} AS {sql}")
    if vendor == "postgresql":
        schema_editor.execute("INSERT INTO stats_refresh (id, at) VALUES (1, now())")


def drop_views(apps, schema_editor):
    kind = "MATERIALIZED VIEW" if schema_editor.connection.vendor == "postgresql" else "VIEW"
    for view in reversed(list(select("sqlite"))):
        schema_editor.execute(f"DROP {kind} IF EXISTS {view}")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("registry", "0008_delete_stats_rollups"),
        ("regions", "0003_nationalfee_regionindexpage_regionnewspage_and_more"),
    ]

    operations = [
        migrations.CreateModel(
            name='CardMonth',
            fields=[
                ('pk', models.CompositePrimaryKey('month', 'region', 'issued_by', blank=True, editable=False, primary_key=True, serialize=False)),
                ('month', models.DateField()),
                ('registered', models.IntegerField()),
                ('activated', models.IntegerField()),
            ],
            options={
                'db_table': 'stats_cards',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='RegionTraitMonth',
            fields=[
                ('pk', models.CompositePrimaryKey('month', 'region', 'trait', 'value', blank=True, editable=False, primary_key=True, serialize=False)),
                ('month', models.DateField()),
                ('trait', models.CharField(max_length=16)),
                ('value', models.CharField(max_length=16)),
                ('cards', models.IntegerField()),
            ],
            options={
                'db_table': 'stats_regiontraits',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='TraitMonth',
            fields=[
                ('pk', models.CompositePrimaryKey('issued_by', 'month', 'region', 'trait', 'value', blank=True, editable=False, primary_key=True, serialize=False)),
                ('month', models.DateField()),
                ('trait', models.CharField(max_length=16)),
                ('value', models.CharField(max_length=16)),
                ('cards', models.IntegerField()),
            ],
            options={
                'db_table': 'stats_traits',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='UnitUseMonth',
            fields=[
                ('pk', models.CompositePrimaryKey('issued_by', 'month', 'venue', 'kind', blank=True, editable=False, primary_key=True, serialize=False)),
                ('month', models.DateField()),
                ('kind', models.CharField(max_length=8)),
                ('uses', models.IntegerField()),
                ('children', models.IntegerField()),
                ('visits', models.IntegerField()),
            ],
            options={
                'db_table': 'stats_unituses',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='UseMonth',
            fields=[
                ('pk', models.CompositePrimaryKey('month', 'venue', 'kind', blank=True, editable=False, primary_key=True, serialize=False)),
                ('month', models.DateField()),
                ('kind', models.CharField(max_length=8)),
                ('uses', models.IntegerField()),
                ('children', models.IntegerField()),
                ('visits', models.IntegerField()),
            ],
            options={
                'db_table': 'stats_uses',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='Refresh',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'statistics refresh',
            },
        ),
        migrations.RunPython(create_views, drop_views),
    ]
