"""The regions' yearly customer brochures and their national approval.

DOMAIN.md, "Regions and coordinators": brochures must be sent to the national office for approval
before printing. Approval runs on Wagtail's built-in workflows (the "National approval" workflow,
one GroupApprovalTask for the national editors); approval publishes the brochure, and only a
published brochure without unapproved changes may be downloaded for print.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from core.languages import html_lang

from ..admin_forms import BrochureForm

BROCHURE_LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    (settings.PLAIN_FINNISH, _("Plain Finnish")),
]


def default_year():
    # Brochures are made in the autumn for the coming year (new partners join on 1 January).
    today = timezone.localdate()
    return today.year + 1 if today.month >= 9 else today.year


class Brochure(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="brochures",
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        default=default_year,
        validators=[MinValueValidator(2015), MaxValueValidator(2100)],
    )
    language = models.CharField(
        _("language"), max_length=12, choices=BROCHURE_LANGUAGES, default="fi"
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Starts from the national text template; adapt it to your region."),
    )
    contacts = models.TextField(
        _("contacts"),
        blank=True,
        help_text=_("The region's coordinators and the feedback e-mail, one per line."),
    )
    snapshot = models.JSONField(
        _("partner lists"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The region's published venues and distributors when the lists were compiled."),
    )
    compiled_at = models.DateTimeField(_("lists compiled at"), null=True, editable=False)

    base_form_class = BrochureForm
    panels = [
        MultiFieldPanel(
            [FieldPanel("region"), FieldPanel("year"), FieldPanel("language")],
            heading=_("Brochure"),
        ),
        FieldPanel("intro"),
        FieldPanel("contacts"),
        FieldPanel("refresh_lists"),
    ]

    class Meta:
        ordering = ["-year", "region__name_fi", "language"]
        verbose_name = _("brochure")
        verbose_name_plural = _("brochures")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "language"], name="one_brochure_per_region_year_language"
            )
        ]

    def __str__(self):
        return f"{self.region.name_fi} {self.year} ({self.get_language_display()})"

    @property
    def html_lang(self):
        return html_lang(self.language)

    @property
    def is_approved(self):
        """Approved = published by the national approval workflow, with no changes since."""
        return bool(self.live and not self.has_unpublished_changes)

    @property
    def approval_status(self):
        """Where the brochure is in the national approval, in words for the listing."""
        if self.is_approved:
            return _("Approved")
        state = self.current_workflow_state
        if state is not None and state.status == state.STATUS_IN_PROGRESS:
            return _("Awaiting approval")
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            return _("Changes requested")
        if self.live:
            return _("Approved; newer changes not approved")
        return _("Draft")

    @property
    def venues(self):
        return (self.snapshot or {}).get("venues", [])

    @property
    def distributors(self):
        return (self.snapshot or {}).get("distributors", [])

    def compile_lists(self):
        """Take the region's published partners into the brochure (a snapshot, kept as is until
        the coordinator refreshes it)."""
        from materials.brochures.sources import compile_partner_lists

        with translation.override(self.language):
            self.snapshot = compile_partner_lists(self.region, self.language, self.year)
        self.compiled_at = timezone.now()

    def fill_from_template(self):
        from materials.brochures.texts import intro_template

        if not self.intro:
            self.intro = intro_template(self.language, self.region)

    # Preview in the admin: the same HTML and stylesheet the PDF is made from, or the PDF itself
    # (its pages exactly as printed: the HTML shows each section as one long sheet).
    @property
    def preview_modes(self):
        return [("", _("Brochure pages")), ("pdf", _("PDF, as printed"))]

    def serve_preview(self, request, mode_name):
        if mode_name == "pdf":
            from django.http import HttpResponse

            from materials.brochures.pdf import render_pdf

            response = HttpResponse(render_pdf(self), content_type="application/pdf")
            response["Content-Disposition"] = 'inline; filename="preview.pdf"'
            return response
        return super().serve_preview(request, mode_name)

    def get_preview_template(self, request, mode_name):
        return "materials/brochures/brochure.html"

    def get_preview_context(self, request, mode_name):
        from materials.brochures.pdf import brochure_context

        return {**super().get_preview_context(request, mode_name), **brochure_context(self)}
