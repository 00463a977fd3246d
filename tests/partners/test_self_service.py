"""Partners edit their own listing, coordinators approve (issue 21.1).

Two regions (a and b) built with factories, each with its coordinator; region a has the swimming
hall whose contact is invited and a theatre (another partner); region b has a venue of its own.
The contact person's account comes from the coordinator's invitation, through the admin's views.
"""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page, WorkflowState

import pytest

from accounts import partner_access, policy
from accounts.models import PartnerInvitation
from partners.models import VenuePage
from tests.accounts.factories import CoordinatorFactory, NationalEditorFactory
from tests.home.factories import national_site
from tests.partners.factories import DistributorPageFactory, VenuePageFactory
from tests.regions.factories import MunicipalityFactory, RegionFactory, regions_index
from tests.regions.factories import region_page as make_region_page
from tests.registry.factories import VenueOrganisationFactory

from .helpers import venue_form_data

pytestmark = pytest.mark.django_db

CONTACT = "uimahalli@example.test"
NEW_PASSWORD = "Uimahallin-Oma-Salasana-77"  # noqa: S105  (test account only)
POOL_CAPS = [("swimming_hall", None, 6, 20)]


@pytest.fixture
def world():
    index = regions_index(national_site().root_page)
    regions = {"a": RegionFactory(name_fi="Itäalue"), "b": RegionFactory(name_fi="Länsialue")}
    pages, towns = {}, {}
    for key, region in regions.items():
        pages[key] = make_region_page(region, parent=index, languages=("sv",))
        towns[key] = MunicipalityFactory(region=region)
    pool = VenuePageFactory(
        parent=pages["a"],
        municipality=towns["a"],
        title="Itäalueen uimahalli",
        slug="itaalueen-uimahalli",
        category="swimming_hall",
        contact_email=CONTACT,
        caps=[{"kind": "swimming_hall", "lanes": 6, "cap": 20}],
    )
    theatre = VenuePageFactory(
        parent=pages["a"], municipality=towns["a"], title="Itäalueen teatteri", slug="teatteri"
    )
    distributor = DistributorPageFactory(
        parent=pages["a"], municipality=towns["a"], title="Itäalueen sosiaalitoimisto"
    )
    far = VenuePageFactory(
        parent=pages["b"], municipality=towns["b"], title="Länsialueen museo", slug="museo"
    )
    return {
        "regions": regions,
        "pages": pages,
        "towns": towns,
        "pool": pool,
        "theatre": theatre,
        "distributor": distributor,
        "far": far,
        "coordinator_a": CoordinatorFactory(region=regions["a"]),
        "coordinator_b": CoordinatorFactory(region=regions["b"]),
    }


def invite_url(page):
    return reverse("accounts_invite_partner", args=[page.pk])


def invite(client, user, page, email=CONTACT):
    client.force_login(user)
    return client.post(invite_url(page), {"email": email})


def refused(response):
    """A refusal: 403/404, or Wagtail's redirect to the dashboard with "permission denied"."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code in (403, 404)


def link_in(message):
    return re.search(r"https?://\S+/account/invitation/\S+/", message.body).group(0)


@pytest.fixture
def contact(client, world, mailoutbox):
    """The swimming hall's contact person, invited by the region's coordinator, password set."""
    invite(client, world["coordinator_a"], world["pool"])
    client.logout()
    link = link_in(mailoutbox[-1])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    mailoutbox.clear()
    return get_user_model().objects.get(email=CONTACT)


def edit(client, user, page, action, **changes):
    """POST the admin's edit form of `page` as `user` with `action` ("submit" or "publish")."""
    client.force_login(user)
    fields = {"title": page.title, "caps": POOL_CAPS, **changes}
    data = venue_form_data(
        fields.pop("title"),
        page.slug,
        page.municipality,
        caps=fields.pop("caps"),
        **{f"action-{action}": action} if action else {},
        **fields,
    )
    data["category"] = page.category
    # The first cap edits the page's existing one (the formset's initial form), not a new one.
    existing = list(page.caps.values_list("pk", flat=True)[:1])
    if existing and data.get("caps-TOTAL_FORMS", "0") != "0":
        data["caps-0-id"] = existing[0]
        data["caps-INITIAL_FORMS"] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


