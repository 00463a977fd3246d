"""Registry demo data: batches, organisations and accounts in Kainuu and Lappi, cards and uses.

Deterministic and idempotent: numbers, cards and uses are keyed, so running it again creates nothing
new. Kept fast with bulk inserts (the whole test session loads it once).
"""

import datetime
import random
import uuid

from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone

from core.demo import ensure_user
from core.roles import national_editors_group
from regions.models import Region

from . import cardnumbers, rollups, rules
from .models import Card, CardBatch, CardEvent, LegacyNumber, Membership, Organisation, Use

DEMO_NAMESPACE = uuid.UUID("5b0c7f38-2d7e-4c36-9d55-6a4f6b1e0a05")
KAINUU_LETTER, LAPPI_LETTER = "K", "L"
KAINUU_CARDS, LAPPI_CARDS, USES = 300, 60, 400
# Fixed cards the browser tests and the desk's first-time users can try:
#   K0000001: personal, 2 children; K0000002: community card; K0000003: expired.
LEGACY_DEMO = "A045198723"


def _region(slug, name_fi, name_sv="", status=Region.Status.IN_USE):
    region, _created = Region.objects.get_or_create(
        slug=slug, defaults={"name_fi": name_fi, "name_sv": name_sv, "status": status}
    )
    if region.coordinators_group_id is None:
        group, _created = Group.objects.get_or_create(name=f"Koordinaattorit: {region.name_fi}")
        region.coordinators_group = group
        region.save(update_fields=["coordinators_group"])
    return region


def _organisation(name, kind, region):
    organisation, _created = Organisation.objects.get_or_create(
        name=name, kind=kind, defaults={"region": region}
    )
    return organisation


def _member(user, organisation, *, unit_account=False):
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"is_unit_account": unit_account}
    )


def _link_partner(organisation, model_name):
    """Link to the live partner page of the same name (the Finnish original), if the partners app
    has one: its category and region then follow the page (Organisation.sync_from_partner), so
    the dashboards count the demo theatre's uses under culture."""
    if organisation.partner_page_id:
        return
    try:
        model = apps.get_model("partners", model_name)
    except LookupError:
        return
    page = (
        model.objects.live()
        .filter(title=organisation.name, alias_of__isnull=True)
        .order_by("pk")
        .first()
    )
    if page is not None:
        organisation.partner_page = page
        organisation.save()


def _batch(region, letter, size, admin):
    batch = CardBatch.objects.filter(region=region, letter=letter, first_serial=1).first()
    if batch is None:
        batch = CardBatch.objects.create(
            region=region, letter=letter, first_serial=1, last_serial=size, created_by=admin
        )
    return batch


def _cards(batch, unit, count, rng, today):
    existing = set(Card.objects.filter(batch=batch).values_list("number", flat=True))
    new = []
    for serial in range(1, count + 1):
        number = cardnumbers.make_number(batch.letter, serial)
        # Draw every value even for existing cards, so the sequence stays deterministic.
        issued_on = today - datetime.timedelta(days=rng.randint(0, 330))
        kind = Card.Kind.COMMUNITY if serial % 37 == 2 else Card.Kind.PERSONAL
        birth_year = rng.randint(1940, issued_on.year - 16)
        children = rng.choice([0, 0, 0, 1, 2, 3])
        tongue = rng.choice(["fi", "fi", "fi", "sv", "ru", "ar", "so", ""])
        gender = rng.choice(["woman", "man", "woman", "", "other"])
        situation = rng.choice(["unemployed", "pensioner", "student", "rehabilitation", ""])
        postal = rng.choice(["87100", "87200", "87300", "88600", "89600", "96100", "94100"])
        status = rng.choices(["active", "ended", "withdrawn"], weights=[90, 6, 4])[0]
        if serial == 1:
            kind, children, status, issued_on = (
                Card.Kind.PERSONAL,
                2,
                "active",
                today - datetime.timedelta(days=30),
            )
        elif serial == 2:
            kind, children, status, issued_on = (
                Card.Kind.COMMUNITY,
                1,
                "active",
                today - datetime.timedelta(days=20),
            )
        valid_until = rules.default_valid_until(issued_on, batch.region)
        if serial == 3:
            kind, status = Card.Kind.PERSONAL, "active"
            issued_on = rules.add_months(today, -13)
            valid_until = rules.add_months(issued_on, 12)
        if number in existing:
            continue
        card = Card(
            number=number,
            kind=kind,
            batch=batch,
            region=batch.region,
            issued_by=unit,
            issued_on=issued_on,
            valid_until=valid_until,
            children_count=children,
            status=status,
        )
        if kind == Card.Kind.COMMUNITY:
            card.community_name = f"{unit.name}: yhteisökortti"
        else:
            card.birth_year, card.postal_code = birth_year, postal
            card.mother_tongue, card.gender, card.life_situation = tongue, gender, situation
        new.append(card)
    Card.objects.bulk_create(new, ignore_conflicts=True)
    created = Card.objects.filter(number__in=[c.number for c in new])
    CardEvent.objects.bulk_create(
        [
            CardEvent(card=card, action=CardEvent.Action.REGISTERED, organisation=unit)
            for card in created
        ]
    )


