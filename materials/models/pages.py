"""Public pages built from the materials library: a materials page per audience and an
onboarding path per partner type."""

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.languages import html_lang

from .library import KIND_ORDER, Audience, Kind, Material

INTRO_FEATURES = ["bold", "italic", "link", "ul", "ol"]


def page_language(page) -> str:
    return page.locale.language_code


# Words people search a kind of material with, beyond its name ("diat" for the slides): a
# translator lists the usual words of their language, separated by spaces (issue 16.10).
KIND_SEARCH_WORDS = {
    Kind.OPERATING_MODEL: _("search words: operating model rules"),
    Kind.HANDBOOK: _("search words: handbook guide"),
    Kind.SLIDES: _("search words: onboarding slides presentation"),
    Kind.CHECKLIST: _("search words: checklist"),
    Kind.PAPER_FORM: _("search words: paper form registration"),
    Kind.REGISTRY_INSTRUCTIONS: _("search words: registry instructions"),
    Kind.COMMITMENT_TEMPLATE: _("search words: commitment template"),
}
# The kinds a section page links straight to, in this order (slides first: what people ask for).
SECTION_KINDS = [
    Kind.SLIDES,
    Kind.HANDBOOK,
    Kind.OPERATING_MODEL,
    Kind.CHECKLIST,
    Kind.PAPER_FORM,
    Kind.REGISTRY_INSTRUCTIONS,
]


def _search_words(word):
    """A kind's search words without the translator's "search words:" lead-in."""
    return str(word).split(":", 1)[-1]


def _kind_words(kind):
    word = KIND_SEARCH_WORDS.get(kind)
    return _search_words(word) if word else ""


def _prefer_language(materials, language):
    """Materials in the page's language first; then the rest by title."""
    lang = html_lang(language)
    return sorted(materials, key=lambda m: (m.html_lang != lang, m.title.lower()))


