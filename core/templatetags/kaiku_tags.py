"""Template tags for the page frame: language switcher, content language, main menu, footer."""

from django import template
from django.conf import settings
from django.db.models.functions import Coalesce
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html

from wagtail.models import Page, Site

from core.languages import NATIVE_NAMES, content_language, html_lang, locale_code
from core.pagequery import counterparts_of, public_pages, translations_of

register = template.Library()


@register.simple_tag(takes_context=True)
def page_lang(context, page=None):
    """The lang of the content shown: a page's source language (for a fallback alias) or the UI's."""
    page = page or context.get("page")
    if isinstance(page, Page):
        return html_lang(content_language(page))
    return context.get("ui_lang") or html_lang(translation.get_language())


def _mixed_languages(context):
    content = context.get("content_lang") or page_lang(context)
    ui = context.get("ui_lang") or html_lang(translation.get_language())
    return content, ui, content != ui


@register.simple_tag(takes_context=True)
def ui_lang_attr(context):
    """` lang="sv"` on an element of interface text (a heading, a label, a sentence of ours) when
    the page shows content in another language (an alias of the Finnish page), else nothing.
    Issue 16.2: every element carries the language it is written in."""
    _content, ui, mixed = _mixed_languages(context)
    return format_html(' lang="{}"', ui) if mixed else ""


@register.simple_tag(takes_context=True)
def content_lang_attr(context):
    """` lang="fi"` on the page's own text inside an element marked with `ui_lang_attr`."""
    content, _ui, mixed = _mixed_languages(context)
    return format_html(' lang="{}"', content) if mixed else ""


@register.simple_tag
def link_lang_attr(page):
    """` lang="fi"` on a link whose text is the title of an untranslated page (an alias showing
    its Finnish source's title under another interface), else nothing (issue 16.2). No query when
    the page was read with ``select_related("alias_of")``, as the menu and footer are."""
    if not getattr(page, "alias_of_id", None):
        return ""
    title_lang = html_lang(locale_code(page.alias_of.locale_id))
    if title_lang == html_lang(translation.get_language()):
        return ""
    return format_html(' lang="{}"', title_lang)


def _locale_homes(request):
    """The site's root page in every locale, keyed by language code (cached on the request)."""
    cached = getattr(request, "_kaiku_locale_homes", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    homes = {}
    if site is not None:
        for home in site.root_page.get_translations(inclusive=True).select_related("locale"):
            homes[home.locale.language_code] = home
    request._kaiku_locale_homes = homes
    return homes


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    """Links to this page in every other language, translated or shown as an alias of its source
    (issue 16.1: an alias is a real page in that language's tree, with that language's interface);
    only where neither exists, say so and offer that language's home page. One query."""
    request = context["request"]
    page = page or context.get("page")
    current = translation.get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        for p in counterparts_of(request, page):
            translations[p.locale.language_code] = p
        translations[current] = page
    homes = _locale_homes(request)
    links = []
    for code, _name in settings.LANGUAGES:
        item = {
            "code": code,
            "lang": html_lang(code),
            "name": NATIVE_NAMES[code],
            "current": code == current,
            "available": True,
        }
        if isinstance(page, Page) and page.pk:
            target = translations.get(code)
            if target is not None:
                item["url"] = target.get_url(request)
            else:
                item["available"] = False
                home = homes.get(code)
                item["url"] = home.get_url(request) if home else f"/{code}/"
        else:
            item["url"] = translate_url(request.get_full_path(), code)
        links.append(item)
    return {"links": links, "current": current, "request": request}


@register.simple_tag(takes_context=True)
def alternate_links(context, page=None):
    """hreflang alternates for the page in every language it exists in."""
    request = context["request"]
    page = page or context.get("page")
    result = []
    if isinstance(page, Page) and page.pk:
        for p in translations_of(request, page):
            result.append((p.locale.language_code, p.get_full_url(request)))
    else:
        for code, _name in settings.LANGUAGES:
            result.append(
                (code, request.build_absolute_uri(translate_url(request.get_full_path(), code)))
            )
    return result


@register.simple_tag(takes_context=True)
def locale_home(context):
    """The home page of the active language on this site."""
    request = context["request"]
    homes = _locale_homes(request)
    return homes.get(translation.get_language()) or homes.get(settings.LANGUAGE_CODE)


def _home_children(context):
    """The active language's top-level public pages, read once per request for menu and footer."""
    request = context["request"]
    cached = getattr(request, "_kaiku_home_children", None)
    if cached is None:
        home = locale_home(context)
        cached = []
        if home is not None:
            children = public_pages(request, home.get_children().live()).annotate(
                in_footer=Coalesce("contentpage__show_in_footer", False)
            )
            cached = list(children.select_related("content_type", "alias_of"))
        request._kaiku_home_children = cached
    return cached


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The active language's top-level pages marked 'show in menus'."""
    return [page for page in _home_children(context) if page.show_in_menus]


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """The page's ancestors below the site root; children of the home page need no query."""
    home = locale_home(context)
    if home is not None and page.depth == home.depth + 1 and page.path.startswith(home.path):
        return [home]
    return list(page.get_ancestors()[1:])


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Contact page, accessibility statement and pages marked 'show in footer'."""
    footer_models = {"contactpage", "accessibilitystatementpage"}
    return [
        page
        for page in _home_children(context)
        if page.in_footer or page.content_type.model in footer_models
    ]


@register.simple_tag(takes_context=True)
def site_region(context):
    """The region whose subsite this is (None on the national site): its footer shows the region's
    own contacts, which the region's coordinators keep up to date on the Region."""
    request = context["request"]
    if hasattr(request, "_kaiku_site_region"):
        return request._kaiku_site_region
    from django.contrib.contenttypes.models import ContentType

    from regions.models import RegionPage

    region = None
    site = Site.find_for_request(request)
    if (
        site is not None
        and site.root_page.content_type_id == ContentType.objects.get_for_model(RegionPage).id
    ):
        page = RegionPage.objects.select_related("region").filter(pk=site.root_page_id).first()
        if page is not None:
            region = page.region
    request._kaiku_site_region = region
    return region
