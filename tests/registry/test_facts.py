"""The statistics' figures equal the raw rows' (stats/facts.py).

Random sequences of real service calls (registrations, uses, group visits, undo, extensions, ends,
re-issues) over several days, months and years; after each sequence the views are refreshed and
every statistic read from them (stats.queries and stats.public) must equal the one computed from
the raw rows (tests/registry/stats_reference.py), both as published and with the disclosure
control switched off (so that no difference hides behind a "–"). Then: writes that bypass the
services (plain ORM, bulk and raw SQL), the pages, parallel desks, the refresh's staleness, and
query counts that do not grow with the data. Data built here with the factories.
"""

import datetime
import re
import uuid
from collections import Counter
from contextlib import contextmanager, suppress

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import cardnumbers, rules, services
from registry.models import Card, Use
from stats import disclosure, facts, public, queries
from stats.scope import REGION, UNIT, VENUE, Scope, national_scope
from tests.regions.factories import MunicipalityFactory
from tests.registry import stats_reference as reference
from tests.registry.factories import (
    CardBatchFactory,
    DistributorUnitFactory,
    VenueOrganisationFactory,
)
from tests.registry.stats_reference import plain

pytestmark = pytest.mark.django_db

HELSINKI = timezone.get_default_timezone()
# Late on New Year's Eve: the first steps cross midnight, the year and a month.
START = datetime.datetime(2025, 12, 31, 22, 30, tzinfo=HELSINKI)


# --- A clock the services follow ---------------------------------------------------------------


class Clock:
    def __init__(self, monkeypatch, moment):
        self.moment = moment
        monkeypatch.setattr(timezone, "now", lambda: self.moment)

    def advance(self, minutes):
        self.moment += datetime.timedelta(minutes=minutes)

    @property
    def today(self):
        return timezone.localtime(self.moment).date()


