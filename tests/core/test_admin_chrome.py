"""The admin's chrome (issue 17, items 2 and 3): no remote avatars, messages that stay."""

from wagtail.users.utils import get_gravatar_url

import pytest

pytestmark = pytest.mark.django_db


def test_no_remote_avatar_service(admin_client):
    assert get_gravatar_url("editor@kaikukortti.fi") is None
    body = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in body


def test_admin_messages_stay_until_dismissed(admin_client):
    """Every admin page loads the script that keeps the server's messages, each with a button to
    dismiss it (the browser journey in tests/e2e/test_journeys_staff.py sees it work)."""
    body = admin_client.get("/admin/").content.decode()
    assert 'src="/static/core/admin-messages.js" data-dismiss-label="' in body
