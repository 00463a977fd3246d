"""Organisations that use the registry, and who works for them.

Access is granted per organisation unit by the regional coordinator (DOMAIN.md, "What the real
registry and site do today"): a membership links a user to an organisation, and a user flagged as
the unit's shared account stands for the whole unit rather than one employee.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DISTRIBUTOR = "distributor", _("Distributor unit")
        VENUE = "venue", _("Venue")
        TICKET_AGENCY = "ticket_agency", _("Ticket agency")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_organisations",
        help_text=_("Empty only for a national pop-up venue."),
    )
    # The public partner page (partners.VenuePage / partners.DistributorPage). A plain FK to
    # wagtailcore.Page keeps this app independent of the partners app's migrations.
    partner_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("public partner page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A venue's category, copied from its partner page (sync_from_partner): the statistics group
    # uses by it, and reading it here spares their queries two joins through the page tables.
    category = models.CharField(_("category"), max_length=20, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("registry organisation")
        verbose_name_plural = _("registry organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False) | Q(kind="venue"),
                name="registry_org_region_required_unless_popup_venue",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sync_from_partner()
        super().save(*args, **kwargs)

    @property
    def is_distributor(self):
        return self.kind == self.Kind.DISTRIBUTOR

    @property
    def records_uses(self):
        return self.kind in (self.Kind.VENUE, self.Kind.TICKET_AGENCY)

    def sync_from_partner(self):
        """Copy the name, a venue's category and (where the page has one) the region from the
        public partner page.

        Returns True when something changed. The partner page is the source of truth, so that the
        public list and the registry never drift apart.
        """
        if self.partner_page_id is None:
            return False
        page = self.partner_page.specific
        synced = {"name": page.title, "category": getattr(page, "category", "")}
        region_id = getattr(page, "region_id", None)
        if region_id is None:
            # Partner pages live under their region's page.
            from regions.models import RegionPage

            region_page = RegionPage.objects.ancestor_of(page).only("region_id").first()
            region_id = region_page.region_id if region_page else None
        if region_id is not None:
            synced["region_id"] = region_id
        changed = {name: value for name, value in synced.items() if getattr(self, name) != value}
        for name, value in changed.items():
            setattr(self, name, value)
        return bool(changed)


class Membership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        MANAGER = "manager", _("Manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="registry_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    is_unit_account = models.BooleanField(
        _("shared unit account"),
        default=False,
        help_text=_("The account is the whole unit's, not one employee's."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="registry_unique_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
