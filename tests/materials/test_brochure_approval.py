"""Approving a brochure in the admin (issue 17, items 4 and 6): what the editor is told, the
listing's approval status and its visible print button. (The demo's brochures to approve:
tests/regions/test_kainuu_content.py.)"""

from django.contrib.messages import get_messages

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

import pytest

from .test_brochures import url

pytestmark = pytest.mark.django_db


def form_data(brochure, **extra):
    return {
        "region": brochure.region_id,
        "year": brochure.year,
        "language": brochure.language,
        "intro": rich_text(brochure.intro),
        "contacts": brochure.contacts,
        **extra,
    }


def submitted(client, brochure, coordinator):
    client.force_login(coordinator)
    assert client.post(url("edit", brochure.pk), form_data(brochure, **{"action-submit": "1"}))
    return WorkflowState.objects.get(
        base_content_type__model="brochure", object_id=str(brochure.pk), status="in_progress"
    )


def test_approve_and_publish_says_the_brochure_is_approved_for_print(
    client, brochure, coordinator, national_editor
):
    submitted(client, brochure, coordinator)
    client.force_login(national_editor)
    response = client.post(
        url("edit", brochure.pk),
        form_data(brochure, **{"action-workflow-action": "1", "workflow-action-name": "approve"}),
    )
    assert response.status_code == 302
    brochure.refresh_from_db()
    assert brochure.is_approved
    # The admin speaks the user's language: Finnish.
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "on hyväksytty ja julkaistu" in text and "painoon" in text
    assert "päivitetty" not in text


def test_listing_shows_approval_state_and_a_visible_print_button(
    client, brochure, coordinator, national_editor
):
    client.force_login(coordinator)
    listing = client.get(url("list")).content.decode()
    # The admin speaks the user's language: Finnish.
    assert "Luonnos" in listing and url("print", brochure.pk) not in listing
    submitted(client, brochure, coordinator)
    listing = client.get(url("list")).content.decode()
    assert "Odottaa hyväksyntää" in listing
    brochure.save_revision().publish()
    listing = client.get(url("list")).content.decode()
    assert "Hyväksytty" in listing
    # A button in the row itself, not an item of the "…" menu.
    assert f'class="button button-small button-secondary" href="{url("print", brochure.pk)}"' in (
        listing
    )
    edit = client.get(url("edit", brochure.pk)).content.decode()
    assert url("print", brochure.pk) in edit
