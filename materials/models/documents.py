import contextlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument


class CustomDocument(AbstractDocument):
    """The project's document model, in place from the first migration.

    Materials (onboarding slides, handbooks, forms) build on it; files are always served through
    Wagtail's serve view so that permission checks cannot be bypassed by a direct file URL
    (see ``materials.wagtail_hooks.check_document_access``).
    """

    coordinators_only = models.BooleanField(
        _("coordinators only"),
        default=False,
        help_text=_(
            "Only logged-in regional coordinators and the national office may download this file."
        ),
    )

    admin_form_fields = (*WagtailDocument.admin_form_fields, "coordinators_only")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def extension(self) -> str:
        name = self.file.name or ""
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""

    def is_restricted(self) -> bool:
        """True when only coordinators may download it: flagged itself or part of a
        coordinator-only material."""
        if self.coordinators_only:
            return True
        return self.material_files.filter(version__material__coordinator_only=True).exists()

    def clean(self):
        """Wagtail checks the extension against WAGTAILDOCS_EXTENSIONS; we also refuse markup
        (HTML, SVG, XML with scripts) renamed to an allowed extension, which a browser could run."""
        super().clean()
        if (
            self.file
            and not getattr(self.file, "_committed", True)
            and looks_like_markup(self.file)
        ):
            from django.core.exceptions import ValidationError

            raise ValidationError(
                {
                    "file": _(
                        "This file contains web page code (HTML or SVG) and cannot be "
                        "uploaded. Save it as PDF first."
                    )
                }
            )


MARKUP_SIGNATURES = (b"<!doctype html", b"<html", b"<svg", b"<script", b"<?xml", b"<body")


def looks_like_markup(file) -> bool:
    """True when the first bytes of an upload are HTML/SVG/XML markup."""
    try:
        position = file.tell()
    except (AttributeError, OSError, ValueError):
        position = None
    try:
        file.seek(0)
        head = file.read(1024)
    except (AttributeError, OSError, ValueError):
        return False
    finally:
        if position is not None:
            with contextlib.suppress(OSError, ValueError):
                file.seek(position)
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(MARKUP_SIGNATURES)
