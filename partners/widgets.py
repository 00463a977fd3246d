"""The admin's map point picker: the latitude input with a small map beside it (for a venue's
location, and for a municipality's centre point in regions.models).

Typing the coordinates always works; the map (partners/static/partners/js/map-point-picker.js,
with the vendored Leaflet) only fills in the two inputs when the editor clicks a point.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


class MapPointInput(forms.NumberInput):
    template_name = "partners/widgets/map_point_input.html"

    def __init__(self, attrs=None, label=None):
        super().__init__(attrs={"step": "0.00001", **(attrs or {})})
        self.label = label or _("Map: click the venue's place to fill in its coordinates")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["map"] = {
            "label": self.label,
            "tiles": TILE_URL,
            "attribution": TILE_ATTRIBUTION,
        }
        return context

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "partners/css/map.css"]}
        js = ["vendor/leaflet/leaflet.js", "partners/js/map-point-picker.js"]
