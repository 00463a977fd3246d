"""Public pages built from the materials library: a materials page per audience and an
onboarding path per partner type."""

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.languages import html_lang

from .library import KIND_ORDER, Audience, Kind, Material

INTRO_FEATURES = ["bold", "italic", "link", "ul", "ol"]


def page_language(page) -> str:
    return page.locale.language_code


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

    class Meta:
        verbose_name = _("materials page")

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

    class Meta:
        verbose_name = _("onboarding path")

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
