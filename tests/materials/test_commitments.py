import datetime

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

import pytest

from materials.models import Commitment, OperatingModelVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("operating_model")]


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def form_url(lang="fi"):
    with translation.override(lang):
        return reverse("materials:commitment")


def valid_data(region, **overrides):
    municipality = region.municipalities.get()
    data = {
        "partner_type": "distributor",
        "organisation": "Kajaanin kaupunki",
        "unit": "Etsivä nuorisotyö",
        "region": region.pk,
        "municipality": municipality.pk,
        "contact_name": "Maija Meikäläinen",
        "contact_role": "nuorisotyöntekijä",
        "contact_email": "maija@example.fi",
        "contact_phone": "040 123 4567",
        "website": "",
        "message": "",
        "accept_model": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_form_url_is_translated():
    assert form_url("fi") == "/fi/sitoumus/"
    assert form_url("sv") == "/sv/forbindelse/"
    assert form_url("en") == "/en/commitment/"


def test_form_shows_current_operating_model(client):
    html = client.get(form_url()).content.decode()
    assert "13.1.2022" in html
    assert 'autocomplete="email"' in html and 'inputmode="tel"' in html


def test_missing_contact_gets_error_summary_and_keeps_the_rest(client, region):
    data = valid_data(region, contact_name="", contact_email="", contact_phone="")
    response = client.post(form_url("en"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_contact_name"' in html
    assert "Enter the contact person&#x27;s name." in html
    assert 'value="Kajaanin kaupunki"' in html  # what was typed is kept
    assert 'value="Etsivä nuorisotyö"' in html
    assert Commitment.objects.count() == 0


def test_municipality_must_be_in_the_region(client, region, other_region):
    other = other_region.municipalities.get()
    response = client.post(form_url("en"), valid_data(region, municipality=other.pk))
    assert response.status_code == 400
    assert "is not in the region" in response.content.decode()


def test_valid_commitment_is_stored_and_coordinators_notified(client, region, coordinator):
    response = client.post(form_url(), valid_data(region))
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == commitment.get_status_url()
    assert commitment.operating_model_version == OperatingModelVersion.objects.current()
    assert commitment.status == Commitment.Status.NEW
    assert len(commitment.token) >= 40
    recipients = {r for m in mail.outbox for r in m.to}
    assert coordinator.email in recipients
    assert "maija@example.fi" in recipients
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "Kajaanin kaupunki" in status.content.decode()
    assert client.get(form_url() + "not-a-token/").status_code == 404


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


@override_settings(EMAIL_BACKEND="tests.materials.test_commitments.BrokenBackend")
def test_mail_failure_never_loses_the_commitment(client, region, coordinator, caplog):
    response = client.post(form_url(), valid_data(region))
    assert response.status_code == 302
    assert Commitment.objects.count() == 1
    assert "Commitment e-mail failed" in caplog.text


def test_honeypot_stores_nothing(client, region):
    response = client.post(form_url(), valid_data(region, homepage="http://spam.example"))
    assert response.status_code == 200
    assert Commitment.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit(client, region, settings):
    limit = int(settings.RATE_LIMITS["commitment"].split("/")[0])
    # A mistyped form costs nothing.
    assert client.post(form_url(), {"contact_email": "x"}).status_code == 400
    for i in range(limit):
        client.post(form_url(), valid_data(region, contact_email=f"p{i}@example.fi"))
    assert Commitment.objects.count() == limit
    response = client.post(form_url("en"), valid_data(region))
    assert response.status_code == 429
    assert "Too many submissions" in response.content.decode()
    assert Commitment.objects.count() == limit
    # Another address is not limited.
    other = client.post(form_url(), valid_data(region), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def refused(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def make_commitment(region, **kw):
    defaults = {
        "partner_type": "venue",
        "organisation": "Kajaanin kaupunginteatteri",
        "region": region,
        "municipality": region.municipalities.first(),
        "contact_name": "Teemu",
        "contact_email": "teemu@example.fi",
        "contact_phone": "040 111 2222",
        "operating_model_version": OperatingModelVersion.objects.current(),
        "accepted_model_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    }
    defaults.update(kw)
    return Commitment.objects.create(**defaults)


def test_admin_lists_own_region_only(client, region, other_region, coordinator, other_coordinator):
    mine = make_commitment(region)
    theirs = make_commitment(
        other_region,
        organisation="Rovaniemen teatteri",
        municipality=other_region.municipalities.first(),
    )
    client.force_login(coordinator)
    html = client.get("/admin/commitments/").content.decode()
    assert mine.organisation in html and theirs.organisation not in html
    assert refused(client.get(f"/admin/commitments/edit/{theirs.pk}/"))
    assert refused(client.get(f"/admin/commitments/decide/{theirs.pk}/"))
    assert refused(client.post(f"/admin/commitments/decide/{theirs.pk}/", {"accept": "1"}))
    assert refused(client.get(f"/admin/commitments/inspect/{theirs.pk}/"))
    theirs.refresh_from_db()
    assert theirs.status == Commitment.Status.NEW
    client.force_login(other_coordinator)
    html = client.get("/admin/commitments/").content.decode()
    assert theirs.organisation in html and mine.organisation not in html


def test_accepting_creates_a_draft_partner(client, region, region_home, coordinator):
    from partners.models import DistributorPage, VenuePage

    venue = make_commitment(region, organisation="Testiteatteri Sitoumus")
    distributor = make_commitment(region, partner_type="distributor", organisation="Kainuun sote")
    client.force_login(coordinator)
    response = client.post(
        f"/admin/commitments/decide/{venue.pk}/", {"accept": "1", "note": "Tervetuloa!"}
    )
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.status == Commitment.Status.ACCEPTED
    assert venue.decided_by == coordinator
    page = VenuePage.objects.get(pk=venue.partner_page_id)
    assert not page.live
    assert page.contact_name == "Teemu"
    assert page.get_parent().specific.region == region
    client.post(f"/admin/commitments/decide/{distributor.pk}/", {"accept": "1"})
    distributor.refresh_from_db()
    dpage = DistributorPage.objects.get(pk=distributor.partner_page_id)
    today = datetime.date.today()
    assert dpage.start_date == datetime.date(today.year + 1, 1, 1)
    assert not dpage.live
    # Repeating the decision changes nothing; declining an accepted one is refused.
    client.post(f"/admin/commitments/decide/{venue.pk}/", {"accept": "1"})
    assert VenuePage.objects.filter(title=page.title).count() == 1
    client.post(f"/admin/commitments/decide/{venue.pk}/", {"decline": "1"})
    venue.refresh_from_db()
    assert venue.status == Commitment.Status.ACCEPTED
    status = client.get(venue.get_status_url()).content.decode()
    assert "Tervetuloa!" in status


def test_decline_with_note(client, region, coordinator):
    commitment = make_commitment(region)
    client.force_login(coordinator)
    client.post(
        f"/admin/commitments/decide/{commitment.pk}/", {"decline": "1", "note": "Ei tänä vuonna."}
    )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DECLINED
    assert commitment.partner_page_id is None


def test_partners_on_older_operating_model(client, region, coordinator):
    old = make_commitment(region, status=Commitment.Status.ACCEPTED, contact_email="old@example.fi")
    OperatingModelVersion.objects.create(published_on=datetime.date.today(), title="Toimintamalli")
    new = make_commitment(
        region,
        status=Commitment.Status.ACCEPTED,
        contact_email="new@example.fi",
        operating_model_version=OperatingModelVersion.objects.current(),
    )
    older = set(Commitment.objects.on_older_model())
    assert old in older and new not in older
    client.force_login(coordinator)
    html = client.get("/admin/commitments/?older_model=true").content.decode()
    assert "old@example.fi" not in html  # e-mail is not a column, the organisation is
    assert old.organisation in html
    assert "older version" in html or "vanhempi versio" in html
