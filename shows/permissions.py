"""Who may edit shows and their import sources: the national office everywhere, a region's
coordinators for the venues of their own region (materials.permissions.RegionScopedPolicy, with
the region reached through the venue's municipality). Shows of pop-up venues are the national
office's, as the pop-up venues are (DOMAIN.md, "Regions and coordinators").

A venue's contact person (accounts.partner_access, issue 21.1) also lists, adds and changes the
shows of their own venue (ShowPolicy): never deletes one (they mark it cancelled), and never
touches the Linked Events sources."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.partner_access import partner_pages
from core.roles import is_national
from materials.permissions import RegionScopedPolicy
from regions.permissions import regions_coordinated_by


def partner_venue_ids(user):
    """The ids of the venues (default language) whose contact person `user` is. Their group is
    on the page they were invited from, in any language; a show's venue is the default
    language's page, so the two meet by `translation_key`. Kept on the user for the request."""
    cached = getattr(user, "_kaiku_partner_venue_ids", None)
    if cached is None:
        from .models import default_locale_venues

        keys = partner_pages(user).values("translation_key")
        cached = frozenset(
            default_locale_venues().filter(translation_key__in=keys).values_list("pk", flat=True)
        )
        if getattr(user, "is_authenticated", False):
            user._kaiku_partner_venue_ids = cached
    return cached


class VenueRegionPolicy(RegionScopedPolicy):
    coordinator_actions = frozenset({"add", "change", "delete", "view"})
    region_lookup = "venue__municipality__region"  # the instances' `region` property, as a lookup

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if is_national(user):
            return manager.all()
        if not set(actions) & self.coordinator_actions:
            return manager.none()
        return manager.filter(**{f"{self.region_lookup}__in": regions_coordinated_by(user)})


class ShowPolicy(VenueRegionPolicy):
    """VenueRegionPolicy, and a venue's contact person for their own venue's shows. The region's
    coordinators publish; a contact person saves drafts and submits them (shows/workflows.py)."""

    coordinator_actions = VenueRegionPolicy.coordinator_actions | {"publish"}
    partner_actions = frozenset({"add", "change", "view"})

    def _partner_may(self, user, action):
        return action in self.partner_actions and bool(partner_venue_ids(user))

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) or self._partner_may(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if instance.pk is None and not instance.venue_id:
            # A show being added: its venue (and region) comes with the form, which offers only
            # the user's own venues (admin_forms.VenueScopedForm).
            return self.user_has_permission(user, action)
        if super().user_has_permission_for_instance(user, action, instance):
            return True
        return self._partner_may(user, action) and instance.venue_id in partner_venue_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if is_national(user) or not set(actions) & self.partner_actions:
            return instances
        own = partner_venue_ids(user)
        return instances | self.model._default_manager.filter(venue__in=own) if own else instances

    def _partners_q(self, actions, instance=None):
        """The contact persons of one show's venue (or of any venue), as a users' filter."""
        if not set(actions) & self.partner_actions:
            return Q(pk__in=[])
        if instance is None:
            return Q(groups__partner_access__page__venuepage__isnull=False)
        return Q(groups__partner_access__page__translation_key=instance.venue.translation_key)

    def users_with_any_permission(self, actions):
        others = super().users_with_any_permission(actions).values("pk")
        return (
            get_user_model()
            .objects.filter(Q(pk__in=others) | self._partners_q(actions), is_active=True)
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        others = super().users_with_any_permission_for_instance(actions, instance).values("pk")
        return (
            get_user_model()
            .objects.filter(Q(pk__in=others) | self._partners_q(actions, instance), is_active=True)
            .distinct()
        )
