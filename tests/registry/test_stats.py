"""Statistics: scopes per role, the public table and live figures against the registry, exports
(logged), query counts, and "check my card". Data built here: two regions, a unit and a venue."""

import datetime
import uuid
from collections import Counter

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from wagtail.models import ModelLogEntry

import pytest

from core.demo import ensure_user
from core.roles import national_editors_group
from registry import permissions
from registry.models import Card, Membership, Organisation, Use
from stats import facts, public, queries
from stats.scope import REGION, UNIT, VENUE, resolve, scopes_for
from tests.regions.factories import RegionFactory

pytestmark = pytest.mark.django_db

_serial = iter(range(10_000_000, 99_999_999))


def make_card(region, unit, *, birth_year=1980, **extra):
    today = timezone.localdate()
    return Card.objects.create(
        number=f"S{next(_serial):09d}",
        is_legacy=True,
        region=region,
        issued_by=unit,
        issued_on=today,
        valid_until=today + datetime.timedelta(days=365),
        birth_year=birth_year,
        **{"postal_code": "87100", **extra},
    )


def make_use(card, venue, children=0):
    return Use.objects.create(
        card=card, venue=venue, children=children, idempotency_key=uuid.uuid4()
    )


@pytest.fixture
def world():
    kainuu = RegionFactory(slug="kainuu", name_fi="Kainuu")
    lappi = RegionFactory(slug="lappi", name_fi="Lappi")
    unit = Organisation.objects.create(name="Stats unit Kajaani", kind="distributor", region=kainuu)
    venue = Organisation.objects.create(name="Stats venue Kajaani", kind="venue", region=kainuu)
    lappi_unit = Organisation.objects.create(
        name="Stats unit Rovaniemi", kind="distributor", region=lappi
    )
    coordinator = ensure_user("stats-coord-kainuu", groups=[kainuu.coordinators_group])
    national = ensure_user("stats-national", groups=[national_editors_group()])
    unit_user = ensure_user("stats-unit")
    Membership.objects.create(user=unit_user, organisation=unit)
    venue_user = ensure_user("stats-venue")
    Membership.objects.create(user=venue_user, organisation=venue)
    cards = [make_card(kainuu, unit, birth_year=1970 + i) for i in range(8)]
    lappi_cards = [make_card(lappi, lappi_unit) for _ in range(3)]
    for card in cards[:6]:
        make_use(card, venue, children=1)
    facts.refresh()
    cache.clear()
    return {
        "kainuu": kainuu,
        "lappi": lappi,
        "unit": unit,
        "venue": venue,
        "lappi_unit": lappi_unit,
        "coordinator": coordinator,
        "national": national,
        "unit_user": unit_user,
        "venue_user": venue_user,
        "cards": cards,
        "lappi_cards": lappi_cards,
    }


def dashboard_url(kind, key):
    return reverse("stats:dashboard", kwargs={"kind": kind, "key": key})


# --- Scopes -----------------------------------------------------------------------------------


def test_kainuu_coordinator_sees_kainuu_and_cannot_reach_lappi(client, world):
    client.force_login(world["coordinator"])
    response = client.get(dashboard_url(REGION, "kainuu"))
    assert response.status_code == 200
    assert "Kainuu" in response.content.decode()
    assert client.get(dashboard_url(REGION, "lappi")).status_code == 404
    assert client.get(dashboard_url("national", "all")).status_code == 404
    assert client.get(dashboard_url(UNIT, str(world["lappi_unit"].pk))).status_code == 404
    # Kainuu's own unit is within the coordinator's region.
    assert client.get(dashboard_url(UNIT, str(world["unit"].pk))).status_code == 200
    assert (
        client.get(reverse("stats:export", kwargs={"kind": REGION, "key": "lappi"})).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "kind", "key", "status"),
    [
        ("unit_user", UNIT, "unit", 200),
        ("unit_user", VENUE, "venue", 404),
        ("unit_user", REGION, "kainuu", 404),
        ("venue_user", VENUE, "venue", 200),
        ("venue_user", UNIT, "unit", 404),
        ("venue_user", UNIT, "lappi_unit", 404),
        ("national", REGION, "lappi", 200),
        ("national", "national", "all", 200),
        ("national", VENUE, "unit", 404),  # a distributor is not a venue
    ],
)
def test_permission_matrix(client, world, who, kind, key, status):
    client.force_login(world[who])
    if key in world and hasattr(world[key], "pk") and kind != REGION:
        key = str(world[key].pk)
    assert client.get(dashboard_url(kind, key)).status_code == status


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(dashboard_url(REGION, "kainuu"))
    assert response.status_code == 302


