"""Demo data of the national site: locales, the page tree in four languages, settings, editors."""

import datetime

from django.contrib.auth.models import Group

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from core.demo import LANGS, ensure_user, grant_admin_access, upsert_page, upsert_translation
from core.roles import NATIONAL_EDITORS

from . import demo_content as c
from .models import (
    AccessibilityStatementPage,
    ContactPage,
    ContentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    SiteSettings,
)


def ensure_locales():
    fi, _ = Locale.objects.get_or_create(language_code="fi")
    for code in LANGS[1:]:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        # Untranslated pages appear in every language as aliases of the Finnish source.
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": fi})
    return {loc.language_code: loc for loc in Locale.objects.all()}


def ensure_home(locales):
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales["fi"], depth=2).first()
    if home is None:
        home = HomePage(slug="kaikukortti", locale=locales["fi"], **c.HOME["fi"])
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.site_name, site.root_page = "localhost", 80, "Kaikukortti", home
    site.save()
    # Wagtail's own "Welcome" page from its first migration is not ours.
    for page in (
        Page.objects.filter(depth=2).exclude(pk=home.pk).exclude(locale__in=locales.values())
    ):
        page.delete()
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    return home, site


def translate_all(source, model, spec, extra=None):
    """Publish `source` in every language `spec` has; others fall back to aliases later."""
    for code, fields in spec.items():
        if code == "fi" or not isinstance(fields, dict):
            continue
        upsert_translation(
            source, Locale.objects.get(language_code=code), {**(extra or {}), **fields}
        )


def load(report):
    locales = ensure_locales()
    home, site = ensure_home(locales)
    for name, value in c.HOME["fi"].items():
        setattr(home, name, value)
    home.save_revision().publish()
    translate_all(home, HomePage, c.HOME)

    for section in c.SECTIONS:
        model = {"SectionPage": SectionPage, "ContentPage": ContentPage}[section["model"]]
        fi_fields = dict(section["fi"])
        slug = fi_fields.pop("slug")
        page = upsert_page(
            home, model, slug, {**section["extra"], **fi_fields, "show_in_menus": section["menu"]}
        )
        translate_all(
            page,
            model,
            {k: v for k, v in section.items() if k in LANGS},
            {"show_in_menus": section["menu"]},
        )

    fi_news = dict(c.NEWS_INDEX["fi"])
    news_index = upsert_page(
        home, NewsIndexPage, fi_news.pop("slug"), {**fi_news, "show_in_menus": True}
    )
    translate_all(news_index, NewsIndexPage, c.NEWS_INDEX, {"show_in_menus": True})
    for item in c.NEWS:
        date = datetime.date.fromisoformat(item["date"])
        fields = dict(item["fi"])
        news = upsert_page(news_index, NewsPage, fields.pop("slug"), {**fields, "date": date})
        translate_all(news, NewsPage, {k: v for k, v in item.items() if k in LANGS}, {"date": date})

    for spec, model, extra in (
        (c.CONTACT, ContactPage, {}),
        (c.PRIVACY, ContentPage, {"show_in_footer": True}),
        (c.EXCEPTIONS, ContentPage, {}),
        (
            c.ACCESSIBILITY,
            AccessibilityStatementPage,
            {
                "feedback_email": "saavutettavuus@kaikukortti.fi",
                "assessed_on": datetime.date(2026, 11, 1),
            },
        ),
    ):
        fields = dict(spec["fi"])
        page = upsert_page(home, model, fields.pop("slug"), {**extra, **fields})
        translate_all(page, model, spec, extra)

    # Everything not translated appears in the other languages as aliases of the Finnish page.
    for code in LANGS[1:]:
        synchronize_tree(locales["fi"], locales[code])

    settings = SiteSettings.for_site(site)
    settings.organisation = "Kulttuuria kaikille -palvelu / Kaikukeskus"
    settings.contact_email = "info@kaikukortti.fi"
    settings.contact_phone = "+358 40 123 4567"
    settings.postal_address = "Kulttuuria kaikille\nHelsinki"
    settings.feedback_email = "palaute@kaikukortti.fi"
    settings.facebook_url = "https://www.facebook.com/kaikukortti"
    settings.instagram_url = "https://www.instagram.com/kaikukortti"
    settings.privacy_page = ContentPage.objects.filter(
        locale=locales["fi"], slug=c.PRIVACY["fi"]["slug"]
    ).first()
    settings.save()

    editors, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    grant_admin_access(editors)
    for codename in (
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ):
        _grant_page_permission(editors, codename)
    # The national office keeps the materials: documents and images in every collection.
    for app_label, codenames in (
        ("wagtaildocs", ("add_document", "change_document", "delete_document", "choose_document")),
        ("wagtailimages", ("add_image", "change_image", "delete_image", "choose_image")),
    ):
        for codename in codenames:
            _grant_collection_permission(editors, app_label, codename)
    ensure_user("admin", superuser=True, first_name="Pääkäyttäjä")
    ensure_user("toimittaja", groups=[editors], first_name="Kansallinen", last_name="Toimittaja")
    report("national administrator (superuser)", "admin")
    report("national editor", "toimittaja")


def _grant_collection_permission(group, app_label, codename):
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    GroupCollectionPermission.objects.get_or_create(
        group=group, collection=Collection.get_first_root_node(), permission=permission
    )


def _grant_page_permission(group, codename):
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
    GroupPagePermission.objects.get_or_create(
        group=group, page=Page.get_first_root_node(), permission=permission
    )
