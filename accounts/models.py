"""Partners' contact persons in the admin (issue 21.1): which group edits which partner page, and
who was invited when.

A coordinator invites a venue's or distributor's contact person from the partner's page in the
admin (accounts/partner_admin.py). The contact gets an account and joins the page's own group,
which has Wagtail's "change" permission on that one page and nothing else, so they can edit it and
submit it to the region's coordinators, never publish it (accounts/partner_access.py).
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PartnerAccess(models.Model):
    """The group whose members (the partner's contact persons) may edit one partner page."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("partner page"),
        on_delete=models.CASCADE,
        related_name="partner_access",
    )
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="partner_access"
    )

    class Meta:
        verbose_name = _("partner's editing access")
        verbose_name_plural = _("partners' editing access")

    def __str__(self):
        return self.group.name


class PartnerInvitation(models.Model):
    """One contact person invited to edit one partner page. Inviting the same address to the same
    page again sends the link again and counts it; it never makes a second account or row."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("partner page"),
        on_delete=models.CASCADE,
        related_name="partner_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="partner_invitations",
    )
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("link last sent at"), default=timezone.now)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)
    accepted_at = models.DateTimeField(
        _("accepted at"),
        null=True,
        blank=True,
        help_text=_("When the contact person set their password with the link."),
    )

    class Meta:
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="unique_partner_invitation")
        ]

    def __str__(self):
        return f"{self.email} → {self.page_id}"

    @property
    def accepted(self):
        return self.accepted_at is not None
