"""Shared fixtures.

A unit test builds the data it is about with the factories in tests/<app>/factories.py. Only the
files marked ``pytest.mark.demo`` (and the browser journeys, ``e2e``) read the demo data: when a
session collects one of them, the demo (`load_demo`) is loaded once into its test database. `make
test` runs the demo-free tests in a session of their own, so a test that silently needs the demo
fails there. Each test runs in a transaction that is rolled back, so tests may change data freely."""

from django.core.management import call_command

import pytest

# No card number or IP address in any log line of the run (issue 15, D5).
pytest_plugins = ["tests.logcapture"]


def _wants_demo(item) -> bool:
    return item.get_closest_marker("demo") is not None or item.get_closest_marker("e2e") is not None


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    if any(_wants_demo(item) for item in request.session.items):
        with django_db_blocker.unblock():
            call_command("load_demo", verbosity=0, stdout=_Null())


class _Null:
    def write(self, *_args, **_kwargs):
        pass

    def flush(self):
        pass


@pytest.fixture
def client():
    """pytest-django's client, whose `force_login` also passes the second factor (tests/otp.py)."""
    from tests.otp import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def admin_client(db, admin_user):
    from tests.otp import VerifiedClient

    client = VerifiedClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def locales(db):
    from wagtail.models import Locale

    return {loc.language_code: loc for loc in Locale.objects.all()}


@pytest.fixture
def home_fi(db):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="fi", depth=2)


@pytest.fixture(autouse=True)
def _demo_data_for_transactional_tests(request):
    """A transactional test (`django_db(transaction=True)`) flushes the database when it ends, so the
    next one would find no demo data: load it again where it is missing."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction") or not _wants_demo(request.node):
        return
    request.getfixturevalue("transactional_db")
    from home.models import HomePage

    if not HomePage.objects.exists():
        call_command("load_demo", verbosity=0, stdout=_Null())


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Tests roll their database changes back; the cache (live figures, dashboards' figures) would
    still hold what was computed from them (and the page fragments), so every test starts with
    empty caches."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language. A test client's request activates its page's
    language in the thread and leaves it active, so a test that reverses URLs or renders messages
    would otherwise depend on the language of the test before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
