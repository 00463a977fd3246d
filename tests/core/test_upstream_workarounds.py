"""wagtail-localize #773: translating a page with its subtree must leave a sound tree."""

from wagtail.models import Locale, Page
from wagtail_localize.operations import translate_object, translate_page_subtree

import pytest

from home.models import ContentPage

pytestmark = pytest.mark.django_db


def _publish_child(parent, title, slug):
    page = ContentPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_translating_a_subtree_keeps_children_reachable(client, home_fi):
    parent = _publish_child(home_fi, "Ohjeet", "ohjeet")
    _publish_child(parent, "Ohje yksi", "ohje-yksi")
    _publish_child(parent, "Ohje kaksi", "ohje-kaksi")
    sv = Locale.objects.get(language_code="sv")

    translate_object(parent, [sv])
    translate_page_subtree(parent.id, [sv], None, None)

    sv_parent = Page.objects.get(translation_key=parent.translation_key, locale=sv)
    assert sv_parent.numchild == 2
    assert sv_parent.get_children().count() == 2
    for child in sv_parent.get_children().specific():
        child.save_revision().publish()
        assert client.get(child.url).status_code == 200


def test_a_stale_numchild_is_repaired_on_save(home_fi):
    parent = _publish_child(home_fi, "Lomakkeet", "lomakkeet")
    _publish_child(parent, "Lomake", "lomake")
    Page.objects.filter(pk=parent.pk).update(numchild=0)  # what the upstream bug leaves behind
    parent.refresh_from_db()
    parent.save()
    parent.refresh_from_db()
    assert parent.numchild == 1
