"""Workarounds for upstream bugs and gaps, in one place, each with the issue or version it works
around and a test in tests/core/test_upstream_workarounds.py that fails once upstream no longer
needs it. Remove a workaround when its test fails after an upgrade.

1. wagtail-localize #773 (https://github.com/wagtail/wagtail-localize/issues/773): translating a page
   "including subtree" saves the translated parent with a stale `numchild` of 0, so its translated
   children vanish from the admin tree and the public site answers 404 for them. After every page
   save we recount the page's children from the tree itself, which repairs the stale value.
2. django-modelsearch 1.3 (Wagtail #1177, #9253): the PostgreSQL backend indexes and queries with one
   text-search configuration. Our pages are in four languages, so an object is indexed with its
   locale's configuration and a query uses the active language's ("museoihin" finds "Museo" only
   with Finnish stemming). Upstream's indexer class is replaced in its module (`PostgresIndex.add_items`
   builds its indexers from that module-level name; there is no hook).
3. django-modelsearch 1.3.2: the SQLite backend writes each search word into an FTS5 string without
   doubling the double quotes in it, so a query such as `"http://x` is an FTS5 syntax error (a 500).
4. Django 5.2: no public way to read the messages added during this request without consuming them
   (iterating the storage marks it used and drops them), so the refusal audit reads the queue.
5. Wagtail 8.0: no hook to check a page before its admin views show it (see core/admin_guards.py),
   so the guards replace the views of Wagtail's admin URL patterns in place.
6. Wagtail 8.0: `log()` unwraps one lazy object only (`request.user` is django-otp's lazy object
   around Django's) and silently logs nothing for anything else.
7. django-dbbackup 5.4: its app's ready() gives the "dbbackup" logger a mail handler of its own,
   outside LOGGING and so without the mask of card numbers and addresses; it is taken away.
8. Wagtail 8.0 (open pull request wagtail/wagtail#8937, "Cache getting site for hostname"): every
   page request looks its Site up with a query (a CASE over every Site, joined to its root page) and
   its Locale with another. Both are read from the `template_fragments` cache, which every content
   change empties (core/signals.py: a Site, Locale or page save is one). Measured on the venue page
   rendered for a signed-in visitor (in-process, SQLite demo, Redis, 5 interleaved rounds of 100):
   CPU time per request 7.9 -> 6.6 ms on the venue page, 8.3 -> 6.9 ms on the home page (6 -> 4
   and 5 -> 3 queries).
"""

import logging
from functools import cache

from django.core.cache import caches
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import URLPattern, URLResolver
from django.utils.functional import LazyObject, empty

from wagtail.models import Page, Site
from wagtail.models import i18n as wagtail_i18n
from wagtail.models import sites as wagtail_sites

# --- 1. wagtail-localize #773: stale numchild -------------------------------------------------


