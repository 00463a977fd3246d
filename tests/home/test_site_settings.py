"""A site's settings (contacts in the footer) are read, never written, while a page renders: a
site with no settings row yet shows the defaults, and no GET saves one (a save is a content change
that empties the fragment caches, core/signals.py). The admin's settings form saves the row."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from home.models import SiteSettings
from tests.home.factories import national_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    site = national_site()
    assert not SiteSettings.objects.filter(site=site).exists()
    return site


def test_the_first_page_of_a_site_without_settings_writes_nothing(client, site):
    fragments = caches["template_fragments"]
    fragments.set("kept", "yes")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fi/")
    assert response.status_code == 200
    assert SiteSettings._meta.get_field("organisation").default in response.content.decode()
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert fragments.get("kept") == "yes"  # no content change emptied the fragment caches
    assert not SiteSettings.objects.filter(site=site).exists()


def test_the_admin_saves_the_settings_of_a_site_without_them(admin_client, site):
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    assert admin_client.get(url).status_code == 200
    assert not SiteSettings.objects.filter(site=site).exists()
    response = admin_client.post(
        url, {"organisation": "Kulttuuria kaikille", "contact_email": "info@example.fi"}
    )
    assert response.status_code == 302
    saved = SiteSettings.objects.get(site=site)
    assert saved.contact_email == "info@example.fi"
    assert SiteSettings.for_site(site) == saved
    assert "info@example.fi" in admin_client.get("/fi/").content.decode()