@contextmanager
def rolled_back():
    """A savepoint that is always rolled back: each Hypothesis example starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- The world the operations act on -----------------------------------------------------------


@pytest.fixture
def world(region, other_region, unit, other_unit, venue, agency, other_venue, users):
    popup = VenueOrganisationFactory(name="Pop-up venue", region=None)
    second_unit = DistributorUnitFactory(name="Second unit", region=region)
    batches = {
        region.pk: CardBatchFactory(region=region, letter="K", first_serial=1500, size=600),
        other_region.pk: CardBatchFactory(
            region=other_region, letter="L", first_serial=500, size=600
        ),
    }
    return {
        "units": [unit, second_unit, other_unit],
        "venues": [venue, agency, other_venue, popup],
        "user": users["distributor"],
        "kainuu": region,
        "lappi": other_region,
        "municipality": MunicipalityFactory(region=region),
        "batches": batches,
        "serials": {"K": iter(range(1500, 2001)), "L": iter(range(500, 1001))},
    }


def _number(world, unit):
    batch = world["batches"][unit.region_id]
    return cardnumbers.make_number(batch.letter, next(world["serials"][batch.letter]))


class Runner:
    """Applies operations through registry.services; refusals are part of the game."""

    def __init__(self, world, clock, data):
        self.world, self.clock, self.draw = world, clock, data.draw
        self.recorded = []  # (use, venue) of records made by this runner

    def pick(self, items):
        return self.draw(st.sampled_from(items))

    def cards(self, **filters):
        return list(Card.objects.filter(**filters).order_by("pk")[:40])

    def register(self):
        unit = self.pick(self.world["units"])
        today = self.clock.today
        issued_on = today - datetime.timedelta(days=self.draw(st.integers(0, 20)))
        personal = self.draw(st.booleans()) or self.draw(st.booleans())
        data = {
            "kind": "personal" if personal else "community",
            "issued_on": issued_on,
            "valid_until": rules.default_valid_until(issued_on, unit.region),
            "children_count": self.draw(st.integers(0, 5)),
        }
        if personal:
            data.update(
                birth_year=self.draw(st.one_of(st.none(), st.integers(1935, 2008))),
                gender=self.pick(["", "woman", "man", "other"]),
                mother_tongue=self.pick(["", "fi", "sv", "so"]),
                life_situation=self.pick(["", "student", "pensioner"]),
                postal_code=self.pick(["", "87100", "87200", "96100", "00100"]),
            )
        else:
            data["community_name"] = "Rollup community"
        services.register_card(
            organisation=unit, user=self.world["user"], number=_number(self.world, unit), **data
        )

    def record(self):
        venue = self.pick(self.world["venues"])
        cards = self.cards(status="active", kind="personal", valid_until__gte=self.clock.today)
        if not cards:
            return
        card = self.pick(cards)
        kind = self.pick(["ticket", "ticket", "course"])
        children = 0 if kind == "course" else self.draw(st.integers(0, card.children_count))
        entries = [services.Entry(card.number, children)]
        self._record(venue, kind, entries)

    def group(self):
        venue = self.pick(self.world["venues"])
        today = self.clock.today
        community = self.cards(status="active", kind="community", valid_until__gte=today)
        members = self.cards(status="active", kind="personal", valid_until__gte=today)
        if not community or len(members) < 2:
            return
        leader = self.pick(community)
        chosen = self.draw(st.lists(st.sampled_from(members), min_size=1, max_size=3, unique=True))
        entries = [services.Entry(c.number, 0, f"member{i}") for i, c in enumerate(chosen)]
        self._record(venue, "ticket", entries, community=services.Entry(leader.number, 0, "c"))

    def _record(self, venue, kind, entries, community=None):
        try:
            result = services.record_uses(
                venue=venue,
                user=None,
                key=uuid.uuid4(),
                kind=kind,
                entries=entries,
                community=community,
            )
        except services.RegistryError:
            return
        self.recorded.append((result.uses[-1], venue))

    def undo(self):
        if self.recorded:
            use, venue = self.pick(self.recorded)
            with suppress(services.RegistryError):
                services.undo_use(use, venue=venue, user=None)

    def extend(self):
        cards = self.cards(status="active")
        if cards:
            card = self.pick(cards)
            target = card.valid_until + datetime.timedelta(days=self.draw(st.integers(1, 60)))
            with suppress(services.RegistryError):
                services.extend_card(
                    card, valid_until=target, user=None, organisation=card.issued_by
                )

    def end(self):
        cards = self.cards(status="active")
        if cards:
            card = self.pick(cards)
            status = self.pick([Card.Status.ENDED, Card.Status.WITHDRAWN])
            services.set_status(card, status, user=None, organisation=card.issued_by)

    def reissue(self):
        cards = self.cards(status="active", replaced_by__isnull=True)
        if cards:
            card = self.pick(cards)
            with suppress(services.RegistryError):
                services.reissue_card(
                    card,
                    number=_number(self.world, card.issued_by),
                    user=None,
                    organisation=card.issued_by,
                )

    def wait(self):
        # Minutes (same day), hours (across midnight) or a leap of months.
        self.clock.advance(self.pick([7, 90, 60 * 20, 60 * 24 * 40, 60 * 24 * 200]))


OPERATIONS = ["register", "record", "record", "group", "undo", "extend", "end", "reissue", "wait"]


# --- Comparing the views with the raw rows ------------------------------------------------------


def scopes(world):
    unit, _second, lappi_unit = world["units"]
    venue = world["venues"][0]
    return [
        national_scope(),
        Scope(REGION, "kainuu", "Kainuu", region=world["kainuu"]),
        Scope(REGION, "lappi", "Lappi", region=world["lappi"]),
        Scope(UNIT, str(unit.pk), unit.name, organisation=unit),
        Scope(UNIT, str(lappi_unit.pk), lappi_unit.name, organisation=lappi_unit),
        Scope(VENUE, str(venue.pk), venue.name, organisation=venue),
    ]


def filter_sets(world, today):
    unit, second_unit, _lappi_unit = world["units"]
    venue = world["venues"][0]
    municipality = world["municipality"]
    periods = [
        (datetime.date(today.year, 1, 1), today),  # the default: this year
        (today - datetime.timedelta(days=45), today + datetime.timedelta(days=20)),
        (datetime.date(today.year - 2, 3, 17), datetime.date(today.year, 2, 28)),
        (today, today),
        (datetime.date(today.year - 1, 12, 1), datetime.date(today.year - 1, 12, 31)),
    ]
    narrowings = [
        {},
        {"region": world["kainuu"]},
        {"organisation": unit},
        {"organisation": second_unit},
        {"organisation": venue},
        {"region": world["kainuu"], "organisation": unit},
    ]
    if municipality is not None:
        narrowings.append({"municipality": municipality})
    out = []
    for i, (start, end) in enumerate(periods):
        for narrowing in narrowings if i == 0 else narrowings[:3]:
            out.append(queries.Filters(start, end, **narrowing))
    return out


def statistics(module_dashboard, module_public, world, today):
    figures = {}
    for scope in scopes(world):
        for f in filter_sets(world, today):
            figures[scope.kind, scope.key, f] = module_dashboard(scope, f)
    national = module_public.national_table(today)
    figures["national"] = national
    for row in national["rows"]:
        figures["regions", row["year"]] = module_public.regions_table(row["year"])
    figures["live"] = module_public.live_counts(today)
    return plain(figures)


def _differences(from_views, from_raw):
    """The figures that differ, with both values (the first few), for a readable failure."""
    out = []
    for key in from_raw:
        new, old = from_views.get(key), from_raw[key]
        if new != old:
            if isinstance(old, dict):
                out += [(key, k, new.get(k), v) for k, v in old.items() if new.get(k) != v]
            else:
                out.append((key, new, old))
    return out[:3]


def assert_same_statistics(world, today, monkeypatch):
    facts.refresh()
    from_views = statistics(queries.dashboard, public, world, today)
    from_raw = statistics(reference.dashboard, reference, world, today)
    assert _differences(from_views, from_raw) == []
    assert from_views == from_raw
    # Without disclosure control every raw count is visible: they must be equal too.
    with monkeypatch.context() as patch:
        patch.setattr(disclosure, "_is_small", lambda value, threshold: False)
        from_views = statistics(queries.dashboard, public, world, today)
        from_raw = statistics(reference.dashboard, reference, world, today)
    assert _differences(from_views, from_raw) == []
    assert from_views == from_raw


# --- The property ------------------------------------------------------------------------------


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_service_sequences_give_the_raw_rows_figures(world, monkeypatch, data):
    with rolled_back():
        clock = Clock(monkeypatch, START)
        runner = Runner(world, clock, data)
        steps = data.draw(st.lists(st.sampled_from(OPERATIONS), min_size=4, max_size=18))
        for step in steps:
            getattr(runner, step)()
        assert_same_statistics(world, clock.today, monkeypatch)


def test_writes_outside_the_services_count_too(world, monkeypatch):
    """Plain ORM saves, bulk updates and raw SQL: the views are computed from the rows, so no
    write path can be missed."""
    clock = _busy_day(world, monkeypatch)
    unit, venue = world["units"][0], world["venues"][0]
    card = Card.objects.create(
        number=_number(world, unit),
        is_legacy=True,
        region=unit.region,
        issued_by=unit,
        issued_on=START.date(),
        valid_until=START.date() + datetime.timedelta(days=9),
        birth_year=1990,
        postal_code="87100",
    )
    Use.objects.create(card=card, venue=venue, idempotency_key=uuid.uuid4(), recorded_at=START)
    Card.objects.filter(pk=card.pk).update(region=world["lappi"], issued_by=world["units"][2])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_use SET children = 1 WHERE card_id = %s", [card.pk])
    assert_same_statistics(world, clock.today, monkeypatch)
    Use.objects.filter(card=card).delete()
    Card.objects.filter(pk=card.pk).delete()
    assert_same_statistics(world, clock.today, monkeypatch)


# --- Pages -------------------------------------------------------------------------------------

NONCE = re.compile(r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')


def _busy_day(world, monkeypatch):
    """A fixed sequence of every kind of write, across a year boundary."""
    clock = Clock(monkeypatch, START)
    unit, second, lappi_unit = world["units"]
    venue, agency, lappi_venue, popup = world["venues"]
    made = []
    for i, owner in enumerate([unit, unit, second, lappi_unit, unit, second, unit]):
        card, _created = services.register_card(
            organisation=owner,
            user=None,
            number=_number(world, owner),
            kind="community" if i == 4 else "personal",
            issued_on=clock.today,
            valid_until=rules.default_valid_until(clock.today, owner.region),
            children_count=i % 3,
            birth_year=1950 + 7 * i if i != 4 else None,
            postal_code="87100" if i != 4 else "",
            community_name="Rollup group" if i == 4 else "",
        )
        made.append(card)
    for at in (venue, agency, lappi_venue, popup, venue):
        services.record_uses(
            venue=at,
            user=None,
            key=uuid.uuid4(),
            kind="ticket",
            entries=[services.Entry(c.number, 0) for c in made[:1]],
        )
    clock.advance(120)  # into the new year
    group = services.record_uses(
        venue=venue,
        user=None,
        key=uuid.uuid4(),
        kind="ticket",
        entries=[services.Entry(made[0].number), services.Entry(made[2].number, 0, "m")],
        community=services.Entry(made[4].number),
    )
    services.extend_card(
        made[1],
        valid_until=made[1].valid_until + datetime.timedelta(days=30),
        user=None,
        organisation=unit,
    )
    services.set_status(made[3], Card.Status.ENDED, user=None, organisation=lappi_unit)
    single = services.record_uses(
        venue=agency,
        user=None,
        key=uuid.uuid4(),
        kind="course",
        entries=[services.Entry(made[5].number)],
    )
    services.undo_use(single.uses[0], venue=agency, user=None)
    services.undo_use(group.uses[1], venue=venue, user=None)
    return clock


def test_pages_are_the_same_from_the_views_and_raw_rows(client, world, users, monkeypatch):
    clock = _busy_day(world, monkeypatch)
    call_command("refresh_stats", stdout=_Null())
    urls = [
        reverse("stats:public"),
        reverse("stats:public") + f"?year={clock.today.year - 1}",
        reverse("stats:public_csv"),
        reverse("stats:dashboard", kwargs={"kind": "national", "key": "all"}),
        reverse("stats:dashboard", kwargs={"kind": "national", "key": "all"})
        + f"?region={world['kainuu'].pk}&organisation={world['units'][0].pk}",
        reverse("stats:dashboard", kwargs={"kind": REGION, "key": world["kainuu"].slug})
        + f"?start={clock.today.year - 1}-06-01",
        reverse("stats:dashboard", kwargs={"kind": UNIT, "key": str(world["units"][0].pk)}),
        reverse("stats:dashboard", kwargs={"kind": VENUE, "key": str(world["venues"][0].pk)}),
    ]
    client.force_login(users["national"])

    def pages():
        return [NONCE.sub("", client.get(url).content.decode()) for url in urls]

    from_views = pages()
    called = Counter()

    def counted(module, name):
        def function(*args, **kwargs):
            called[module.__name__, name] += 1
            return getattr(reference, name)(*args, **kwargs)

        return function

    replaced = {
        queries: (
            "card_figures",
            "distributions",
            "top_distributors",
            "top_venues",
            "use_figures",
            "cards_by_year",
            "uses_by_year",
        ),
        public: ("national_table", "regions_table"),
    }
    with monkeypatch.context() as patch:
        for module, names in replaced.items():
            for name in names:
                patch.setattr(module, name, counted(module, name))
        cache.clear()  # the figures from the views are cached: compute them again
        from_raw = pages()
    # Every figure of these pages came from the raw rows this time.
    assert set(called) == {(m.__name__, n) for m, names in replaced.items() for n in names}
    for url, new, old in zip(urls, from_views, from_raw, strict=True):
        assert new == old, url
    assert len(from_views[2].splitlines()) >= 3  # the CSV: a header and a row per year


# --- Concurrency --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")
def test_parallel_desks_record_every_use(
    world, unit, venue, agency, community_card, users, monkeypatch
):
    """Eight desks record, in parallel, first uses of the same new cards (activation), group
    visits and undos at two venues: no deadlock, no error, and the figures equal the raw rows'."""
    import random
    import threading

    from django.db import connections

    today = timezone.localdate()
    cards = []
    for _serial in range(12):
        card, _created = services.register_card(
            organisation=unit,
            user=users["distributor"],
            number=_number(world, unit),
            kind="personal",
            issued_on=today,
            valid_until=today + datetime.timedelta(days=100),
            children_count=2,
            birth_year=1980,
            postal_code="87100",
        )
        cards.append(card)
    errors = []
    barrier = threading.Barrier(8)

    def desk(index):
        rng = random.Random(index)
        try:
            barrier.wait()
            for _ in range(10):
                at = rng.choice([venue, agency])
                chosen = rng.sample(cards, 2)
                if rng.random() < 0.3:
                    result = services.record_uses(
                        venue=at,
                        user=None,
                        key=uuid.uuid4(),
                        kind="ticket",
                        entries=[
                            services.Entry(c.number, 0, f"m{i}") for i, c in enumerate(chosen)
                        ],
                        community=services.Entry(community_card.number),
                    )
                else:
                    result = services.record_uses(
                        venue=at,
                        user=None,
                        key=uuid.uuid4(),
                        kind="ticket",
                        entries=[services.Entry(chosen[0].number, rng.randint(0, 2))],
                    )
                if rng.random() < 0.3:
                    services.undo_use(result.uses[-1], venue=at, user=None)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Use.objects.filter(card__in=cards).count() > 0
    assert_same_statistics(world, today, monkeypatch)


