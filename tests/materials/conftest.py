import pytest

from core.demo import ensure_user
from core.roles import national_editors_group
from materials.models import Brochure


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


@pytest.fixture
def kainuu_venues(kainuu):
    """Two published Kainuu venues with caps, and one unpublished one."""
    from materials.brochures.sources import region_pages
    from partners.models import VenueCap, VenuePage

    parent = region_pages(kainuu).first()
    venues = []
    for title, cap, live in (
        ("Testiteatteri Kajaani", 7, True),
        ("Testimuseo Kuhmo", 12, True),
        ("Luonnosteatteri", 3, False),
    ):
        page = VenuePage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            category="theatre",
            scope="<p>Kaikki esitykset</p>",
            contact_name="Kontakti",
            municipality=kainuu.municipalities.first(),
            live=live,
        )
        parent.add_child(instance=page)
        VenueCap.objects.create(venue=page, kind="default", audience=200, cap=cap)
        page.save_revision().publish() if live else page.save_revision()
        venues.append(page)
    return venues


@pytest.fixture
def brochure(kainuu, kainuu_venues):
    b = Brochure(region=kainuu, year=2031, language="fi", live=False)
    b.compile_lists()
    b.fill_from_template()
    b.save()
    b.save_revision()
    return b
