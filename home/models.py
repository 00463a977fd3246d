"""The national site's pages and its site-wide settings."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.lazycontext import lazy_context
from core.middleware import LiveFiguresPage
from core.pagequery import public_pages
from core.routing import DirectRouteMixin
from materials.models.pages import section_resources

INTRO_FEATURES = ["bold", "italic", "link"]


def _live_figures():
    """Live registry figures for the front page (cached by the registry's statistics)."""
    from stats.public import live_figures

    return live_figures()


class BasePage(Page):
    """Shared fields of the national site's pages: an intro and a body of shared blocks."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        abstract = True


class HomePage(LiveFiguresPage, DirectRouteMixin, BasePage):
    """The national front page: what the card is, who gets it, where it works, news, live figures."""

    who_title = models.CharField(_("'who can get it' heading"), max_length=120, blank=True)
    who_text = RichTextField(
        _("who can get the card"), blank=True, features=INTRO_FEATURES + ["ul"]
    )
    where_title = models.CharField(_("'where it works' heading"), max_length=120, blank=True)
    where_text = RichTextField(_("where the card works"), blank=True, features=INTRO_FEATURES)

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("who_text"),
        index.SearchField("where_text"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("who_title"), FieldPanel("who_text")], heading=_("Who can get it")
        ),
        MultiFieldPanel(
            [FieldPanel("where_title"), FieldPanel("where_text")], heading=_("Where it works")
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def _latest_news(self, request):
        news = NewsPage.objects.live().filter(locale_id=self.locale_id)
        return {"latest_news": list(public_pages(request, news).order_by("-date")[:3])}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's cached fragment is rendered anew (lazy: no query otherwise).
        context.update(lazy_context(lambda: self._latest_news(request), ("latest_news",)))
        context["finder_url"] = reverse("finder")
        context["live_figures"] = _live_figures()
        return context


class ContentPage(BasePage):
    """A general page: privacy statement, yearly exceptions to the operating model, FAQ pages."""

    show_in_footer = models.BooleanField(
        _("show in footer"), default=False, help_text=_("For example the privacy statement.")
    )
    promote_panels = [*Page.promote_panels, FieldPanel("show_in_footer")]

    parent_page_types = ["home.HomePage", "home.ContentPage", "home.SectionPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("content page")


class SectionPage(BasePage):
    """An audience section: cardholders, distributors, venues, coordinators. Lists its child pages."""

    class Audience(models.TextChoices):
        CARDHOLDERS = "cardholders", _("Cardholders")
        DISTRIBUTORS = "distributors", _("Card distributors")
        VENUES = "venues", _("Venues")
        COORDINATORS = "coordinators", _("Coordinators")

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    content_panels = [*BasePage.content_panels, FieldPanel("audience")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("section page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = public_pages(request, self.get_children().live()).specific()
        context["resources"] = section_resources(
            self.locale_id, self.audience, request.user, translation.get_language()
        )
        return context


class ContactPage(BasePage):
    """Contacts of the national office; the figures come from the site settings."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")


class AccessibilityStatementPage(BasePage):
    """The accessibility statement with the sections the Finnish Act on the Provision of Digital
    Services (306/2019) requires."""

    class Compliance(models.TextChoices):
        FULL = "full", _("The site meets the critical requirements (WCAG 2.1 AA)")
        PARTIAL = "partial", _("The site partly meets the critical requirements (WCAG 2.1 AA)")
        NONE = "none", _("The site does not meet the critical requirements")

    compliance = models.CharField(
        _("compliance"), max_length=10, choices=Compliance.choices, default="partial"
    )
    non_accessible = RichTextField(
        _("content that is not accessible, and why"), features=INTRO_FEATURES + ["ul"], blank=True
    )
    assessed_on = models.DateField(_("date of assessment"), default=timezone.localdate)
    assessment_method = models.TextField(_("how the site was assessed"))
    statement_updated_on = models.DateField(_("statement last updated"), default=timezone.localdate)
    feedback_email = models.EmailField(_("feedback e-mail"))
    feedback_text = models.TextField(_("how to give feedback"), blank=True)
    supervisory_authority = RichTextField(_("supervisory authority"), features=INTRO_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("compliance"),
        FieldPanel("non_accessible"),
        MultiFieldPanel(
            [
                FieldPanel("assessed_on"),
                FieldPanel("assessment_method"),
                FieldPanel("statement_updated_on"),
            ],
            heading=_("Assessment"),
        ),
        MultiFieldPanel(
            [FieldPanel("feedback_email"), FieldPanel("feedback_text")], heading=_("Feedback")
        ),
        FieldPanel("supervisory_authority"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")


class NewsIndexPage(BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1
    per_page = 10

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = public_pages(request, NewsPage.objects.child_of(self).live()).order_by(
            "-date", "-pk"
        )
        paginator = Paginator(news, self.per_page)
        try:
            context["news"] = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            context["news"] = paginator.page(1)
        return context


class NewsPage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate)
    search_fields = [*BasePage.search_fields, index.FilterField("date")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contacts and links shown in every page's footer, per site (national site and regional subsites)."""

    organisation = models.CharField(
        _("organisation"), max_length=200, default="Kulttuuria kaikille -palvelu"
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    feedback_email = models.EmailField(_("feedback e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Forms that collect personal data link to it, in the visitor's language."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("postal_address"),
                FieldPanel("feedback_email"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("privacy_page"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("linkedin_url"),
            ],
            heading=_("Social media"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_site(cls, site):
        """The site's settings, read without writing. Wagtail's own `for_site` creates the row
        (get_or_create) on the first page rendered for a site that has none, and that save in the
        middle of a GET is a content change (core/signals.py) that empties the fragment caches. A
        site without a row gets the defaults unsaved; the admin's settings form saves the row."""
        if site is None:
            return super().for_site(site)  # Wagtail's DoesNotExist
        try:
            return cls.base_queryset().get(site=site)
        except cls.DoesNotExist:
            return cls(site=site)

    @property
    def social_links(self):
        return [
            (name, url)
            for name, url in (
                ("Facebook", self.facebook_url),
                ("Instagram", self.instagram_url),
                ("YouTube", self.youtube_url),
                ("LinkedIn", self.linkedin_url),
            )
            if url
        ]
