import io

from django.utils import timezone

from wagtail.test.utils.form_data import rich_text

import pytest
from pypdf import PdfReader

from materials.brochures.pdf import render_pdf
from materials.models import Brochure
from materials.wagtail_hooks import brochure_policy

pytestmark = pytest.mark.django_db


def url(name, *args):
    from django.urls import reverse

    from materials.wagtail_hooks import brochure_viewset

    return reverse(brochure_viewset.get_url_name(name), args=args)


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_lists_compiled_from_published_partners_only(brochure):
    names = [v["name"] for v in brochure.venues]
    assert "Testiteatteri Kajaani" in names and "Testimuseo Kuhmo" in names
    assert "Luonnosteatteri" not in names
    assert "Kaikukortti" in brochure.intro


def test_snapshot_is_kept_until_refreshed(brochure, venues):
    venues[0].title = "Uusi nimi"
    venues[0].save_revision().publish()
    brochure.refresh_from_db()
    assert "Uusi nimi" not in [v["name"] for v in brochure.venues]
    brochure.compile_lists()
    assert "Uusi nimi" in [v["name"] for v in brochure.venues]


def test_intro_and_must_says_in_brochure_language(region):
    from materials.brochures.texts import intro_template, must_says

    assert "Kaikukortet" in intro_template("sv", region) or "kulturkort" in intro_template(
        "sv", region
    )
    assert len(must_says("en")) == 4
    assert must_says("en")[2][0] == "A cap is not a quota"
    assert must_says("fi")[2][0] != "A cap is not a quota"


def test_policy_matrix(brochure, coordinator, other_coordinator, national_editor, plain_user):
    for user, change, publish in (
        (coordinator, True, False),
        (other_coordinator, False, False),
        (national_editor, True, True),
        (plain_user, False, False),
    ):
        assert brochure_policy.user_has_permission_for_instance(user, "change", brochure) is change
        assert (
            brochure_policy.user_has_permission_for_instance(user, "publish", brochure) is publish
        )
    assert brochure in brochure_policy.instances_user_has_permission_for(coordinator, "change")
    assert brochure not in brochure_policy.instances_user_has_permission_for(
        other_coordinator, "change"
    )


def test_other_region_coordinator_cannot_open_or_download(client, brochure, other_coordinator):
    client.force_login(other_coordinator)
    assert refused(client.get(url("edit", brochure.pk)))
    assert refused(client.get(url("pdf", brochure.pk)))
    assert refused(client.get(url("history", brochure.pk)))
    listing = client.get(url("list")).content.decode()
    assert f"{brochure.region.name_fi} 2031" not in listing


def test_coordinator_can_create_only_for_own_region(client, region, other_region, coordinator):
    client.force_login(coordinator)
    add_url = url("add")
    response = client.post(
        add_url,
        {
            "region": other_region.pk,
            "year": 2032,
            "language": "sv",
            "intro": rich_text(""),
            "contacts": "",
        },
    )
    assert response.status_code == 200
    assert not Brochure.objects.filter(region=other_region, year=2032).exists()
    response = client.post(
        add_url,
        {
            "region": region.pk,
            "year": 2032,
            "language": "sv",
            "intro": rich_text(""),
            "contacts": "",
        },
    )
    assert response.status_code == 302
    created = Brochure.objects.get(region=region, year=2032, language="sv")
    assert created.compiled_at is not None and not created.live


def test_workflow_draft_submitted_sent_back_approved(
    client, brochure, coordinator, national_editor
):
    from wagtail.models import WorkflowState

    client.force_login(coordinator)
    edit = url("edit", brochure.pk)
    data = {
        "region": brochure.region_id,
        "year": brochure.year,
        "language": "fi",
        "intro": rich_text(brochure.intro),
        "contacts": "kaikukortti@testikainuu.fi",
        "action-submit": "1",
    }
    assert client.post(edit, data).status_code == 302
    state = WorkflowState.objects.get(
        base_content_type__model="brochure", object_id=str(brochure.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # While in review the print download is refused.
    task_state = state.current_task_state
    assert client.get(url("print", brochure.pk)).status_code == 403
    # The national office sends it back with a comment.
    task_state.task.specific.on_action(
        task_state, national_editor, "reject", comment="Lisää yhteystiedot"
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    # Resubmitted and approved: published, printable.
    assert client.post(edit, data).status_code == 302
    state = (
        WorkflowState.objects.filter(
            base_content_type__model="brochure", object_id=str(brochure.pk)
        )
        .order_by("-pk")
        .first()
    )
    state.refresh_from_db()
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, national_editor, "approve", comment="OK")
    brochure.refresh_from_db()
    assert brochure.live and brochure.is_approved
    from wagtail.models import ModelLogEntry

    actions = set(
        ModelLogEntry.objects.filter(
            object_id=str(brochure.pk), content_type__model="brochure"
        ).values_list("action", flat=True)
    )
    assert {
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.approve",
        "wagtail.publish",
    } <= actions
    response = client.get(url("print", brochure.pk))
    assert response.status_code == 200
    text, _reader = pdf_text(response.content)
    assert "DRAFT" not in text and "LUONNOS" not in text
    flat = " ".join(text.split())  # lines wrap in the PDF
    assert len(brochure.venues) >= 2
    for venue in brochure.venues:
        assert " ".join(venue["name"].split()) in flat
        for cap in venue["caps"]:
            assert " ".join(cap.split()) in flat


def test_draft_pdf_marked_on_every_page_and_language_set(brochure):
    content = render_pdf(brochure)
    text, reader = pdf_text(content)
    assert "LUONNOS" in text or "DRAFT" in text
    for page in reader.pages:
        page_text = page.extract_text()
        assert "LUONNOS" in page_text or "DRAFT" in page_text
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    assert float(reader.pages[0].trimbox.width) == pytest.approx(419.5, abs=1)  # A5, trimmed


def test_approved_pdf_contains_every_published_venue_with_cap(brochure, region):
    from materials.brochures.sources import region_pages
    from partners.models import VenuePage

    brochure.save_revision().publish()
    brochure.refresh_from_db()
    text, _ = pdf_text(render_pdf(brochure))
    assert "LUONNOS" not in text
    flat = " ".join(text.split())
    published = VenuePage.objects.descendant_of(region_pages(region).get()).live().public()
    assert published.count() >= 2
    for venue in published.prefetch_related("caps"):
        assert " ".join(venue.title.split()) in flat
        for cap in venue.caps.all():
            assert " ".join(str(cap.summary).split()) in flat
    assert "Luonnosteatteri" not in flat
    assert brochure.compiled_at <= timezone.now()
