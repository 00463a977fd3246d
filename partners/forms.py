"""The finder's GET form: every filter is optional and every value is checked."""

import math

from django import forms
from django.utils.translation import gettext_lazy as _

from core import geo
from core.languages import municipality_name
from regions.models import Municipality, Region

from .models import ACCESSIBILITY_FEATURES, VenueCategory

NAME = "name"
NEAREST = "near"


def public_location(lat, lon):
    """(lat, lon) as floats rounded to about 1 km; ValueError unless both are finite numbers
    (at most 20 characters each) inside Finland."""
    if len(lat or "") > 20 or len(lon or "") > 20:
        raise ValueError("too long")
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError, OverflowError):
        raise ValueError("not a number") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError("not a finite number")
    lat, lon = round(lat, geo.PUBLIC_DECIMALS), round(lon, geo.PUBLIC_DECIMALS)
    (lat_low, lat_high), (lon_low, lon_high) = geo.LATITUDE_RANGE, geo.LONGITUDE_RANGE
    if not (float(lat_low) <= lat <= float(lat_high) and float(lon_low) <= lon <= float(lon_high)):
        raise ValueError("outside Finland")
    return lat, lon


class FinderForm(forms.Form):
    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=100,
        help_text=_("For example a venue's name, a town or a kind of place."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    category = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("All kinds"))] + list(VenueCategory.choices),
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        required=False,
        choices=ACCESSIBILITY_FEATURES,
        widget=forms.CheckboxSelectMultiple,
    )
    children = forms.BooleanField(
        label=_("Free tickets for my children under 16 too"), required=False
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(NAME, _("By name")), (NEAREST, _("Nearest first"))],
    )
    near = forms.ChoiceField(
        label=_("Distance from"),
        required=False,
        help_text=_("Choose a municipality to see the nearest venues first."),
    )
    # The cardholder's own location, sent by the "nearest to me" button (rounded to ~1 km).
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, regions=None, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(regions if regions is not None else Region.objects.all())
        municipalities = list(
            municipalities if municipalities is not None else Municipality.objects.all()
        )
        self.regions_by_slug = {r.slug: r for r in regions}
        self.municipalities_by_id = {str(m.pk): m for m in municipalities}
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.slug, r.name) for r in sorted(regions, key=lambda r: r.name)
        ]
        grouped = {}
        for m in municipalities:
            grouped.setdefault(m.region_id, []).append((str(m.pk), municipality_name(m)))
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (r.name, sorted(grouped[r.pk], key=lambda c: c[1]))
            for r in sorted(regions, key=lambda r: r.name)
            if r.pk in grouped
        ]
        located = {}
        for m in municipalities:
            if m.has_location:
                located.setdefault(m.region_id, []).append((str(m.pk), municipality_name(m)))
        self.fields["near"].choices = [("", _("Not chosen"))] + [
            (r.name, sorted(located[r.pk], key=lambda c: c[1]))
            for r in sorted(regions, key=lambda r: r.name)
            if r.pk in located
        ]

    def clean(self):
        cleaned = super().clean()
        region = self.regions_by_slug.get(cleaned.get("region") or "")
        municipality = self.municipalities_by_id.get(cleaned.get("municipality") or "")
        if region and municipality and municipality.region_id != region.pk:
            self.add_error(
                "municipality",
                _("%(municipality)s is not in %(region)s. Choose another municipality or region.")
                % {"municipality": municipality.name, "region": region.name},
            )
        cleaned["region_obj"] = region
        cleaned["municipality_obj"] = municipality
        self._clean_origin(cleaned)
        return cleaned

    def _clean_origin(self, cleaned):
        """Where "nearest first" measures from: the chosen municipality's centre, else the
        cardholder's own location if it was sent and is valid. cleaned["origin"] is (lat, lon)
        or None; cleaned["origin_place"] names a chosen municipality."""
        cleaned["origin"] = cleaned["origin_place"] = cleaned["location"] = None
        place = self.municipalities_by_id.get(cleaned.get("near") or "")
        if cleaned.get("lat") or cleaned.get("lon"):
            try:
                cleaned["location"] = public_location(cleaned.get("lat"), cleaned.get("lon"))
            except ValueError:
                self.add_error(
                    "near",
                    _(
                        "Your location could not be used: it must be inside Finland. "
                        "Choose a municipality instead."
                    ),
                )
        # A municipality chosen in the form wins over a location sent before (the button clears it).
        if place is not None and place.has_location:
            cleaned["origin"] = (float(place.latitude), float(place.longitude))
            cleaned["origin_place"] = place
        elif cleaned["location"]:
            cleaned["origin"] = cleaned["location"]
        if (
            cleaned.get("sort") == NEAREST
            and cleaned["origin"] is None
            and "near" not in self.errors
        ):
            self.add_error(
                "near",
                _("Choose a municipality to measure the distance from, or use your location."),
            )
        # Distances show whenever there is an origin; the order is by name only when asked for.
        cleaned["nearest_first"] = cleaned["origin"] is not None and cleaned.get("sort") != NAME
