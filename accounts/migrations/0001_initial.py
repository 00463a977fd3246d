import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partner_access",
                        to="auth.group",
                        verbose_name="group",
                    ),
                ),
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partner_access",
                        to="wagtailcore.page",
                        verbose_name="partner page",
                    ),
                ),
            ],
            options={
                "verbose_name": "partner's editing access",
                "verbose_name_plural": "partners' editing access",
            },
        ),
        migrations.CreateModel(
            name="PartnerInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                (
                    "invited_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="invited at"
                    ),
                ),
                (
                    "last_sent_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="link last sent at"
                    ),
                ),
                (
                    "times_sent",
                    models.PositiveSmallIntegerField(default=1, verbose_name="times sent"),
                ),
                (
                    "accepted_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the contact person set their password with the link.",
                        null=True,
                        verbose_name="accepted at",
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="invited by",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partner_invitations",
                        to="wagtailcore.page",
                        verbose_name="partner page",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partner_invitations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account",
                    ),
                ),
            ],
            options={
                "verbose_name": "partner invitation",
                "verbose_name_plural": "partner invitations",
                "ordering": ["-invited_at"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "user"), name="unique_partner_invitation"
                    )
                ],
            },
        ),
    ]
