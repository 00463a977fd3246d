"""A venue's upcoming shows, courses and events, and where they are imported from.

Issue 20, part 1. A show belongs to one venue (the venue page in the site's default language), has
a kind of offer and the cap that applies to it (the venue's `VenueCap` of that kind, or a cap of its
own that the national rules still validate: partners.rules), and a link to buy it through the
venue's own channels (DOMAIN.md, "Sales channels": the card is never sold in the web shop, so the
link is for the ticket agency or the venue's page).

Shows are translatable snippets (wagtail-localize): one row per language sharing a
`translation_key`; only the title is translated, every other field is synchronised (`save()`
copies it to the other languages' rows). A language without its own row shows the default
language's (public.py: `in_language`).

Shows have drafts, revisions and a workflow, as pages do (issue 21.1): a venue's contact person
saves a draft and submits it; the venue's region's coordinators compare the revisions and approve
(shows/workflows.py). Only live rows are public or take card tickets; an edit waits in a revision
while the live row stays as it was. The imports from Linked Events write live rows directly.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    Page,
    RevisionMixin,
    Task,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.middleware import LiveFiguresPage
from partners import rules

from .admin_forms import VenueScopedForm


class Source(models.TextChoices):
    ADMIN = "", _("Typed in the admin")
    LINKED_EVENTS = "linkedevents", _("Linked Events")


# Fields every language's row of a show shares (the title alone is translated).
SYNCHRONISED_FIELDS = (
    "venue_id",
    "start",
    "end",
    "kind",
    "venue_cap_id",
    "cap",
    "audience",
    "booking_opens_on",
    "buy_url",
    "cancelled",
    "source",
    "external_id",
    "last_imported_at",
)


FK_FIELDS = ("venue_id", "venue_cap_id")

# Kept by shows/tickets.py alone, on every language's row at once: a save() never writes them (a
# form or an import loaded before a desk recorded a ticket would write a stale count back).
TICKET_FIELDS = ("card_tickets", "tickets_updated_at")


def effective_cap():
    """Show.effective_cap in SQL: the show's own cap, else its venue cap's."""
    from django.db.models.functions import Coalesce

    return Coalesce("cap", "venue_cap__cap")


class ShowQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Shows not yet over: a show drops off the public pages at its end (at its start when it
        has no end time). Cancelled ones stay, saying so, until their date."""
        now = now or timezone.now()
        return self.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))

    def public(self):
        """Published shows of live, public venue pages."""
        from partners.models import VenuePage

        return self.filter(live=True, venue__in=VenuePage.objects.live().public().values("pk"))

    def in_language(self, locale):
        """One row per show: `locale`'s published translation, else the default language's row
        (plain Finnish falls back to Finnish). One query, paginated in the database."""
        default = Locale.get_default()
        if locale is None or locale.pk == default.pk:
            return self.filter(locale=default)
        translated = self.model.objects.filter(locale=locale, live=True).values("translation_key")
        return self.filter(
            Q(locale=locale) | Q(locale=default) & ~Q(translation_key__in=translated)
        )