# --- Staleness ---------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's views are live")
def test_a_write_shows_after_the_next_refresh_and_the_page_says_when(
    client, world, users, monkeypatch
):
    clock = _busy_day(world, monkeypatch)
    monkeypatch.setattr(disclosure, "_is_small", lambda value, threshold: False)
    facts.refresh()
    before = facts.as_of()
    national, filters = national_scope(), queries.Filters.this_year(clock.today)

    def uses():
        return queries.dashboard(national, filters)["uses"]["table"].total.value

    uses_before = uses()
    card = Card.objects.filter(status="active", kind="personal").first()
    entries = [services.Entry(card.number, 0)]
    venue = world["venues"][0]
    services.record_uses(venue=venue, user=None, key=uuid.uuid4(), kind="ticket", entries=entries)
    assert uses() == uses_before  # not before the next refresh
    facts.refresh()
    assert facts.as_of() > before
    assert uses() == uses_before + 1
    client.force_login(users["national"])
    page = client.get(reverse("stats:dashboard", kwargs={"kind": "national", "key": "all"}))
    moment = timezone.localtime(facts.as_of())
    assert f'<time datetime="{moment.isoformat(timespec="seconds")}">' in page.content.decode()
    assert "15 minuutin välein" in page.content.decode()


# --- Query counts ------------------------------------------------------------------------------


