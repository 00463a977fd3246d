"""The finder in a real browser: what chromium loads adds up to under 100 KB compressed, all from
the site itself, with no JavaScript framework; the page list is accessible."""

import gzip
from urllib.parse import urlsplit

import pytest

from .conftest import assert_accessible

BUDGET_BYTES = 100_000
SCRIPT_BUDGET_BYTES = 20_000


@pytest.mark.parametrize("path", ["/fi/kohteet/", "/fi/kohteet/?region=kainuu&children=on"])
def test_finder_page_weight_in_the_browser(page, server, path):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(path)
    page.wait_for_load_state("networkidle")

    origin = urlsplit(server.url).netloc
    weights = {}
    for response in responses:
        assert urlsplit(response.url).netloc == origin, response.url  # nothing third-party
        if 300 <= response.status < 400:
            continue
        assert response.ok, (response.url, response.status)
        # The live server sends bodies uncompressed; count them as gzip would send them.
        weights[response.url] = len(gzip.compress(response.body(), compresslevel=6))
    assert any(url.endswith(".css") for url in weights), weights  # the stylesheet was counted
    assert sum(weights.values()) < BUDGET_BYTES, weights
    # Only our own small scripts, if any (the finder works without JavaScript): no framework.
    scripts = [r for r in responses if r.request.resource_type == "script"]
    assert sum(len(r.body()) for r in scripts) < SCRIPT_BUDGET_BYTES, [r.url for r in scripts]
    # No inline script (CSP); the map's points are data (json_script), which no browser runs.
    assert page.locator('script:not([src]):not([type="application/json"])').count() == 0
    assert page.locator(".venue-card").count() <= 20
    assert_accessible(page)
