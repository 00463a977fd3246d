"""Card tickets recorded against a show (issue 20.2; the public figure 20.3, the dashboards 20.4): the left figure, the refusal at the cap that
names the show, children's tickets counted, undo giving the tickets back, the desk's and the API's
show, the idempotency digest with the show, and uses without a show as before."""

import uuid

from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from registry import services
from registry.models import Use
from shows import tickets
from tests.accounts.factories import RegistryStaffFactory
from tests.home.factories import ensure_locales
from tests.registry.factories import CardFactory, TicketAgencyFactory, VenueOrganisationFactory
from tests.shows.factories import ShowFactory, translate_show

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world):
    """The region a venue's desk (its registry organisation, linked to its page) and a show there
    with a cap of 2, plus a translated row of it."""
    page = world["venues"]["a"]
    organisation = VenueOrganisationFactory(
        region=world["regions"]["a"], partner_page=page, name=page.title
    )
    show = ShowFactory(venue=page, title="Lumikuningatar", cap=2, audience=40, venue_cap=None)
    translate_show(show, "sv", "Snödrottningen")
    user = RegistryStaffFactory(organisation=organisation, is_unit_account=True)
    return {"organisation": organisation, "show": show, "user": user, "page": page}


def card(children=0):
    return CardFactory(children_count=children)


def record(desk, number, children=0, show=True, key=None):
    return services.record_uses(
        venue=desk["organisation"],
        user=desk["user"],
        key=key or uuid.uuid4(),
        kind=Use.Kind.TICKET,
        entries=[services.Entry(number, children)],
        show=desk["show"] if show else None,
    )


def refreshed(show):
    show.refresh_from_db()
    return show


def test_left_counts_the_adult_and_each_child(desk):
    assert desk["show"].tickets_left == 2
    record(desk, card(children=1).number, children=1)
    show = refreshed(desk["show"])
    assert (show.card_tickets, show.tickets_left) == (2, 0)
    assert show.tickets_updated_at is not None
    # Every language's row holds the same figure.
    assert {
        row.card_tickets for row in type(show).objects.filter(translation_key=show.translation_key)
    } == {2}


def test_at_the_cap_the_next_ticket_is_refused_naming_the_show(desk):
    record(desk, card(children=1).number, children=1)
    number = card().number
    with pytest.raises(services.RegistryError) as refused:
        record(desk, number)
    refusal = refused.value.errors["show"]
    assert refusal.code == "show_full"
    assert "Lumikuningatar" in str(refusal.message) and "2" in str(refusal.message)
    assert not Use.objects.filter(card__number=number).exists()
    assert refreshed(desk["show"]).card_tickets == 2


def test_children_beyond_what_is_left_are_refused_all_together(desk):
    record(desk, card().number)
    with pytest.raises(services.RegistryError) as refused:
        record(desk, card(children=2).number, children=2)
    assert "1" in str(refused.value.errors["show"].message)
    assert refreshed(desk["show"]).card_tickets == 1


def test_undo_gives_the_tickets_back(desk):
    result = record(desk, card(children=1).number, children=1)
    services.undo_use(result.uses[0], venue=desk["organisation"], user=desk["user"])
    assert refreshed(desk["show"]).tickets_left == 2
    services.undo_use(result.uses[0], venue=desk["organisation"], user=desk["user"])  # twice
    assert refreshed(desk["show"]).tickets_left == 2
    record(desk, card().number)
    assert refreshed(desk["show"]).tickets_left == 1


def test_a_resend_of_the_last_ticket_is_replayed_not_refused(desk):
    key = uuid.uuid4()
    number = card(children=1).number
    first = record(desk, number, children=1, key=key)
    again = record(desk, number, children=1, key=key)
    assert again.replayed and [u.pk for u in again.uses] == [u.pk for u in first.uses]


def test_the_digest_includes_the_show(desk):
    key = uuid.uuid4()
    number = card().number
    record(desk, number, show=False, key=key)
    with pytest.raises(services.RegistryError) as refused:
        record(desk, number, key=key)
    assert refused.value.first.code == "key_mismatch"
    entries = [services.Entry(number)]
    assert services.use_digest("ticket", entries) != services.use_digest("ticket", entries, None, 7)


def test_uses_without_a_show_are_unchanged(desk):
    number = card().number
    entries = [services.Entry(number)]
    # The digest of a use without a show is what it was before shows existed.
    assert services.use_digest("ticket", entries) == services.request_digest(
        "use", "ticket", False, [(number, 0)]
    )
    result = record(desk, number, show=False)
    assert result.uses[0].show is None
    assert refreshed(desk["show"]).card_tickets == 0


def test_a_show_without_a_cap_counts_but_never_refuses(desk, world):
    show = ShowFactory(venue=world["venues"]["a"], venue_cap=None, cap=None)
    desk["show"] = show
    for _n in range(3):
        record(desk, card().number)
    show = refreshed(show)
    assert (show.card_tickets, show.tickets_left) == (3, None)


