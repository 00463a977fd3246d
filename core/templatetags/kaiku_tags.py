"""Template tags for the page frame: language switcher, content language, main menu, and
`{% framecache %}`, the fragment cache of a Wagtail page's frame."""

from django import template
from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models.functions import Coalesce
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.html import format_html

from wagtail.models import Page, Site
from wagtail.templatetags.wagtail_cache import WagtailCacheNode

from core.languages import NATIVE_NAMES, content_language, html_lang, locale_code
from core.pagecache import current_generation
from core.pagequery import counterparts_of, public_pages, translations_of

register = template.Library()

# The name of every {% framecache %} fragment, noted as templates compile: a page reads all of its
# frame fragments from the cache in one round trip.
_FRAME_NAMES: dict[str, None] = {}


def _fragment_cache():
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]


class FrameCacheNode(WagtailCacheNode):
    """`{% framecache "name" %}…{% endframecache %}`: a fragment that depends only on the Wagtail
    page shown (`page`), the active language, the host, the day (a region's pilot status, next
    year's distributors) and the cache generation (purged with the full-page cache,
    core/pagecache.py), e.g. the hreflang alternates, the language switcher, the breadcrumbs, a
    page's own body. All frame fragments of a request are fetched with one
    `get_many`. Rendered uncached (like Wagtail's cache tags) in previews and where `page` is not a
    saved Wagtail page (Django views such as the finder), unless marked `pageless`
    (`{% framecache "name" pageless %}`): such a fragment must not depend on the request's path, and
    outside Wagtail pages is cached per language and host alone."""

    def __init__(self, nodelist, name, pageless=False):
        self.nodelist = nodelist
        self.name = name
        self.pageless = pageless
        _FRAME_NAMES[name] = None

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        page = context.get("page")
        if isinstance(page, Page) and page.pk:
            page_pk = page.pk
        elif self.pageless:
            page_pk = None
        else:
            return self.nodelist.render(context)
        vary = (translation.get_language(), request.get_host(), page_pk, timezone.localdate())
        fetched = getattr(request, "_kaiku_frame_fragments", None)
        if fetched is None or fetched[0] != vary:
            generation = current_generation(request)
            keys = {name: _frame_key(name, vary, generation) for name in _FRAME_NAMES}
            fetched = (vary, generation, keys, _fragment_cache().get_many(list(keys.values())))
            request._kaiku_frame_fragments = fetched
        _vary, generation, keys, found = fetched
        key = keys.get(self.name) or _frame_key(self.name, vary, generation)
        value = found.get(key)
        if value is None and self.name not in keys:  # compiled after this request's get_many
            value = _fragment_cache().get(key)
        if value is None:
            value = self.nodelist.render(context)
            _fragment_cache().set(key, value, settings.PAGE_CACHE_TIMEOUT)
        return value


def _frame_key(name, vary, generation):
    return make_template_fragment_key(f"kaiku-frame:{name}", [*vary, generation])


@register.tag("framecache")
def do_framecache(parser, token):
    bits = token.split_contents()
    pageless = bits[2:] == ["pageless"]
    if (
        len(bits) not in (2, 3)
        or (len(bits) == 3 and not pageless)
        or bits[1][0] not in "\"'"
        or bits[1][0] != bits[1][-1]
    ):
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a quoted fragment name, optionally followed by 'pageless'."
        )
    nodelist = parser.parse(("endframecache",))
    parser.delete_first_token()
    return FrameCacheNode(nodelist, bits[1][1:-1], pageless)


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