def repair_numchild(page_ids):
    """Set numchild of the given pages to the real number of their children (one UPDATE)."""
    children = (
        Page.objects.filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Page.objects.filter(pk__in=page_ids).update(numchild=Coalesce(Subquery(children), 0))


@receiver(post_save)
def _repair_after_page_save(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    # The page itself and its parent: the parent's count is what a stale save overwrote.
    parent_path = instance.path[: -Page.steplen] if instance.depth > 1 else None
    ids = [instance.pk]
    if parent_path:
        ids += list(Page.objects.filter(path=parent_path).values_list("pk", flat=True))
    repair_numchild(ids)


# --- 2. django-modelsearch: one text-search configuration for every language ------------------


@cache
def localized_postgres_backend_class(search_config):
    """The PostgreSQL search backend that indexes an object with `search_config(its language)` and
    queries with `search_config()` (the active language's). Built once: upstream's indexer class
    is replaced exactly one time."""
    from modelsearch.backends.database.postgres import postgres as pg

    class LocalizedObjectIndexer(pg.ObjectIndexer):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            language = getattr(getattr(obj, "locale", None), "language_code", None)
            if language:
                self.config = search_config(language)

    class LocalizedQueryCompiler(pg.PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return search_config()

    class LocalizedPostgresSearchBackend(pg.PostgresSearchBackend):
        query_compiler_class = LocalizedQueryCompiler

    pg.ObjectIndexer = LocalizedObjectIndexer  # PostgresIndex.add_items reads this module name
    return LocalizedPostgresSearchBackend


# --- 3. django-modelsearch 1.3.2: double quotes in an SQLite FTS5 query ----------------------


@cache
def quoting_sqlite_backend_class():
    """The SQLite search backend with each word quoted as FTS5 asks: `"` becomes `""`."""
    from modelsearch.backends.database.sqlite import sqlite
    from modelsearch.query import PlainText

    class Quoting:
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText) and '"' in query.query_string:
                query = PlainText(
                    query.query_string.replace('"', '""'),
                    operator=query.operator,
                    boost=query.boost,
                )
            return super().build_search_query_content(query, config=config)

    class QuotingCompiler(Quoting, sqlite.SQLiteSearchQueryCompiler):
        pass

    class QuotingAutocompleteCompiler(Quoting, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class QuotingSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        query_compiler_class = QuotingCompiler
        autocomplete_query_compiler_class = QuotingAutocompleteCompiler

    return QuotingSQLiteSearchBackend


# --- 4. Django: the messages added during this request, unconsumed ----------------------------


def queued_messages(request):
    """The messages added during this request (not those stored by earlier ones), left in place."""
    return getattr(getattr(request, "_messages", None), "_queued_messages", ())


# --- 5. Wagtail: no hook before an admin view shows a page -----------------------------------


def replace_views(patterns, wrap, namespace=""):
    """Replaces, in place, the view of each URL pattern below `patterns` for which
    `wrap(pattern, "namespace:name", namespace)` returns a new view; each is replaced once."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            replace_views(pattern.url_patterns, wrap, full)
        elif isinstance(pattern, URLPattern) and not hasattr(pattern.callback, "replaced_view"):
            name = pattern.name or ""
            view = wrap(pattern, f"{namespace}:{name}" if namespace and name else name, namespace)
            if view is not None:
                view.replaced_view = pattern.callback
                pattern.callback = view
    return patterns


# --- 6. Wagtail: log() of a lazy object around a lazy object ---------------------------------


def unwrap_lazy(instance):
    """The object inside any number of lazy objects (set up if not yet)."""
    while isinstance(instance, LazyObject):
        if instance._wrapped is empty:
            instance._setup()
        instance = instance._wrapped
    return instance


# django-dbbackup 5.4 (dbbackup/log.py, load(), run by its AppConfig.ready): replaces the
# "dbbackup" logger's handlers with a mail-to-admins handler that LOGGING never configured, so it
# lacks the mask of card numbers and addresses (core/logfilters.py). Its lines go through the root
# logger's masked handler instead ("dbbackup" is before "core" in INSTALLED_APPS, so this runs after).
logging.getLogger("dbbackup").handlers = []


# --- 8. Wagtail: the Site and the Locale of a request, from the cache --------------------------

_site_for_hostname = wagtail_sites.get_site_for_hostname
_locale_for_language = wagtail_i18n.LocaleManager.get_for_language


def cached_site_for_hostname(hostname, port):
    """Wagtail's `get_site_for_hostname` over the Sites in the cache (one entry, whatever the Host
    headers say): its order of preference is hostname and port, then hostname of the default site,
    then the default site (or the only other site of that hostname), else no site."""
    sites = caches["template_fragments"].get("wagtail-sites")
    if sites is None:
        sites = list(Site.objects.select_related("root_page"))
        caches["template_fragments"].set("wagtail-sites", sites)

    def rank(site):
        if site.hostname == hostname:
            return 0 if site.port == port else 1 if site.is_default_site else 3
        return 2  # the default site of another hostname

    matches = sorted((s for s in sites if s.hostname == hostname or s.is_default_site), key=rank)
    if len(matches) == 1 or (matches and rank(matches[0]) < 2):
        return matches[0]
    if matches and rank(matches[0]) == 2:
        return matches[len(matches) == 2]
    raise Site.DoesNotExist()


def cached_locale_for_language(manager, language_code):
    """Wagtail's `Locale.objects.get_for_language`, remembered per content language."""
    language_code = wagtail_i18n.get_supported_content_language_variant(language_code)
    key = f"wagtail-locale:{language_code}"
    locale = caches["template_fragments"].get(key)
    if locale is None:
        locale = _locale_for_language(manager, language_code)
        caches["template_fragments"].set(key, locale)
    return locale


wagtail_sites.get_site_for_hostname = cached_site_for_hostname
wagtail_i18n.LocaleManager.get_for_language = cached_locale_for_language
