"""Issue 16.5: on a phone the header must not fill the first screen. The navigation, search and
text size sit after the content (where they work without JavaScript), reached by a link at the
top; a script moves them into the header behind a menu button. The language choice stays."""

import re

import pytest

from tests.home.factories import SectionPageFactory, national_site, translate
from tests.materials.factories import OperatingModelVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    """The national site in four languages with a section page in its menu (in Finnish, Swedish and
    English: a language's menu lists only its own pages) and the operating model in force, which the commitment form asks its visitor to accept. The
    finder and the commitment form are views of their own, not pages in the tree."""
    home = national_site().root_page
    section = SectionPageFactory(parent=home, slug="kaikukortti-minulle", show_in_menus=True)
    translate(section, "sv", title="Kaikukortet för mig", slug="kaikukortet-for-mig")
    translate(section, "en", title="Kaikukortti for me", slug="kaikukortti-for-me")
    OperatingModelVersionFactory()


@pytest.mark.parametrize(
    "path", ["/fi/", "/sv/kaikukortet-for-mig/", "/fi/kohteet/", "/en/commitment/"]
)
def test_menu_follows_the_content_and_a_link_at_the_top_leads_to_it(client, pages, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    header = re.search(r"<header.*?</header>", body, re.S).group(0)
    assert re.search(r'<a class="menu-toggle" href="#site-menu"', header)
    assert 'class="language-switcher"' in header  # one tap away
    assert 'class="main-nav"' not in header and 'role="search"' not in header
    menu = body.index('id="site-menu"')
    assert body.index("</main>") < menu < body.index("<footer")
    for part in ('class="main-nav"', 'role="search"', 'class="text-size"'):
        assert body.index(part) > menu, part
    assert re.search(r'<script src="/static/js/menu[^"]*\.js" defer></script>', body)
