"""The finder's GET form: every filter is optional and every value is checked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.languages import municipality_name
from regions.models import Municipality, Region

from .models import ACCESSIBILITY_FEATURES, VenueCategory


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
        return cleaned
