"""Per-region permission policies for the admin: a coordinator acts on their own regions' brochures
and commitments only; the national office on all of them."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies.base import BasePermissionPolicy

from core.roles import NATIONAL_EDITORS, is_national
from regions.permissions import can_coordinate, regions_coordinated_by


class RegionScopedPolicy(BasePermissionPolicy):
    """`coordinator_actions` for coordinators (in their regions), everything for the national office."""

    coordinator_actions = frozenset({"add", "change", "view", "lock", "unlock"})
    national_actions = None  # None = every action
    region_field = "region"

    def _national_may(self, action):
        return self.national_actions is None or action in self.national_actions

    def user_has_permission(self, user, action):
        if is_national(user):
            return self._national_may(action)
        return action in self.coordinator_actions and regions_coordinated_by(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if is_national(user):
            return self._national_may(action)
        if action not in self.coordinator_actions:
            return False
        region = getattr(instance, self.region_field, None)
        return region is not None and can_coordinate(user, region)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if is_national(user) and any(self._national_may(a) for a in actions):
            return self.model._default_manager.all()
        if not set(actions) & self.coordinator_actions:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(
            **{f"{self.region_field}__in": regions_coordinated_by(user)}
        )

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission(self, actions):
        User = get_user_model()
        q = Q(is_superuser=True) | Q(groups__name=NATIONAL_EDITORS)
        if set(actions) & self.coordinator_actions:
            q |= Q(groups__coordinated_region__isnull=False)
        return User.objects.filter(q, is_active=True).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])

    def users_with_any_permission_for_instance(self, actions, instance):
        User = get_user_model()
        q = Q(is_superuser=True) | Q(groups__name=NATIONAL_EDITORS)
        region = getattr(instance, self.region_field, None)
        if set(actions) & self.coordinator_actions and region and region.coordinators_group_id:
            q |= Q(groups=region.coordinators_group_id)
        return User.objects.filter(q, is_active=True).distinct()

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission_for_instance([action], instance)


class BrochurePolicy(RegionScopedPolicy):
    """Coordinators draft, edit and submit; only the national office publishes (approves) and
    deletes."""


class CommitmentPolicy(RegionScopedPolicy):
    """Commitments arrive through the public form: nobody adds them in the admin; coordinators
    correct and decide their own region's; deleting is for the national office."""

    coordinator_actions = frozenset({"change", "view"})
    national_actions = frozenset({"change", "view", "delete"})
