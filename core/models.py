from django.db import models
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