def test_scopes_for_each_role(world):
    assert [s.kind for s in scopes_for(world["coordinator"])] == [REGION]
    assert [s.kind for s in scopes_for(world["venue_user"])] == [VENUE]
    assert scopes_for(world["national"])[0].kind == "national"
    venue_scope = resolve(world["venue_user"], VENUE, str(world["venue"].pk))
    assert not venue_scope.shows_cards
    assert venue_scope.cards().count() == 0


def test_the_desks_offer_statistics_exactly_to_those_with_a_dashboard(world):
    """The registry's header links to the statistics by registry.permissions.may_see_statistics
    (registry never imports stats): it must agree with the dashboards stats.scope lists."""
    from django.contrib.auth.models import AnonymousUser

    nobody = ensure_user("stats-nobody")
    closed = Organisation.objects.create(
        name="Stats closed unit", kind="distributor", region=world["kainuu"], is_active=False
    )
    closed_user = ensure_user("stats-closed")
    Membership.objects.create(user=closed_user, organisation=closed)
    gone = ensure_user("stats-gone")
    Membership.objects.create(user=gone, organisation=world["unit"])
    gone.is_active = False
    gone.save()
    people = [
        world["national"],
        world["coordinator"],
        world["unit_user"],
        world["venue_user"],
        nobody,
        closed_user,
        gone,
        AnonymousUser(),
    ]
    offered = [permissions.may_see_statistics(person) for person in people]
    assert offered == [True, True, True, True, False, False, False, False]
    assert offered == [bool(scopes_for(person)) for person in people]


def test_venue_dashboard_shows_no_background_data(client, world):
    client.force_login(world["venue_user"])
    body = client.get(dashboard_url(VENUE, str(world["venue"].pk))).content.decode()
    assert "chart-age" not in body and "chart-gender" not in body
    assert "chart-month" in body


# --- Numbers ----------------------------------------------------------------------------------


def test_dashboard_numbers_are_protected_and_true(world):
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    figures = queries.card_figures(scope, filters)
    expected = Card.objects.filter(
        region=world["kainuu"], registered_at__year=filters.end.year
    ).count()
    assert figures["registered"].value == expected
    uses = queries.use_figures(scope, filters)
    expected_uses = (
        Use.objects.counted()
        .filter(venue__region=world["kainuu"], recorded_at__year=filters.end.year)
        .count()
    )
    assert uses["table"].total.value == (
        expected_uses if expected_uses >= 5 or expected_uses == 0 else None
    )
    # Lappi has 3 new cards only: a unit dashboard for it would hide the number.
    lappi_scope = resolve(world["national"], UNIT, str(world["lappi_unit"].pk))
    assert queries.card_figures(lappi_scope, filters)["registered"].suppressed


def test_postal_areas_show_the_largest_and_add_up_the_rest(world):
    """Hundreds of postal areas would make a dashboard of hundreds of bars: it shows the
    largest TOP_POSTAL_AREAS and "all other postal areas", and nothing is lost from the total."""
    areas = queries.TOP_POSTAL_AREAS + 5
    for i in range(areas):
        for _ in range(5 + i):  # every area over the threshold, each a different size
            make_card(world["kainuu"], world["unit"], postal_code=f"88{i:03d}")
    facts.refresh()  # PostgreSQL: the scheduled refresh (stats/facts.py)
    scope = resolve(world["coordinator"], REGION, "kainuu")
    filters = queries.Filters.this_year()
    _title, postal = queries.distributions(scope, filters)["postal"]
    labels = [str(label) for label, _cell in postal.items()]
    assert len(labels) == queries.TOP_POSTAL_AREAS + 1
    cards = Card.objects.filter(
        region=world["kainuu"], kind=Card.Kind.PERSONAL, registered_at__year=filters.end.year
    )
    by_code = Counter(cards.values_list("postal_code", flat=True))
    largest = sorted(by_code, key=lambda code: (-by_code[code], code))[: queries.TOP_POSTAL_AREAS]
    assert sorted(labels[:-1]) == sorted(largest)
    assert labels[-1] == gettext("All other postal areas")
    assert sum(cell.value for _label, cell in postal.items()) == cards.count()
    assert postal.total.value == cards.count()


