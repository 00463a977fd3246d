"""The registry's writes: registration, changes to a card, recording and undoing uses.

Every write runs in a transaction and is idempotent: registration and recording carry a key that a
unique constraint enforces, and the request's fingerprint (:func:`request_digest`) is stored with
it, as Stripe and the IETF's Idempotency-Key draft do. The same key with the same request returns
the original result instead of a duplicate or an error; the same key with a different request is
refused (``key_mismatch``), never answered with the record of another request.
"""

import functools
import hashlib
import json
import random
import time
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shows import tickets

from . import cardnumbers, rules
from .models import Card, CardBatch, CardEvent, LegacyNumber, Use

GROUP_MAX_MEMBERS = 5  # a community card accompanies one client or a small group of 2–5
BACKGROUND = ("birth_year", "mother_tongue", "gender", "postal_code", "life_situation")


class RegistryError(Exception):
    """A refused write. `errors` maps a form field (or "" for the whole form) to a Refusal."""

    def __init__(self, errors):
        self.errors = errors if isinstance(errors, dict) else {"": errors}
        super().__init__("; ".join(str(r) for r in self.errors.values()))

    @property
    def first(self):
        return next(iter(self.errors.values()))


def today():
    return timezone.localdate()


def request_digest(*parts) -> uuid.UUID:
    """The fingerprint of a write's request, kept with its idempotency key: 128 bits of SHA-256
    over the request's normalised values as JSON. It holds nothing that its row does not already
    hold in clear (the card, the children, the kind), so it needs no secret."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return uuid.UUID(bytes=hashlib.sha256(text.encode()).digest()[:16])


KEY_MISMATCH = rules.Refusal(
    "key_mismatch",
    _(
        "This form was already sent with other details. Nothing was recorded now: "
        "check the details and send the form again."
    ),
)


class _KnownLegacy:
    """`in` answers whether a number is a known legacy number (imported or already a card)."""

    def __contains__(self, number):
        return (
            LegacyNumber.objects.filter(number=number).exists()
            or Card.objects.filter(number=number, is_legacy=True).exists()
        )


def parse_number(text) -> cardnumbers.ParsedNumber:
    return cardnumbers.parse(text, legacy_numbers=_KnownLegacy())


def number_refusal(parsed):
    """The message for a number that is not a card number at all, or is mistyped."""
    if parsed.kind == cardnumbers.Kind.GARBAGE:
        return rules.Refusal(
            "number_format",
            _("A card number is one letter and nine digits, for example K000012345."),
        )
    if parsed.kind == cardnumbers.Kind.MISTYPED:
        return rules.Refusal(
            "number_mistyped",
            _("The card number is mistyped: its check digits do not match. Check every character."),
        )
    return None


def find_card(text):
    """(parsed number, card or None, refusal of the number itself or None)."""
    parsed = parse_number(text)
    refusal = number_refusal(parsed)
    if parsed.kind == cardnumbers.Kind.GARBAGE:
        # Not a card number's shape: no card has it (registration refuses it), so nothing to look
        # up, whatever it holds (PostgreSQL refuses a NUL character in a query outright).
        return parsed, None, refusal
    try:  # get(): the number is unique, so no ORDER BY (first() would add one)
        card = Card.objects.get(number=parsed.text)
    except Card.DoesNotExist:
        card = None
    # A mistyped-looking number may still be a registered legacy card.
    return parsed, card, (None if card else refusal)


ALREADY_REGISTERED = rules.Refusal(
    "already_registered", _("This card number has already been registered.")
)


def allocation_for(parsed, region):
    """(batch, refusal): the batch or legacy allocation that lets `region` register this number."""
    refusal = number_refusal(parsed)
    if refusal:
        return None, refusal
    if Card.objects.filter(number=parsed.text).exists():
        return None, ALREADY_REGISTERED
    if parsed.kind == cardnumbers.Kind.LEGACY:
        if LegacyNumber.objects.filter(number=parsed.text, region=region).exists():
            return None, None
        return None, rules.Refusal(
            "legacy_other_region", _("This old card number was not allocated to your region.")
        )
    letter, serial = cardnumbers.split(parsed.text)
    batches = CardBatch.objects.filter(
        letter=letter, first_serial__lte=serial, last_serial__gte=serial
    )
    batch = batches.filter(region=region).first()
    if batch:
        return batch, None
    if batches.exists():
        return None, rules.Refusal(
            "batch_other_region", _("This card number belongs to another region's batch.")
        )
    return None, rules.Refusal(
        "not_in_batch", _("This card number is not in any batch of printed cards.")
    )


def _log(card, action, user, organisation, **changes):
    CardEvent.objects.create(
        card=card, action=action, by=user, organisation=organisation, changes=changes
    )


def replayed_card(idempotency_key, *, organisation, number, digest):
    """The card registered under ``idempotency_key`` by this very request, or None if the key is
    new or None. The key used by another unit, or with other details, is refused (RegistryError)."""
    existing = idempotency_key and Card.objects.filter(idempotency_key=idempotency_key).first()
    if not existing:
        return None
    if existing.issued_by_id != organisation.pk:
        raise RegistryError(rules.Refusal("key_reused", _("This form was already used.")))
    if existing.request_digest is None:  # registered before digests were kept: its number decides
        same = existing.number == cardnumbers.normalise(number)
    else:
        same = existing.request_digest == digest
    if not same:
        raise RegistryError(KEY_MISMATCH)
    return existing


def register_card(
    *, organisation, user, number, idempotency_key=None, replaces=None, digest=None, **data
):
    """Register a card for `organisation` (a distributor unit). Returns (card, created).

    `data` holds the card's fields (kind, issued_on, valid_until, children_count, background data).
    `digest` is the request's fingerprint (a form passes that of what was typed); by default that
    of the number and `data`.
    """
    if digest is None:
        digest = request_digest(
            "card", cardnumbers.normalise(number), data, replaces.pk if replaces else None
        )
    replay = {"organisation": organisation, "number": number, "digest": digest}
    existing = replayed_card(idempotency_key, **replay)
    if existing:
        return existing, False
    region = organisation.region
    parsed = parse_number(number)
    batch, refusal = allocation_for(parsed, region)
    if refusal:
        raise RegistryError({"number": refusal})
    if data.get("kind") == Card.Kind.COMMUNITY:
        for name in BACKGROUND:
            data.pop(name, None)  # a community card records its organisation, no background data
    else:
        data.pop("community_name", None)
    try:
        with transaction.atomic():
            card = Card.objects.create(
                number=parsed.text,
                batch=batch,
                is_legacy=parsed.kind == cardnumbers.Kind.LEGACY,
                region=region,
                issued_by=organisation,
                idempotency_key=idempotency_key,
                request_digest=digest if idempotency_key else None,
                replaces=replaces,
                **data,
            )
            _log(
                card,
                CardEvent.Action.REGISTERED,
                user,
                organisation,
                valid_until=card.valid_until.isoformat(),
                children_count=card.children_count,
            )
            if replaces is not None:
                old_status = _locked(replaces).status
                replaces.status = Card.Status.WITHDRAWN
                replaces.save(update_fields=["status"])
                _log(
                    replaces,
                    CardEvent.Action.REISSUED,
                    user,
                    organisation,
                    new_number=card.number,
                    old_status=old_status,
                )
    except IntegrityError:
        # A resend that met its original (a double click): replayed, or refused if it differs.
        existing = replayed_card(idempotency_key, **replay)
        if existing:
            return existing, False
        raise RegistryError({"number": ALREADY_REGISTERED}) from None
    return card, True


def _locked(card):
    return Card.objects.select_for_update().get(pk=card.pk)


@transaction.atomic
def extend_card(card, *, valid_until, user, organisation, on=None):
    """Extend validity without a new card (DOMAIN.md, "The card")."""
    card = _locked(card)
    on = on or today()
    if card.status != Card.Status.ACTIVE:
        raise RegistryError(rules.Refusal("not_active", _("Only an active card can be extended.")))
    if valid_until <= card.valid_until:
        later = _("The new last valid day must be later than the current one.")
        raise RegistryError({"valid_until": rules.Refusal("not_later", later)})
    refusal = rules.check_validity_period(max(on, card.valid_until), valid_until, card.region)
    if refusal:
        raise RegistryError({"valid_until": refusal})
    old = card.valid_until
    card.valid_until = valid_until
    card.save(update_fields=["valid_until"])
    _log(
        card,
        CardEvent.Action.EXTENDED,
        user,
        organisation,
        old_valid_until=old.isoformat(),
        valid_until=valid_until.isoformat(),
    )
    return card


@transaction.atomic
def set_status(card, status, *, user, organisation):
    """End a card, or mark it withdrawn (lost or misused). Repeating it changes nothing."""
    card = _locked(card)
    if card.status == status:
        return card
    if card.status != Card.Status.ACTIVE:
        raise RegistryError(
            rules.Refusal("not_active", _("Only an active card can be ended or withdrawn."))
        )
    card.status = status
    card.save(update_fields=["status"])
    action = CardEvent.Action.ENDED if status == Card.Status.ENDED else CardEvent.Action.WITHDRAWN
    _log(card, action, user, organisation, old_status=Card.Status.ACTIVE)
    return card


def reissue_card(old, *, number, user, organisation, idempotency_key=None, digest=None):
    """A lost card is replaced by a new number linked to the old one, with the same data."""
    if digest is None:
        digest = request_digest("reissue", old.pk, cardnumbers.normalise(number))
    existing = replayed_card(
        idempotency_key, organisation=organisation, number=number, digest=digest
    )
    if existing:
        return existing, False
    if hasattr(old, "replaced_by"):
        raise RegistryError(
            rules.Refusal("already_reissued", _("This card has already been re-issued."))
        )
    carried = ("kind", "valid_until", "children_count", "community_name", *BACKGROUND)
    fields = {name: getattr(old, name) for name in carried}
    fields["issued_on"] = min(today(), fields["valid_until"])
    return register_card(
        organisation=organisation,
        user=user,
        number=number,
        idempotency_key=idempotency_key,
        replaces=old,
        digest=digest,
        **fields,
    )


# --- Recording use ---------------------------------------------------------------------------


@dataclass
class Entry:
    """One card in a submission: its number as typed and its children's tickets, and the form
    fields they came from (a refusal about the children is shown next to the children's field)."""

    number: str
    children: int = 0
    field: str = "number"
    children_field: str = "children"

    @classmethod
    def named(cls, data, field, children_field):
        """The entry of a form's or a request's card-number field and its children's field."""
        return cls(data[field], data.get(children_field) or 0, field, children_field)


CHILDREN_REFUSALS = {"too_many_children", "course_children", "children_negative"}


def _entry_error(errors, entry, refusal):
    errors[entry.children_field if refusal.code in CHILDREN_REFUSALS else entry.field] = refusal


@dataclass
class RecordResult:
    uses: list = field(default_factory=list)
    replayed: bool = False


def _row_key(key: uuid.UUID, index: int) -> uuid.UUID:
    return key if index == 0 else uuid.uuid5(key, str(index))


def use_digest(kind, entries, community=None, show=None):
    """The fingerprint of a record-use request: what is recorded, and each card (its number
    normalised) with its children, the community card first, and the show's id if one is named
    (left out otherwise, so that the digests of uses without a show are as they always were)."""
    cards = [community, *entries] if community is not None else entries
    numbers = [(cardnumbers.normalise(e.number), e.children) for e in cards]
    named = () if show is None else (show,)
    return request_digest("use", kind, community is not None, numbers, *named)


def _replay(key, venue, digest, refused):
    """The records of the request first sent with ``key``, if this is a resend of it. A new key
    raises ``refused`` (why the write failed); the key used by another desk, or with a different
    request (``digest``), is refused (RegistryError)."""
    first = Use.objects.select_related("card").filter(idempotency_key=key).first()
    if first is None:
        raise refused
    if first.venue_id != venue.pk:
        raise RegistryError(rules.Refusal("key_reused", _("This form was already used.")))
    uses = [first]
    if first.group_visit:
        members = Use.objects.filter(group_visit=first.group_visit).select_related("card")
        uses = list(members.order_by("pk"))
    stored = first.request_digest
    if stored is None:  # recorded before digests were kept: the rows say what was sent
        entries = [Entry(u.card.number, u.children) for u in uses]
        group = first.group_visit is not None
        community = entries[0] if group else None
        stored = use_digest(first.kind, entries[1:] if group else entries, community, first.show_id)
    if stored != digest:
        raise RegistryError(KEY_MISMATCH)
    return RecordResult(uses, replayed=True)


def check_card_for_use(entry, *, kind, in_group=False, on=None):
    """(card, refusal) for one entry at the desk."""
    _parsed, card, refusal = find_card(entry.number)
    if refusal:
        return None, refusal
    refusal = rules.card_refusal(card, on or today())
    if refusal:
        return card, refusal
    return card, rules.check_use(card, kind=kind, children=entry.children, in_group=in_group)


DEADLOCK_RETRIES = 10


def retry_on_deadlock(function):
    """Run a write again when PostgreSQL broke a deadlock by aborting it (its documented advice:
    retry the transaction). Safe because every write here is idempotent (its key, or a re-read)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        for attempt in range(DEADLOCK_RETRIES + 1):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                deadlock = getattr(error.__cause__, "sqlstate", None) == "40P01"
                if not deadlock or attempt == DEADLOCK_RETRIES or connection.in_atomic_block:
                    raise
                time.sleep(random.uniform(0.001, 0.01) * (attempt + 1))  # jitter: desks drift apart
        raise AssertionError("unreachable")

    return wrapper


@retry_on_deadlock
def record_uses(*, venue, user, key, kind, entries, community=None, on=None, show=None):
    """Record one use, or a group visit: the community card's use and each member's use at once.

    `key` is the submission's idempotency key: the first record carries it, the others keys
    derived from it, so the whole submission is written once however often it is sent. `show` (one
    of shows.tickets.desk_shows) takes the card tickets, or refuses them all at its cap.
    """
    key = uuid.UUID(str(key))
    # A resent submission is found by its key: when the desk's rules refuse it (the card was
    # used by the original), or when its insert meets the original's key. Looked up only then,
    # and replayed only when it is the same request (its digest); otherwise refused.
    on = on or today()
    in_group = community is not None
    if in_group and len(entries) > GROUP_MAX_MEMBERS:
        # Before any lookup: a long list of members costs nothing.
        too_many = _("A community card accompanies at most %(count)s people.")
        raise RegistryError(rules.Refusal("group_too_big", too_many % {"count": GROUP_MAX_MEMBERS}))
    digest = use_digest(kind, entries, community, show and show.pk)
    errors = {}
    rows = []
    if in_group:
        card, refusal = check_card_for_use(community, kind=kind, in_group=True, on=on)
        if not refusal and card.kind != Card.Kind.COMMUNITY:
            refusal = rules.Refusal("not_community", _("This is not a community card."))
        if refusal:
            _entry_error(errors, community, refusal)
        community_card = card
        rows.append((card, community.children))
        if not entries:
            errors[""] = rules.Refusal("group_empty", _("Add the card of each group member."))
    seen = set()
    for entry in entries:
        card, refusal = check_card_for_use(entry, kind=kind, in_group=in_group, on=on)
        if not refusal and in_group and card.kind == Card.Kind.COMMUNITY:
            refusal = rules.Refusal(
                "member_community", _("Each group member needs their own personal card.")
            )
        if not refusal and card.pk in seen:
            refusal = rules.Refusal("duplicate", _("This card is already in this record."))
        if refusal:
            _entry_error(errors, entry, refusal)
        else:
            seen.add(card.pk)
        rows.append((card, entry.children))
    if errors:
        return _replay(key, venue, digest, RegistryError(errors))
    group_visit = uuid.uuid5(key, "group") if in_group else None
    moment = timezone.now()  # one moment for the whole submission: a group visit has one day
    uses = [
        Use(
            card=card,
            venue=venue,
            kind=kind,
            children=children,
            group_visit=group_visit,
            community_card=community_card if in_group and index else None,
            recorded_by=user,
            recorded_at=moment,
            show=show,
            idempotency_key=_row_key(key, index),
            request_digest=digest,
        )
        for index, (card, children) in enumerate(rows)
    ]
    try:
        with transaction.atomic():
            if show is not None:
                tickets.take(show, sum(tickets.tickets_of(children) for _c, children in rows))
            for use in uses:
                use.save(force_insert=True)
    except tickets.CapReached as full:  # or a resend of the record that took the last ticket
        refused = RegistryError({"show": rules.Refusal("show_full", full.message)})
        return _replay(key, venue, digest, refused)
    except IntegrityError as error:
        return _replay(key, venue, digest, error)
    return RecordResult(uses, replayed=False)


@retry_on_deadlock
@transaction.atomic
def undo_use(use, *, venue, user):
    """Undo a mistaken record (the whole group visit for a group), by the same venue the same day."""
    # Lock the use rows only ("self"): locking their cards too would deadlock with a desk that is
    # recording a use of the same cards (its foreign-key check takes a share lock on each card).
    locked = Use.objects.select_for_update(of=("self",)).select_related("card")
    use = locked.get(pk=use.pk)
    refusal = rules.can_undo(use, venue=venue, today=today())
    if refusal:
        if refusal.code == "undo_already":
            return [use]  # undoing twice changes nothing
        raise RegistryError(refusal)
    group = list(locked.filter(group_visit=use.group_visit)) if use.group_visit else [use]
    moment = timezone.now()
    for item in group:
        item.undone_at, item.undone_by = moment, user
        item.save(update_fields=["undone_at", "undone_by"])
        if item.show_id:
            tickets.give_back(item.show_id, tickets.tickets_of(item.children))
        _log(item.card, CardEvent.Action.USE_UNDONE, user, venue, use=item.pk)
    return group
