"""Shared helpers for the partners tests: admin form data and page factories."""

import datetime

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from partners.models import VenueCap, VenuePage


def venue_form_data(title, slug, municipality, caps=(), **extra):
    """POST data for the admin's venue form (create or edit)."""
    data = {
        "title": title,
        "slug": slug,
        "category": "theatre",
        "municipality": municipality.pk,
        "place": "",
        "address": "Testikatu 1",
        "postal_code": "87100",
        "website": "",
        "scope": rich_text("<p>All own shows.</p>"),
        "restrictions": rich_text(""),
        "accessibility": rich_text(""),
        "box_office": "on",
        "ticket_phone": "",
        "ticket_agency": "",
        "ticket_agency_name": "",
        "ticket_notes": "",
        "redeem_minutes_before": "",
        "children_tickets": "on",
        "assistant_free": "on",
        "free_cloakroom": "on",
        "contact_name": "Testi Henkilö",
        "contact_email": "",
        "contact_phone": "",
        "joined_on": datetime.date.today().isoformat(),
        "caps": inline_formset(
            [
                {
                    "kind": kind,
                    "audience": audience or "",
                    "lanes": lanes or "",
                    "cap": cap,
                    "note": "",
                }
                for kind, audience, lanes, cap in caps
            ]
        ),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(extra)
    return nested_form_data(data)


def make_venue(parent, municipality, slug, *, caps=(("show", 200, 10),), **fields):
    page = VenuePage(
        title=fields.pop("title", slug.replace("-", " ").title()),
        slug=slug,
        category=fields.pop("category", "theatre"),
        municipality=municipality,
        scope="<p>Everything.</p>",
        contact_name="Testi",
        live=True,
        caps=[VenueCap(kind=kind, audience=aud, cap=cap) for kind, aud, cap in caps],
        **fields,
    )
    parent.add_child(instance=page)
    return page
