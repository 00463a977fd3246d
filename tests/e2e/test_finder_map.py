"""The finder's "nearest first" and its map in a real browser (issue 21.3): from the home page by
visible links to the finder, a municipality chosen and the nearest first (no JavaScript needed for
that), distances in the results, the map shown below the list, and axe-core with the map on.
The tile server is answered locally (the tests never reach the internet)."""

import re

from playwright.sync_api import expect

from .conftest import ROOT, assert_accessible

TILE = (ROOT / "partners/static/vendor/leaflet/images/layers.png").read_bytes()


def local_tiles(page):
    page.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE),
    )


def test_nearest_first_from_a_chosen_municipality_with_the_map(page):
    local_tiles(page)
    page.goto("/fi/")
    page.get_by_role("link", name="Etsi paikat, joissa kortti käy").first.click()
    page.wait_for_url(re.compile(r"/fi/kohteet/"))
    page.select_option("#id_near", label="Sotkamo")
    page.select_option("#id_sort", label="Lähimmät ensin")
    page.locator(".finder-form").get_by_role("button", name="Haku", exact=True).click()
    page.wait_for_url(re.compile(r"sort=near"))

    results = page.locator(".finder-results .venue-card")
    assert results.count() > 0
    first = results.first.locator("p.meta").first.inner_text()
    assert "Sotkamo" in first and "km päässä" in first
    shown = results.locator(".venue-card__distance").all_inner_texts()
    assert len(shown) == results.count()  # every venue of the demo has a location
    distances = [0 if t.startswith("alle 1 km") else int(t.split()[0]) for t in shown]
    assert distances == sorted(distances)
    assert "Etäisyys on mitattu kunnan keskustasta: Sotkamo." in page.locator("main").inner_text()

    # The map: below the list, shown when asked for (Leaflet loads only then), labelled, with a
    # marker per venue of the page linking to it.
    assert page.evaluate("typeof window.L") == "undefined"
    show = page.get_by_role("button", name="Näytä kartalla")
    assert show.get_attribute("aria-expanded") == "false"
    show.click()
    venue_map = page.get_by_role("region", name="Kartta tämän sivun kohteista")
    expect(venue_map).to_be_visible()
    expect(venue_map.locator(".leaflet-marker-icon")).to_have_count(results.count())
    first_title = results.first.locator("h3").inner_text()
    # A marker opens with the keyboard too (the demo's markers of one town overlap at this zoom).
    venue_map.get_by_role("button", name=first_title).first.focus()
    page.keyboard.press("Enter")
    expect(venue_map.locator(".leaflet-popup-content a")).to_have_text(first_title)
    assert (
        page.get_by_role("button", name="Piilota kartta").get_attribute("aria-expanded") == "true"
    )
    assert_accessible(page)


def test_nearest_to_me_asks_for_the_location_only_when_pressed(browser, server):
    context = browser.new_context(
        base_url=server.url,
        locale="fi-FI",
        bypass_csp=True,
        geolocation={"latitude": 64.227312, "longitude": 27.728497},  # Kajaani, precisely
        permissions=[],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    local_tiles(page)
    asked = []
    page.expose_function("noteAsk", lambda: asked.append(True))
    page.add_init_script(
        "const get = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);"
        "navigator.geolocation.getCurrentPosition = (...a) => { window.noteAsk(); get(...a); };"
    )
    page.goto("/fi/kohteet/")
    assert asked == []  # not asked on arrival
    context.grant_permissions(["geolocation"])
    page.get_by_role("button", name="Lähimpänä minua").click()
    page.wait_for_url(re.compile(r"lat="))
    assert asked == [True]
    # Rounded to two decimals (about 1 km) before it is sent: the address never holds more.
    assert "lat=64.23" in page.url and "lon=27.73" in page.url
    assert "64.2273" not in page.url
    first = page.locator(".finder-results .venue-card p.meta").first.inner_text()
    assert "Kajaani" in first and "km päässä" in first
    assert "sijainnistasi" in page.locator("main").inner_text()
    assert_accessible(page)
    context.close()


def test_region_home_shows_its_venues_on_the_map(page):
    local_tiles(page)
    page.goto("/fi/alueet/kainuu/")
    page.get_by_role("button", name="Näytä kartalla").click()
    venue_map = page.get_by_role("region", name="Kartta alueen kohteista: Kainuu")
    expect(venue_map).to_be_visible()
    expect(venue_map.locator(".leaflet-marker-icon").nth(4)).to_be_visible()  # at least 5
    assert_accessible(page)
