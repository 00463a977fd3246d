"""Locations inside Finland and distances between them, for the finder's "nearest first".

A location is a latitude and a longitude in degrees (WGS 84, as OpenStreetMap and a phone's
geolocation give them). The distance is the equirectangular approximation: over Finland's
at most ~1,200 km its error is well under 1 %, and it is plain arithmetic that the database
computes with Django's own functions on SQLite and PostgreSQL alike (no PostGIS needed).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import Cast, Cos, Power, Radians, Sqrt
from django.utils.translation import gettext_lazy as _

# Finland, with the Åland Islands and Lapland's northern tip, as a box.
LATITUDE_RANGE = (Decimal("59.5"), Decimal("70.2"))
LONGITUDE_RANGE = (Decimal("19.0"), Decimal("31.7"))

KM_PER_DEGREE = 111.195  # one degree of latitude (the Earth's mean radius 6,371 km)

# A location given by a cardholder is rounded to two decimals (about 1 km) before it is used
# or kept in a URL, so that no address or cache holds a precise location.
PUBLIC_DECIMALS = 2


def _check_range(value, low, high, message):
    if value is not None and not low <= Decimal(value) <= high:
        raise ValidationError(message % {"low": low, "high": high}, code="outside_finland")


def validate_latitude(value):
    _check_range(
        value,
        *LATITUDE_RANGE,
        _("The latitude must be inside Finland, between %(low)s and %(high)s."),
    )


def validate_longitude(value):
    _check_range(
        value,
        *LONGITUDE_RANGE,
        _("The longitude must be inside Finland, between %(low)s and %(high)s."),
    )


def coordinate_field(verbose_name, validator, help_text=""):
    """A latitude or longitude: degrees with five decimals (about 1 m), empty when unknown."""
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[validator],
        help_text=help_text,
    )


def latitude_field(help_text=""):
    return coordinate_field(_("latitude"), validate_latitude, help_text)


def longitude_field(help_text=""):
    return coordinate_field(_("longitude"), validate_longitude, help_text)


def check_pair(latitude, longitude):
    """Both coordinates or neither: {field: message} for the one missing."""
    if latitude is None and longitude is not None:
        return {"latitude": _("Give the latitude too, or leave both empty.")}
    if longitude is None and latitude is not None:
        return {"longitude": _("Give the longitude too, or leave both empty.")}
    return {}


def distance_km(latitude, longitude, *, prefix=""):
    """An expression: the distance in km from (latitude, longitude) to the row's location
    (`prefix` + "latitude"/"longitude"); NULL where the row has no location."""
    lat = Cast(F(f"{prefix}latitude"), FloatField())
    lon = Cast(F(f"{prefix}longitude"), FloatField())
    lat0 = Value(float(latitude), output_field=FloatField())
    lon0 = Value(float(longitude), output_field=FloatField())
    # Longitude degrees shrink with the cosine of the latitude between the two points.
    east = (lon - lon0) * Cos(Radians((lat + lat0) / Value(2.0)))
    north = lat - lat0
    return ExpressionWrapper(
        Sqrt(Power(north, 2) + Power(east, 2)) * Value(KM_PER_DEGREE),
        output_field=FloatField(),
    )
