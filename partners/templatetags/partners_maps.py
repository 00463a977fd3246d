"""The venue map: an enhancement below a list of venues that already says everything.

`{% venue_map venues label %}` renders a hidden box and the venues' points as JSON data
(json_script: data, not a script, so the CSP's script-src 'self' is enough);
partners/static/partners/js/venue-map.js shows it with the vendored Leaflet.
"""

from django import template
from django.utils.translation import gettext as _

from ..widgets import TILE_ATTRIBUTION, TILE_URL

register = template.Library()

MAX_POINTS = 500  # a region's venues; the finder shows one page of results


@register.inclusion_tag("partners/includes/venue_map.html", takes_context=True)
def venue_map(context, venues, label):
    request = context.get("request")
    points = [
        {
            "title": venue.title,
            "url": venue.get_url(request),
            "lat": float(venue.latitude),
            "lon": float(venue.longitude),
        }
        for venue in list(venues)[:MAX_POINTS]
        if venue.latitude is not None and venue.longitude is not None
    ]
    return {
        "points": points,
        "label": label,
        "tiles": TILE_URL,
        "attribution": TILE_ATTRIBUTION,
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
    }
