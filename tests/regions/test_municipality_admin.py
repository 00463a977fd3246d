"""A municipality's centre point in the admin (issue 21.3): the national office sets it with the same
map point picker as a venue's location, inside Finland; coordinators do not edit municipalities."""

from decimal import Decimal

from django.urls import reverse

import pytest

from regions.models import Municipality
from tests.accounts.factories import CoordinatorFactory, NationalEditorFactory
from tests.otp import VerifiedClient
from tests.regions.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kajaani():
    return MunicipalityFactory(name_fi="Testikajaani")


def _signed_in(user):
    client = VerifiedClient()
    client.force_login(user)
    return client


def _form(municipality, **changes):
    data = {
        "region": municipality.region_id,
        "name_fi": municipality.name_fi,
        "name_sv": municipality.name_sv,
        "joined": "on",
        "latitude": "",
        "longitude": "",
    }
    return {**data, **changes}


def test_the_edit_form_has_the_map_point_picker(kajaani):
    client = _signed_in(NationalEditorFactory())
    response = client.get(reverse("municipalities:edit", args=[kajaani.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-map-point-picker data-for="id_latitude"' in html
    assert "partners/js/map-point-picker.js" in html


def test_the_national_office_sets_the_centre_point(kajaani):
    client = _signed_in(NationalEditorFactory())
    response = client.post(
        reverse("municipalities:edit", args=[kajaani.pk]),
        _form(kajaani, latitude="64.22728", longitude="27.72852"),
    )
    assert response.status_code == 302
    kajaani.refresh_from_db()
    assert (kajaani.latitude, kajaani.longitude) == (Decimal("64.22728"), Decimal("27.72852"))


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("59.33", "18.07", "longitude"),  # Stockholm: outside Finland
        ("55.75", "27.7", "latitude"),  # south of Finland
        ("64.2", "", "longitude"),  # half a point
    ],
)
def test_a_centre_point_outside_finland_or_half_given_is_refused(
    kajaani, latitude, longitude, field
):
    client = _signed_in(NationalEditorFactory())
    response = client.post(
        reverse("municipalities:edit", args=[kajaani.pk]),
        _form(kajaani, latitude=latitude, longitude=longitude),
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Municipality.objects.get(pk=kajaani.pk).latitude is None


def test_coordinators_do_not_edit_municipalities(kajaani):
    client = _signed_in(CoordinatorFactory(region=kajaani.region))
    listing = client.get(reverse("municipalities:index"))
    edit = client.get(reverse("municipalities:edit", args=[kajaani.pk]))
    for response in (listing, edit):
        assert response.status_code in (302, 403)
        assert "Testikajaani" not in response.content.decode()
