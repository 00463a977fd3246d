"""Commitments to the national operating model (DOMAIN.md, "Commitments").

A commitment is not a legal document: it ensures the partner knows the model and the coordinators
know the partner's named contact person. It always records which version of the model was accepted.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from materials.validators import validate_business_id


class OperatingModelVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_on__lte=timezone.localdate())

    def current(self):
        return self.published().order_by("-published_on", "-pk").first()


class OperatingModelVersion(models.Model):
    """A version of the national operating model the national office publishes (13.1.2022, …)."""

    published_on = models.DateField(_("version date"), unique=True)
    title = models.CharField(_("title"), max_length=200, default="Kaikukortin toimintamalli")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    material = models.ForeignKey(
        "materials.Material",
        verbose_name=_("material"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The operating model in the materials library; its stable link is shown."),
    )
    summary = models.TextField(_("what changed"), blank=True)

    objects = OperatingModelVersionQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("published_on"),
        FieldPanel("material"),
        FieldPanel("document"),
        FieldPanel("summary"),
    ]

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("operating model version")
        verbose_name_plural = _("operating model versions")

    def __str__(self):
        return f"{self.title} {self.published_on:%-d.%-m.%Y}"

    def get_url(self):
        if self.material_id:
            return self.material.latest_url("pdf")
        if self.document_id:
            return self.document.url
        return None


def new_token():
    return secrets.token_urlsafe(32)


class CommitmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """A coordinator sees their own regions' commitments; the national office sees all."""
        from regions.permissions import regions_coordinated_by

        return self.filter(region__in=regions_coordinated_by(user))

    def on_older_model(self):
        """Accepted partners whose commitment is to an older operating-model version than the
        current one – and who have not committed to the current one since."""
        current = OperatingModelVersion.objects.current()
        if current is None:
            return self.none()
        recommitted = Commitment.objects.filter(
            operating_model_version=current, status=Commitment.Status.ACCEPTED
        ).values("contact_email")
        return (
            self.filter(status=Commitment.Status.ACCEPTED)
            .exclude(operating_model_version=current)
            .exclude(contact_email__in=recommitted)
        )


class Commitment(models.Model):
    class PartnerType(models.TextChoices):
        VENUE = "venue", _("Venue")
        DISTRIBUTOR = "distributor", _("Card distributor")

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for the coordinator")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    language = models.CharField(_("language"), max_length=12, default="fi", editable=False)

    partner_type = models.CharField(_("joining as"), max_length=20, choices=PartnerType.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Optional. The Finnish business ID (Y-tunnus), for example 1234567-8."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_role = models.CharField(_("contact person's title"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    website = models.URLField(_("website"), blank=True)
    message = models.TextField(_("message to the coordinator"), blank=True)
    operating_model_version = models.ForeignKey(
        OperatingModelVersion,
        verbose_name=_("operating model version accepted"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    accepted_model_at = models.DateTimeField(_("operating model accepted at"), editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    decision_note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    partner_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("partner page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self):
        name = f"{self.organisation}, {self.unit}" if self.unit else self.organisation
        return f"{name} ({self.get_partner_type_display()})"

    def get_status_url(self):
        with translation.override(self.language):
            return reverse("materials:commitment_status", kwargs={"token": self.token})

    # How soon the coordinators answer a new commitment, as the confirmation and receipt promise.
    ANSWER_WITHIN_WEEKS = 2

    def contact_coordinators(self):
        """Who will contact the partner: the region's coordinators of the partner's side (culture
        for venues, social and health for distributors; DOMAIN.md), or all of them."""
        from regions.models import RegionCoordinator

        side = (
            RegionCoordinator.Side.CULTURE
            if self.partner_type == self.PartnerType.VENUE
            else RegionCoordinator.Side.SOCIAL
        )
        coordinators = list(self.region.coordinators.all())
        return [c for c in coordinators if c.side == side] or coordinators

    @property
    def is_open(self):
        return self.status == self.Status.NEW

    @property
    def on_current_model(self):
        current = OperatingModelVersion.objects.current()
        return current is None or self.operating_model_version_id == current.pk
