"""Admin forms: a coordinator picks only venues (and their caps) of the regions they coordinate; a
venue's contact person only their own venue for a show (shows.permissions.ShowPolicy)."""

from django import forms
from django.db.models import Q

from wagtail.admin.forms import WagtailAdminModelForm

from core.roles import is_national
from regions.permissions import regions_coordinated_by

# The models a venue's contact person edits for their own venue (label): shows, never the
# Linked Events sources, which use the same form.
PARTNER_EDITED_MODELS = frozenset({"shows.Show"})


def venues_for(user, *, own_venues=False):
    """The venues (default language) whose shows and sources this user may edit; with
    `own_venues`, also those whose contact person the user is."""
    from .models import default_locale_venues
    from .permissions import partner_venue_ids

    venues = default_locale_venues().select_related("municipality").order_by("title", "pk")
    if user is None or is_national(user):
        return venues
    scope = Q(municipality__region__in=regions_coordinated_by(user))
    if own_venues:
        scope |= Q(pk__in=partner_venue_ids(user))
    return venues.filter(scope)


class VenueScopedForm(WagtailAdminModelForm):
    """The venue field lists the user's own venues: any other venue is an invalid choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venues = venues_for(
            getattr(self, "for_user", None),
            own_venues=self._meta.model._meta.label in PARTNER_EDITED_MODELS,
        )
        if "venue" in self.fields:
            self.fields["venue"].queryset = venues
            self.fields["venue"].widget = forms.Select(choices=self.fields["venue"].choices)
        if "venue_cap" in self.fields:
            from partners.models import VenueCap

            self.fields["venue_cap"].queryset = (
                VenueCap.objects.filter(venue__in=venues)
                .select_related("venue")
                .order_by("venue__title", "sort_order")
            )
            self.fields["venue_cap"].label_from_instance = lambda c: f"{c.venue.title}: {c}"
            self.fields["venue_cap"].widget = forms.Select(choices=self.fields["venue_cap"].choices)
