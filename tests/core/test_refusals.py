"""Who was refused what (issue 15): refused requests of signed-in users, for the national office."""

from django.urls import reverse

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import RefusalLog
from tests.accounts.factories import (
    CoordinatorFactory,
    NationalEditorFactory,
    RegistryStaffFactory,
    SuperuserFactory,
)
from tests.regions.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_a_refused_api_call_is_logged_with_the_user_and_no_card_number():
    coordinator = CoordinatorFactory()
    token, _ = Token.objects.get_or_create(user=coordinator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    # Not a venue or ticket agency: the API refuses (403).
    assert api.get("/api/registry/cards/k 000000194/").status_code == 403
    [row] = RefusalLog.objects.all()
    assert (row.user, row.username, row.method, row.status) == (
        coordinator,
        coordinator.username,
        "GET",
        403,
    )
    assert row.path == "/api/registry/cards/[card]/"


def test_the_admins_refusal_redirect_is_logged(client):
    distributor = RegistryStaffFactory()  # a distributor unit's staff: no admin access
    client.force_login(distributor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    [row] = RefusalLog.objects.all()
    assert row.username == distributor.username and row.path == "/admin/pages/"


def test_allowed_requests_and_anonymous_refusals_are_not_logged(client):
    assert APIClient().get("/api/registry/cards/K000000194/").status_code == 401
    client.force_login(NationalEditorFactory())
    assert client.get("/admin/").status_code == 200
    assert not RefusalLog.objects.exists()


@pytest.mark.parametrize(
    ("make_user", "allowed"),
    [
        (SuperuserFactory, True),
        (NationalEditorFactory, True),
        (CoordinatorFactory, False),
        # A coordinator of a piloting region, as the demo's Lappi.
        (lambda: CoordinatorFactory(region=RegionFactory(status="piloting")), False),
        (RegistryStaffFactory, False),
    ],
    ids=["superuser", "national-editor", "coordinator", "pilot-coordinator", "distributor"],
)
def test_only_the_national_office_reads_the_listing(client, make_user, allowed):
    RefusalLog.objects.create(user=None, username="someone", method="GET", path="/x/", status=403)
    client.force_login(make_user())
    response = client.get(reverse("refusal_log:index"))
    if allowed:
        assert response.status_code == 200 and "someone" in response.content.decode()
    else:
        assert response.status_code in (302, 403)
        assert "someone" not in response.content.decode()


def test_nobody_adds_or_changes_a_row(client):
    row = RefusalLog.objects.create(user=None, username="x", method="GET", path="/", status=403)
    client.force_login(SuperuserFactory())
    assert client.get(reverse("refusal_log:add")).status_code in (302, 403)
    assert client.get(reverse("refusal_log:edit", args=[row.pk])).status_code in (302, 403)
    assert client.post(reverse("refusal_log:delete", args=[row.pk])).status_code in (302, 403)
    assert RefusalLog.objects.filter(pk=row.pk).exists()
