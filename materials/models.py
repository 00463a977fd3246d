from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument


class CustomDocument(AbstractDocument):
    """The project's document model, in place from the first migration.

    Materials (onboarding slides, handbooks, forms) build on it; files are always served through
    Wagtail's serve view so that permission checks cannot be bypassed by a direct file URL.
    """

    admin_form_fields = WagtailDocument.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
