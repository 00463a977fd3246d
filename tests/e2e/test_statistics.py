"""Browser: a coordinator's dashboard, the public statistics page and "check my card", each with
0 axe violations. The demo's logins: demo/fixtures/users.json, listed in core/demo.py."""

from .conftest import assert_accessible


def test_coordinator_dashboard(page, sign_in):
    sign_in(page, "koordinaattori-kainuu")
    page.goto("/fi/registry/statistics/region/kainuu/")
    assert page.locator("h1").inner_text().startswith("Tilastot") or page.locator("h1").count() == 1
    assert page.locator("svg[role=img] title").count() >= 3
    assert_accessible(page)
    response = page.goto("/fi/registry/statistics/region/lappi/")
    assert response.status == 404


def test_public_statistics_page(page):
    for lang in ("fi", "sv"):
        page.goto(f"/{lang}/statistics/")
        assert page.locator("table.stats-table").count() >= 2
        assert_accessible(page)


def test_check_my_card_page(page):
    page.goto("/en/check-my-card/")
    page.fill("#id_number", "A000000000")
    page.fill("#id_birth_year", "1980")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".stats-check__result").count() == 1, page.locator("main").inner_text()
    assert_accessible(page)
