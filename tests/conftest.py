"""Shared fixtures. The demo data (every app's `demo.load`) is loaded once per test session into the
test database; each test runs in a transaction that is rolled back, so tests may change it freely."""

from django.core.management import call_command

import pytest

# No card number or IP address in any log line of the run (issue 15, D5).
pytest_plugins = ["tests.logcapture"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
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
    if marker is None or not marker.kwargs.get("transaction"):
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
