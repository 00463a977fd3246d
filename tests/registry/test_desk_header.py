"""The desks' slim service header, the sign-in page and the registration labels (issue 17, items
8 and 9). The pages are read in Finnish, as the registry's users read them."""

from django.urls import reverse
from django.utils import translation

import pytest

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def finnish():
    with translation.override("fi"):
        yield


def test_sign_in_page_names_the_service_and_labels_the_password_in_finnish(client):
    body = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Wagtailiin" not in body and "Sign in to Wagtail" not in body
    assert "Kirjaudu Kaikukorttiin" in body
    assert ">Password<" not in body and "Salasana" in body


def test_desk_wears_a_slim_header_with_logout_and_links(client, users, unit):
    client.force_login(users["distributor"])
    body = client.get(reverse("registry:home")).content.decode()
    # Not the public site's header (logo row, text size, site search, main menu).
    assert "site-search" not in body and "main-nav" not in body
    assert 'class="desk-header"' in body
    # Log out: a POST form to Django's logout.
    logout = reverse("registry:logout")
    assert f'method="post" action="{logout}"' in body
    # Between the desk, the unit's cards, the statistics and the two-factor settings.
    assert reverse("registry:unit_cards", kwargs={"org": unit.pk}) in body
    assert reverse("stats:dashboards") in body
    assert reverse("accounts:manage") in body
    # The organisation being worked for, on its desk.
    desk = client.get(reverse("registry:unit_cards", kwargs={"org": unit.pk})).content.decode()
    assert f'<span class="desk-header__org">{unit.name}</span>' in desk


def test_logout_signs_out(client, users):
    client.force_login(users["venue"])
    response = client.post(reverse("registry:logout"))
    assert response.status_code == 302
    response = client.get(reverse("registry:home"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_required_background_fields_are_not_labelled_optional(client, users, unit):
    client.force_login(users["distributor"])
    response = client.get(reverse("registry:unit_register", kwargs={"org": unit.pk}))
    form = response.context["form"]
    body = response.content.decode()
    optional = translation.gettext("optional")
    for name in ("birth_year", "postal_code"):
        label = f'<label for="{form[name].auto_id}">{form[name].label}'
        start = body.index(label)
        assert optional not in body[start : body.index("</label>", start)], name
    # Truly optional background data still says so.
    label = f'<label for="{form["gender"].auto_id}">{form["gender"].label}'
    start = body.index(label)
    assert optional in body[start : body.index("</label>", start)]
