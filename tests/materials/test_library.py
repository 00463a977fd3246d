import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

import pytest

from materials.models import CustomDocument, MaterialFile, MaterialVersion
from tests.home.factories import national_site, translate
from tests.materials.factories import (
    MaterialFactory,
    MaterialsPageFactory,
    MaterialVersionFactory,
    OnboardingPageFactory,
)

pytestmark = pytest.mark.django_db


def latest(slug, fmt, lang="fi"):
    with translation.override(lang):
        return reverse("materials:latest", kwargs={"slug": slug, "fmt": fmt})


def add_version(material, date, fmt="pdf", content=b"%PDF-1.4 new"):
    version = MaterialVersion.objects.create(material=material, version_date=date, label="new")
    doc = CustomDocument(title=f"{material.title} {date}")
    doc.file.save(f"{material.slug}-{date}.{fmt}", ContentFile(content), save=False)
    doc._set_document_file_metadata()
    doc.save()
    MaterialFile.objects.create(version=version, document=doc)
    return version, doc


@pytest.fixture
def home():
    """The national home page (the default site) with its Swedish translation."""
    return national_site().root_page


@pytest.fixture
def distributor_slides():
    """The distributors' slides: the 2022 version current, the 2021 one kept as history."""
    slides = MaterialFactory(title="Perehdytysdiat kortinjakajille", kind="slides")
    MaterialVersionFactory(
        material=slides, version_date=datetime.date(2021, 2, 1), formats=("pptx", "pdf")
    )
    MaterialVersionFactory(
        material=slides, version_date=datetime.date(2022, 4, 20), formats=("pptx", "pdf")
    )
    return slides


@pytest.fixture
def venue_slides():
    """The venues' slides in Finnish (PPTX and PDF) and in Swedish (PDF)."""
    finnish = MaterialFactory(title="Perehdytysdiat kohteille", kind="slides", audience="venues")
    MaterialVersionFactory(
        material=finnish, version_date=datetime.date(2022, 4, 20), formats=("pptx", "pdf")
    )
    swedish = MaterialFactory(
        title="Introduktionsbilder för besöksmål", kind="slides", audience="venues", language="sv"
    )
    MaterialVersionFactory(material=swedish, version_date=datetime.date(2022, 4, 20))
    return finnish, swedish


def test_current_version_and_history(distributor_slides):
    current = distributor_slides.get_current_version()
    assert current.version_date == datetime.date(2022, 4, 20)
    assert [v.version_date for v in distributor_slides.history()] == [datetime.date(2021, 2, 1)]
    assert {f.file_format for f in current.files.all()} == {"pptx", "pdf"}


def test_latest_link_serves_the_newest_version(client, venue_slides):
    _, material = venue_slides
    first = client.get(latest(material.slug, "pdf", "sv"))
    assert first.status_code == 302
    old_url = first["Location"]
    assert "no-store" in first["Cache-Control"]
    _, doc = add_version(material, datetime.date.today())
    second = client.get(latest(material.slug, "pdf", "sv"))
    assert second["Location"] == doc.url != old_url
    served = client.get(second["Location"])
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.4 new"


def test_unpublished_or_future_version_is_not_current(client, venue_slides):
    material, _ = venue_slides
    before = client.get(latest(material.slug, "pdf"))["Location"]
    add_version(material, datetime.date.today() + datetime.timedelta(days=3))
    version, _ = add_version(material, datetime.date.today())
    version.is_published = False
    version.save()
    assert client.get(latest(material.slug, "pdf"))["Location"] == before


def test_latest_link_unknown_format_is_404(client, venue_slides):
    material, _ = venue_slides
    assert client.get(latest(material.slug, "docx")).status_code == 404
    assert client.get(latest("no-such-material", "pdf")).status_code == 404