class Show(WorkflowMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    venue = models.ForeignKey(
        "partners.VenuePage",
        verbose_name=_("venue"),
        on_delete=models.CASCADE,
        related_name="shows",
    )
    title = models.CharField(_("title"), max_length=255)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    kind = models.CharField(
        _("kind of offer"),
        max_length=20,
        choices=rules.CapKind.CHOICES,
        default=rules.CapKind.SHOW,
    )
    venue_cap = models.ForeignKey(
        "partners.VenueCap",
        verbose_name=_("cap that applies"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("One of the venue's caps. Leave empty to give this show a cap of its own."),
    )
    cap = models.PositiveIntegerField(
        _("cap of this show"),
        null=True,
        blank=True,
        help_text=_("Only if this show has a cap of its own; the national rules still apply."),
    )
    audience = models.PositiveIntegerField(
        _("tickets or places"),
        null=True,
        blank=True,
        help_text=_("Tickets of this show or places of this course: the rules for its cap."),
    )
    booking_opens_on = models.DateField(
        _("booking opens on"),
        null=True,
        blank=True,
        help_text=_("Only where the venue uses the one-month rule."),
    )
    buy_url = models.URLField(_("link for tickets"), max_length=500, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, blank=True, editable=False
    )
    external_id = models.CharField(
        _("id in the source"), max_length=100, blank=True, editable=False
    )
    last_imported_at = models.DateTimeField(_("last imported"), null=True, editable=False)
    # Issue 20.2: card tickets (adults and children alike) recorded against this show, not undone.
    card_tickets = models.PositiveIntegerField(
        _("card tickets recorded"), default=0, editable=False
    )
    tickets_updated_at = models.DateTimeField(
        _("card tickets last changed"), null=True, editable=False
    )

    # Wagtail's revisions and workflow states of a show, deleted with it.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="show")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="show",
        for_concrete_model=False,
    )

    objects = ShowQuerySet.as_manager()

    base_form_class = VenueScopedForm
    panels = [
        FieldPanel("venue"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("venue_cap"),
                FieldRowPanel([FieldPanel("cap"), FieldPanel("audience")]),
            ],
            heading=_("Cap"),
        ),
        FieldRowPanel([FieldPanel("booking_opens_on"), FieldPanel("buy_url")]),
        FieldPanel("cancelled"),
    ]
    override_translatable_fields = [
        TranslatableField("title"),
        *(
            SynchronizedField(name.removesuffix("_id") if name in FK_FIELDS else name)
            for name in SYNCHRONISED_FIELDS
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["start", "pk"]
        verbose_name = _("show")
        verbose_name_plural = _("shows")
        indexes = [models.Index(fields=["locale", "start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id", "locale"],
                condition=~Q(external_id=""),
                name="one_show_per_source_id_and_language",
            )
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.title} {local:%d.%m.%Y %H.%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in TICKET_FIELDS
            ]
        super().save(*args, **kwargs)
        # The other languages' rows share every field but the title: the fields this save wrote
        # (a draft's save_revision() writes only its revision columns, so a draft stays a draft).
        written = kwargs.get("update_fields")
        names = [
            name
            for name in SYNCHRONISED_FIELDS
            if written is None or name in written or name.removesuffix("_id") in written
        ]
        if names:
            others = Show.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk)
            others.update(**{name: getattr(self, name) for name in names})

    def with_content_json(self, content):
        """A revision's show with today's card tickets: they are counted on the row, never in a
        revision, so publishing an older draft keeps every ticket recorded since."""
        show = super().with_content_json(content)
        for name in TICKET_FIELDS:
            setattr(show, name, getattr(self, name))
        show._state.adding = False
        return show

    @property
    def revisions(self):
        return self._revisions

    @property
    def region(self):
        """The region whose coordinators look after this show (None for a pop-up venue)."""
        municipality = self.venue.municipality if self.venue_id else None
        return municipality.region if municipality else None

    @property
    def effective_cap(self):
        """The most card tickets for this show: its own cap, else the venue's cap that applies."""
        if self.cap is not None:
            return self.cap
        return self.venue_cap.cap if self.venue_cap_id else None

    @property
    def tickets_left(self):
        """Card tickets left (never below 0), or None when no cap applies."""
        cap = self.effective_cap
        return None if cap is None else max(cap - self.card_tickets, 0)

    def clean(self):
        super().clean()
        errors = {}
        if self.end and self.start and self.end < self.start:
            errors["end"] = [_("The end cannot be before the start.")]
        if self.venue_cap_id and self.venue_id and self.venue_cap.venue_id != self.venue_id:
            errors["venue_cap"] = [_("Choose one of this venue's caps.")]
        elif self.venue_cap_id and self.venue_cap.kind != self.kind:
            errors["venue_cap"] = [_("Choose a cap of the same kind of offer as the show.")]
        if self.cap is not None:
            lanes = self.venue_cap.lanes if self.venue_cap_id else None
            audience = self.audience or (self.venue_cap.audience if self.venue_cap_id else None)
            for problem in rules.check_cap(self.kind, self.cap, audience=audience, lanes=lanes):
                field = problem.field if problem.field in ("cap", "audience", "kind") else "cap"
                errors.setdefault(field, []).append(problem.message)
        if errors:
            raise ValidationError(errors)


class ShowApprovalTask(Task):
    """A workflow step that the coordinators of the show's own region approve (the national
    office for a pop-up venue's show). Wagtail's GroupApprovalTask would let every coordinator
    of every region review every show, as one workflow serves a snippet model."""

    admin_form_fields = Task.admin_form_fields

    def _may(self, obj, user):
        from regions.permissions import can_coordinate

        return user.is_superuser or can_coordinate(user, obj.region)

    def user_can_access_editor(self, obj, user):
        return self._may(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may(obj, user)

    def get_actions(self, obj, user):
        if self._may(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from django.db.models.functions import Cast

        from wagtail.models import TaskState

        from core.roles import is_national
        from regions.permissions import regions_coordinated_by

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser or is_national(user):
            return states
        shows = Show.objects.filter(venue__municipality__region__in=regions_coordinated_by(user))
        ids = shows.annotate(key=Cast("pk", models.CharField())).values("key")
        return states.filter(workflow_state__object_id__in=ids)

    @classmethod
    def get_description(cls):
        return _("The coordinators of the show's region approve it")

    class Meta:
        verbose_name = _("approval by the show's region's coordinators")
        verbose_name_plural = _("approvals by the shows' regions' coordinators")


class VenueEventSource(models.Model):
    """Where a venue's events are imported from: its place id in Linked Events
    (`manage.py import_linked_events`, run daily)."""

    venue = models.OneToOneField(
        "partners.VenuePage",
        verbose_name=_("venue"),
        on_delete=models.CASCADE,
        related_name="event_source",
    )
    place_id = models.CharField(
        _("Linked Events place id"),
        max_length=100,
        help_text=_("For example tprek:7254. Ask the city that publishes the events."),
    )
    kind = models.CharField(
        _("kind of offer"),
        max_length=20,
        choices=rules.CapKind.CHOICES,
        default=rules.CapKind.SHOW,
        help_text=_("The kind of offer the imported events are, for their cap."),
    )
    enabled = models.BooleanField(_("import daily"), default=True)
    last_run_at = models.DateTimeField(_("last import"), null=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True, editable=False)

    base_form_class = VenueScopedForm
    panels = [
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("place_id"), FieldPanel("kind")]),
        FieldPanel("enabled"),
    ]

    class Meta:
        verbose_name = _("Linked Events source")
        verbose_name_plural = _("Linked Events sources")

    def __str__(self):
        return f"{self.venue.title}: {self.place_id}"

    @property
    def region(self):
        municipality = self.venue.municipality if self.venue_id else None
        return municipality.region if municipality else None

    def venue_cap(self):
        """The venue's cap of this source's kind of offer, if it has one."""
        return self.venue.caps.filter(kind=self.kind).order_by("sort_order").first()


def default_locale_venues():
    """Venue pages in the site's default language: the venues a show can belong to."""
    from partners.models import VenuePage

    return VenuePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


class WhatsOnPage(LiveFiguresPage, Page):
    """The national "What's on with the card" page: upcoming shows of every venue, filtered by
    region, municipality, kind of place, dates and children's tickets (GET, no JavaScript)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    show_in_menus_default = True  # past shows drop off and tickets go by the clock: live figures

    class Meta:
        verbose_name = _("what's on page")

    def get_context(self, request, *args, **kwargs):
        from regions.models import Municipality, Region

        from . import public
        from .forms import ShowFilterForm

        context = super().get_context(request, *args, **kwargs)
        regions = list(Region.objects.all())
        municipalities = list(Municipality.objects.filter(region__in=regions))
        form = ShowFilterForm(request.GET, regions=regions, municipalities=municipalities)
        form.is_valid()  # invalid filters are reported and left out
        data = form.cleaned_data
        number = request.GET.get("page", "")
        number = number if number.isdigit() and len(number) <= 4 else ""  # else the first page
        query = form.query()  # the valid filters: bounded values, for page links and the key
        context.update(
            form=form,
            # Read by the template's cached list (shows_tags.shows_page), only on a cache miss.
            shows_query=public.filtered(public.upcoming(), data),
            page_number=number,
            list_key=f"{urlencode(query)}|{number}",
            query_string=urlencode(query),
            searched=bool(query),
            selected_region=data.get("region_obj"),
        )
        return context
