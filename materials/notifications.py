"""E-mails about commitments. Always sent AFTER the record is committed; a mail failure is logged
and never loses the commitment (DOMAIN.md: a commitment must not be lost)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def coordinator_emails(region):
    group = region.coordinators_group
    if group is None:
        return []
    return sorted(
        {u.email for u in group.user_set.filter(is_active=True).exclude(email="") if u.email}
    )


def _send(subject_template, body_template, context, recipients):
    if not recipients:
        return False
    subject = render_to_string(subject_template, context).strip()
    body = render_to_string(body_template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # noqa: BLE001 - any mail failure is logged, the record stays
        logger.exception("Commitment e-mail failed (%s)", subject_template)
        return False
    return True


def notify_new_commitment(commitment, request):
    status_url = request.build_absolute_uri(commitment.get_status_url())
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/commitments/"
    context = {"commitment": commitment, "status_url": status_url, "admin_url": admin_url}
    # Coordinators work in Finnish; the partner gets the language they used.
    with translation.override("fi"):
        _send(
            "materials/email/new_commitment_subject.txt",
            "materials/email/new_commitment.txt",
            context,
            coordinator_emails(commitment.region),
        )
    with translation.override(commitment.language):
        _send(
            "materials/email/commitment_received_subject.txt",
            "materials/email/commitment_received.txt",
            context,
            [commitment.contact_email],
        )


def notify_decision(commitment, status_url):
    with translation.override(commitment.language):
        _send(
            "materials/email/commitment_decided_subject.txt",
            "materials/email/commitment_decided.txt",
            {"commitment": commitment, "status_url": status_url},
            [commitment.contact_email],
        )
