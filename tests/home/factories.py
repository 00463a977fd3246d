"""Factories of the national site: the four content languages, the national home page in each of
them, the other pages of home/ and the Wagtail Sites.

A session may also hold the demo (when it collects a file marked `demo`), so nothing here assumes an
empty database: the locales are fetched or created, slugs and hostnames come from sequences, and a
Site made the default takes that role from the demo's site for the test's transaction only.

    home = national_home()               # fi, with sv, en and plain Finnish translations
    site = SiteFactory(root_page=home, is_default_site=True)   # the test client's "testserver"
    page = ContentPageFactory(parent=home, title="Tietosuojaseloste")
"""

from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import create_aliases_for_new_page

import factory
import wagtail_factories

from home import models

# The content languages of settings.WAGTAIL_CONTENT_LANGUAGES; Finnish is the source language.
LANGUAGES = ("fi", "sv", "en", "fi-x-selko")


class LocaleFactory(factory.django.DjangoModelFactory):
    language_code = "fi"

    class Meta:
        model = Locale
        django_get_or_create = ("language_code",)


def ensure_locales():
    """{language code: Locale} for the four content languages. As in the demo, every language but
    Finnish follows the Finnish tree (wagtail-localize shows untranslated pages as aliases)."""
    fi = LocaleFactory(language_code="fi")
    locales = {"fi": fi}
    for code in LANGUAGES[1:]:
        locales[code] = LocaleFactory(language_code=code)
        LocaleSynchronization.objects.get_or_create(
            locale=locales[code], defaults={"sync_from": fi}
        )
    return locales


def finnish():
    return LocaleFactory(language_code="fi")


class BasePageFactory(wagtail_factories.PageFactory):
    """A page with a published revision (as the editors' "Publish" leaves it); `live=False` leaves
    a draft revision instead. The parent is required: pass `parent=`. `aliases=True` adds its
    aliases in the other languages."""

    title = factory.Sequence(lambda n: f"Testisivu {n}")
    slug = factory.Sequence(lambda n: f"testisivu-{n}")
    locale = factory.LazyAttribute(lambda page: page.parent.locale if page.parent else finnish())

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def revision(page, create, extracted, **kwargs):
        if not create or extracted is False:  # revision=False: a page with no revision at all
            return
        revision = page.save_revision()
        if page.live:
            revision.publish()

    @factory.post_generation
    def aliases(page, create, extracted, **kwargs):
        """`aliases=True`: the page appears in the other languages' trees as aliases, as when an
        editor creates it in the admin (wagtail-localize's after_create_page hook)."""
        if create and extracted:
            create_aliases_for_new_page(page)


class HomePageFactory(BasePageFactory):
    """A national home page right under the tree's root (Finnish unless `locale=` says otherwise)."""

    title = "Kaikukortti"
    slug = factory.Sequence(lambda n: f"kaikukortti-{n}")
    parent = factory.LazyFunction(Page.get_first_root_node)
    locale = factory.LazyFunction(finnish)
    intro = "<p>Kaikukortti on maksuton kulttuurikortti.</p>"

    class Meta:
        model = models.HomePage


class SectionPageFactory(BasePageFactory):
    audience = models.SectionPage.Audience.CARDHOLDERS

    class Meta:
        model = models.SectionPage


class ContentPageFactory(BasePageFactory):
    class Meta:
        model = models.ContentPage


ContactPageFactory = factory.make_factory(
    models.ContactPage, FACTORY_CLASS=BasePageFactory, title="Yhteystiedot"
)
NewsIndexPageFactory = factory.make_factory(
    models.NewsIndexPage, FACTORY_CLASS=BasePageFactory, title="Uutiset"
)
AccessibilityStatementPageFactory = factory.make_factory(
    models.AccessibilityStatementPage,
    FACTORY_CLASS=BasePageFactory,
    title="Saavutettavuusseloste",
    assessment_method="Itsearvio",
    feedback_email="saavutettavuus@example.fi",
    supervisory_authority="<p>Etelä-Suomen aluehallintovirasto</p>",
)


class NewsPageFactory(BasePageFactory):
    class Meta:
        model = models.NewsPage


def translate(page, language_code, **fields):
    """`page`'s published translation into `language_code` (its parent must already have one,
    unless `page` is a home page), with `fields` set on it, as wagtail-localize creates them."""
    locale = ensure_locales()[language_code]
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=False)
    translation = translation.specific
    translation.alias_of = None
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return translation


# The home page's title in each language (the Finnish source's translations).
HOME_TITLES = {"sv": "Kaikukortet", "en": "Kaikukortti", "fi-x-selko": "Kaikukortti selkosuomeksi"}


def ensure_root():
    """Wagtail's root page: its migration writes it, and a transactional test's flush (CI runs those
    last, one after another) leaves none for the next one."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))


def national_home(**fields):
    """The Finnish national home page with its published translations into sv, en and plain
    Finnish: the page each language's visitor lands on."""
    ensure_locales()
    ensure_root()
    home = HomePageFactory(**fields)
    for code, title in HOME_TITLES.items():
        translate(home, code, title=title)
    return home


class SiteFactory(wagtail_factories.SiteFactory):
    """A Wagtail Site on its own hostname. `is_default_site=True` makes it the site of any host no
    other site claims, e.g. the test client's "testserver" (the demo's default site, if loaded,
    gives the role up for the test's transaction)."""

    hostname = factory.Sequence(lambda n: f"site{n}.test")
    port = 80
    site_name = factory.Sequence(lambda n: f"Testisivusto {n}")
    root_page = factory.SubFactory(HomePageFactory)
    is_default_site = False

    class Meta:
        model = Site

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("is_default_site"):
            Site.objects.filter(is_default_site=True).update(is_default_site=False)
        return super()._create(model_class, *args, **kwargs)


def national_site(**fields):
    """The national home page in four languages, served as the default Site (as the demo does)."""
    return SiteFactory(
        root_page=national_home(**fields), is_default_site=True, site_name="Kaikukortti"
    )
