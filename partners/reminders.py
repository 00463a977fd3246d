"""The yearly "is your listing still correct?" e-mail and the coordinators' weekly digest
(issue 21.2), sent by `manage.py send_partner_reminders`, which the scheduler runs daily
(README: Scheduled jobs).

A reminder's link is signed (django.core.signing.TimestampSigner, salted with the partner page's
id), expires after 30 days and works once: it names the SentNotice row recorded for it, and the
row's `used_on` is set by the one POST that confirms the listing.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Page, WorkflowState

from regions.models import Region, RegionPage

from .freshness import (
    DIGEST_MONTHS,
    REMIND_MONTHS,
    SentNotice,
    checked_on_expression,
    months_before,
)
from .models import DistributorPage, VenuePage

LINK_MAX_AGE = datetime.timedelta(days=30)
DIGEST_WEEKDAY = 0  # Monday (date.weekday())
DIGEST_LIMIT = 200  # rows per list in one digest; the admin report has them all

PARTNER_MODELS = (VenuePage, DistributorPage)


# The listings ----------------------------------------------------------------------------------


def partner_listings():
    """One live page per partner (its first non-alias page: translations and aliases of the same
    partner count once), annotated with `checked` (the checked-on date), `region_pk` and
    `region_name` (the region page it sits under; None for pop-up venues) and `municipality_name`.
    """
    earlier = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        alias_of__isnull=True,
        pk__lt=OuterRef("pk"),
    )
    parent = RegionPage.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    )
    return (
        Page.objects.type(*PARTNER_MODELS)
        .live()
        .filter(alias_of__isnull=True)
        .exclude(Exists(earlier))
        .annotate(
            reconfirmed_at=Coalesce("venuepage__reconfirmed_at", "distributorpage__reconfirmed_at")
        )
        .annotate(
            checked=checked_on_expression(),
            region_pk=Subquery(parent.values("region_id")[:1]),
            region_name=Subquery(parent.values("region__name_fi")[:1]),
            municipality_name=Coalesce(
                "venuepage__municipality__name_fi", "distributorpage__municipality__name_fi"
            ),
        )
    )


def not_checked_since(day):
    """Listings checked before `day`, or never."""
    return Q(checked__lt=day) | Q(checked__isnull=True)


# The yearly reminder ---------------------------------------------------------------------------


def _signer(page_id):
    return signing.TimestampSigner(salt=f"partners.reconfirm.{page_id}")


def make_token(notice):
    return _signer(notice.page_id).sign(str(notice.pk))


def reconfirm_url(notice):
    path = reverse(
        "partner_reconfirm", kwargs={"page_id": notice.page_id, "token": make_token(notice)}
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class LinkRefused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired" or "used"


def notice_for_link(page_id, token):
    """The unused reminder this link was made for, or LinkRefused. A link made for another
    partner fails its signature here (the salt names the page)."""
    try:
        notice_pk = _signer(page_id).unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    notice = (
        SentNotice.objects.filter(
            pk=notice_pk, page_id=page_id, kind=SentNotice.Kind.YEARLY_CHECK
        ).first()
        if notice_pk.isdigit()
        else None
    )
    if notice is None:
        raise LinkRefused("invalid")
    if notice.used_on is not None:
        raise LinkRefused("used")
    return notice


def reconfirm(notice, today=None):
    """Mark the listing (every translation and alias of it) confirmed today, once: True, or False
    when the link was used already (by a click a moment earlier)."""
    from core.signals import purge_after_commit

    today = today or timezone.localdate()
    with transaction.atomic():
        used = SentNotice.objects.filter(pk=notice.pk, used_on__isnull=True).update(used_on=today)
        if not used:
            return False
        key = Page.objects.filter(pk=notice.page_id).values("translation_key")
        for model in PARTNER_MODELS:
            model.objects.filter(translation_key__in=key).update(reconfirmed_at=today)
        purge_after_commit()  # a queryset update sends no post_save
    return True


def due_reminders(today):
    """The listings to remind today: in regions whose month of the yearly check this is, not
    checked in the last 11 months and not reminded in them either."""
    since = months_before(today, REMIND_MONTHS)
    regions = Region.objects.filter(reconfirmation_month=today.month)
    reminded = SentNotice.objects.filter(
        page=OuterRef("pk"), kind=SentNotice.Kind.YEARLY_CHECK, sent_on__gt=since
    )
    return (
        partner_listings()
        .filter(region_pk__in=regions.values("pk"))
        .filter(not_checked_since(since))
        .exclude(Exists(reminded))
        .order_by("pk")
        .specific()
    )


def send_reminders(today=None):
    """E-mail each due listing's contact person; returns how many were sent. The record is made
    first, in its own transaction: a second run the same day finds it and sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    for page in due_reminders(today):
        email = page.reminder_email
        if not email:
            continue
        try:
            with transaction.atomic():
                notice, created = SentNotice.objects.get_or_create(
                    page_id=page.pk, kind=SentNotice.Kind.YEARLY_CHECK, sent_on=today
                )
        except IntegrityError:  # another run made it a moment ago
            continue
        if not created:
            continue
        context = {
            "page": page,
            "link": reconfirm_url(notice),
            "valid_until": today + LINK_MAX_AGE,
        }
        with translation.override(page.locale.language_code):
            subject = render_to_string("partners/email/reminder_subject.txt", context).strip()
            body = render_to_string("partners/email/reminder.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        sent += 1
    return sent


# The weekly digest -----------------------------------------------------------------------------


def coordinator_emails(region):
    """The region's coordinators: the members of its coordinators' group and the named
    coordinators' addresses, once each."""
    emails = {c.email for c in region.coordinators.all() if c.email}
    if region.coordinators_group_id:
        emails |= set(
            region.coordinators_group.user_set.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(emails)


def region_partner_pages(region):
    """Every partner page under the region's pages, in every language."""
    paths = Q()
    for region_page in RegionPage.objects.filter(region=region):
        paths |= Q(path__startswith=region_page.path, depth=region_page.depth + 1)
    if not paths:
        return Page.objects.none()
    return Page.objects.type(*PARTNER_MODELS).filter(paths)


def unaccepted_invitations(region):
    """Invitations to edit the region's partner pages never accepted (accounts.PartnerInvitation,
    issue 21.1); none where that model is not installed."""
    try:
        invitation = apps.get_model("accounts", "PartnerInvitation")
    except LookupError:
        return []
    return list(
        invitation.objects.filter(accepted_at__isnull=True, page__in=region_partner_pages(region))
        .select_related("page")
        .order_by("invited_at")[:DIGEST_LIMIT]
    )


def digest(region, today):
    """What the region's coordinators should look at this week."""
    pages = region_partner_pages(region)
    waiting_ids = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .filter(object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)])
        .values_list("object_id", flat=True)
    )
    waiting = list(
        pages.filter(pk__in=[int(pk) for pk in waiting_ids]).order_by("title")[:DIGEST_LIMIT]
    )
    stale = list(
        partner_listings()
        .filter(region_pk=region.pk)
        .filter(not_checked_since(months_before(today, DIGEST_MONTHS)))
        .order_by("checked", "title")[:DIGEST_LIMIT]
    )
    return {
        "region": region,
        "waiting": waiting,
        "stale": stale,
        "invitations": unaccepted_invitations(region),
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }


def send_digests(today=None):
    """The weekly digest to each region's coordinators, when there is something to say; once a day
    at most (recorded before sending). Returns how many regions' digests were sent."""
    today = today or timezone.localdate()
    sent = 0
    for region in Region.objects.prefetch_related("coordinators").order_by("pk"):
        recipients = coordinator_emails(region)
        context = digest(region, today)
        if not recipients or not (context["waiting"] or context["stale"] or context["invitations"]):
            continue
        try:
            with transaction.atomic():
                _notice, created = SentNotice.objects.get_or_create(
                    region=region, kind=SentNotice.Kind.WEEKLY_DIGEST, sent_on=today
                )
        except IntegrityError:
            continue
        if not created:
            continue
        # Coordinators work in Finnish (as materials.notifications).
        with translation.override("fi"):
            subject = render_to_string("partners/email/digest_subject.txt", context).strip()
            body = render_to_string("partners/email/digest.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        sent += 1
    return sent
