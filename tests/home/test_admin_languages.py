"""Editors work in the Wagtail admin in Finnish or Swedish."""

from wagtail.users.models import UserProfile

import pytest

from tests.accounts.factories import NationalEditorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "text"), [("fi", "Sivut"), ("sv", "Sidor")])
def test_admin_speaks_the_editors_language(client, language, text):
    user = NationalEditorFactory()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'lang="{language}"' in body
    assert text in body


def test_admin_offers_finnish_and_swedish(settings):
    codes = [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES]
    assert {"fi", "sv"} <= set(codes)
