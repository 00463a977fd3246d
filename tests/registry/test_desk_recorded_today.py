"""The venue desk's "Recorded today" list names each use's show (issue 20), in the page's
language, and reads the whole list in a fixed number of queries."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from tests.accounts.factories import RegistryStaffFactory
from tests.home.factories import HomePageFactory
from tests.partners.factories import VenuePageFactory
from tests.regions.factories import RegionIndexPageFactory, RegionPageFactory
from tests.registry.factories import CardFactory, UseFactory, VenueOrganisationFactory
from tests.shows.factories import ShowFactory, translate_show

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def desk(region):
    """A theatre's page, its registry organisation and the desk's unit account."""
    regions = RegionIndexPageFactory(parent=HomePageFactory())
    page = VenuePageFactory(parent=RegionPageFactory(parent=regions, region=region))
    organisation = VenueOrganisationFactory(region=region, partner_page=page, name=page.title)
    user = RegistryStaffFactory(organisation=organisation, is_unit_account=True)
    return {"page": page, "organisation": organisation, "user": user}


def recorded_today(client, desk, language):
    """The desk page in `language`, and its "Recorded today" section's HTML. The request
    activates its language in this thread: the override gives the next test the one it had."""
    with translation.override(language):
        url = reverse("registry:venue_desk", kwargs={"org": desk["organisation"].pk})
        html = client.get(url).content.decode()
    return html.split('id="today-title"', 1)[1].split("</section>", 1)[0]


def use_at(desk, show=None):
    return UseFactory(card=CardFactory(), venue=desk["organisation"], show=show)


def test_a_use_names_its_show_in_the_pages_language(client, desk):
    start = timezone.make_aware(datetime.datetime(2031, 3, 14, 19, 0))
    show = ShowFactory(venue=desk["page"], title="Lumikuningatar", start=start)
    translate_show(show, "sv", "Snödrottningen")
    use_at(desk, show)
    use_at(desk)  # a use without a show is listed as before
    client.force_login(desk["user"])

    finnish = recorded_today(client, desk, "fi")
    assert "<span>Lumikuningatar</span>" in finnish and "14.3.2031 19.00" in finnish
    assert finnish.count("Esitys:") == 1
    assert "<span>Snödrottningen</span>" in recorded_today(client, desk, "sv")
    # No English title: the Finnish one, marked as Finnish.
    assert '<span lang="fi">Lumikuningatar</span>' in recorded_today(client, desk, "en")
    # Plain Finnish falls back to the Finnish title, which is the page's lang already.
    assert "<span>Lumikuningatar</span>" in recorded_today(client, desk, "fi-x-selko")


def test_the_list_reads_its_shows_in_a_fixed_number_of_queries(
    client, desk, django_assert_num_queries
):
    use_at(desk, ShowFactory(venue=desk["page"]))
    client.force_login(desk["user"])
    recorded_today(client, desk, "sv")  # warm Wagtail's site root paths (a fresh cache)
    with CaptureQueriesContext(connection) as one:
        recorded_today(client, desk, "sv")
    queries = len(one)  # read now: the next request empties the connection's query log
    for _ in range(4):
        show = ShowFactory(venue=desk["page"])
        translate_show(show, "sv", f"Föreställning {show.pk}")
        use_at(desk, show)
    recorded_today(client, desk, "sv")  # a show's save empties the caches: warm them again
    with django_assert_num_queries(queries):
        listed = recorded_today(client, desk, "sv")
    assert listed.count("Föreställning ") == 4


def test_the_desks_show_list_titles_each_show_in_the_pages_language(client, desk):
    start = timezone.localtime() + datetime.timedelta(days=3)
    show = ShowFactory(venue=desk["page"], title="Lumikuningatar", start=start)
    translate_show(show, "sv", "Snödrottningen")
    client.force_login(desk["user"])
    pages = {}
    for language in ("fi", "sv", "en", "fi-x-selko"):
        with translation.override(language):
            url = reverse("registry:venue_desk", kwargs={"org": desk["organisation"].pk})
            html = client.get(url, {"day": start.date().isoformat()}).content.decode()
        pages[language] = html.split('name="use-show"', 1)[1].split("</select>", 1)[0]
    assert "Lumikuningatar" in pages["fi"] and 'lang="fi"' not in pages["fi"]
    assert "Snödrottningen" in pages["sv"] and "Lumikuningatar" not in pages["sv"]
    # No English title: the Finnish one, marked as Finnish.
    assert re.search(r'<option value="\d+" lang="fi">\d\d\.\d\d Lumikuningatar', pages["en"])
    assert "Lumikuningatar" in pages["fi-x-selko"] and 'lang="fi"' not in pages["fi-x-selko"]
