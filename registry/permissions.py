"""Who may see and change what in the registry, per object. Every view and API call asks here.

- distributor staff: the cards their own unit issued (background data included);
- venue and ticket-agency staff: a card's status, validity and children's tickets, never background
  data; the uses their own organisation recorded;
- regional coordinators: their region's organisations, accounts, cards and uses;
- the national office: everything, and the card batches.
"""

from core.roles import is_national
from regions.permissions import can_coordinate, regions_coordinated_by

from .models import Membership


def _authenticated(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def memberships(user):
    """The user's memberships of active organisations, with their organisations, regions and public
    pages, in the organisations' name order. Kept on the user object: read once per request of a signed-in desk,
    and once a minute per API token (registry/authentication.py keeps the answer with the token's)."""
    if not _authenticated(user):
        return []
    if getattr(user, "_registry_memberships", None) is None:
        user._registry_memberships = list(
            Membership.objects.filter(user_id=user.pk, organisation__is_active=True)
            .select_related("organisation__region", "organisation__partner_page")
            .order_by("organisation__name")
        )
    return user._registry_memberships


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
    """Whether the user has a statistics dashboard (stats.scope.scopes_for lists one exactly when this
    is true): the national office, a coordinator, or staff of a distributor unit or of a venue that
    records uses. The registry's header asks here, because registry never imports stats."""
    return is_coordinator(user) or any(
        org.is_distributor or org.records_uses for org in member_organisations(user)
    )


def can_manage_organisation(user, organisation) -> bool:
    """Coordinators create and change their region's organisations and accounts (pop-ups: national)."""
    return _authenticated(user) and can_coordinate(user, organisation.region)


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