def _more_data(world, monkeypatch, rounds):
    clock = Clock(monkeypatch, START)
    unit, _second, lappi_unit = world["units"]
    for i in range(rounds):
        for owner in (unit, lappi_unit):
            card, _created = services.register_card(
                organisation=owner,
                user=None,
                number=_number(world, owner),
                kind="personal",
                issued_on=clock.today,
                valid_until=clock.today + datetime.timedelta(days=200),
                children_count=1,
                birth_year=1960 + i,
                postal_code=f"8{i % 10}100",
            )
            for venue in world["venues"]:
                services.record_uses(
                    venue=venue,
                    user=None,
                    key=uuid.uuid4(),
                    kind="ticket",
                    entries=[services.Entry(card.number, 1)],
                )
        clock.advance(60 * 24 * 35)


@pytest.mark.parametrize(
    ("who", "url_name", "kwargs", "most"),
    [
        (None, "stats:public", {}, 15),
        ("national", "stats:dashboard", {"kind": "national", "key": "all"}, 40),
        ("coordinator", "stats:dashboard", {"kind": REGION, "key": None}, 40),
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client, world, users, monkeypatch, who, url_name, kwargs, most
):
    if kwargs.get("key", "") is None:
        kwargs = {**kwargs, "key": world["kainuu"].slug}
    url = reverse(url_name, kwargs=kwargs)
    counts = []
    # Some figures first (a dashboard with none has no top ten whose names it reads), then more.
    for rounds in (2, 6):
        _more_data(world, monkeypatch, rounds=rounds)
        facts.refresh()
        if who:
            client.force_login(users[who])  # at the clock's new time: an idle session ends
        client.get(url)  # warm up (content types, the session, the site, the page's fragments)
        cache.clear()  # figures computed, not taken from the dashboards' cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= most


class _Null:
    def write(self, *_args, **_kwargs):
        pass

    def flush(self):
        pass


def test_more_postal_areas_than_the_page_lists_give_the_reference_figures(world, monkeypatch):
    """The page lists the 15 largest postal areas and adds up the rest: the reference does the same
    (at full scale they differed until it did)."""
    unit = world["units"][0]
    for i in range(queries.TOP_POSTAL_AREAS + 5):
        for _n in range(5 + i % 3):  # every area at least 5 cards: none rolled up
            services.register_card(
                organisation=unit,
                user=None,
                number=_number(world, unit),
                kind="personal",
                issued_on=timezone.localdate(),
                valid_until=rules.default_valid_until(timezone.localdate(), unit.region),
                postal_code=f"88{i:03d}",
            )
    facts.refresh()
    filters = queries.Filters.this_year()
    for scope in (national_scope(), Scope(REGION, "r", "r", region=world["kainuu"])):
        with monkeypatch.context() as patch:
            patch.setattr(disclosure, "_is_small", lambda value, threshold: False)
            figures = plain(queries.distributions(scope, filters)["postal"])
            assert figures == plain(reference.distributions(scope, filters)["postal"])
        assert len(figures[1][1]) == queries.TOP_POSTAL_AREAS + 1  # the labels: 15 and the rest
