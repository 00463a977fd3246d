"""Materials in the browser: the Swedish venues' page, the stable link, the commitment form."""

import datetime
import uuid

from django.core.files.base import ContentFile

from .conftest import assert_accessible


def test_swedish_venue_slides_and_stable_link(page, db_access):
    from materials.models import CustomDocument, Material, MaterialFile, MaterialVersion

    page.goto("/sv/material-for-besoksmal/")
    assert page.locator("h1").inner_text() == "Material för besöksmål"
    assert_accessible(page)
    item = page.locator("#material-introduktionsbilder-for-besoksmal")
    link = item.locator("a.material__download", has_text="PPTX")
    with page.expect_download() as first:
        link.click()
    assert first.value.suggested_filename.endswith(".pptx")

    # A new version is uploaded: the same stable link serves it.
    material = Material.objects.get(slug="introduktionsbilder-for-besoksmal")
    marker = uuid.uuid4().hex.encode()
    version = MaterialVersion.objects.create(
        material=material, version_date=datetime.date.today(), label="e2e"
    )
    doc = CustomDocument(title=f"e2e {marker.decode()}")
    doc.file.save(f"e2e-{marker.decode()[:8]}.pptx", ContentFile(b"PK" + marker), save=False)
    doc._set_document_file_metadata()
    doc.save()
    MaterialFile.objects.create(version=version, document=doc)
    href = link.get_attribute("href")
    with page.expect_download() as second:
        page.evaluate(
            "href => { const a = document.createElement('a'); a.href = href; a.download = ''; document.body.appendChild(a); a.click(); }",
            href,
        )
    path = second.value.path()
    with open(path, "rb") as downloaded:
        assert marker in downloaded.read()


def test_onboarding_path_is_accessible(page):
    page.goto("/fi/perehdytys-kohteille/")
    assert page.locator("ol.steps > li").count() == 4
    assert_accessible(page)


def test_commitment_form_error_keeps_the_rest(page):
    page.goto("/fi/sitoumus/?type=venue")
    assert_accessible(page)
    unique = f"E2E-teatteri {uuid.uuid4().hex[:6]}"
    page.fill("#id_organisation", unique)
    page.select_option("#id_region", label="Kainuu")
    kajaani = page.locator("#id_municipality option", has_text="Kajaani").first.get_attribute(
        "value"
    )
    page.select_option("#id_municipality", value=kajaani)
    page.fill("#id_contact_email", "e2e@example.fi")
    page.fill("#id_contact_phone", "040 123 4567")
    page.check("#id_accept_model")
    page.click("form.form button[type=submit]")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.locator("a[href='#id_contact_name']").count() == 1
    assert page.input_value("#id_organisation") == unique
    assert page.input_value("#id_contact_email") == "e2e@example.fi"
    assert_accessible(page)
    page.fill("#id_contact_name", "Essi Esimerkki")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert page.locator("h1").inner_text() == "Sitoumuksesi"
    assert unique in page.content()