def test_materials_page_lists_current_versions_with_dates_sizes_and_language(
    client, home, venue_slides
):
    sv_home = translate(home, "sv")
    MaterialsPageFactory(parent=sv_home, audience="venues", slug="material-for-besoksmal")
    response = client.get("/sv/material-for-besoksmal/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Introduktionsbilder för besöksmål" in html
    # A Finnish material on the Swedish page says its language and carries lang/hreflang.
    assert 'lang="fi">Perehdytysdiat kohteille' in html
    assert 'hreflang="fi"' in html
    assert "20.4.2022" in html
    assert "PPTX" in html and "PDF" in html
    # The Swedish slides come first among the slides.
    assert html.index("Introduktionsbilder") < html.index("Perehdytysdiat kohteille")


def test_materials_page_shows_history_of_distributor_slides(client, home, distributor_slides):
    MaterialsPageFactory(parent=home, audience="distributors", slug="materiaalit-kortinjakajille")
    html = client.get("/fi/materiaalit-kortinjakajille/").content.decode()
    assert "Perehdytysdiat kortinjakajille" in html
    assert "1.2.2021" in html  # the older version is kept as history


def test_coordinator_only_material_hidden_and_file_refused(client, home, coordinator, plain_user):
    material = MaterialFactory(
        title="Graafiset tiedostot", kind="graphics", audience="coordinators", coordinator_only=True
    )
    MaterialVersionFactory(material=material, formats=("zip",))
    MaterialsPageFactory(parent=home, audience="coordinators", slug="materiaalit-vastuuhenkiloille")
    doc = material.get_current_version().files.get().document
    page = "/fi/materiaalit-vastuuhenkiloille/"
    assert material.title not in client.get(page).content.decode()
    # Direct file URL: anonymous goes to login, a logged-in non-coordinator gets 403.
    anonymous = client.get(doc.url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client.get(latest(material.slug, "zip")).status_code == 302
    client.force_login(plain_user)
    assert client.get(doc.url).status_code == 403
    assert client.get(latest(material.slug, "zip")).status_code == 403
    client.force_login(coordinator)
    assert material.title in client.get(page).content.decode()
    assert client.get(doc.url).status_code == 200


def test_flagged_document_is_restricted_even_without_material(client, coordinator):
    doc = CustomDocument(title="secret", coordinators_only=True)
    doc.file.save("secret.pdf", ContentFile(b"%PDF"), save=False)
    doc.save()
    assert client.get(doc.url).status_code == 302
    client.force_login(coordinator)
    assert client.get(doc.url).status_code == 200


def upload(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def test_admin_upload_refuses_svg_and_html(admin_client):
    count = CustomDocument.objects.count()
    response = upload(admin_client, "logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    assert response.status_code == 200
    assert "svg" in response.content.decode()
    response = upload(admin_client, "page.html", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 200
    # HTML renamed to an allowed extension is refused by content.
    response = upload(admin_client, "notes.txt", b"<!DOCTYPE html><html><body>x</body></html>")
    assert "(HTML" in response.content.decode()  # "web page code (HTML or SVG)", translated
    assert CustomDocument.objects.count() == count
    response = upload(admin_client, "ok.txt", b"plain text")
    assert response.status_code == 302
    assert CustomDocument.objects.count() == count + 1


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=10)
def test_admin_upload_refuses_too_big_file(admin_client):
    count = CustomDocument.objects.count()
    response = upload(admin_client, "big.pdf", b"%PDF" + b"0" * 100)
    assert response.status_code == 200
    assert CustomDocument.objects.count() == count


def test_materials_page_query_count(
    client, home, distributor_slides, django_assert_max_num_queries
):
    for kind in ("handbook", "checklist", "paper_form"):
        MaterialVersionFactory(material=MaterialFactory(kind=kind), formats=("docx", "pdf"))
    MaterialsPageFactory(parent=home, audience="distributors", slug="materiaalit-kortinjakajille")
    client.get("/fi/materiaalit-kortinjakajille/")
    with django_assert_max_num_queries(30):
        assert client.get("/fi/materiaalit-kortinjakajille/").status_code == 200


def test_onboarding_path_links_materials_and_commitment(client, home, venue_slides):
    # The path links the first slides of its language by title: these sort first even when the
    # demo's own venue slides are in the database too.
    finnish_slides = MaterialFactory(
        title="Aloitusdiat kohteille", kind="slides", audience="venues"
    )
    MaterialVersionFactory(material=finnish_slides, formats=("pptx", "pdf"))
    model = MaterialFactory(
        title="Kaikukortin toimintamalli", kind="operating_model", audience="everyone"
    )
    MaterialVersionFactory(material=model)
    OnboardingPageFactory(parent=home, partner_type="venue", slug="perehdytys-kohteille")
    sv_home = translate(home, "sv")
    OnboardingPageFactory(parent=sv_home, partner_type="venue", slug="introduktion-for-besoksmal")
    html = client.get("/fi/perehdytys-kohteille/").content.decode()
    assert html.count('class="step"') == 4
    assert "Kaikukortin toimintamalli" in html
    assert latest(finnish_slides.slug, "pptx") in html
    assert reverse("materials:commitment") + "?type=venue" in html
    sv = client.get("/sv/introduktion-for-besoksmal/").content.decode()
    assert "Introduktionsbilder för besöksmål" in sv


def test_tree_rules():
    from home.models import HomePage, SectionPage
    from materials.models import MaterialsPage, OnboardingPage

    assert HomePage in MaterialsPage.allowed_parent_page_models()
    assert SectionPage not in OnboardingPage.allowed_parent_page_models()
    assert MaterialsPage.allowed_subpage_models() == []