class MaterialsPage(Page):
    """The current materials of one audience, grouped by kind, with formats, sizes and dates."""

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("audience"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # Found by the audience, the materials' titles and descriptions and their kinds (issue 16.10).
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("audience_label", boost=3),
        index.SearchField("search_text"),
    ]

    class Meta:
        verbose_name = _("materials page")

    def audience_label(self):
        with translation.override(page_language(self)):
            return str(Audience(self.audience).label)

    def search_text(self):
        """What the page lists, in the page's language, for the site search's index."""
        materials = Material.objects.for_audience(self.audience).filter(coordinator_only=False)
        with translation.override(page_language(self)):
            words = []
            for material in materials:
                words += [material.title, material.description]
                words += [str(Kind(material.kind).label), _kind_words(material.kind)]
            return " ".join(w for w in words if w)

    def materials_for(self, user):
        materials = (
            Material.objects.for_audience(self.audience).visible_to(user).with_current_version()
        )
        return [m for m in materials if m.get_current_version() is not None]

    def grouped_materials(self, user):
        """[(kind label, [material, …]), …] in the library's kind order."""
        groups = {}
        for material in self.materials_for(user):
            groups.setdefault(material.kind, []).append(material)
        kinds = dict(Kind.choices)
        return [
            (kinds[kind], _prefer_language(items, page_language(self)))
            for kind, items in sorted(groups.items(), key=lambda kv: KIND_ORDER.get(kv[0], 99))
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.grouped_materials(request.user)
        context["page_html_lang"] = html_lang(page_language(self))
        return context


class OnboardingPage(Page):
    """ "You are joining as a venue: 1. read the operating model, 2. download the slides, 3. make
    your commitment, 4. get registry access" – the steps link the current materials."""

    class PartnerType(models.TextChoices):
        VENUE = "venue", _("Venue")
        DISTRIBUTOR = "distributor", _("Card distributor")

    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("partner_type"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("search_text"),
    ]

    class Meta:
        verbose_name = _("onboarding path")

    def search_text(self):
        """The steps in the page's language (the commitment among them), for the search index."""
        with translation.override(page_language(self)):
            words = [str(self.PartnerType(self.partner_type).label), _("search words: onboarding")]
            for step in self.steps(AnonymousUser()):
                words += [str(step["title"]), str(step["text"])]
                if step.get("material"):
                    words.append(step["material"].title)
            words += [_kind_words(Kind.SLIDES), _kind_words(Kind.COMMITMENT_TEMPLATE)]
            return " ".join(str(w) for w in words)

    @property
    def audience(self):
        return (
            Audience.VENUES
            if self.partner_type == self.PartnerType.VENUE
            else Audience.DISTRIBUTORS
        )

    def _pick(self, materials, kind):
        """The material of `kind` in the page's language, else Finnish, else any."""
        candidates = [m for m in materials if m.kind == kind]
        if not candidates:
            return None
        return _prefer_language(candidates, page_language(self))[0]

    def steps(self, user):
        materials = (
            Material.objects.for_audience(self.audience).visible_to(user).with_current_version()
        )
        materials = [m for m in materials if m.get_current_version() is not None]
        with translation.override(page_language(self)):
            try:
                commitment_url = reverse("materials:commitment") + f"?type={self.partner_type}"
            except NoReverseMatch:
                commitment_url = None
        return [
            {
                "title": _("Read the national operating model"),
                "text": _(
                    "The operating model tells what every partner promises: who gets the card, "
                    "how tickets are given and what is recorded."
                ),
                "material": self._pick(materials, Kind.OPERATING_MODEL),
            },
            {
                "title": _("Download the onboarding slides"),
                "text": _("Go through the slides with everyone who meets cardholders."),
                "material": self._pick(materials, Kind.SLIDES)
                or self._pick(materials, Kind.HANDBOOK),
            },
            {
                "title": _("Make your commitment"),
                "text": _(
                    "Commit to the operating model online. Your region's coordinator confirms it."
                ),
                "link": commitment_url,
                "link_text": _("Fill in the commitment form"),
            },
            {
                "title": _("Get access to the registry"),
                "text": _(
                    "Your region's coordinator creates the registry account for your unit. "
                    "The instructions show how to record cards."
                ),
                "material": self._pick(materials, Kind.REGISTRY_INSTRUCTIONS),
            },
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = self.steps(request.user)
        context["page_html_lang"] = html_lang(page_language(self))
        return context


def section_resources(locale_id, audience, user, language):
    """What an audience section links to (issue 16.10: two clicks from the home page): its
    materials page and onboarding path in the section's language, the current slides, handbook,
    operating model and forms, and the commitment form. Empty for the cardholders' section."""
    if audience not in (Audience.VENUES, Audience.DISTRIBUTORS, Audience.COORDINATORS):
        return {}
    materials_page = MaterialsPage.objects.live().filter(locale_id=locale_id, audience=audience)
    onboarding = OnboardingPage.objects.live().filter(locale_id=locale_id)
    partner_type = {
        Audience.VENUES: OnboardingPage.PartnerType.VENUE,
        Audience.DISTRIBUTORS: OnboardingPage.PartnerType.DISTRIBUTOR,
    }.get(audience)
    materials = [
        m
        for m in Material.objects.for_audience(audience).visible_to(user).with_current_version()
        if m.kind in SECTION_KINDS and m.get_current_version() is not None
    ]
    materials = _prefer_language(materials, language)
    materials.sort(key=lambda m: SECTION_KINDS.index(m.kind))
    commitment_url = None
    if partner_type:
        commitment_url = reverse("materials:commitment") + f"?type={partner_type}"
    return {
        "materials_page": materials_page.first(),
        "onboarding_page": onboarding.filter(partner_type=partner_type).first()
        if partner_type
        else None,
        "materials": materials,
        "commitment_url": commitment_url,
    }
