"""Who may see and change what in the registry, per object. Every view and API call asks here.

- distributor staff: the cards their own unit issued (background data included);
- venue and ticket-agency staff: a card's status, validity and children's tickets, never background
  data; the uses their own organisation recorded;
- regional coordinators: their region's organisations, accounts, cards and uses;
- the national office: everything, and the card batches.
"""

from django.db.models import Q

from core.roles import is_national
from regions.permissions import can_coordinate, regions_coordinated_by

from .models import Card, Membership


def _authenticated(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def memberships(user):
    """The user's memberships with their organisations (cached on the user object)."""
    if not _authenticated(user):
        return []
    cached = getattr(user, "_registry_memberships", None)
    if cached is None:
        cached = _load_memberships(user.pk)
        user._registry_memberships = cached
    return cached


def _load_memberships(user_id):
    """The memberships of active organisations, with their organisations and regions, in the
    organisations' name order. Read once per request of a signed-in desk, and once a minute per API
    token (registry/authentication.py keeps the answer with the token's)."""
    return list(
        Membership.objects.filter(user_id=user_id, organisation__is_active=True)
        .select_related("organisation__region")
        .order_by("organisation__name")
    )


def member_organisations(user, kinds=None):
    return [
        m.organisation for m in memberships(user) if kinds is None or m.organisation.kind in kinds
    ]


def is_member(user, organisation) -> bool:
    return any(m.organisation_id == organisation.pk for m in memberships(user))


def is_coordinator(user) -> bool:
    return _authenticated(user) and (is_national(user) or regions_coordinated_by(user).exists())


def may_use_registry(user) -> bool:
    return bool(memberships(user)) or is_coordinator(user)


def may_see_statistics(user) -> bool:
    """Whether the user has a statistics dashboard: the national office, a coordinator, or staff of
    a distributor unit or of a venue that records uses. The statistics app builds the dashboards
    themselves (stats.scope.scopes_for, which lists one exactly when this is true); the registry's
    header asks here, because registry never imports stats."""
    return is_coordinator(user) or any(
        org.is_distributor or org.records_uses for org in member_organisations(user)
    )


def can_manage_organisation(user, organisation) -> bool:
    """Coordinators create and change their region's organisations and accounts (pop-ups: national)."""
    return _authenticated(user) and can_coordinate(user, organisation.region)


def cards_visible_to(user):
    """Cards whose background data this user may see."""
    if not _authenticated(user):
        return Card.objects.none()
    if is_national(user):
        return Card.objects.all()
    units = [m.organisation_id for m in memberships(user) if m.organisation.is_distributor]
    return Card.objects.filter(Q(region__in=regions_coordinated_by(user)) | Q(issued_by__in=units))


def can_manage_card(user, card, organisation) -> bool:
    """Extend, end, withdraw and re-issue: staff of the unit that issued the card."""
    return (
        organisation.is_distributor
        and card.issued_by_id == organisation.pk
        and (is_member(user, organisation) or is_national(user))
    )


def can_work_at(user, organisation) -> bool:
    """May this user use `organisation`'s desk? Its members, and the national office."""
    return _authenticated(user) and (is_member(user, organisation) or is_national(user))