def test_a_filter_cannot_be_subtracted_from_its_region(world):
    """Kainuu has 8 new cards from our unit plus the demo's; filtering to our unit must not publish
    a count whose difference to the region's is 1–4."""
    scope = resolve(world["coordinator"], REGION, "kainuu")
    whole = queries.Filters.this_year()
    part = queries.Filters(whole.start, whole.end, organisation=world["unit"])
    region_cell = queries.card_figures(scope, whole)["registered"]
    unit_cell = queries.card_figures(scope, part)["registered"]
    if region_cell.value is not None and unit_cell.value is not None:
        assert region_cell.value - unit_cell.value == 0 or region_cell.value - unit_cell.value >= 5


def test_dashboard_query_count_is_bounded(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["coordinator"])
    url = dashboard_url(REGION, "kainuu") + "?organisation=" + str(world["unit"].pk)
    client.get(url)  # warm up caches (content types, sessions)
    cache.clear()  # figures computed, not from the dashboards' cache
    with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    # More data does not mean more queries.
    for _ in range(10):
        make_use(make_card(world["kainuu"], world["unit"]), world["venue"])
    facts.refresh()
    client.get(url)  # warm again (fragments)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_national_dashboard_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world["national"])
    url = dashboard_url("national", "all")
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


def test_bad_filter_input_is_a_message_not_an_error(client, world):
    client.force_login(world["coordinator"])
    response = client.get(
        dashboard_url(REGION, "kainuu") + "?start=2024-05-01&end=2024-01-01&municipality=999999"
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


# --- Public -----------------------------------------------------------------------------------


def test_public_table_matches_the_registry(client, world):
    year = timezone.localdate().year
    table = public.national_table()
    row = next(r for r in table["rows"] if r["year"] == year)
    registered = Card.objects.filter(registered_at__year=year).count()
    activated = Card.objects.filter(
        registered_at__year=year, pk__in=Use.objects.counted().values("card")
    ).count()
    uses = Use.objects.counted().filter(recorded_at__year=year).count()
    assert row["registered"].value == registered
    assert row["activated"].value in (activated, None)
    if activated >= 5 and registered - activated >= 5:
        assert row["activated"].value == activated
    assert row["adults_total"].value in (uses, None)
    if uses >= 5:
        assert row["adults_total"].value == uses
    response = client.get(reverse("stats:public"))
    assert response.status_code == 200
    assert str(registered) in response.content.decode()
    csv_response = client.get(reverse("stats:public_csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert any(line.startswith(f"{year},{registered},") for line in lines)


def test_public_page_in_every_language(client, world):
    for lang in ("fi", "sv", "en", "fi-x-selko"):
        response = client.get(f"/{lang}/statistics/?year=notayear")
        assert response.status_code == 200


def test_live_figures_match_and_are_cached(world, django_assert_num_queries):
    year = timezone.localdate().year
    figures = public.live_figures()
    assert figures["cards"].value == Card.objects.filter(registered_at__year=year).count()
    assert figures["uses"].value == Use.objects.counted().filter(recorded_at__year=year).count()
    with django_assert_num_queries(0):
        public.live_figures()


# --- Export -----------------------------------------------------------------------------------


def test_coordinator_export_is_logged_and_has_no_card_numbers(client, world):
    client.force_login(world["coordinator"])
    url = reverse("stats:export", kwargs={"kind": REGION, "key": "kainuu"})
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    data = {
        "dataset": "cards",
        "start": f"{today.year}-01-01",
        "end": today.isoformat(),
        "file_format": "csv",
        "purpose": "Quarterly report to the welfare board",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert world["cards"][0].number not in body
    assert "1970" not in body  # birth years appear only as bands
    entry = ModelLogEntry.objects.get(action="kaiku.export", user=world["coordinator"])
    assert entry.data["purpose"] == data["purpose"] and entry.data["dataset"] == "cards"
    # The national office sees the log.
    client.force_login(world["national"])
    assert data["purpose"] in client.get(dashboard_url("national", "all")).content.decode()


def test_export_xlsx_and_purpose_required(client, world):
    client.force_login(world["coordinator"])
    url = reverse("stats:export", kwargs={"kind": REGION, "key": "kainuu"})
    today = timezone.localdate()
    base = {
        "dataset": "uses",
        "start": f"{today.year}-01-01",
        "end": today.isoformat(),
        "file_format": "xlsx",
    }
    response = client.post(url, base)
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="kaiku.export").exists()
    response = client.post(url, {**base, "purpose": "Yearly report for the region"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_units_and_venues_cannot_export(client, world):
    client.force_login(world["unit_user"])
    assert (
        client.get(
            reverse("stats:export", kwargs={"kind": UNIT, "key": world["unit"].pk})
        ).status_code
        == 404
    )


# --- Check my card ----------------------------------------------------------------------------


def test_cardholder_sees_own_uses_only_with_the_right_year(client, world):
    card = world["cards"][0]
    url = reverse("stats:check_card")
    right = client.post(url, {"number": card.number.lower(), "birth_year": card.birth_year})
    assert right.status_code == 200
    body = right.content.decode()
    assert "Stats venue Kajaani" in body and card.valid_until.strftime("%-d.%-m.%Y") in body
    wrong_year = client.post(url, {"number": card.number, "birth_year": card.birth_year + 1})
    no_card = client.post(url, {"number": "S000000001", "birth_year": card.birth_year})
    assert "Stats venue Kajaani" not in wrong_year.content.decode()

    def answer(response):
        text = response.content.decode()
        return text[text.index('class="stats-check__result"') :]

    assert answer(wrong_year).replace(card.number, "") == answer(no_card).replace("S000000001", "")


def test_check_is_rate_limited_per_card(client, world):
    cache.clear()
    card = world["cards"][1]
    url = reverse("stats:check_card")
    for year in range(1900, 1905):
        assert client.post(url, {"number": card.number, "birth_year": year}).status_code == 200
    # Even the right year is refused now: guessing a card's year is not possible.
    response = client.post(url, {"number": card.number, "birth_year": card.birth_year})
    assert response.status_code == 429
    assert "Stats venue Kajaani" not in response.content.decode()


def test_check_rejects_bad_input_with_a_message(client, world):
    response = client.post(reverse("stats:check_card"), {"number": "", "birth_year": "abc"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_national_filter_lists_organisations_of_the_chosen_region(client, world):
    """Nationally there are thousands of organisations: the list follows the chosen region, and
    a link that names only an organisation finds its region."""
    client.force_login(world["national"])
    url = dashboard_url("national", "all")
    response = client.get(url)
    choices = [label for _pk, label in response.context["form"].fields["organisation"].choices]
    assert "Stats unit Kajaani" not in choices and "Stats unit Rovaniemi" not in choices
    hint = gettext(
        "To filter by organisation, choose a region and press Show: "
        "its organisations are then listed."
    )
    assert escape(hint) in response.content.decode()
    response = client.get(url, {"region": world["kainuu"].pk})
    choices = [label for _pk, label in response.context["form"].fields["organisation"].choices]
    assert "Stats unit Kajaani" in choices and "Stats unit Rovaniemi" not in choices
    response = client.get(url, {"organisation": world["lappi_unit"].pk})
    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert form.filters().organisation == world["lappi_unit"]
    assert form.filters().region == world["lappi"]
    assert f'<option value="{world["lappi_unit"].pk}" selected>' in response.content.decode()


def test_national_filter_lists_the_pop_up_venues(client, world):
    """A pop-up venue is in no region (coordinated nationally, DOMAIN.md): the national filter
    lists it before any region is chosen, and filtering by it counts its uses."""
    popup = Organisation.objects.create(name="Stats pop-up Heureka", kind="venue", region=None)
    for card in world["cards"][:5]:
        make_use(card, popup)
    facts.refresh()
    client.force_login(world["national"])
    url = dashboard_url("national", "all")
    choices = client.get(url).context["form"].fields["organisation"].choices
    assert (popup.pk, popup.name) in [(pk, label) for pk, label in choices]
    response = client.get(url, {"organisation": popup.pk})
    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert form.filters().organisation == popup and form.filters().region is None
    assert f'<option value="{popup.pk}" selected>' in response.content.decode()
    assert response.context["data"]["uses"]["table"].total.value == 5
    region = client.get(url, {"region": world["kainuu"].pk}).context["form"]
    assert popup.pk not in [pk for pk, _label in region.fields["organisation"].choices]


def test_background_totals_say_why_they_differ(client, world):
    """Issue 17, item 11: the background data's totals are smaller than the cards registered
    (community cards keep none; small counts are hidden), and the page says so."""
    client.force_login(world["coordinator"])
    body = client.get(dashboard_url(REGION, "kainuu")).content.decode()
    assert "chart-age" in body
    note = gettext(
        "Why these totals can be smaller than the cards registered: background data is kept for "
        "personal cards only (a community card belongs to an organisation and has none), and "
        "counts below 5 are hidden (–) together with any count from which they could be worked out."
    )
    assert escape(note) in body
