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

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_home_page_only_at_the_root(home_fi):
    assert HomePage.can_exist_under(Page.get_first_root_node())
    assert not HomePage.can_exist_under(home_fi)


@pytest.mark.parametrize("model", [SectionPage, ContentPage, NewsIndexPage])
def test_sections_live_under_home(model, home_fi):
    assert model in home_fi.specific_class.creatable_subpage_models() or model.can_exist_under(
        home_fi
    )


def test_news_items_only_under_a_news_index(home_fi):
    index = NewsIndexPage.objects.get(locale=home_fi.locale)
    assert NewsPage.can_exist_under(index)
    assert not NewsPage.can_exist_under(home_fi)
    assert not ContentPage.can_exist_under(index)


def test_singletons_once_per_home(home_fi):
    # The demo already has a contact page, an accessibility statement and a news index in Finnish.
    for model in (ContactPage, AccessibilityStatementPage, NewsIndexPage):
        assert not model.can_create_at(home_fi)


def test_section_pages_hold_content_pages_only(home_fi):
    section = SectionPage.objects.filter(locale=home_fi.locale).first()
    assert ContentPage.can_exist_under(section)
    assert not NewsPage.can_exist_under(section)
    assert not SectionPage.can_exist_under(section)
