# The location of a municipality's centre point (issue 21.3: the finder's nearest first and the map).

from django.db import migrations, models

import core.geo


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_nationalfee_regionindexpage_regionnewspage_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                max_digits=7,
                null=True,
                validators=[core.geo.validate_latitude],
                verbose_name="latitude",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                max_digits=7,
                null=True,
                validators=[core.geo.validate_longitude],
                verbose_name="longitude",
            ),
        ),
    ]
