"""What a coordinator does with a commitment: accept it (a draft partner is created in the
region, prefilled from it) or decline it, with a note. Both are idempotent and transactional."""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Commitment


class DecisionError(Exception):
    pass


def _unique_slug(parent, base):
    base = slugify(base)[:70] or "partner"
    slug, n = base, 2
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        slug = f"{base}-{n}"
        n += 1
    return slug


def create_draft_partner(commitment):
    """A DRAFT venue or distributor page under the region's page, prefilled from the commitment.
    None when the region has no page yet."""
    from partners.models import DistributorKind, DistributorPage, VenueCategory, VenuePage

    from .brochures.sources import region_pages

    parent = region_pages(commitment.region).first()
    if parent is None:
        return None
    title = (
        f"{commitment.organisation}, {commitment.unit}"
        if commitment.unit
        else commitment.organisation
    )
    common = {
        "title": title,
        "slug": _unique_slug(parent, title),
        "municipality": commitment.municipality,
        "contact_name": commitment.contact_name,
        "live": False,
    }
    with translation.override("fi"):
        placeholder = _("To be completed by the coordinator.")
    if commitment.partner_type == Commitment.PartnerType.VENUE:
        page = VenuePage(
            **common,
            category=VenueCategory.OTHER,
            website=commitment.website,
            scope=f"<p>{placeholder}</p>",
            contact_email=commitment.contact_email,
            contact_phone=commitment.contact_phone,
        )
    else:
        # Distributors join only at the start of a year (DOMAIN.md, "Distributors").
        decided = timezone.localdate()
        page = DistributorPage(
            **common,
            organisation=commitment.organisation,
            unit=commitment.unit,
            kind=DistributorKind.OTHER,
            sector=_guess_sector(commitment),
            start_date=datetime.date(decided.year + 1, 1, 1),
        )
    parent.add_child(instance=page)
    page.save_revision(log_action=True)
    return page


def _guess_sector(commitment):
    from partners.models import DistributorSector

    name = commitment.organisation.lower()
    if "hyvinvointialue" in name or "välfärdsområde" in name:
        return DistributorSector.COUNTY
    if "seurakunta" in name or "församling" in name:
        return DistributorSector.PARISH
    if "ry" in name.split() or "yhdistys" in name or "förening" in name:
        return DistributorSector.THIRD_SECTOR
    return DistributorSector.MUNICIPALITY


@transaction.atomic
def decide(commitment_id, user, *, accept, note=""):
    """Accept or decline; repeating the same decision changes nothing (idempotent)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
    target = Commitment.Status.ACCEPTED if accept else Commitment.Status.DECLINED
    if commitment.status == target:
        return commitment, False
    if commitment.status != Commitment.Status.NEW:
        raise DecisionError(_("This commitment has already been decided."))
    commitment.status = target
    commitment.decision_note = note
    commitment.decided_by = user
    commitment.decided_at = timezone.now()
    if accept and commitment.partner_page_id is None:
        commitment.partner_page = create_draft_partner(commitment)
    commitment.save()
    return commitment, True
