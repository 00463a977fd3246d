"""Each workaround of core/upstream_workarounds.py: it works, and upstream still needs it (the test
fails once an upgrade fixes the upstream gap: then delete the workaround)."""

from wagtail.models import Locale, Page
from wagtail_localize.operations import translate_object, translate_page_subtree

import pytest

from home.models import ContentPage
from tests.accounts.factories import CoordinatorFactory
from tests.home.factories import translate
from tests.regions.factories import (
    RegionFactory,
    RegionIndexPageFactory,
    RegionPageFactory,
    region_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_fi(site):
    """The Finnish national home page (with its translations) of the default site."""
    return site.root_page


def _publish_child(parent, title, slug):
    page = ContentPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_translating_a_subtree_keeps_children_reachable(client, home_fi):
    parent = _publish_child(home_fi, "Ohjeet", "ohjeet")
    _publish_child(parent, "Ohje yksi", "ohje-yksi")
    _publish_child(parent, "Ohje kaksi", "ohje-kaksi")
    sv = Locale.objects.get(language_code="sv")

    translate_object(parent, [sv])
    translate_page_subtree(parent.id, [sv], None, None)

    sv_parent = Page.objects.get(translation_key=parent.translation_key, locale=sv)
    assert sv_parent.numchild == 2
    assert sv_parent.get_children().count() == 2
    for child in sv_parent.get_children().specific():
        child.save_revision().publish()
        assert client.get(child.url).status_code == 200


def test_a_stale_numchild_is_repaired_on_save(home_fi):
    parent = _publish_child(home_fi, "Lomakkeet", "lomakkeet")
    _publish_child(parent, "Lomake", "lomake")
    Page.objects.filter(pk=parent.pk).update(numchild=0)  # what the upstream bug leaves behind
    parent.refresh_from_db()
    parent.save()
    parent.refresh_from_db()
    assert parent.numchild == 1


# --- 2. django-modelsearch: one text-search configuration for every language ------------------


def test_modelsearch_postgres_still_indexes_every_language_with_one_configuration():
    import inspect

    from django.utils import translation

    from modelsearch.backends.database.postgres import postgres as pg

    from core.languages import search_config
    from core.upstream_workarounds import localized_postgres_backend_class

    localized = localized_postgres_backend_class(search_config)
    upstream_indexer = pg.ObjectIndexer.__mro__[1]  # ours replaces it in its module
    assert upstream_indexer.__module__ == pg.__name__
    # The patch takes effect only while add_items builds its indexers from the module-level name.
    assert "ObjectIndexer(obj, self.backend)" in inspect.getsource(pg.PostgresIndex.add_items)

    class SwedishPage:
        locale = Locale(language_code="sv")

        def get_search_fields(self):
            return []

    backend = pg.PostgresSearchBackend({"SEARCH_CONFIG": "finnish"})
    assert upstream_indexer(SwedishPage(), backend).config == "finnish"  # the upstream gap
    assert pg.ObjectIndexer(SwedishPage(), backend).config == "swedish"  # the workaround
    assert pg.PostgresSearchQueryCompiler.get_config(None, backend) == "finnish"
    with translation.override("sv"):
        assert localized.query_compiler_class.get_config(None, backend) == "swedish"


# --- 3. django-modelsearch 1.3.2: a double quote in an SQLite FTS5 query -----------------------


def test_modelsearch_sqlite_still_breaks_on_a_double_quote(db):
    from django.db import OperationalError, connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (its FTS5 index models exist only there)")
    from modelsearch.backends.database import SearchBackend as database_backend
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    from core.upstream_workarounds import quoting_sqlite_backend_class

    if not isinstance(database_backend({}), SQLiteSearchBackend):
        pytest.skip("SQLite without FTS5")
    with pytest.raises(OperationalError):  # FTS5 reads `"http://x` as a column and a syntax
        list(SQLiteSearchBackend({}).search('"http://x', Page))  # the upstream bug
    assert list(quoting_sqlite_backend_class()({}).search('"http://x', Page)) == []


# --- 4. Django: the messages added during this request ---------------------------------------


def test_reading_django_messages_still_consumes_them(rf):
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    from core.upstream_workarounds import queued_messages

    def request_with_error():
        request = rf.get("/")
        request._messages = CookieStorage(request)
        messages.error(request, "Sorry")
        return request

    request = request_with_error()
    assert [m.message for m in queued_messages(request)] == ["Sorry"]
    response = HttpResponse()
    request._messages.update(response)
    assert response.cookies["messages"].value  # reading the queue kept the message

    request = request_with_error()
    assert [m.message for m in messages.get_messages(request)] == ["Sorry"]  # the public way
    response = HttpResponse()
    request._messages.update(response)
    assert not getattr(response.cookies.get("messages"), "value", "")  # the gap: consumed


# --- 5. Wagtail: the admin shows another region's page without a guard ------------------------


def test_wagtail_explorer_still_shows_any_page_to_a_regional_coordinator(
    client, home_fi, monkeypatch
):
    from django.urls import get_resolver, reverse

    # A region's page exists in every language, as the demo's do: the coordinators' page
    # permissions on each translation make the whole tree their explorable root.
    index = RegionIndexPageFactory(parent=home_fi)
    translate(index, "sv")
    own = region_page(RegionFactory(), parent=index, languages=["sv"])
    other = RegionPageFactory(parent=index)  # another region's page
    client.force_login(CoordinatorFactory(region=own.region))
    url = reverse("wagtailadmin_explore", args=[other.pk])
    assert client.get(url).status_code in (302, 403)  # guarded

    guarded = get_resolver().resolve(url).func
    route = next(p for p in _patterns(get_resolver()) if getattr(p, "callback", None) is guarded)
    monkeypatch.setattr(route, "callback", guarded.replaced_view)  # Wagtail's own view
    response = client.get(url)
    assert response.status_code == 200  # the upstream gap: Wagtail shows it
    assert other.get_admin_display_title() in response.text


def _patterns(resolver):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(pattern)
        else:
            yield pattern


# --- 6. Wagtail: log() of a lazy object around a lazy object ----------------------------------


def test_wagtail_log_still_unwraps_one_lazy_object_only(home_fi):
    from django.utils.functional import SimpleLazyObject

    from wagtail.log_actions import registry

    from core.upstream_workarounds import unwrap_lazy

    lazy = SimpleLazyObject(lambda: SimpleLazyObject(lambda: home_fi))
    str(lazy)  # evaluated, as request.user is by the time a view logs
    assert registry.get_log_model_for_instance(home_fi) is not None
    assert registry.get_log_model_for_instance(lazy) is None  # the upstream gap: nothing logged
    assert unwrap_lazy(lazy) is home_fi


def test_dbbackup_logs_through_the_masked_root_handler_only():
    import logging

    from dbbackup import log

    logger = logging.getLogger("dbbackup")
    assert logger.handlers == []  # the workaround, after every app's ready()
    saved = logger.handlers, logger.level
    try:
        log.load()  # what dbbackup's ready() does: still a handler of its own, unmasked
        assert [type(h).__name__ for h in logger.handlers] == ["DbbackupAdminEmailHandler"]
        assert not logger.handlers[0].filters or all(
            type(f).__name__ != "MaskPersonalData" for f in logger.handlers[0].filters
        )
    finally:
        logger.handlers = saved[0]
        logger.setLevel(saved[1])
