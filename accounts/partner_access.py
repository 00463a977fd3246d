"""Partners edit their own listing, coordinators approve (issue 21.1).

- A coordinator of the partner's region (or the national office, for a pop-up venue) invites the
  partner's contact person by e-mail: `invite()`. The address gets one account (no usable password
  until they set one) and a set-password link made by Django's password-reset tokens, which expire
  after ``PASSWORD_RESET_TIMEOUT`` and stop working once the password is set. Inviting the same
  address again sends a new link; it never makes a second account.
- The account joins the page's own group (`partner_group()`), which may open the admin and has
  Wagtail's "change" permission on that one page: edit and submit, never publish, delete or add.
- Their edits go through the region's "partner listing" workflow (`ensure_partner_workflow()`),
  one GroupApprovalTask for the region's coordinators' group, so only that region's coordinators
  (and superusers) approve or request changes; Wagtail e-mails the contact either way. A venue's
  contact's shows go through the shows' workflow, which the same coordinators approve
  (shows/workflows.py).
- Someone whose only role is partner contact (`is_partner_contact()`) sees a small admin: their
  pages, their account (accounts/partner_hooks.py). Two-factor authentication stays optional for
  them (accounts/policy.py asks for it from the national office and coordinators only).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.roles import is_national
from regions.models import RegionPage
from regions.permissions import can_coordinate, regions_coordinated_by
from regions.signals import ensure_coordinators_group

from .models import PartnerAccess, PartnerInvitation

logger = logging.getLogger(__name__)

# Wagtail's page permission the partner's group gets on its page: edit and submit, nothing more.
PARTNER_PAGE_PERMISSIONS = ("change_page",)
# Group names are shown in the admin's user screens; the page id keeps them unique.
GROUP_NAME = "Kumppani {pk}: {title}"
# A workflow's and a task's name is one field shown as it is: Finnish and Swedish (see
# materials/workflows.py). "Partner listing approval" in the admin's two languages, per region.
WORKFLOW_NAME = "Kumppanin tietojen hyväksyntä / Godkännande av partneruppgifter: {region}"
TASK_NAME = "Alueen koordinaattorit / Regionens koordinatorer: {region}"


class InvitationRefused(Exception):
    """The address cannot be invited; the message says why, in the user's language."""


def partner_models():
    from partners.models import DistributorPage, VenuePage

    return (VenuePage, DistributorPage)


def is_partner_page(page):
    return page.specific_class in partner_models()


def partner_region(page):
    """The region of a partner page (its parent region page), or None for a pop-up venue."""
    parent = page.get_parent()
    if parent is not None and parent.specific_class is RegionPage:
        return parent.specific.region
    return None


def can_invite(user, page):
    """The region's coordinators and the national office invite a partner page's contacts."""
    if not is_partner_page(page):
        return False
    return can_coordinate(user, partner_region(page))


def partner_group(page):
    """The group whose members edit `page`, made on first use with the admin and "change" on
    that page only."""
    access = PartnerAccess.objects.select_related("group").filter(page=page).first()
    if access is None:
        name = GROUP_NAME.format(pk=page.pk, title=page.title)[:150]
        group, _ = Group.objects.get_or_create(name=name)
        access = PartnerAccess.objects.create(page=page, group=group)
    group = access.group
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PARTNER_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    return group


def ensure_partner_workflow(page):
    """Assign `page` the workflow its partner's edits go through: the region's coordinators
    approve (a pop-up venue's: the national office, with the brochures' national approval)."""
    region = partner_region(page)
    if region is None:
        from django.apps import apps

        from materials.workflows import ensure_brochure_workflow

        workflow = ensure_brochure_workflow(apps)
    else:
        group = ensure_coordinators_group(region)
        task_name = TASK_NAME.format(region=region.name_fi)[:255]
        task = GroupApprovalTask.objects.filter(name=task_name, groups=group).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name, active=True)
            task.groups.add(group)
        workflow, _ = Workflow.objects.get_or_create(
            name=WORKFLOW_NAME.format(region=region.name_fi)[:255], defaults={"active": True}
        )
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    if page.specific_class is partner_models()[0]:  # a venue: its contact also submits shows
        from django.apps import apps

        from shows.workflows import ensure_show_workflow

        ensure_show_workflow(apps)
    return workflow


def has_admin_role(user):
    """The national office and coordinators already edit partner pages: never a partner account."""
    return user.is_staff or is_national(user) or regions_coordinated_by(user).exists()


def _account_for(email):
    """The one account of `email` (matched without case), made when missing."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user, False
    username = email
    if User.objects.filter(username__iexact=username).exists():
        username = f"{email}-{User.objects.count()}"[:150]
    user = User(username=username[:150], email=email, is_active=True)
    user.set_unusable_password()
    user.save()
    return user, True


def invite(page, email, invited_by):
    """Invite `email` to edit `page`: (invitation, account_created). Sending is `send_invitation`.

    Raises InvitationRefused for the address of a coordinator or the national office, and of an
    account that has been closed."""
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    page = page.specific
    with transaction.atomic():
        user, created = _account_for(email)
        if not created and has_admin_role(user):
            raise InvitationRefused(
                _(
                    "This address belongs to a coordinator or the national office, who can "
                    "already edit the page."
                )
            )
        if not user.is_active:
            raise InvitationRefused(
                _("The account of this address has been closed. Ask the national office.")
            )
        user.groups.add(partner_group(page))
        ensure_partner_workflow(page)
        now = timezone.now()
        invitation, new = PartnerInvitation.objects.get_or_create(
            page=page,
            user=user,
            defaults={"email": email, "invited_by": invited_by, "invited_at": now},
        )
        if not new:
            invitation.email = email
            invitation.invited_by = invited_by
            invitation.last_sent_at = now
            invitation.times_sent = min(invitation.times_sent + 1, 32767)
            invitation.save(update_fields=["email", "invited_by", "last_sent_at", "times_sent"])
    return invitation, created


def set_password_url(user, request):
    """The invitation's link: Django's password-reset token for `user`, on our own page."""
    path = reverse(
        "accounts:accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(invitation, request):
    """E-mail the set-password link (after the invitation is saved). False when it failed."""
    context = {
        "invitation": invitation,
        "page_title": invitation.page.title,
        "invited_by": invitation.invited_by,
        "url": set_password_url(invitation.user, request),
        "username": invitation.user.get_username(),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("accounts/email/partner_invitation_subject.txt", context)
    body = render_to_string("accounts/email/partner_invitation.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:  # noqa: BLE001 - the invitation stays; the coordinator is told and resends
        logger.exception("Partner invitation e-mail failed (invitation %s)", invitation.pk)
        return False
    return True


def accept(user):
    """The contact set their password with the link: their open invitations are accepted."""
    PartnerInvitation.objects.filter(user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )


def partner_pages(user):
    """The pages `user` edits as a partner's contact person."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Page.objects.none()
    return Page.objects.filter(partner_access__group__in=user.groups.all())


def is_partner_contact(user):
    """Is a partner's contact the user's only admin role? (Then the admin is kept small.)"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_kaiku_is_partner_contact", None)
    if cached is None:
        cached = (
            not has_admin_role(user) and user.groups.filter(partner_access__isnull=False).exists()
        )
        user._kaiku_is_partner_contact = cached
    return cached
