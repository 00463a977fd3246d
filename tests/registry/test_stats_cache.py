"""The dashboards' figures are cached (registry.stats.datacache) but never older than the last
committed registry write."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from registry.stats import datacache, queries
from registry.stats.scope import REGION, resolve

from .test_stats import dashboard_url, make_card, make_use, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def registered(response):
    return response.context["data"]["cards"]["registered"].value


def test_figures_come_from_the_cache_until_the_registry_changes(client, world):  # noqa: F811
    client.force_login(world["coordinator"])
    url = dashboard_url(REGION, "kainuu")
    first = client.get(url)
    with CaptureQueriesContext(connection) as cold:
        client.get(url + "?start=2026-01-02")  # other filters: computed again
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url)
    rollup_reads = [q for q in warm.captured_queries if "rollup" in q["sql"]]
    assert rollup_reads == []
    assert len(warm) < len(cold)
    assert registered(again) == registered(first)

    make_card(world["kainuu"], world["unit"])  # a write renews the data version
    after = client.get(url)
    assert registered(after) == registered(first) + 1


def test_a_use_changes_the_next_dashboard(client, world):  # noqa: F811
    client.force_login(world["coordinator"])
    url = dashboard_url(REGION, "kainuu")
    before = client.get(url).context["data"]["uses"]["table"].total.value
    for card in world["cards"][:6]:
        make_use(card, world["venue"])
    after = client.get(url).context["data"]["uses"]["table"].total.value
    assert after == before + 6


def test_the_version_is_renewed_again_after_the_commit(world, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = datacache.current_version()
        make_card(world["kainuu"], world["unit"])
        during = datacache.current_version()
    assert during != version
    assert callbacks, "no renewal scheduled for the commit"
    for callback in callbacks:
        callback()
    assert datacache.current_version() != during


def test_figures_computed_while_a_write_happens_are_not_served(world):  # noqa: F811
    """A request notes the version before it reads: figures computed while a write lands are
    stored under the old version and computed again by the next request."""
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    calls = []

    def compute_during_a_write():
        calls.append(1)
        data = queries.dashboard(scope, filters)
        make_card(world["kainuu"], world["unit"])  # lands after this compute read the data
        return data

    stale = datacache.cached(scope, filters, compute_during_a_write)
    fresh = datacache.cached(scope, filters, lambda: queries.dashboard(scope, filters))
    assert fresh["cards"]["registered"].value == stale["cards"]["registered"].value + 1
    assert len(calls) == 1


def test_each_language_and_scope_has_its_own_entry(client, world):  # noqa: F811
    client.force_login(world["national"])
    with translation.override("fi"):
        fi = client.get(dashboard_url(REGION, "kainuu"))
    with translation.override("sv"):
        sv = client.get(dashboard_url(REGION, "kainuu"))
    assert fi.status_code == sv.status_code == 200
    months_fi = [str(label) for label in fi.context["data"]["uses"]["table"].row_labels]
    months_sv = [str(label) for label in sv.context["data"]["uses"]["table"].row_labels]
    assert months_fi != months_sv
    lappi = client.get(dashboard_url(REGION, "lappi"))
    expected = queries.card_figures(
        resolve(world["national"], REGION, "lappi"), queries.Filters.this_year()
    )["registered"]
    assert lappi.context["data"]["cards"]["registered"] == expected
    assert lappi.context["data"] != fi.context["data"]
