"""The national finder: "Where does my card work?"."""

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from wagtail.models import Locale, Site

from core import geo
from core.languages import municipality_name
from core.lazycontext import lazy_context
from regions.models import Municipality, Region, RegionPage

from .forms import FinderForm, public_location
from .models import VenueCategory, VenuePage

PER_PAGE = 20


def _site_region(request):
    """The region whose subsite this request came to, if any."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    if root.specific_class is not RegionPage:
        return None
    return Region.objects.filter(pages__pk=root.pk).first()


def search_venues(data, *, locale):
    """Live public venues of `locale` matching the cleaned finder `data`."""
    venues = (
        VenuePage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("municipality__region")
        .prefetch_related("caps")
        .order_by("title", "pk")
    )
    if data.get("region_obj"):
        venues = venues.filter(municipality__region=data["region_obj"])
    if data.get("municipality_obj"):
        venues = venues.filter(municipality=data["municipality_obj"])
    if data.get("category"):
        venues = venues.filter(category=data["category"])
    for feature in data.get("accessibility") or []:
        venues = venues.filter(**{feature: True})
    if data.get("children"):
        venues = venues.filter(children_tickets=True)
    if data.get("origin"):
        venues = venues.annotate(distance=geo.distance_km(*data["origin"]))
        if data.get("nearest_first"):
            # Venues without a location last, by name.
            venues = venues.order_by(F("distance").asc(nulls_last=True), "title", "pk")
    words = (data.get("q") or "").split()
    for word in words[:8]:
        # A word matches a venue's name, texts, address or town, or a kind of place by its name in
        # the active language ("simhall" finds the swimming halls in Swedish).
        categories = [
            value for value, label in VenueCategory.choices if word.lower() in str(label).lower()
        ]
        venues = venues.filter(
            Q(title__icontains=word)
            | Q(scope__icontains=word)
            | Q(address__icontains=word)
            | Q(place__icontains=word)
            | Q(postal_code=word)
            | Q(municipality__name_fi__icontains=word)
            | Q(municipality__name_sv__icontains=word)
            | Q(category__in=categories)
        )
    return venues


def suggest_elsewhere(data, municipalities, *, locale, limit=5):
    """For a search that found nothing (issue 16.9: "Korsholm" was a dead end): the region the
    searched place is in, a few of its venues, and the municipalities of that region that have
    venues (the nearest ones we can name without a map), each with its number of venues."""
    region = data.get("region_obj")
    place = data.get("municipality_obj")
    if place is None:
        words = [w.lower() for w in (data.get("q") or "").split()]
        place = next(
            (
                m
                for m in municipalities
                for w in words
                if w in m.name_fi.lower() or (m.name_sv and w in m.name_sv.lower())
            ),
            None,
        )
    if region is None and place is not None:
        region = next((r for r in Region.objects.filter(pk=place.region_id)), None)
    if region is None:
        return None
    venues = search_venues({"region_obj": region}, locale=locale)
    counts = dict(
        venues.order_by()
        .values_list("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    nearby = sorted(
        (
            (municipality_name(m), m.pk, counts[m.pk])
            for m in municipalities
            if m.region_id == region.pk and counts.get(m.pk)
        ),
    )
    return {
        "region": region,
        "place": municipality_name(place) if place else None,
        "venues": list(venues[:limit]),
        "municipalities": nearby,
    }


def _rounded_location_url(request):
    """The finder's address with the cardholder's location rounded to about 1 km, if the one
    asked for was more precise (so that no address, log or cache keeps a precise location);
    None if nothing needs rounding or the location is not valid (the form says so)."""
    lat, lon = request.GET.get("lat", ""), request.GET.get("lon", "")
    if not lat or not lon:
        return None
    try:
        rounded = public_location(lat, lon)
    except ValueError:
        return None
    wanted = [f"{value:.{geo.PUBLIC_DECIMALS}f}" for value in rounded]
    if [lat, lon] == wanted:
        return None
    params = request.GET.copy()
    params["lat"], params["lon"] = wanted
    return f"{request.path}?{params.urlencode()}"


def finder(request):
    rounded = _rounded_location_url(request)
    if rounded:
        return redirect(rounded)
    regions = list(Region.objects.all())
    municipalities = list(Municipality.objects.filter(region__in=regions))
    params = request.GET.copy()
    site_region = None
    if "region" not in params:
        # Coming from a region's subsite, start with that region (the card works everywhere).
        site_region = _site_region(request)
        if site_region is not None:
            params["region"] = site_region.slug
    form = FinderForm(params, regions=regions, municipalities=municipalities)
    form.is_valid()  # invalid fields are reported and left out; the valid ones still filter
    data = form.cleaned_data
    venues = search_venues(data, locale=Locale.get_active())

    def results():
        # Read only when the results fragment is rendered (a cached fragment needs no query).
        page_obj = Paginator(venues, PER_PAGE).get_page(request.GET.get("page"))
        return {"page_obj": page_obj, "venues": page_obj.object_list}

    def suggestions():
        # Read only when the results fragment is rendered and found nothing.
        return {"suggestions": suggest_elsewhere(data, municipalities, locale=Locale.get_active())}

    query = [(k, v) for k in params for v in params.getlist(k) if k != "page" and v != ""]
    return render(
        request,
        "partners/finder.html",
        {
            "form": form,
            **lazy_context(results, ("page_obj", "venues")),
            **lazy_context(suggestions, ("suggestions",)),
            "query_string": urlencode(query),
            "searched": bool(query),
            "selected_region": data.get("region_obj"),
            "origin": data.get("origin"),
            "origin_place": data.get("origin_place"),
            "nearest_first": data.get("nearest_first"),
            "site_region": site_region,
        },
    )
