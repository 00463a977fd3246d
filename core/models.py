from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """The project's image model, in place from the first migration (changing it later is painful).

    Alt text lives on the image so that every use has one; blocks may override it per use.
    """

    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_(
            "Describe the image for people who cannot see it. Leave empty only for decoration."
        ),
    )
    admin_form_fields = (*Image.admin_form_fields, "alt_text")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class RefusalLog(models.Model):
    """A signed-in user refused a page, an admin screen or an API call (a 403), for the national
    office's audit (core/refusals.py writes it; issue 15). Card numbers in the path are masked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted: the audit must still say who it was.
    username = models.CharField(_("username"), max_length=150)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("page address"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("refused request")
        verbose_name_plural = _("refused requests")

    def __str__(self):
        return f"{self.username} {self.method} {self.path}"
