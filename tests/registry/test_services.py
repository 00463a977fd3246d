import datetime
import uuid

from django.utils import translation

import pytest

from registry import cardnumbers, services
from registry.models import Card, CardEvent, LegacyNumber, Use
from tests.registry.factories import LegacyNumberFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, the source language (URLs get the /en/ prefix)."""
    with translation.override("en"):
        yield


def register(unit, user, number, today, **extra):
    data = {
        "kind": "personal",
        "issued_on": today,
        "valid_until": today + datetime.timedelta(days=365),
        "children_count": 1,
        "birth_year": 1970,
        "postal_code": "87100",
    }
    data.update(extra)
    return services.register_card(organisation=unit, user=user, number=number, **data)


def test_register_from_own_regions_batch(unit, users, free_number, today):
    number = free_number()
    card, created = register(unit, users["distributor"], number, today)
    assert created and card.batch.region == unit.region and not card.is_legacy
    event = card.events.get()
    assert event.action == "registered" and event.by == users["distributor"]


def test_register_refusals_say_what_went_wrong(
    unit, other_unit, users, free_number, family_card, today
):
    number = free_number()
    mistyped = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(services.RegistryError) as error:
        register(unit, users["distributor"], mistyped, today)
    assert error.value.errors["number"].code == "number_mistyped"
    assert "mistyped" in str(error.value.errors["number"].message)
    with pytest.raises(services.RegistryError) as error:
        register(other_unit, users["other_distributor"], number, today)
    assert error.value.errors["number"].code == "batch_other_region"
    with pytest.raises(services.RegistryError) as error:
        register(unit, users["distributor"], cardnumbers.make_number("Q", 5), today)
    assert error.value.errors["number"].code == "not_in_batch"
    with pytest.raises(services.RegistryError) as error:
        register(unit, users["distributor"], family_card.number, today)
    assert error.value.errors["number"].code == "already_registered"
    with pytest.raises(services.RegistryError) as error:
        register(unit, users["distributor"], "hello", today)
    assert error.value.errors["number"].code == "number_format"


def test_legacy_numbers_only_when_imported_for_the_region(unit, other_unit, users, today):
    number = LegacyNumberFactory(region=unit.region).number
    with pytest.raises(services.RegistryError) as error:
        register(other_unit, users["other_distributor"], number, today)
    assert error.value.errors["number"].code == "legacy_other_region"
    spelled = f"{number[0].lower()} {number[1:4]} {number[4:7]} {number[7:]}"
    card, created = register(unit, users["distributor"], spelled, today)
    assert created and card.is_legacy and card.batch is None and card.number == number
    # Once registered it is found at the desk like any card.
    _parsed, found, refusal = services.find_card(number)
    assert found == card and refusal is None
    LegacyNumber.objects.create(number="B123456789", region=unit.region)
    assert services.parse_number("B123456789").kind == cardnumbers.Kind.LEGACY


def test_registration_replay_returns_the_same_card(unit, users, free_number, today):
    key = uuid.uuid4()
    number = free_number()
    first, created = register(unit, users["distributor"], number, today, idempotency_key=key)
    again, created_again = register(unit, users["distributor"], number, today, idempotency_key=key)
    assert created and not created_again and first.pk == again.pk
    assert Card.objects.filter(number=number).count() == 1
    assert CardEvent.objects.filter(card=first).count() == 1


def test_community_card_keeps_no_background_data(unit, users, free_number, today):
    card, _ = register(
        unit,
        users["distributor"],
        free_number(),
        today,
        kind="community",
        community_name="Kajaanin klubitalo",
    )
    assert (card.birth_year, card.postal_code, card.gender) == (None, "", "")
    assert card.community_name == "Kajaanin klubitalo"


def test_extend_end_withdraw_are_logged(make_card, unit, users, today):
    card = make_card(valid_until=today + datetime.timedelta(days=10))
    user = users["distributor"]
    services.extend_card(
        card, valid_until=today + datetime.timedelta(days=200), user=user, organisation=unit
    )
    card.refresh_from_db()
    assert card.valid_until == today + datetime.timedelta(days=200)
    with pytest.raises(services.RegistryError):  # not later than now
        services.extend_card(card, valid_until=today, user=user, organisation=unit)
    with pytest.raises(services.RegistryError):  # more than 12 months ahead
        services.extend_card(
            card, valid_until=today + datetime.timedelta(days=800), user=user, organisation=unit
        )
    services.set_status(card, "ended", user=user, organisation=unit)
    services.set_status(card, "ended", user=user, organisation=unit)  # repeat: nothing new
    with pytest.raises(services.RegistryError):
        services.set_status(card, "withdrawn", user=user, organisation=unit)
    actions = list(card.events.order_by("at", "pk").values_list("action", "by"))
    assert actions == [("extended", user.pk), ("ended", user.pk)]


def test_reissue_links_new_to_old_and_withdraws_old(make_card, unit, users, free_number):
    old = make_card(children_count=3, birth_year=1966)
    new, created = services.reissue_card(
        old, number=free_number(), user=users["distributor"], organisation=unit
    )
    old.refresh_from_db()
    assert created and new.replaces == old and old.status == "withdrawn"
    assert (new.children_count, new.birth_year, new.valid_until) == (3, 1966, old.valid_until)
    assert old.events.filter(action="reissued", changes__new_number=new.number).exists()
    with pytest.raises(services.RegistryError):
        services.reissue_card(
            old, number=free_number(), user=users["distributor"], organisation=unit
        )


def record(venue, user, number, children=0, kind="ticket", key=None):
    return services.record_uses(
        venue=venue,
        user=user,
        key=key or uuid.uuid4(),
        kind=kind,
        entries=[services.Entry(number, children)],
    )


def test_record_use_with_children_and_refusals(
    venue, users, family_card, community_card, expired_card, free_number
):
    user = users["venue"]
    result = record(venue, user, family_card.number.lower(), children=2)
    assert not result.replayed and result.uses[0].children == 2
    for number, children, kind, code in [
        (family_card.number, 3, "ticket", "too_many_children"),
        (family_card.number, 1, "course", "course_children"),
        (community_card.number, 0, "course", "community_card_course"),
        (expired_card.number, 0, "ticket", "expired"),
        (free_number(), 0, "ticket", "unregistered"),
    ]:
        with pytest.raises(services.RegistryError) as error:
            record(venue, user, number, children, kind)
        assert error.value.first.code == code


def test_record_replay_records_once(venue, agency, users, family_card):
    key = uuid.uuid4()
    first = record(venue, users["venue"], family_card.number, 1, key=key)
    again = record(venue, users["venue"], family_card.number, 1, key=key)
    assert again.replayed and [u.pk for u in again.uses] == [u.pk for u in first.uses]
    assert Use.objects.filter(idempotency_key=key).count() == 1
    # The same key from another venue is refused, never mixed up.
    with pytest.raises(services.RegistryError):
        record(agency, users["agency"], family_card.number, key=key)


def test_group_visit_records_community_and_members_at_once(venue, users, community_card, make_card):
    members = [make_card(children_count=1), make_card(children_count=0)]
    key = uuid.uuid4()
    result = services.record_uses(
        venue=venue,
        user=users["venue"],
        key=key,
        kind="ticket",
        community=services.Entry(community_card.number, 1, "community_number"),
        entries=[
            services.Entry(members[0].number, 1, "member_1"),
            services.Entry(members[1].number, 0, "member_2"),
        ],
    )
    assert len(result.uses) == 3
    assert len({u.group_visit for u in result.uses}) == 1
    assert [u.community_card_id for u in result.uses] == [
        None,
        community_card.pk,
        community_card.pk,
    ]
    # The same submission sent again replays all three (a different one is refused:
    # tests/registry/test_idempotency.py).
    replay = services.record_uses(
        venue=venue,
        user=users["venue"],
        key=key,
        kind="ticket",
        community=services.Entry(community_card.number, 1, "community_number"),
        entries=[
            services.Entry(members[0].number, 1, "member_1"),
            services.Entry(members[1].number, 0, "member_2"),
        ],
    )
    assert replay.replayed and len(replay.uses) == 3


def test_group_visit_refusals(venue, users, community_card, family_card, make_card):
    def group(community, entries, kind="ticket"):
        return services.record_uses(
            venue=venue,
            user=users["venue"],
            key=uuid.uuid4(),
            kind=kind,
            community=services.Entry(community, 0, "community_number"),
            entries=entries,
        )

    with pytest.raises(services.RegistryError) as error:
        group(family_card.number, [services.Entry(make_card().number, 0, "member_1")])
    assert error.value.errors["community_number"].code == "not_community"
    with pytest.raises(services.RegistryError) as error:
        group(community_card.number, [])
    assert error.value.errors[""].code == "group_empty"
    member = make_card().number
    with pytest.raises(services.RegistryError) as error:
        group(
            community_card.number,
            [services.Entry(member, 0, "member_1"), services.Entry(member, 0, "member_2")],
        )
    assert error.value.errors["member_2"].code == "duplicate"
    with pytest.raises(services.RegistryError) as error:
        group(community_card.number, [services.Entry(make_card().number, 0, "m")], kind="course")
    assert error.value.errors["community_number"].code == "community_card_course"
    assert not Use.objects.filter(card=community_card).exists()


def test_undo_same_venue_same_day(venue, agency, users, family_card):
    use = record(venue, users["venue"], family_card.number).uses[0]
    with pytest.raises(services.RegistryError):
        services.undo_use(use, venue=agency, user=users["agency"])
    services.undo_use(use, venue=venue, user=users["venue"])
    use.refresh_from_db()
    assert use.undone_at and use.undone_by == users["venue"]
    assert family_card.events.filter(action="use_undone", changes__use=use.pk).exists()
    services.undo_use(use, venue=venue, user=users["venue"])  # twice: nothing more
    assert family_card.events.filter(action="use_undone").count() == 1
    Use.objects.filter(pk=use.pk).update(
        undone_at=None, recorded_at=use.recorded_at - datetime.timedelta(days=1)
    )
    with pytest.raises(services.RegistryError) as error:
        services.undo_use(use, venue=venue, user=users["venue"])
    assert error.value.first.code == "undo_too_late"
