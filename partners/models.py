"""Partners: venues (culture and sport) and card distributors, as pages under their region's page.

Pages give each partner a public page, translation (wagtail-localize), search, revisions and the
audit log, and per-region permissions: a region's coordinators have page permissions on their own
RegionPage only (see regions.signals), so they can edit only their own region's partners.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core import geo
from core.lazycontext import lazy_context
from core.middleware import LiveFiguresPage
from core.roles import is_national

from . import rules
from .freshness import CheckedListing, SentNotice  # noqa: F401 (SentNotice: a model of this app)
from .widgets import MapPointInput

TEXT_FEATURES = ["bold", "italic", "link", "ul"]


def first_of_next_year(today=None):
    today = today or timezone.localdate()
    return datetime.date(today.year + 1, 1, 1)


class VenueCategory(models.TextChoices):
    MUSEUM = "museum", _("Museum")
    THEATRE = "theatre", _("Theatre")
    CONCERT = "concert", _("Concerts")
    FESTIVAL = "festival", _("Festival")
    CINEMA = "cinema", _("Cinema")
    COLLEGE = "college", _("Adult-education college")
    CULTURAL_CENTRE = "cultural_centre", _("Cultural centre")
    DANCE = "dance", _("Dance")
    SUMMER_THEATRE = "summer_theatre", _("Summer theatre")
    LIBRARY = "library", _("Library")
    SPORTS_EVENT = "sports_event", _("Sports event")
    SWIMMING_HALL = "swimming_hall", _("Swimming hall")
    GYM = "gym", _("Gym")
    OUTDOOR = "outdoor", _("Nature and outdoor")
    OTHER = "other", _("Other")


class TicketAgency(models.TextChoices):
    NONE = "", _("No ticket agency")
    LIPPUPISTE = "lippupiste", "Lippupiste"
    TICKETMASTER = "ticketmaster", "Ticketmaster"
    LIPPUTOIMISTO = "lipputoimisto", "Lipputoimisto"
    OTHER = "other", _("Other ticket agency")


# The accessibility features a cardholder can filter the finder by: (field name, label).
ACCESSIBILITY_FEATURES = [
    ("step_free_access", _("Step-free access")),
    ("accessible_toilet", _("Accessible toilet")),
    ("hearing_loop", _("Hearing loop")),
    ("accessible_parking", _("Accessible parking")),
]


class PartnerPageForm(WagtailAdminPageForm):
    """Checks that need the parent page (the region) or the editing user."""

    def clean(self):
        cleaned = super().clean()
        parent = self.parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        region_page = parent.specific if parent is not None else None
        municipality = cleaned.get("municipality")
        region = getattr(region_page, "region", None)
        if region is not None:
            if municipality is None:
                self.add_error("municipality", _("Choose the municipality."))
            elif municipality.region_id != region.pk:
                self.add_error(
                    "municipality",
                    _("Choose a municipality of %(region)s.") % {"region": region.name},
                )
        return cleaned


class VenuePageForm(PartnerPageForm):
    def clean(self):
        cleaned = super().clean()
        parent = self.parent_page
        popup = parent is not None and parent.specific_class is PopUpVenueIndexPage
        if popup and not cleaned.get("place"):
            self.add_error("place", _("Give the town of a pop-up venue."))
        return cleaned


class DistributorPageForm(PartnerPageForm):
    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start_date")
        # DOMAIN.md, "Distributors": a new distributor joins only at the start of a year, unless
        # the national office approves an exception; only the national office may set another day.
        if start and (start.month, start.day) != (1, 1) and not is_national(self.for_user):
            self.add_error(
                "start_date",
                _(
                    "A distributor starts on 1 January. Only the national office can approve "
                    "another start date."
                ),
            )
        return cleaned


class VenuePage(LiveFiguresPage, CheckedListing, Page):  # its shows' card tickets left
    """A venue: a culture or sport partner that admits cardholders free."""

    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venues",
    )
    place = models.CharField(
        _("town"),
        max_length=100,
        blank=True,
        help_text=_("Only for pop-up venues outside the regions, e.g. Helsinki."),
    )
    category = models.CharField(_("category"), max_length=20, choices=VenueCategory.choices)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = geo.latitude_field(help_text=_("Degrees north, e.g. 64.22728. Inside Finland."))
    longitude = geo.longitude_field(help_text=_("Degrees east, e.g. 27.72852. Inside Finland."))
    website = models.URLField(_("website"), blank=True)
    joined_on = models.DateField(
        _("joined on"),
        default=timezone.localdate,
        help_text=_("Venues may join mid-year; they appear on the public pages at once."),
    )
    scope = RichTextField(
        _("what is in scope"),
        features=TEXT_FEATURES,
        help_text=_("Most of the venue's own offer must be in scope."),
    )
    restrictions = RichTextField(
        _("restrictions"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_(
            "Only cinemas and adult-education colleges may restrict more; state every restriction."
        ),
    )
    # Free text per language, as a venue writes its hours on its own door and web page: the hours
    # change with seasons and holidays in ways a structured schedule would not hold.
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_("E.g. Mon–Fri 6–21, Sat–Sun 10–18. Closed on public holidays."),
    )
    # How to get tickets: every channel in use except the web shop (DOMAIN.md).
    box_office = models.BooleanField(_("at the box office"), default=True)
    ticket_phone = models.CharField(_("by phone"), max_length=40, blank=True)
    ticket_agency = models.CharField(
        _("ticket agency"), max_length=20, choices=TicketAgency.choices, blank=True
    )
    ticket_agency_name = models.CharField(
        _("name of the other ticket agency"), max_length=100, blank=True
    )
    ticket_notes = models.TextField(_("more about getting tickets"), blank=True)
    booking_opens_month_before = models.BooleanField(
        _("booking opens one month before"),
        default=False,
        help_text=_("An exceptional time limit: card tickets can be booked one month before."),
    )
    redeem_minutes_before = models.PositiveSmallIntegerField(
        _("tickets redeemed from (minutes before)"),
        null=True,
        blank=True,
        help_text=_("An exceptional time limit, e.g. 30: tickets only on the show evening."),
    )
    accessibility = RichTextField(_("accessibility"), features=TEXT_FEATURES, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_parking = models.BooleanField(_("accessible parking"), default=False)
    assistant_free = models.BooleanField(
        _("free entry for an assistant"),
        default=True,
        help_text=_("A disabled person's assistant, interpreter or guide gets in free."),
    )
    free_cloakroom = models.BooleanField(_("free cloakroom for cardholders"), default=True)
    children_tickets = models.BooleanField(
        _("children's tickets"),
        default=True,
        help_text=_(
            "Free tickets for the holder's children and grandchildren under 16 (not for courses)."
        ),
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    base_form_class = VenuePageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("category"), FieldPanel("municipality"), FieldPanel("place")]),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("postal_code"), FieldPanel("website")],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("latitude", widget=MapPointInput), FieldPanel("longitude")],
            heading=_("Location"),
            help_text=_(
                "Type the coordinates, or click the venue's place on the map. "
                "The finder sorts venues by distance with them."
            ),
        ),
        FieldPanel("scope"),
        FieldPanel("restrictions"),
        FieldPanel("opening_hours"),
        InlinePanel(
            "caps",
            heading=_("Caps"),
            label=_("Cap"),
            help_text=_("A cap is the most card tickets per show, course or day; never a quota."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("box_office"),
                FieldPanel("ticket_phone"),
                FieldPanel("ticket_agency"),
                FieldPanel("ticket_agency_name"),
                FieldPanel("ticket_notes"),
                FieldPanel("booking_opens_month_before"),
                FieldPanel("redeem_minutes_before"),
            ],
            heading=_("How to get tickets"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility"),
                FieldPanel("step_free_access"),
                FieldPanel("accessible_toilet"),
                FieldPanel("hearing_loop"),
                FieldPanel("accessible_parking"),
                FieldPanel("assistant_free"),
                FieldPanel("free_cloakroom"),
                FieldPanel("children_tickets"),
            ],
            heading=_("Accessibility and services"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("joined_on"),
            ],
            heading=_("Contact person (not public)"),
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("municipality"),
        SynchronizedField("category"),
        SynchronizedField("postal_code"),
        SynchronizedField("address"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("place"),
        SynchronizedField("contact_name"),
        SynchronizedField("joined_on"),
        SynchronizedField("website"),
        SynchronizedField("ticket_phone"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        TranslatableField("scope"),
        TranslatableField("restrictions"),
        TranslatableField("accessibility"),
        TranslatableField("ticket_notes"),
        TranslatableField("opening_hours"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("scope"),
        index.SearchField("restrictions"),
        index.SearchField("address"),
        index.SearchField("place"),
        index.FilterField("category"),
        index.FilterField("municipality"),
        index.FilterField("children_tickets"),
    ]
    parent_page_types = ["regions.RegionPage", "partners.PopUpVenueIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def clean(self):
        super().clean()
        errors = geo.check_pair(self.latitude, self.longitude)
        if self.ticket_agency == TicketAgency.OTHER and not self.ticket_agency_name:
            errors["ticket_agency_name"] = _("Name the ticket agency.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def town(self):
        return self.municipality.name if self.municipality_id else self.place

    @property
    def agency_label(self):
        if self.ticket_agency == TicketAgency.OTHER:
            return self.ticket_agency_name
        return self.get_ticket_agency_display() if self.ticket_agency else ""

    @property
    def ticket_channels(self):
        """How to get tickets, in words; never the web shop."""
        channels = []
        if self.box_office:
            channels.append(_("at the box office"))
        if self.ticket_phone:
            channels.append(_("by phone %(phone)s") % {"phone": self.ticket_phone})
        if self.ticket_agency:
            channels.append(_("from %(agency)s") % {"agency": self.agency_label})
        return channels

    @property
    def accessibility_features(self):
        return [label for name, label in ACCESSIBILITY_FEATURES if getattr(self, name)]

    def get_context(self, request, *args, **kwargs):
        from django.urls import reverse

        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's cached fragment is rendered anew (lazy: no query otherwise).
        context.update(lazy_context(lambda: {"caps": list(self.caps.all())}, ("caps",)))
        context["finder_url"] = reverse("finder")
        return context


class VenueCap(Orderable):
    """One cap of a venue, per kind of offer, validated by the national rules (partners.rules)."""

    venue = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="caps")
    kind = models.CharField(_("kind of offer"), max_length=20, choices=rules.CapKind.CHOICES)
    audience = models.PositiveIntegerField(
        _("tickets or places"),
        null=True,
        blank=True,
        help_text=_("Tickets of a show, places of a course. Not for swimming halls."),
    )
    lanes = models.PositiveSmallIntegerField(
        _("lanes"), null=True, blank=True, help_text=_("Only for swimming halls.")
    )
    cap = models.PositiveIntegerField(_("cap"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("audience"), FieldPanel("lanes")]),
        FieldRowPanel([FieldPanel("cap"), FieldPanel("note")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("cap")
        verbose_name_plural = _("caps")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.cap}"

    def clean(self):
        super().clean()
        problems = rules.check_cap(self.kind, self.cap, audience=self.audience, lanes=self.lanes)
        if problems:
            errors = {}
            for problem in problems:
                errors.setdefault(problem.field, []).append(problem.message)
            raise ValidationError(errors)

    @property
    def summary(self):
        """The cap in plain words, as the public page and the finder say it."""
        if self.kind == rules.CapKind.SWIMMING_HALL:
            return _("Up to %(cap)s cardholders a day.") % {"cap": self.cap}
        if self.kind == rules.CapKind.COURSE:
            return _("Up to %(cap)s card places per course.") % {"cap": self.cap}
        if self.kind == rules.CapKind.VISITING_PRODUCER:
            return _("Up to %(cap)s card tickets per visiting show.") % {"cap": self.cap}
        return _("Up to %(cap)s card tickets per show.") % {"cap": self.cap}

    @property
    def explanation(self):
        """One sentence: the cap is the venue's total for all cardholders per day, course or
        show, and the card itself has no limit on uses (DOMAIN.md; issue 16.7)."""
        if self.kind == rules.CapKind.SWIMMING_HALL:
            return _(
                "This is the venue's total for each day, for all cardholders together: "
                "you can use your card as often as you like."
            )
        if self.kind == rules.CapKind.COURSE:
            return _(
                "This is the total for each course, for all cardholders together: "
                "you can use your card as often as you like."
            )
        if self.kind == rules.CapKind.VISITING_PRODUCER:
            return _(
                "This is the total for each visiting show, for all cardholders together: "
                "you can use your card as often as you like."
            )
        return _(
            "This is the total for each show, for all cardholders together: "
            "you can use your card as often as you like."
        )

    @property
    def when_reached(self):
        """What a full cap means, in the words of its kind of offer (issue 16.8)."""
        if self.kind == rules.CapKind.SWIMMING_HALL:
            return _("When the cap is reached, the card visits for that day are gone.")
        if self.kind == rules.CapKind.COURSE:
            return _("When the cap is reached, the card places on that course are gone.")
        if self.kind == rules.CapKind.VISITING_PRODUCER:
            return _("When the cap is reached, the card tickets for that visiting show are gone.")
        return _("When the cap is reached, the card tickets for that show are gone.")


class PopUpVenueIndexPage(Page):
    """Pop-up venues outside the regions, coordinated by the national office."""

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.VenuePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("pop-up venues index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["venues"] = (
            VenuePage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("caps")
            .order_by("title")
        )
        return context


class DistributorKind(models.TextChoices):
    SOCIAL_OFFICE = "social_office", _("Social office")
    YOUTH_OUTREACH = "youth_outreach", _("Outreach youth work")
    SENIOR_OUTREACH = "senior_outreach", _("Outreach senior work")
    FAMILY_WORK = "family_work", _("Family work at home")
    REHABILITATIVE = "rehabilitative", _("Rehabilitative work activity")
    IMMIGRANT = "immigrant", _("Immigrant services")
    MENTAL_HEALTH = "mental_health", _("Substance-abuse and mental-health services")
    DISABILITY = "disability", _("Disability services")
    DEBT = "debt", _("Debt counselling")
    EMPLOYMENT = "employment", _("Employment service centre")
    DIACONAL = "diaconal", _("Parish diaconal work")
    NGO = "ngo", _("Association (clubhouse, multicultural centre, unemployed association)")
    STUDENT_WELFARE = "student_welfare", _("Student welfare")
    OTHER = "other", _("Other")


class DistributorSector(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY = "county", _("Wellbeing services county")
    THIRD_SECTOR = "third_sector", _("NGO / third sector")
    PARISH = "parish", _("Parish")


class DistributorPage(CheckedListing, Page):
    """A card distributor: a social, health or welfare unit whose clients get the card."""

    organisation = models.CharField(_("organisation"), max_length=200)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DistributorKind.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=DistributorSector.choices)
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="distributors",
        help_text=_("Leave empty for a unit that serves the whole region."),
    )
    description = RichTextField(_("description"), features=TEXT_FEATURES, blank=True)
    contact_name = models.CharField(
        _("contact person"),
        max_length=120,
        help_text=_("Every partner has a named contact person (DOMAIN.md)."),
    )
    public_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    public_email = models.EmailField(_("public e-mail"), blank=True)
    public_address = models.CharField(_("public address"), max_length=200, blank=True)
    start_date = models.DateField(
        _("start date"),
        default=first_of_next_year,
        help_text=_("1 January: distributors join at the start of a year."),
    )

    base_form_class = DistributorPageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("sector"), FieldPanel("municipality")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("public_phone"),
                FieldPanel("public_email"),
                FieldPanel("public_address"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("start_date"),
    ]
    override_translatable_fields = [
        SynchronizedField("municipality"),
        SynchronizedField("kind"),
        SynchronizedField("sector"),
        SynchronizedField("start_date"),
        SynchronizedField("public_phone"),
        SynchronizedField("public_email"),
        SynchronizedField("contact_name"),
        TranslatableField("unit"),
        TranslatableField("description"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("organisation"),
        index.SearchField("unit"),
        index.SearchField("description"),
        index.FilterField("sector"),
    ]
    parent_page_types = ["regions.RegionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("card distributor")
        verbose_name_plural = _("card distributors")

    @property
    def has_started(self):
        return self.start_date <= timezone.localdate()
