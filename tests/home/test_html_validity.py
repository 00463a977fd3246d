"""Every public page type, in every language, is valid HTML (tests/htmlcheck.py says what is
checked and why it is pure Python). One page of each type, translated and shown as an alias."""

from wagtail.models import Page

import pytest

from home.models import HomePage
from tests.htmlcheck import html_problems

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

LANGUAGES = ["fi", "sv", "en", "fi-x-selko"]
# Public Django views (not Wagtail pages), by their path after the language prefix.
VIEWS = {
    "fi": [
        "kohteet/",
        "kohteet/?q=uimahalli&region=kainuu",
        "kohteet/?q=Korsholm",
        "kohteet/?municipality=x",
        "sitoumus/",
    ],
    "sv": ["kohteet/", "kohteet/?q=simhall", "forbindelse/"],
    "en": ["kohteet/", "kohteet/?category=theatre", "commitment/"],
    "fi-x-selko": ["kohteet/", "sitoumus/"],
}
COMMON_VIEWS = ["search/?q=kortti", "statistics/", "check-my-card/", "ei-ole-olemassa/"]


def public_page_paths():
    """One live page of every page type in every language (an alias as well where one exists), by
    its path on the national site."""
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    seen = set()
    paths = []
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .select_related("locale", "content_type")
        .order_by("path")
    )
    for page in pages:
        code = page.locale.language_code
        key = (page.content_type_id, code, bool(page.alias_of_id))
        home = homes.get(code)
        if key in seen or home is None or not page.url_path.startswith(home.url_path):
            continue
        seen.add(key)
        paths.append(f"/{code}/{page.url_path[len(home.url_path) :]}")
    return paths


def test_every_public_page_type_is_valid_html(client):
    paths = public_page_paths()
    assert len(paths) > 40  # every type in four languages
    for code in LANGUAGES:
        paths += [f"/{code}/{view}" for view in VIEWS[code] + COMMON_VIEWS]
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        found = html_problems(response.content.decode())
        if found:
            problems[path] = found
    # A form sent back with its errors.
    for path in ["/fi/sitoumus/", "/en/commitment/"]:
        found = html_problems(client.post(path, {"organisation": "x"}).content.decode())
        if found:
            problems[f"POST {path}"] = found
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_the_check_finds_what_it_is_meant_to_find():
    page = (
        '<!DOCTYPE html><html lang="fi"><head><title>x</title></head><body>'
        '<form action=""><form></form></form><p id="a"></p><p id="a"></p>'
        '<label for="nothing">x</label><a href="/"><button>b</button></a></body></html>'
    )
    problems = "\n".join(html_problems(page))
    assert "empty action" in problems
    assert 'duplicate id="a"' in problems
    assert "unexpected-start-tag" in problems  # the nested form
    assert '<label for="nothing">' in problems
    assert "<button> inside <a>" in problems
