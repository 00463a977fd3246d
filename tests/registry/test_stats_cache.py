"""The dashboards' figures are cached (stats.datacache) but never older than the last
committed registry write."""

import datetime
import io
import threading
import uuid

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest

from registry import services
from registry.models import Card, Use
from stats import datacache, queries
from stats.scope import NATIONAL, REGION, UNIT, VENUE, resolve

from .test_stats import dashboard_url, make_card, make_use, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def served(scope, filters, compute_cards=None, compute_uses=None):
    """The figures a dashboard shows (views.dashboard): its two parts, from the cache if they
    are there under the current versions."""
    cards, uses = datacache.cached_parts(
        scope,
        filters,
        compute_cards or (lambda: queries.card_part(scope, filters)),
        compute_uses or (lambda: queries.use_part(scope, filters)),
    )
    return queries.merge(cards, uses)


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
    """A request notes the versions before it reads: figures computed while a write lands are
    stored under the old versions and computed again by the next request."""
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    calls = []

    def cards_during_a_write():
        calls.append("cards")
        data = queries.card_part(scope, filters)
        make_card(world["kainuu"], world["unit"])  # lands after this compute read the data
        return data

    def uses_during_a_write():
        calls.append("uses")
        data = queries.use_part(scope, filters)
        make_use(world["cards"][7], world["venue"])  # the card's first use: activated + 1
        return data

    stale = served(scope, filters, cards_during_a_write, uses_during_a_write)
    fresh = served(scope, filters)
    assert calls == ["cards", "uses"]
    assert fresh["cards"]["registered"].value == stale["cards"]["registered"].value + 1
    assert fresh["cards"]["activated"].value == stale["cards"]["activated"].value + 1
    assert fresh == queries.dashboard(scope, filters)


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


# --- Two versions: what each kind of write renews ----------------------------------------------


def _views(w):
    """(scope, filters) pairs of the dashboards a write could change, narrowed and not."""
    year = queries.Filters.this_year()
    narrowed = [
        queries.Filters(year.start, year.end, organisation=w["unit"]),
        queries.Filters(year.start, year.end, organisation=w["venue"]),
        queries.Filters(year.start, year.end, region=w["lappi"]),
    ]
    return [
        (resolve(w["national"], NATIONAL, "all"), year),
        *((resolve(w["national"], NATIONAL, "all"), f) for f in narrowed),
        (resolve(w["coordinator"], REGION, "kainuu"), year),
        (resolve(w["national"], REGION, "lappi"), year),
        (resolve(w["unit_user"], UNIT, str(w["unit"].pk)), year),
        (resolve(w["national"], UNIT, str(w["lappi_unit"].pk)), year),
        (resolve(w["venue_user"], VENUE, str(w["venue"].pk)), year),
    ]


def _register(w):
    make_card(w["kainuu"], w["unit"], birth_year=1955, gender="woman")


def _move_card(w):
    """A correction of a used card's region and unit moves its uses and events too."""
    card = w["cards"][0]
    card.region, card.issued_by = w["lappi"], w["lappi_unit"]
    card.save()


def _extend(w):
    card = w["cards"][1]
    services.extend_card(
        card,
        valid_until=card.valid_until + datetime.timedelta(days=30),
        user=None,
        organisation=w["unit"],
    )


def _end(w):
    services.set_status(w["cards"][2], Card.Status.ENDED, user=None, organisation=w["unit"])


def _use(w):
    # A card's first use: "cards activated" changes with it.
    services.record_uses(
        venue=w["venue"],
        user=None,
        key=uuid.uuid4(),
        kind="ticket",
        entries=[services.Entry(w["cards"][7].number, 0)],
    )


def _undo(w):
    use = Use.objects.filter(card=w["cards"][3]).get()
    services.undo_use(use, venue=w["venue"], user=None)


def _delete_use(w):
    Use.objects.filter(card=w["cards"][4]).get().delete()  # its card's only use


def _use_moved_to_another_card(w):
    use = Use.objects.filter(card=w["cards"][5]).get()
    use.card = w["lappi_cards"][0]
    use.save()


def _rename_venue(w):
    venue = w["venue"]
    venue.name = "Stats venue Kajaani, renamed"
    venue.save()


def _rebuild(w):
    """A bulk write bypasses the signals (and so the rollups): the rebuild that must follow it."""
    Use.objects.filter(card=w["cards"][0]).update(undone_at=timezone.now())
    call_command("rebuild_stats_rollups", stdout=io.StringIO())