def test_a_save_never_writes_a_stale_count_back(desk):
    stale = type(desk["show"]).objects.get(pk=desk["show"].pk)
    record(desk, card().number)
    stale.title = "Lumikuningatar (uusi)"
    stale.save()
    assert refreshed(desk["show"]).card_tickets == 1


# --- The desk -------------------------------------------------------------------------------


def desk_url(desk, name="registry:venue_desk"):
    return reverse(name, kwargs={"org": desk["organisation"].pk})


def test_desk_offers_todays_shows_and_finds_another_days(client, desk, world):
    today = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    ShowFactory(venue=desk["page"], title="Iltanäytös", start=today, end=None)
    client.force_login(desk["user"])
    html = client.get(desk_url(desk)).content.decode()
    assert "Iltanäytös" in html and "Lumikuningatar" not in html
    day = timezone.localtime(desk["show"].start).date().isoformat()
    html = client.get(desk_url(desk), {"day": day}).content.decode()
    assert "Lumikuningatar" in html and "Iltanäytös" not in html


def test_desk_records_against_a_show_and_refuses_at_the_cap(client, desk):
    client.force_login(desk["user"])
    day = timezone.localtime(desk["show"].start).date().isoformat()
    url = desk_url(desk, "registry:venue_record") + f"?day={day}"

    def post(number, children):
        return client.post(
            url,
            {
                "use-idempotency_key": str(uuid.uuid4()),
                "use-number": number,
                "use-kind": "ticket",
                "use-children": children,
                "use-show": desk["show"].pk,
                "action": "record",
            },
        )

    assert post(card(children=1).number, 1).status_code == 302
    assert refreshed(desk["show"]).tickets_left == 0
    response = post(card().number, 0)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lumikuningatar" in html and "enimmäismäärä 2 korttilippua" in html


def test_desk_refuses_another_venues_show(client, desk, world):
    other = ShowFactory(venue=world["venues"]["b"], cap=2, audience=40, venue_cap=None)
    client.force_login(desk["user"])
    response = client.post(
        desk_url(desk, "registry:venue_record"),
        {
            "use-idempotency_key": str(uuid.uuid4()),
            "use-number": card().number,
            "use-kind": "ticket",
            "use-children": 0,
            "use-show": other.pk,
            "action": "record",
        },
    )
    assert response.status_code == 200 and not Use.objects.exists()


# --- The ticket agencies' API ---------------------------------------------------------------


def api_post(desk, data, key=None):
    api = APIClient()
    api.force_authenticate(desk["user"])
    return api.post(
        reverse("registry_api_uses"),
        data,
        format="json",
        headers={"Idempotency-Key": str(key or uuid.uuid4())},
    )


def test_api_records_against_the_venues_show_and_refuses_at_the_cap(desk):
    show_id = str(desk["show"].translation_key)
    response = api_post(desk, {"number": card(children=1).number, "children": 1, "show": show_id})
    assert response.status_code == 201, response.content
    response = api_post(desk, {"number": card().number, "show": show_id})
    assert response.status_code == 400
    assert response.json()["errors"]["show"]["code"] == "show_full"
    assert "Lumikuningatar" in response.json()["errors"]["show"]["message"]


def test_api_refuses_a_show_of_another_venue(desk, world):
    other = ShowFactory(venue=world["venues"]["b"])
    response = api_post(desk, {"number": card().number, "show": str(other.translation_key)})
    assert response.status_code == 400 and "show" in response.json()
    assert not Use.objects.exists()


def test_api_key_reused_with_another_show_is_refused(desk):
    key = uuid.uuid4()
    number = card().number
    assert api_post(desk, {"number": number}, key).status_code == 201
    body = {"number": number, "show": str(desk["show"].translation_key)}
    assert api_post(desk, body, key).status_code == 422


def test_desk_shows_of_a_ticket_agency_are_its_regions(desk, world):
    agency = TicketAgencyFactory(region=world["regions"]["a"])
    assert list(tickets.desk_shows(agency)) == [desk["show"]]
    popup = VenueOrganisationFactory(region=None)
    assert not tickets.desk_shows(popup).exists()


def test_desk_show_finds_the_venues_show_whichever_language_its_page_is_linked_in(desk, world):
    key = desk["show"].translation_key
    assert tickets.desk_show(desk["organisation"], key) == desk["show"]
    swedish = desk["page"].copy_for_translation(ensure_locales()["sv"], copy_parents=True)
    linked_in_swedish = VenueOrganisationFactory(region=world["regions"]["a"], partner_page=swedish)
    assert tickets.desk_show(linked_in_swedish, key) == desk["show"]
    other = VenueOrganisationFactory(
        region=world["regions"]["b"], partner_page=world["venues"]["b"]
    )
    assert tickets.desk_show(other, key) is None
    assert tickets.desk_show(desk["organisation"], uuid.uuid4()) is None


# --- What the cardholder sees ---------------------------------------------------------------


