"""Whose statistics a dashboard shows, and who may open it.

A distributor unit sees the cards it issued and their use; a venue (or ticket agency) the uses it
recorded, never background data; a coordinator their region; the national office everything
(DOMAIN.md, "Statistics and privacy"). Every dashboard, chart and export starts from a :class:`Scope`.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    def cards(self):
        qs = Card.objects.all()
        if self.kind == REGION:
            return qs.filter(region=self.region)
        if self.kind == UNIT:
            return qs.filter(issued_by=self.organisation)
        if self.kind == VENUE:
            return qs.none()
        return qs

    def uses(self):
        qs = Use.objects.counted()
        if self.kind == REGION:
            # Uses at the region's venues (cards work in every region).
            return qs.filter(venue__region=self.region)
        if self.kind == UNIT:
            return qs.filter(card__issued_by=self.organisation)
        if self.kind == VENUE:
            return qs.filter(venue=self.organisation)
        return qs

    def organisations(self):
        """The organisations a reader may filter by within this scope."""
        if self.kind == REGION:
            return Organisation.objects.filter(region=self.region)
        if self.kind in (UNIT, VENUE):
            return Organisation.objects.filter(pk=self.organisation.pk)
        return Organisation.objects.all()

    def regions(self):
        if self.kind == NATIONAL:
            return Region.objects.all()
        if self.kind == REGION:
            return Region.objects.filter(pk=self.region.pk)
        return Region.objects.none()


def national_scope() -> Scope:
    return Scope(NATIONAL, "all", str(_("The whole country")))


def scopes_for(user) -> list[Scope]:
    """Every dashboard this user may open, broadest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    scopes = []
    if is_national(user):
        scopes.append(national_scope())
    for region in regions_coordinated_by(user):
        scopes.append(Scope(REGION, region.slug, region.name, region=region))
    for org in permissions.member_organisations(user):
        if org.is_distributor:
            scopes.append(Scope(UNIT, str(org.pk), org.name, organisation=org))
        elif org.records_uses:
            scopes.append(Scope(VENUE, str(org.pk), org.name, organisation=org))
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