WRITES = [
    # (write, renews the card version too)
    (_register, True),
    (_move_card, True),
    (_extend, True),
    (_end, True),
    (_use, False),
    (_undo, True),  # the undo is logged as a card event
    (_delete_use, False),
    (_use_moved_to_another_card, False),
    (_rename_venue, True),
    (_rebuild, True),
]


@pytest.mark.parametrize(("write", "renews_cards"), WRITES, ids=[w.__name__ for w, _r in WRITES])
def test_every_kind_of_write_shows_on_the_next_dashboard(world, write, renews_cards):  # noqa: F811
    """Warm every dashboard's cache, write, and compare what is served with figures computed
    from the rollups now (stats/raw tests prove those equal the raw rows). A use's write
    keeps the card version (its dashboards' card part is reused) and must still show at once."""
    views = _views(world)
    before = [served(scope, filters) for scope, filters in views]
    cards_version = cache.get(datacache.VERSION_KEY)
    uses_version = cache.get(datacache.USE_VERSION_KEY)
    write(world)
    assert cache.get(datacache.USE_VERSION_KEY) != uses_version
    assert (cache.get(datacache.VERSION_KEY) != cards_version) == renews_cards
    after = [served(scope, filters) for scope, filters in views]
    fresh = [queries.dashboard(scope, filters) for scope, filters in views]
    for view, now, expected in zip(views, after, fresh, strict=True):
        assert now == expected, view
    assert after != before, "the write changed no figure: it proves nothing"


def test_a_use_keeps_the_card_part_and_computes_the_rest(world):  # noqa: F811
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    served(scope, filters)
    _use(world)
    with CaptureQueriesContext(connection) as queries_run:
        data = served(scope, filters)
    tables = " ".join(q["sql"] for q in queries_run.captured_queries)
    assert "registry_userollup" in tables
    assert "registry_cardtraitrollup" not in tables  # background data: from the cache
    assert data == queries.dashboard(scope, filters)
    with CaptureQueriesContext(connection) as again:
        served(scope, filters)
    assert not [q for q in again.captured_queries if "rollup" in q["sql"]]


def _use_part_in_progress(scope, filters):
    """(entry key, version, lock key) of the use part, as a request computing it holds them."""
    cards, uses = datacache._versions()
    key = datacache._key("uses", scope, filters)
    version = f"{cards}:{uses}"
    return key, version, f"{key}:computing:{version}"


def test_figures_another_request_is_computing_are_awaited_not_computed_again(world):  # noqa: F811
    """After a write every open dashboard asks at once: one computes, the others take its result."""
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    key, version, lock = _use_part_in_progress(scope, filters)
    assert cache.add(lock, 1)  # another request is computing the use part
    theirs = queries.use_part(scope, filters)
    done = threading.Timer(0.05, lambda: (cache.set(key, (version, theirs)), cache.delete(lock)))
    done.start()
    computed = []
    try:
        _cards, uses = datacache.cached_parts(
            scope,
            filters,
            lambda: queries.card_part(scope, filters),
            lambda: computed.append("uses") or queries.use_part(scope, filters),
        )
    finally:
        done.join()
    assert computed == []
    assert uses == theirs


def test_a_request_that_never_delivers_is_waited_for_only_so_long(world, monkeypatch):  # noqa: F811
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    key, version, lock = _use_part_in_progress(scope, filters)
    assert cache.add(lock, 1)  # taken, and never released: that request died
    monkeypatch.setattr(datacache, "WAIT_SECONDS", 0.05)
    data = served(scope, filters)
    assert data == queries.dashboard(scope, filters)
    assert cache.get(key)[0] == version  # computed here and stored
    assert cache.get(lock) == 1  # not ours: left to expire, never deleted by another request


def test_figures_stored_under_another_version_are_not_taken_while_waiting(world):  # noqa: F811
    """The other request finished, but under versions older than ours: computed here."""
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    key, version, lock = _use_part_in_progress(scope, filters)
    assert cache.add(lock, 1)
    stale = {"stale": True}
    done = threading.Timer(0.05, lambda: (cache.set(key, ("older", stale)), cache.delete(lock)))
    done.start()
    try:
        data = served(scope, filters)
    finally:
        done.join()
    assert data == queries.dashboard(scope, filters)
