"""Which page may live where (STYLE.md principle 2)."""

from wagtail.models import Page

import pytest

from home.models import (
    AccessibilityStatementPage,
    ContactPage,
    ContentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from tests.home.factories import (
    AccessibilityStatementPageFactory,
    ContactPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    SectionPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePageFactory()


def test_home_page_only_at_the_root(home):
    assert HomePage.can_exist_under(Page.get_first_root_node())
    assert not HomePage.can_exist_under(home)


@pytest.mark.parametrize("model", [SectionPage, ContentPage, NewsIndexPage])
def test_sections_live_under_home(model, home):
    assert model in home.specific_class.creatable_subpage_models() or model.can_exist_under(home)


def test_news_items_only_under_a_news_index(home):
    index = NewsIndexPageFactory(parent=home)
    assert NewsPage.can_exist_under(index)
    assert not NewsPage.can_exist_under(home)
    assert not ContentPage.can_exist_under(index)


def test_singletons_once_per_home(home):
    singletons = (
        (ContactPage, ContactPageFactory),
        (AccessibilityStatementPage, AccessibilityStatementPageFactory),
        (NewsIndexPage, NewsIndexPageFactory),
    )
    for model, _factory in singletons:
        assert model.can_create_at(home)
    for model, page_factory in singletons:
        page_factory(parent=home)
        assert not model.can_create_at(home)


def test_section_pages_hold_content_pages_only(home):
    section = SectionPageFactory(parent=home)
    assert ContentPage.can_exist_under(section)
    assert not NewsPage.can_exist_under(section)
    assert not SectionPage.can_exist_under(section)
