"""Regions and municipalities: the operational backbone every other app refers to.

A region is one or more municipalities and/or a wellbeing services county that runs Kaikukortti
locally (DOMAIN.md, "Regions and coordinators"). Its public pages (a Wagtail subsite) build on this.
"""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core import geo
from core.blocks import BaseStreamBlock
from core.lazycontext import lazy_context
from core.middleware import LiveFiguresPage
from core.roles import is_national
from core.routing import DirectRouteMixin
from partners.widgets import MapPointInput

from .fees import maintenance_fee

INTRO_FEATURES = ["bold", "italic", "link"]


class RegionForm(WagtailAdminModelForm):
    """Coordinators edit their region's contacts and figures; only the national office names a
    region and sets its status (the fields are shown to coordinators but cannot be changed)."""

    national_only = ("name_fi", "name_sv", "slug", "status", "wellbeing_county")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_national(self.for_user):
            for name in self.national_only:
                if name in self.fields:
                    self.fields[name].disabled = True


class RegionPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields and not is_national(self.for_user):
            if self.instance.pk:
                self.fields["region"].disabled = True
            else:
                from .permissions import regions_coordinated_by

                self.fields["region"].queryset = regions_coordinated_by(self.for_user)


class Region(ClusterableModel):
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
    feedback_email = models.EmailField(
        _("feedback e-mail"),
        blank=True,
        help_text=_("The region's feedback address, run by its coordinators."),
    )
    local_page_url = models.URLField(
        _("local web page"),
        blank=True,
        help_text=_("The region's own Kaikukortti page, e.g. https://sote.kainuu.fi/kaikukortti"),
    )
    reconfirmation_month = models.PositiveSmallIntegerField(
        _("month of the yearly check"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "1–12. In this month, partners whose listing has not been checked for 11 months get "
            "an e-mail asking them to confirm it (manage.py send_partner_reminders)."
        ),
    )
    coordinators_group = models.OneToOneField(
        Group,
        verbose_name=_("coordinators' group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_region",
        help_text=_("Members coordinate this region and edit only its lists."),
    )

    base_form_class = RegionForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name_fi"),
                FieldPanel("name_sv"),
                FieldPanel("slug"),
                FieldPanel("status"),
                FieldPanel("wellbeing_county"),
            ],
            heading=_("Region (set by the national office)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_email"),
                FieldPanel("local_page_url"),
                FieldPanel("pilot_ends_on"),
                FieldPanel("population"),
                FieldPanel("reconfirmation_month"),
            ],
            heading=_("Region settings"),
        ),
        InlinePanel("coordinators", heading=_("Coordinators"), label=_("Coordinator")),
    ]

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.status == self.Status.PILOTING and self.pilot_ends_on is None:
            # Cards in a piloting region are valid until the pilot ends (DOMAIN.md, "The card").
            raise ValidationError(
                {"pilot_ends_on": _("A piloting region needs the date its pilot ends.")}
            )

    def yearly_fee(self, year=None):
        """The region's share of the national maintenance fee, or None while unknown."""
        setting = NationalFee.for_year(year)
        if setting is None or not self.population:
            return None
        return setting.fee_for(self.population)

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
    # The centre point the finder measures from when a cardholder picks this municipality.
    latitude = geo.latitude_field(help_text=_("Degrees north, e.g. 64.22728. Inside Finland."))
    longitude = geo.longitude_field(help_text=_("Degrees east, e.g. 27.72852. Inside Finland."))

    panels = [
        FieldPanel("region"),
        FieldPanel("name_fi"),
        FieldPanel("name_sv"),
        FieldPanel("joined"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "latitude",
                    widget=MapPointInput(
                        label=_("Map: click the municipality's centre to fill in its coordinates")
                    ),
                ),
                FieldPanel("longitude"),
            ],
            heading=_("Centre point"),
            help_text=_(
                "The finder measures distances from here when a cardholder chooses this "
                "municipality. Type the coordinates, or click the centre on the map."
            ),
        ),
    ]

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [models.UniqueConstraint(fields=["name_fi"], name="unique_municipality_name")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = geo.check_pair(self.latitude, self.longitude)
        if errors:
            raise ValidationError(errors)

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def name(self):
        if translation.get_language() == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi

    @property
    def bilingual_name(self):
        """Both names where a Swedish one exists: "Vaasa – Vasa"."""
        return f"{self.name_fi} – {self.name_sv}" if self.name_sv else self.name_fi


class RegionCoordinator(Orderable):
    """A named coordinator: one on the culture side, one on the social and health side (at least)."""

    class Side(models.TextChoices):
        CULTURE = "culture", _("Culture and leisure (venues)")
        SOCIAL = "social", _("Social and health, welfare promotion (distributors)")

    region = ParentalKey(Region, on_delete=models.CASCADE, related_name="coordinators")
    name = models.CharField(_("name"), max_length=120)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # With a context: a bare "title" would also translate Wagtail's page title field (every
    # app's catalogue shares one namespace, and ours come first), as "tehtävänimike".
    title = models.CharField(pgettext_lazy("a person's role", "title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("side"),
        FieldPanel("title"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")

    def __str__(self):
        return self.name


class NationalFee(models.Model):
    """The yearly maintenance fee of the registry and the national site, set by the national office.

    DOMAIN.md ("Regions and coordinators"): the costs are split between the social/health side and
    the municipalities, each weighted by population. See `regions.fees.maintenance_fee`.
    """

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    total = models.DecimalField(_("total cost (€)"), max_digits=10, decimal_places=2)
    total_population = models.PositiveIntegerField(
        _("population of all regions"), validators=[MinValueValidator(1)]
    )
    municipal_share = models.DecimalField(
        _("share paid by the municipalities (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The rest is paid by the social and health side (wellbeing services county)."),
    )

    panels = [
        FieldPanel("year"),
        FieldPanel("total"),
        FieldPanel("total_population"),
        FieldPanel("municipal_share"),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("national maintenance fee")
        verbose_name_plural = _("national maintenance fees")

    def __str__(self):
        return f"{self.year}: {self.total} €"

    @classmethod
    def for_year(cls, year=None):
        """The setting of `year` (this year by default), else the latest earlier one."""
        year = year or timezone.localdate().year
        return cls.objects.filter(year__lte=year).order_by("-year").first()

    def fee_for(self, population):
        """Per payer: (municipalities' share, social and health side's share), whole euros."""
        municipal = maintenance_fee(
            population, self.total, self.total_population, self.municipal_share
        )
        social = maintenance_fee(
            population, self.total, self.total_population, Decimal(100) - self.municipal_share
        )
        return municipal, social


class RegionIndexPage(Page):
    """ "Alueet": every region with its status, county, municipalities, coordinators and links."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["regions.RegionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("regions index")

    def get_context(self, request, *args, **kwargs):
        from .services import region_listing

        context = super().get_context(request, *args, **kwargs)
        context["regions"] = region_listing(self, request)
        return context


# What region_home_context() gives the template (read lazily: a cached fragment needs none of it).
REGION_HOME_KEYS = (
    "region",
    "municipalities",
    "culture_coordinators",
    "social_coordinators",
    "venues",
    "distributors",
    "upcoming_distributors",
    "news",
    "finder_url",
    "subsite_url",
)


class RegionPage(LiveFiguresPage, DirectRouteMixin, Page):  # its shows' card tickets left
    """A region's home: also the root page of the region's own Wagtail Site (its subsite)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="pages"
    )
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    base_form_class = RegionPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("region"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    override_translatable_fields = [SynchronizedField("region"), TranslatableField("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.FilterField("region")]
    parent_page_types = ["regions.RegionIndexPage"]
    subpage_types = ["partners.VenuePage", "partners.DistributorPage", "regions.RegionNewsPage"]

    class Meta:
        verbose_name = _("region page")

    def clean(self):
        super().clean()
        if self.region_id:
            clash = RegionPage.objects.filter(region_id=self.region_id, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"region": _("This region already has a page.")})

    def get_context(self, request, *args, **kwargs):
        from .services import region_home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lazy_context(lambda: region_home_context(self, request), REGION_HOME_KEYS))
        return context


class RegionNewsPage(Page):
    """Local news of a region, shown on its home."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    override_translatable_fields = [SynchronizedField("date")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["regions.RegionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("local news item")
