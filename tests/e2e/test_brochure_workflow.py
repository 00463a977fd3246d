"""A Kainuu brochure goes draft → submitted → sent back → approved through the Wagtail admin,
in a real browser, with Wagtail's built-in workflow (issue 4)."""

import re

import pytest

from .conftest import make_draft_brochure, sign_in_afresh, submit


@pytest.fixture
def kainuu_brochure(db_access):
    """A draft of its own: the demo's brochures are already submitted (2027) and approved (2026)."""
    return make_draft_brochure(2028)


def _state(brochure):
    from wagtail.models import WorkflowState

    return (
        WorkflowState.objects.filter(
            base_content_type__model="brochure", object_id=str(brochure.pk)
        )
        .order_by("-pk")
        .first()
    )


def _more_actions(page):
    page.get_by_role("button", name="More actions").click()


def test_brochure_draft_submitted_sent_back_approved(
    admin_page, kainuu_brochure, db_access, sign_in
):
    page = admin_page
    edit = f"/admin/brochures/edit/{kainuu_brochure.pk}/"
    print_url = f"/admin/brochures/print/{kainuu_brochure.pk}/"

    # The coordinator submits the draft to the national office.
    sign_in_afresh(page, sign_in, "kainuu-kulttuuri")
    page.goto(edit)
    _more_actions(page)
    submit(page, page.get_by_role("button", name=re.compile(r"^Submit to ")))
    assert "submitted for moderation" in page.locator(".messages").inner_text()
    assert _state(kainuu_brochure).status == "in_progress"
    # Not approved yet: the print download is refused.
    assert page.request.get(print_url).status == 403

    # The national editor sends it back with a comment.
    sign_in_afresh(page, sign_in, "toimittaja")
    page.goto(edit)
    _more_actions(page)
    page.get_by_role("button", name="Request changes").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#id_comment").fill("Lisää palautesähköposti yhteystietoihin.")
    submit(page, dialog.get_by_role("button", name="Request changes"))
    assert _state(kainuu_brochure).status == "needs_changes"

    # The coordinator sees the comment, fixes and resubmits.
    sign_in_afresh(page, sign_in, "kainuu-kulttuuri")
    page.goto(edit)
    assert "Lisää palautesähköposti yhteystietoihin." in page.content()
    _more_actions(page)
    submit(page, page.get_by_role("button", name=re.compile(r"^Resubmit to ")))
    assert _state(kainuu_brochure).status == "in_progress"

    # The national editor approves: the brochure is published and printable.
    sign_in_afresh(page, sign_in, "toimittaja")
    page.goto(edit)
    _more_actions(page)
    submit(page, page.get_by_role("button", name="Approve and Publish"))
    state = _state(kainuu_brochure)
    assert state.status == "approved"
    kainuu_brochure.refresh_from_db()
    assert kainuu_brochure.live
    from wagtail.models import ModelLogEntry

    actions = set(
        ModelLogEntry.objects.filter(
            content_type__model="brochure", object_id=str(kainuu_brochure.pk)
        ).values_list("action", flat=True)
    )
    assert {
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.approve",
    } <= actions
    # Approved: the print-ready PDF downloads.
    response = page.request.get(print_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