def _uses(venue, unit, rng, user, today):
    cards = list(
        Card.objects.filter(
            issued_by=unit, status="active", kind="personal", valid_until__gte=today
        )
        .exclude(number=cardnumbers.make_number(KAINUU_LETTER, 1))
        .order_by("number")[:200]
    )
    if not cards:
        return
    uses = []
    for i in range(USES):
        card = cards[rng.randrange(len(cards))]
        kind = "course" if rng.random() < 0.15 else "ticket"
        children = 0 if kind == "course" else rng.randint(0, card.children_count)
        uses.append(
            Use(
                card=card,
                venue=venue,
                kind=kind,
                children=children,
                recorded_by=user,
                idempotency_key=uuid.uuid5(DEMO_NAMESPACE, f"use-{venue.pk}-{i}"),
            )
        )
    Use.objects.bulk_create(uses, ignore_conflicts=True)


def load(report):
    rng = random.Random(5)  # noqa: S311 (deterministic demo data)
    today = timezone.localdate()
    kainuu = _region("kainuu", "Kainuu")
    lappi = _region("lappi", "Lappi", "Lappland")

    admin = ensure_user("rekisteri-kansallinen", groups=[national_editors_group()])
    kainuu_coordinator = ensure_user("koordinaattori-kainuu", groups=[kainuu.coordinators_group])
    lappi_coordinator = ensure_user("koordinaattori-lappi", groups=[lappi.coordinators_group])

    unit = _organisation("Kajaanin aikuissosiaalityö", Organisation.Kind.DISTRIBUTOR, kainuu)
    venue = _organisation("Kajaanin kaupunginteatteri", Organisation.Kind.VENUE, kainuu)
    agency = _organisation("Lipputoimisto Kainuu", Organisation.Kind.TICKET_AGENCY, kainuu)
    lappi_unit = _organisation("Rovaniemen etsivä nuorisotyö", Organisation.Kind.DISTRIBUTOR, lappi)
    lappi_venue = _organisation("Rovaniemen kaupunginmuseo", Organisation.Kind.VENUE, lappi)
    _link_partner(unit, "DistributorPage")
    _link_partner(venue, "VenuePage")

    distributor_user = ensure_user("jakaja-kajaani")
    venue_user = ensure_user("kohde-kajaani")
    agency_user = ensure_user("lipputoimisto")
    lappi_distributor = ensure_user("jakaja-rovaniemi")
    lappi_venue_user = ensure_user("kohde-rovaniemi")
    _member(distributor_user, unit, unit_account=True)
    _member(venue_user, venue, unit_account=True)
    _member(agency_user, agency)
    _member(lappi_distributor, lappi_unit)
    _member(lappi_venue_user, lappi_venue)

    kainuu_batch = _batch(kainuu, KAINUU_LETTER, 2000, admin)
    lappi_batch = _batch(lappi, LAPPI_LETTER, 1000, admin)
    _cards(kainuu_batch, unit, KAINUU_CARDS, rng, today)
    _cards(lappi_batch, lappi_unit, LAPPI_CARDS, rng, today)
    LegacyNumber.objects.get_or_create(number=LEGACY_DEMO, defaults={"region": kainuu})
    _uses(venue, unit, rng, venue_user, today)
    # The bulk inserts above bypass the statistics rollups' signals: recompute them.
    rollups.rebuild()

    report("Registry: national administrator", admin.username)
    report("Registry: Kainuu coordinator", kainuu_coordinator.username)
    report("Registry: Lappi coordinator", lappi_coordinator.username)
    report("Registry: distributor unit (Kajaani)", distributor_user.username)
    report("Registry: venue (Kajaani)", venue_user.username)
    report("Registry: ticket agency", agency_user.username)
    report("Registry: distributor unit (Rovaniemi)", lappi_distributor.username)
    report("Registry: venue (Rovaniemi)", lappi_venue_user.username)
