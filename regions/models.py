"""Regions and municipalities: the operational backbone every other app refers to.

A region is one or more municipalities and/or a wellbeing services county that runs Kaikukortti
locally (DOMAIN.md, "Regions and coordinators"). Its public pages (a Wagtail subsite) build on this.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Status(models.TextChoices):
        IN_USE = "in_use", _("In use")
        PILOTING = "piloting", _("Piloting")
        COMING = "coming", _("Coming")

    slug = models.SlugField(_("identifier"), unique=True, max_length=60)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_USE
    )
    wellbeing_county = models.CharField(_("wellbeing services county"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    pilot_ends_on = models.DateField(_("pilot ends on"), null=True, blank=True)
    coordinators_group = models.OneToOneField(
        Group,
        verbose_name=_("coordinators' group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_region",
        help_text=_("Members coordinate this region and edit only its lists."),
    )

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The region's name in the active language: Swedish where one exists, else Finnish."""
        if translation.get_language() == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    joined = models.BooleanField(
        _("takes part"), default=True, help_text=_("Part of the region's Kaikukortti work now.")
    )

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [models.UniqueConstraint(fields=["name_fi"], name="unique_municipality_name")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if translation.get_language() == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi

    @property
    def bilingual_name(self):
        """Both names where a Swedish one exists: "Vaasa – Vasa"."""
        return f"{self.name_fi} – {self.name_sv}" if self.name_sv else self.name_fi
