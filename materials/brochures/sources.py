"""Where a brochure's partner lists come from: the region's PUBLISHED venues and distributors.

The partners app owns them (``partners.VenuePage`` / ``partners.DistributorPage`` under the
region's ``regions.RegionPage``, caps as ``VenueCap`` rows). This module is the one place that reads
them for brochures, so a change there is a change here only.
"""

import datetime

from django.utils.html import strip_tags

from wagtail.models import Locale


def _text(value):
    return strip_tags(str(value or "")).strip()


def finnish_address(street, postal_code, town):
    """DOMAIN.md, "Finnish formats": street and number, then postal code and town
    (`Kulttuurikatu 1, 87100 Kajaani`). A street address typed with its town ("Kulttuurikatu 1,
    Kajaani") does not repeat the town."""
    if town and street and street.rstrip().endswith(f", {town}"):
        street = street.rstrip()[: -len(town) - 2]
    place = " ".join(p for p in (postal_code, town) if p)
    return ", ".join(p for p in (street, place) if p)


def region_pages(region):
    """The region's source-language page(s) (Finnish), under which its partners live."""
    from regions.models import RegionPage

    return RegionPage.objects.filter(
        region=region, alias_of__isnull=True, locale__language_code="fi"
    )


def _under(model, region):
    qs = model.objects.none()
    for page in region_pages(region):
        qs = qs | model.objects.descendant_of(page)
    return qs.live().public()


def _localized(pages, language):
    """Each partner's page in the brochure's language where it is translated and live."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or language == "fi":
        return list(pages)
    translations = (
        {
            p.translation_key: p
            for p in type(pages[0])
            .objects.filter(
                translation_key__in=[p.translation_key for p in pages],
                locale=locale,
                alias_of__isnull=True,
            )
            .live()
        }
        if pages
        else {}
    )
    return [translations.get(p.translation_key, p) for p in pages]


def venue_entries(region, language):
    from partners.models import VenuePage

    pages = list(
        _under(VenuePage, region)
        .select_related("municipality")
        .prefetch_related("caps")
        .order_by("title")
    )
    entries = []
    for venue in _localized(pages, language):
        tickets = [str(c) for c in venue.ticket_channels]
        if venue.ticket_notes:
            tickets.append(venue.ticket_notes)
        entries.append(
            {
                "name": venue.title,
                "municipality": venue.town or "",
                "category": str(venue.get_category_display()),
                "caps": [str(cap.summary) for cap in venue.caps.all()],
                "restrictions": _text(venue.restrictions),
                "tickets": "; ".join(str(t) for t in tickets if t),
                "address": finnish_address(venue.address, venue.postal_code, venue.town),
                "website": venue.website,
            }
        )
    return entries


def distributor_entries(region, language, year=None):
    from partners.models import DistributorPage

    qs = _under(DistributorPage, region).select_related("municipality").order_by("title")
    if year:
        # Distributors join on 1 January: the brochure of `year` lists those started by then.
        qs = qs.filter(start_date__lte=datetime.date(year, 12, 31))
    entries = []
    for distributor in _localized(list(qs), language):
        entries.append(
            {
                "name": distributor.organisation or distributor.title,
                "unit": distributor.unit,
                "municipality": distributor.municipality.name
                if distributor.municipality_id
                else "",
                "phone": distributor.public_phone,
                "email": distributor.public_email,
                "address": distributor.public_address,
                # One line, as snapshots before issue 17 had it.
                "contact": ", ".join(
                    p
                    for p in (
                        distributor.public_phone,
                        distributor.public_email,
                        distributor.public_address,
                    )
                    if p
                ),
            }
        )
    return entries


def compile_partner_lists(region, language, year=None):
    """A JSON-ready snapshot of the region's published partners, in the brochure's language."""
    return {
        "venues": venue_entries(region, language),
        "distributors": distributor_entries(region, language, year),
    }