# --- The invitation ------------------------------------------------------------------------


def test_invite_creates_one_account_and_sends_one_email(client, world, mailoutbox):
    response = invite(client, world["coordinator_a"], world["pool"])
    assert response.status_code == 302
    accounts = get_user_model().objects.filter(email=CONTACT)
    assert accounts.count() == 1
    account = accounts.get()
    assert not account.has_usable_password()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [CONTACT]
    assert world["pool"].title in mailoutbox[0].subject
    assert "/account/invitation/" in mailoutbox[0].body
    invitation = PartnerInvitation.objects.get()
    assert (invitation.page_id, invitation.user, invitation.invited_by) == (
        world["pool"].pk,
        account,
        world["coordinator_a"],
    )
    assert invitation.accepted_at is None


def test_reinvite_sends_a_new_link_and_makes_no_second_account(client, world, mailoutbox):
    invite(client, world["coordinator_a"], world["pool"])
    invite(client, world["coordinator_a"], world["pool"], email=CONTACT.upper())
    assert get_user_model().objects.filter(email__iexact=CONTACT).count() == 1
    invitation = PartnerInvitation.objects.get()
    assert invitation.times_sent == 2
    assert len(mailoutbox) == 2
    assert link_in(mailoutbox[1])


def test_the_link_sets_a_password_once(client, world, mailoutbox):
    invite(client, world["coordinator_a"], world["pool"])
    client.logout()
    link = link_in(mailoutbox[0])
    first = client.get(link)
    assert first.status_code == 302  # the token moves to the session, out of the address
    form_url = first["Location"]
    assert client.get(form_url).status_code == 200
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("wagtailadmin_home")
    account = get_user_model().objects.get(email=CONTACT)
    assert account.check_password(NEW_PASSWORD)
    assert PartnerInvitation.objects.get().accepted_at is not None
    # Used once: the same link no longer shows the form nor changes the password.
    client.logout()
    again = client.get(link, follow=True)
    assert again.status_code == 404
    assert b'name="new_password1"' not in again.content
    assert b"lang=" in again.content


def test_the_link_refuses_mismatched_passwords_and_keeps_working(client, world, mailoutbox):
    invite(client, world["coordinator_a"], world["pool"])
    client.logout()
    form_url = client.get(link_in(mailoutbox[0]))["Location"]
    refused = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "toinen"})
    assert refused.status_code == 200
    assert b"error-summary" in refused.content
    assert not get_user_model().objects.get(email=CONTACT).has_usable_password()


def test_a_password_reset_token_of_an_uninvited_account_does_not_work_here(client, world):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world["coordinator_b"]
    url = reverse(
        "accounts:accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    assert client.get(url, follow=True).status_code == 404


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("coordinator_a", True), ("coordinator_b", False), ("national", True), ("contact", False)],
)
def test_who_may_invite(client, world, contact, who, allowed):
    user = {"national": NationalEditorFactory(), "contact": contact}.get(who) or world[who]
    client.force_login(user)
    response = client.get(invite_url(world["theatre"]))
    assert (response.status_code == 200) is allowed
    assert refused(response) is not allowed
    client.post(invite_url(world["theatre"]), {"email": "teatteri@example.test"})
    assert PartnerInvitation.objects.filter(page=world["theatre"]).exists() is allowed


def test_only_partner_pages_have_invitations(client, world):
    client.force_login(world["coordinator_a"])
    assert refused(client.get(invite_url(world["pages"]["a"])))


def test_the_invite_button_is_in_the_partner_page_header_for_its_coordinators(client, world):
    edit_url = reverse("wagtailadmin_pages:edit", args=[world["pool"].pk])
    client.force_login(world["coordinator_a"])
    assert invite_url(world["pool"]).encode() in client.get(edit_url).content


