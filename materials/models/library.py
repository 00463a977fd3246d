"""The national materials library: versioned onboarding material in several formats.

DOMAIN.md, "Onboarding material": materials are national and versioned; uploading a new version
keeps the old ones as history, the newest published version is the current one, and a stable
"latest" link per material and format always serves the current file.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from core.languages import html_lang


class Audience(models.TextChoices):
    DISTRIBUTORS = "distributors", _("Card distributors")
    VENUES = "venues", _("Venues")
    COORDINATORS = "coordinators", _("Coordinators")
    EVERYONE = "everyone", _("Everyone")


class Kind(models.TextChoices):
    # The order here is the order of the groups on a materials page.
    OPERATING_MODEL = "operating_model", _("Operating model")
    HANDBOOK = "handbook", _("Handbook")
    SLIDES = "slides", _("Onboarding slides")
    CHECKLIST = "checklist", _("Checklist")
    PAPER_FORM = "paper_form", _("Paper registration form")
    REGISTRY_INSTRUCTIONS = "registry_instructions", _("Registry instructions")
    COMMITMENT_TEMPLATE = "commitment_template", _("Commitment template")
    BROCHURE_TEMPLATE = "brochure_template", _("Brochure text template")
    GRAPHICS = "graphics", _("Graphics and print templates")
    STATISTICS_TEMPLATE = "statistics_template", _("Statistics template")


KIND_ORDER = {value: i for i, value in enumerate(Kind.values)}


def material_language_choices():
    return [(code, name) for code, name in settings.LANGUAGES]


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinator-only material is for regional coordinators and the national office only."""
        from regions.permissions import regions_coordinated_by

        if regions_coordinated_by(user).exists():
            return self
        return self.filter(coordinator_only=False)

    def for_audience(self, audience):
        if audience == Audience.EVERYONE:
            return self
        return self.filter(audience__in=[audience, Audience.EVERYONE])

    def with_current_version(self):
        """Only materials with a published version, each carrying `current_version` (prefetched)."""
        today = timezone.localdate()
        published = (
            MaterialVersion.objects.filter(is_published=True, version_date__lte=today)
            .prefetch_related(
                models.Prefetch("files", queryset=MaterialFile.objects.select_related("document"))
            )
            .order_by("-version_date", "-pk")
        )
        return (
            self.filter(versions__is_published=True, versions__version_date__lte=today)
            .distinct()
            .prefetch_related(
                models.Prefetch("versions", queryset=published, to_attr="published_versions")
            )
        )


class Material(ClusterableModel, index.Indexed):
    """One piece of material in ONE language (a Swedish translation is a material of its own)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("identifier"),
        unique=True,
        max_length=80,
        help_text=_("Part of the stable link to the current version; do not change it later."),
    )
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=12, choices=material_language_choices, default="fi"
    )
    coordinator_only = models.BooleanField(
        _("coordinators only"),
        default=False,
        help_text=_(
            "Visible and downloadable only for logged-in regional coordinators and the national "
            "office (for example InDesign templates)."
        ),
    )

    objects = MaterialQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.FilterField("audience"),
        index.FilterField("kind"),
        index.FilterField("language"),
    ]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("kind"),
                FieldPanel("language"),
                FieldPanel("coordinator_only"),
            ],
            heading=_("Classification"),
        ),
    ]

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title

    @property
    def html_lang(self):
        return html_lang(self.language)

    @property
    def language_name(self):
        return dict(material_language_choices()).get(self.language, self.language)

    def get_current_version(self):
        """The newest published version whose date has come (None when nothing is published)."""
        prefetched = getattr(self, "published_versions", None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return (
            self.versions.filter(is_published=True, version_date__lte=timezone.localdate())
            .order_by("-version_date", "-pk")
            .first()
        )

    def history(self):
        """Older published versions, newest first (the current one excluded)."""
        prefetched = getattr(self, "published_versions", None)
        if prefetched is not None:
            return prefetched[1:]
        versions = list(
            self.versions.filter(is_published=True, version_date__lte=timezone.localdate())
            .order_by("-version_date", "-pk")
            .prefetch_related("files__document")
        )
        return versions[1:]

    def latest_url(self, file_format, language=None):
        """The stable link that always serves the current version in `file_format`."""
        with translation.override(language or translation.get_language()):
            return reverse("materials:latest", kwargs={"slug": self.slug, "fmt": file_format})


class MaterialVersion(ClusterableModel):
    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.CASCADE, related_name="versions"
    )
    version_date = models.DateField(
        _("version date"),
        default=timezone.localdate,
        help_text=_("The date this version was published; the newest published one is current."),
    )
    label = models.CharField(
        _("version label"), max_length=60, blank=True, help_text=_("For example 2022.")
    )
    note = models.TextField(_("what changed"), blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished versions are kept but never served as the current version."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    panels = [
        FieldPanel("material"),
        FieldPanel("version_date"),
        FieldPanel("label"),
        FieldPanel("note"),
        FieldPanel("is_published"),
        InlinePanel("files", heading=_("Files"), label=_("File"), min_num=1),
    ]

    class Meta:
        ordering = ["material", "-version_date", "-pk"]
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")

    def __str__(self):
        return f"{self.material} – {self.version_date:%-d.%-m.%Y}"

    def ordered_files(self):
        return sorted(self.files.all(), key=lambda f: FORMAT_ORDER.get(f.file_format, 99))


# Formats in the order a visitor reads them: the editable original first, then PDF.
FORMAT_ORDER = {
    fmt: i
    for i, fmt in enumerate(
        ["pptx", "docx", "xlsx", "odp", "odt", "ods", "pdf", "indd", "idml", "zip", "csv", "txt"]
    )
}


class MaterialFile(models.Model):
    """One format (PPTX, PDF, …) of a material version; the file is a Wagtail document."""

    version = ParentalKey(
        MaterialVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="files"
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="material_files",
    )
    file_format = models.CharField(_("format"), max_length=10, editable=False)

    panels = [FieldPanel("document")]

    class Meta:
        verbose_name = _("material file")
        verbose_name_plural = _("material files")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "file_format"], name="one_file_per_format_per_version"
            )
        ]

    def __str__(self):
        return f"{self.version} ({self.format_label})"

    def save(self, *args, **kwargs):
        if self.document_id and not self.file_format:
            self.file_format = self.document.extension
        super().save(*args, **kwargs)

    @property
    def format_label(self):
        return self.file_format.upper()

    def clean(self):
        super().clean()
        if self.document_id:
            self.file_format = self.document.extension
            if not self.file_format:
                raise ValidationError({"document": _("The file has no extension.")})

    @property
    def size(self):
        return self.document.get_file_size()
