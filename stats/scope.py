"""Whose statistics a dashboard shows, and who may open it.

A distributor unit sees the cards it issued and their use; a venue (or ticket agency) the uses it
recorded, never background data; a coordinator their region; the national office everything
(DOMAIN.md, "Statistics and privacy"). Every dashboard, chart and export starts from a :class:`Scope`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.roles import is_national
from regions.models import Region
from regions.permissions import can_coordinate, regions_coordinated_by
from registry import permissions
from registry.models import Card, Organisation, Use

NATIONAL = "national"
REGION = "region"
UNIT = "unit"
VENUE = "venue"


@dataclass(frozen=True)
class Scope:
    kind: str
    key: str = ""
    title: str = ""
    region: Region | None = None
    organisation: Organisation | None = None

    @property
    def shows_cards(self) -> bool:
        """Venues never see cards or background data, only the uses they recorded."""
        return self.kind != VENUE

    @property
    def may_export(self) -> bool:
        return self.kind in (NATIONAL, REGION)

    def card_q(self, prefix="") -> Q | None:
        """The scope's cards as a condition (``prefix``: the path to the card, "card__" from an
        event); None for a venue, which sees no cards."""
        if self.kind == VENUE:
            return None
        if self.kind == REGION:
            return Q(**{f"{prefix}region": self.region})
        if self.kind == UNIT:
            return Q(**{f"{prefix}issued_by": self.organisation})
        return Q()

    def use_q(self, unit="card__issued_by") -> Q:
        """The scope's uses as a condition (``unit``: the path to the card's issuing unit)."""
        if self.kind == REGION:
            return Q(venue__region=self.region)  # uses at the region's venues (cards work anywhere)
        if self.kind == UNIT:
            return Q(**{unit: self.organisation})
        if self.kind == VENUE:
            return Q(venue=self.organisation)
        return Q()

    def cards(self):
        q = self.card_q()
        return Card.objects.none() if q is None else Card.objects.filter(q)

    def uses(self):
        return Use.objects.counted().filter(self.use_q())

    def organisations(self):
        """The organisations a reader may filter by within this scope."""
        if self.kind == REGION:
            return Organisation.objects.filter(region=self.region)
        if self.kind in (UNIT, VENUE):
            return Organisation.objects.filter(pk=self.organisation.pk)
        return Organisation.objects.all()


def national_scope() -> Scope:
    return Scope(NATIONAL, "all", str(_("The whole country")))


def scopes_for(user) -> list[Scope]:
    """Every dashboard this user may open, broadest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    scopes = [national_scope()] if is_national(user) else []
    scopes += [Scope(REGION, r.slug, r.name, region=r) for r in regions_coordinated_by(user)]
    for org in permissions.member_organisations(user):
        if org.is_distributor or org.records_uses:
            kind = UNIT if org.is_distributor else VENUE
            scopes.append(Scope(kind, str(org.pk), org.name, organisation=org))
    return scopes


def resolve(user, kind: str, key: str) -> Scope:
    """The scope at this address if the user may see it; 404 otherwise (never telling which)."""
    if kind == NATIONAL and is_national(user):
        return national_scope()
    if kind == REGION:
        region = Region.objects.filter(slug=key).first()
        if region is not None and can_coordinate(user, region):
            return Scope(REGION, region.slug, region.name, region=region)
    if kind in (UNIT, VENUE) and key.isdigit():
        org = Organisation.objects.select_related("region").filter(pk=int(key)).first()
        if org is not None and (kind == UNIT) == org.is_distributor:
            if kind == VENUE and not org.records_uses:
                raise Http404
            allowed = permissions.is_member(user, org) or (
                org.region is not None and can_coordinate(user, org.region)
            )
            if allowed or is_national(user):
                return Scope(kind, str(org.pk), org.name, organisation=org)
    raise Http404