def test_a_coordinators_address_is_not_invited(client, world, mailoutbox):
    response = invite(client, world["coordinator_a"], world["pool"], world["coordinator_b"].email)
    assert response.status_code == 400
    assert not PartnerInvitation.objects.exists()
    assert mailoutbox == []


def test_a_bad_address_is_refused_with_a_message(client, world):
    response = invite(client, world["coordinator_a"], world["pool"], "ei-osoite")
    assert response.status_code == 400
    assert b"aria-invalid" in response.content
    assert not PartnerInvitation.objects.exists()


# --- What the contact person may do ---------------------------------------------------------


def test_contact_may_edit_only_their_own_page(world, contact):
    assert world["pool"].permissions_for_user(contact).can_edit()
    for other in ("theatre", "distributor", "far"):
        assert not world[other].permissions_for_user(contact).can_edit()
    assert not world["pages"]["a"].permissions_for_user(contact).can_edit()
    assert not world["pages"]["a"].permissions_for_user(contact).can_add_subpage()
    assert list(partner_access.partner_pages(contact)) == [world["pool"].page_ptr]


def test_contact_never_publishes_deletes_or_moves(client, world, contact):
    live_revision = VenuePage.objects.get(pk=world["pool"].pk).live_revision_id
    perms = world["pool"].permissions_for_user(contact)
    assert not perms.can_publish()
    assert not perms.can_unpublish()
    assert not perms.can_delete()
    assert not perms.can_move()
    edit(client, contact, world["pool"], "publish", title="Julkaistu itse")
    pool = VenuePage.objects.get(pk=world["pool"].pk)
    assert pool.title == "Itäalueen uimahalli"
    assert pool.live_revision_id == live_revision


