import pytest

from core.demo import ensure_user
from core.roles import national_editors_group


@pytest.fixture
def kainuu(db):
    from regions.models import Region

    return Region.objects.get(slug="kainuu")


@pytest.fixture
def lappi(db):
    from regions.models import Region

    region = Region.objects.filter(slug="lappi").first()
    if region is None:
        region = Region.objects.create(slug="lappi", name_fi="Lappi")
    region.refresh_from_db()
    return region


@pytest.fixture
def kainuu_coordinator(kainuu):
    return ensure_user(
        "t-kainuu-coord", email="coord@kainuu.example", groups=[kainuu.coordinators_group]
    )


@pytest.fixture
def lappi_coordinator(lappi):
    return ensure_user("t-lappi-coord", groups=[lappi.coordinators_group])


@pytest.fixture
def national_editor(db):
    return ensure_user("t-national", groups=[national_editors_group()])


@pytest.fixture
def plain_user(db):
    from django.contrib.auth.models import Permission

    user = ensure_user("t-plain")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
