# The location of a venue (issue 21.3: the finder's nearest first and the map).

from django.db import migrations, models

import core.geo


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="venuepage",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                help_text="Degrees north, e.g. 64.22728. Inside Finland.",
                max_digits=7,
                null=True,
                validators=[core.geo.validate_latitude],
                verbose_name="latitude",
            ),
        ),
        migrations.AddField(
            model_name="venuepage",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                help_text="Degrees east, e.g. 27.72852. Inside Finland.",
                max_digits=7,
                null=True,
                validators=[core.geo.validate_longitude],
                verbose_name="longitude",
            ),
        ),
    ]
