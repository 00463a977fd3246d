"""The "what's on" page's GET filters: every filter optional, every value checked; an invalid
one is reported and left out, the valid ones still filter."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import municipality_name
from partners.models import VenueCategory

MAX_RANGE_DAYS = 400  # a date range of about a year at most


class ShowFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    category = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("All kinds"))] + list(VenueCategory.choices),
    )
    children = forms.BooleanField(
        label=_("Free tickets for my children under 16 too"), required=False
    )
    left = forms.BooleanField(label=_("Card tickets left"), required=False)

    def __init__(self, data=None, *, regions=(), municipalities=(), **kwargs):
        super().__init__(data, **kwargs)
        # Named as in the address (?from=…&until=…), which a class attribute cannot be ("from" is
        # a keyword); settings.CACHE_PUBLIC_QUERY_PARAMS lists both.
        for name, label, example in (
            ("from", _("From"), _("For example 24.12.2026")),
            ("until", _("Until"), _("For example 31.12.2026")),
        ):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                help_text=example,
                input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
        self.order_fields(
            ["region", "municipality", "category", "from", "until", "children", "left"]
        )
        self.regions_by_slug = {r.slug: r for r in regions}
        self.municipalities_by_id = {str(m.pk): m for m in municipalities}
        ordered = sorted(regions, key=lambda r: r.name)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.slug, r.name) for r in ordered
        ]
        grouped = {}
        for m in municipalities:
            grouped.setdefault(m.region_id, []).append((str(m.pk), municipality_name(m)))
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (r.name, sorted(grouped[r.pk], key=lambda c: c[1])) for r in ordered if r.pk in grouped
        ]

    def clean(self):
        cleaned = super().clean()
        cleaned["region_obj"] = self.regions_by_slug.get(cleaned.get("region") or "")
        cleaned["municipality_obj"] = self.municipalities_by_id.get(
            cleaned.get("municipality") or ""
        )
        start, end = cleaned.get("from"), cleaned.get("until")
        if start and end and end < start:
            self.add_error("until", _("The end date cannot be before the start date."))
            end = None
        if start and end and (end - start).days > MAX_RANGE_DAYS:
            self.add_error("until", _("Choose a range of at most a year."))
            end = None
        today = timezone.localdate()
        if end and end < today - datetime.timedelta(days=1):
            self.add_error("until", _("Past shows are not listed. Choose a later date."))
            end = None
        cleaned["from"], cleaned["until"] = start, end
        return cleaned

    def query(self):
        """The valid filters as (name, value) pairs for an address, in the form's order: choices,
        dates and "on", so that a cache key made of them is bounded."""
        pairs = []
        for name in self.fields:
            value = getattr(self, "cleaned_data", {}).get(name)
            if value is True:
                value = "on"
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            if value:
                pairs.append((name, value))
        return pairs