def test_venue_page_says_how_many_are_left_and_when_it_was_updated(client, desk, settings):
    page = desk["page"]
    html = client.get(page.url).content.decode()
    assert "2 korttilippua jäljellä" in html and "muutaman minuutin vanha" in html
    record(desk, card(children=1).number, children=1)
    response = client.get(page.url)
    html = response.content.decode()
    assert "Korttilippuja ei ole enää jäljellä" in html and "päivitetty " in html
    assert f"s-maxage={settings.CACHE_LIVE_S_MAXAGE}" in response["Cache-Control"]


def test_booking_not_open_says_so_instead_of_a_figure(client, desk):
    show = desk["show"]
    show.booking_opens_on = timezone.localdate() + timezone.timedelta(days=3)
    show.save()
    html = client.get(desk["page"].url).content.decode()
    assert "Varaus alkaa" in html and "korttilippua jäljellä" not in html


def test_region_home_lists_its_upcoming_shows(client, desk, world):
    ShowFactory(venue=world["venues"]["b"], title="Toisen alueen esitys")
    response = client.get(world["pages"]["a"].url)
    html = response.content.decode()
    assert "Lumikuningatar" in html and "2 korttilippua jäljellä" in html
    assert "Toisen alueen esitys" not in html


def test_whats_on_filter_card_tickets_left(client, desk, world):
    from tests.shows.factories import WhatsOnPageFactory

    page = WhatsOnPageFactory(parent=world["home"])
    ShowFactory(
        venue=world["venues"]["b"], title="Vapaa esitys", cap=2, audience=40, venue_cap=None
    )
    ShowFactory(venue=world["venues"]["b"], title="Ilman ylärajaa", venue_cap=None, cap=None)
    record(desk, card(children=1).number, children=1)
    html = client.get(page.url, {"left": "on"}).content.decode()
    assert "Vapaa esitys" in html
    assert "Lumikuningatar" not in html and "Ilman ylärajaa" not in html
    html = client.get(page.url).content.decode()
    assert "Lumikuningatar" in html and "Korttilippuja ei ole enää jäljellä" in html


# --- Dashboards (issue 20.4) ----------------------------------------------------------------


def test_dashboards_show_tickets_per_show_suppressed_like_every_figure(client, desk, world):
    big = ShowFactory(
        venue=desk["page"], title="Suuri konsertti", cap=6, audience=120, venue_cap=None
    )
    desk["show"] = big
    for _n in range(3):
        record(desk, card(children=1).number, children=1)  # 6 tickets, 3 children: the cap
    desk["show"] = ShowFactory(
        venue=desk["page"], title="Pieni esitys", cap=2, audience=40, venue_cap=None
    )
    record(desk, card().number)
    coordinator = world["coordinators"]["a"]
    client.force_login(coordinator)
    url = reverse("stats:dashboard", kwargs={"kind": "region", "key": world["regions"]["a"].slug})
    start = timezone.localdate().replace(day=1).isoformat()
    response = client.get(url, {"start": start})
    assert response.status_code == 200
    rows = {row.title: row for row in response.context["shows"]}
    assert rows["Suuri konsertti"].tickets.value == 6 and rows["Suuri konsertti"].reached
    assert rows["Suuri konsertti"].children.suppressed  # 3 children's tickets: hidden
    assert rows["Pieni esitys"].tickets.suppressed and rows["Pieni esitys"].reached is None
    assert "Suuri konsertti" in response.content.decode()
    client.force_login(desk["user"])
    venue_url = reverse("stats:dashboard", kwargs={"kind": "venue", "key": desk["organisation"].pk})
    assert "Suuri konsertti" in client.get(venue_url, {"start": start}).content.decode()


# --- Two desks, one last ticket (PostgreSQL) ------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
def test_two_desks_taking_the_last_ticket_at_once_exactly_one_succeeds(desk):
    import threading

    from django.db import connections

    record(desk, card().number)  # one of the two left
    numbers = [card().number for _n in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def take(number):
        try:
            barrier.wait()
            record(desk, number)
            outcomes.append("recorded")
        except services.RegistryError as error:
            outcomes.append(error.first.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "show_full"]
    assert refreshed(desk["show"]).card_tickets == 2
    assert Use.objects.filter(show=desk["show"]).count() == 2


def test_the_cached_show_lists_say_the_new_figure_at_once(
    desk, client, django_capture_on_commit_callbacks
):
    """The venue page's show list is a cached fragment: a recorded ticket and an undo empty it
    once they commit, so the next render says the new figure (the page is Finnish)."""
    url, number = desk["page"].url, card().number  # (a new card's region empties every fragment)
    assert "2 korttilippua jäljellä" in client.get(url).content.decode()  # cached now
    with django_capture_on_commit_callbacks(execute=False) as pending:
        result = record(desk, number)
    assert "2 korttilippua jäljellä" in client.get(url).content.decode()  # not committed yet
    for callback in pending:
        callback()
    assert "1 korttilippu jäljellä" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.undo_use(result.uses[0], venue=desk["organisation"], user=desk["user"])
    assert "2 korttilippua jäljellä" in client.get(url).content.decode()