def test_contact_edits_and_submits_to_their_regions_coordinators(
    client, world, contact, mailoutbox
):
    response = edit(
        client,
        contact,
        world["pool"],
        "submit",
        caps=[("swimming_hall", None, 6, 25)],
        ticket_notes="Auki ma–pe 6.00–21.00.",
    )
    assert response.status_code == 302
    pool = VenuePage.objects.get(pk=world["pool"].pk)
    state = WorkflowState.objects.get(
        object_id=str(pool.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert state.requested_by == contact
    assert set(state.current_task_state.task.specific.groups.all()) == {
        world["regions"]["a"].coordinators_group
    }
    # Nothing public changes before the approval.
    assert [c.cap for c in pool.caps.all()] == [20]
    assert pool.ticket_notes == ""
    # The region's coordinator is told; the other region's is not.
    recipients = {address for message in mailoutbox for address in message.to}
    assert world["coordinator_a"].email in recipients
    assert world["coordinator_b"].email not in recipients


def test_caps_are_still_checked_by_the_national_rules(client, world, contact):
    response = edit(client, contact, world["pool"], "submit", caps=[("swimming_hall", None, 6, 3)])
    assert response.status_code == 200
    assert not WorkflowState.objects.filter(object_id=str(world["pool"].pk)).exists()


@pytest.mark.parametrize("other", ["theatre", "distributor", "far"])
def test_contact_cannot_open_another_partners_page(client, world, contact, other):
    client.force_login(contact)
    page = world[other]
    for name in ("edit", "history", "revisions_index", "preview_on_edit"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[page.pk])
        assert refused(client.get(url)), url
    if isinstance(page, VenuePage):
        edit(client, contact, page, "submit", title="Vallattu")
    assert Page.objects.get(pk=page.pk).get_latest_revision_as_object().title != "Vallattu"


def test_contact_sees_only_their_own_page_in_the_admin(client, world, contact):
    client.force_login(contact)
    others = [world[key].title for key in ("theatre", "distributor", "far")]
    screens = [
        client.get(reverse("wagtailadmin_home")),
        client.get(reverse("wagtailadmin_explore", args=[world["pages"]["a"].pk])),
        client.get(reverse("wagtailadmin_explore_root")),
        client.get(reverse("wagtailadmin_pages:search"), {"q": "Itäalueen"}),
        client.get(reverse("wagtailadmin_choose_page"), {"q": "Itäalueen"}),
    ]
    for response in screens:
        assert response.status_code in (200, 302, 403)
        html = response.content.decode()
        for title in others:
            assert title not in html, (response.request["PATH_INFO"], title)
    dashboard = screens[0].content.decode()
    assert world["pool"].title in dashboard
    assert reverse("wagtailadmin_pages:edit", args=[world["pool"].pk]) in dashboard


def test_contact_has_no_other_menu_items(rf, world, contact):
    from wagtail.admin.menu import admin_menu

    def menu_for(user):
        request = rf.get("/admin/")
        request.user = user
        return {item.name for item in admin_menu.menu_items_for_request(request)}

    # Their page(s), and their venue's shows (issue 20: the venue adds its own shows).
    assert menu_for(contact) == {"explorer", "shows"}
    assert len(menu_for(world["coordinator_a"])) > 1  # the hook leaves everyone else's menu


def test_contact_cannot_open_the_registry(client, world, contact):
    venue = VenueOrganisationFactory(region=world["regions"]["a"])
    client.force_login(contact)
    assert refused(client.get(reverse("registry:home")))
    assert refused(client.get(reverse("registry:venue_desk", args=[venue.pk])))


def test_two_factor_is_optional_for_a_contact(client, world, contact):
    assert not policy.is_required(contact)
    client.force_login(contact, otp_verified=False)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


# --- Approval ---------------------------------------------------------------------------------


def submitted(client, world, contact):
    edit(
        client,
        contact,
        world["pool"],
        "submit",
        caps=[("swimming_hall", None, 6, 25)],
        ticket_notes="Auki ma–pe 6.00–21.00.",
    )
    client.logout()
    return WorkflowState.objects.get(
        object_id=str(world["pool"].pk), status=WorkflowState.STATUS_IN_PROGRESS
    )


def act(client, user, state, action, comment=""):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[state.object_id, action, state.current_task_state.pk],
    )
    return client.post(url, {"comment": comment})


def test_approval_by_the_regions_coordinator_publishes(client, world, contact, mailoutbox):
    state = submitted(client, world, contact)
    mailoutbox.clear()
    act(client, world["coordinator_a"], state, "approve")
    pool = VenuePage.objects.get(pk=world["pool"].pk)
    assert [c.cap for c in pool.caps.all()] == [25]
    assert pool.ticket_notes == "Auki ma–pe 6.00–21.00."
    assert not pool.has_unpublished_changes
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert contact.email in {address for message in mailoutbox for address in message.to}


def test_a_coordinator_of_another_region_cannot_approve(client, world, contact):
    state = submitted(client, world, contact)
    assert refused(act(client, world["coordinator_b"], state, "approve"))
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [c.cap for c in VenuePage.objects.get(pk=world["pool"].pk).caps.all()] == [20]


def test_the_contact_cannot_approve_their_own_change(client, world, contact):
    state = submitted(client, world, contact)
    act(client, contact, state, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_changes_requested_with_a_comment_reach_the_contact(client, world, contact, mailoutbox):
    state = submitted(client, world, contact)
    mailoutbox.clear()
    act(client, world["coordinator_a"], state, "reject", comment="Tarkista aukioloajat.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [c.cap for c in VenuePage.objects.get(pk=world["pool"].pk).caps.all()] == [20]
    to_contact = [m for m in mailoutbox if contact.email in m.to]
    assert to_contact
    assert any("Tarkista aukioloajat." in (m.body + str(m.alternatives)) for m in to_contact)


def test_the_regions_coordinator_sees_the_change_in_wagtails_compare(client, world, contact):
    submitted(client, world, contact)
    url = reverse("wagtailadmin_pages:revisions_compare", args=[world["pool"].pk, "live", "latest"])
    client.force_login(world["coordinator_a"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Auki ma–pe 6.00–21.00." in response.content.decode()
    client.force_login(world["coordinator_b"])
    assert refused(client.get(url))
