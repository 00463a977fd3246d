"""The registry's writes: registration, changes to a card, recording and undoing uses.

Every write runs in a transaction and is idempotent: registration and recording carry a key that a
unique constraint enforces, and the request's fingerprint (:func:`request_digest`) is stored with
it, as Stripe and the IETF's Idempotency-Key draft do. The same key with the same request returns
the original result instead of a duplicate or an error; the same key with a different request is
refused (``key_mismatch``), never answered with the record of another request (issue 15, D1).

The transactions are :func:`registry.rollups.atomic`: the statistics rollups change in the same
transaction as the rows, written once and in key order at its end.
"""

import functools
import hashlib
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, OperationalError, connection, connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import cardnumbers, rollups, rules
from .models import Card, CardBatch, CardEvent, LegacyNumber, Organisation, Use
from .prepared import bound_cursor
from .signals import use_inserted

GROUP_MAX_MEMBERS = 5  # a community card accompanies one client or a small group of 2–5


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


def key_mismatch():
    return RegistryError(
        rules.Refusal(
            "key_mismatch",
            _(
                "This form was already sent with other details. Nothing was recorded now: "
                "check the details and send the form again."
            ),
        )
    )


# --- Hot lookups ------------------------------------------------------------------------------
#
# The desk API's per-request reads (its token, the account's memberships, the card, the
# idempotency key) are single-row lookups by a unique key. Built by the ORM they cost several times
# more CPU than the database takes to answer them (filters, joins and columns compiled anew on every
# request), so they are written once here as SQL over the models' own columns and turned into model
# instances exactly as the ORM does (its database converters, ``Model.from_db``). Still one query
# each, read fresh every request: nothing is cached between requests.


_converters_local = threading.local()


def _loader(model):
    """(columns, attnames, converters) of ``model``'s concrete fields on this thread's connection."""
    cache = getattr(_converters_local, "cache", None)
    if cache is None:
        cache = _converters_local.cache = {}
    key = (connection.alias, model._meta.label)
    found = cache.get(key)
    if found is None:
        fields = model._meta.concrete_fields
        converters = []
        for f in fields:
            col = f.get_col(model._meta.db_table)
            converters.append(
                (col, [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)])
            )
        found = cache[key] = ([f.column for f in fields], [f.attname for f in fields], converters)
    return found


@functools.cache
def _select_list(models, alias):
    """``"m"."id", "m"."user_id", …``: every column of each (alias, model), quoted once."""
    q = connections[alias].ops.quote_name
    return ", ".join(
        f"{q(table)}.{q(f.column)}" for table, model in models for f in model._meta.concrete_fields
    )


def select_rows(models, sql_from, params):
    """Rows of ``SELECT <every column of each model> <sql_from>`` as tuples of model instances.

    ``models``: (alias, model) pairs in the order of the tuple; ``sql_from`` names the tables with
    those aliases (``FROM … JOIN … WHERE …``). An instance whose primary key is NULL (an outer
    join found nothing) is None."""
    loaders = [(alias, model, _loader(model)) for alias, model in models]
    columns = _select_list(tuple(models), connection.alias)
    with bound_cursor() as cursor:
        cursor.execute(f"SELECT {columns} {sql_from}", params)  # noqa: S608 (names from _meta)
        rows = cursor.fetchall()
    result = []
    for row in rows:
        instances, start = [], 0
        for _alias, model, (cols, attnames, converters) in loaders:
            values = list(row[start : start + len(cols)])
            start += len(cols)
            for i, (col, functions) in enumerate(converters):
                for function in functions:
                    values[i] = function(values[i], col, connection)
            pk = values[attnames.index(model._meta.pk.attname)]
            instances.append(
                None if pk is None else model.from_db(connection.alias, attnames, values)
            )
        result.append(tuple(instances))
    return result


def link(instance, field_name, related):
    """Cache ``related`` as ``instance.<field_name>`` (what select_related does)."""
    type(instance)._meta.get_field(field_name).set_cached_value(instance, related)


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
    card = _card_by_number(parsed.text)
    if refusal:
        # A mistyped-looking number may still be a registered legacy card.
        return parsed, card, (None if card else refusal)
    return parsed, card, None


def _card_by_number(number):
    """The card with this number (unique) and its issuing unit, or None (a hot lookup)."""
    q = connection.ops.quote_name
    rows = select_rows(
        [("c", Card), ("o", Organisation)],
        f"FROM {q(Card._meta.db_table)} {q('c')} "
        f"INNER JOIN {q(Organisation._meta.db_table)} {q('o')} "
        f"ON {q('o')}.{q('id')} = {q('c')}.{q('issued_by_id')} "
        f"WHERE {q('c')}.{q('number')} = %s",
        [number],
    )
    if not rows:
        return None
    card, unit = rows[0]
    link(card, "issued_by", unit)
    return card


def allocation_for(parsed, region):
    """(batch, refusal): the batch or legacy allocation that lets `region` register this number."""
    refusal = number_refusal(parsed)
    if refusal:
        return None, refusal
    if Card.objects.filter(number=parsed.text).exists():
        return None, rules.Refusal(
            "already_registered", _("This card number has already been registered.")
        )
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
    new. The key used by another unit, or with other details, is refused (RegistryError)."""
    existing = Card.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if existing.issued_by_id != organisation.pk:
        raise RegistryError(rules.Refusal("key_reused", _("This form was already used.")))
    if existing.request_digest is None:  # registered before digests were kept: its number decides
        same = existing.number == cardnumbers.normalise(number)
    else:
        same = existing.request_digest == digest
    if not same:
        raise key_mismatch()
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
    if idempotency_key:
        existing = replayed_card(
            idempotency_key, organisation=organisation, number=number, digest=digest
        )
        if existing:
            return existing, False
    region = organisation.region
    parsed = parse_number(number)
    batch, refusal = allocation_for(parsed, region)
    if refusal:
        raise RegistryError({"number": refusal})
    if data.get("kind") == Card.Kind.COMMUNITY:
        for name in ("birth_year", "mother_tongue", "gender", "postal_code", "life_situation"):
            data.pop(name, None)  # a community card records its organisation, no background data
    else:
        data.pop("community_name", None)
    try:
        with rollups.atomic():
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
                # Saved, not updated in bulk: the rollups follow saves (registry/rollups.py).
                locked = _locked(replaces)
                old_status = locked.status
                locked.status = Card.Status.WITHDRAWN
                locked.save(update_fields=["status"])
                replaces.status = Card.Status.WITHDRAWN
                _log(
                    replaces,
                    CardEvent.Action.REISSUED,
                    user,
                    organisation,
                    new_number=card.number,
                    old_status=old_status,
                )
    except IntegrityError:
        if idempotency_key:
            # A resend that met its original (a double click): replayed, or refused if it differs.
            existing = replayed_card(
                idempotency_key, organisation=organisation, number=number, digest=digest
            )
            if existing:
                return existing, False
        raise RegistryError(
            {
                "number": rules.Refusal(
                    "already_registered", _("This card number has already been registered.")
                )
            }
        ) from None
    return card, True


def _locked(card):
    return Card.objects.select_for_update().get(pk=card.pk)


@rollups.atomic()
def extend_card(card, *, valid_until, user, organisation, on=None):
    """Extend validity without a new card (DOMAIN.md, "The card")."""
    card = _locked(card)
    on = on or today()
    if card.status != Card.Status.ACTIVE:
        raise RegistryError(rules.Refusal("not_active", _("Only an active card can be extended.")))
    if valid_until <= card.valid_until:
        raise RegistryError(
            {
                "valid_until": rules.Refusal(
                    "not_later", _("The new last valid day must be later than the current one.")
                )
            }
        )
    limit = rules.default_valid_until(max(on, card.valid_until), card.region)
    refusal = rules.check_validity_period(max(on, card.valid_until), valid_until, card.region)
    if refusal or valid_until > limit:
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


@rollups.atomic()
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
    if idempotency_key:
        existing = replayed_card(
            idempotency_key, organisation=organisation, number=number, digest=digest
        )
        if existing:
            return existing, False
    if hasattr(old, "replaced_by"):
        raise RegistryError(
            rules.Refusal("already_reissued", _("This card has already been re-issued."))
        )
    fields = {
        name: getattr(old, name)
        for name in (
            "kind",
            "valid_until",
            "children_count",
            "birth_year",
            "mother_tongue",
            "gender",
            "postal_code",
            "life_situation",
            "community_name",
        )
    }
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


CHILDREN_REFUSALS = {"too_many_children", "course_children", "children_negative"}


def _entry_error(errors, entry, refusal):
    errors[entry.children_field if refusal.code in CHILDREN_REFUSALS else entry.field] = refusal


@dataclass
class RecordResult:
    uses: list = field(default_factory=list)
    replayed: bool = False


def _row_key(key: uuid.UUID, index: int) -> uuid.UUID:
    return key if index == 0 else uuid.uuid5(key, str(index))


def use_digest(kind, entries, community=None):
    """The fingerprint of a record-use request: what is recorded, and each card (its number
    normalised) with its children, the community card first."""
    cards = [community, *entries] if community is not None else entries
    return request_digest(
        "use",
        kind,
        community is not None,
        [(cardnumbers.normalise(e.number), e.children) for e in cards],
    )


def _replay(key, venue, digest):
    """The records of the request first sent with ``key``, or None if the key is new. The key used
    by another desk, or with a different request (``digest``), is refused (RegistryError)."""
    # A hot lookup (select_rows): asked only when a write is refused or meets an existing key.
    q = connection.ops.quote_name
    found = select_rows(
        [("u", Use), ("c", Card)],
        f"FROM {q(Use._meta.db_table)} {q('u')} "
        f"INNER JOIN {q(Card._meta.db_table)} {q('c')} "
        f"ON {q('c')}.{q('id')} = {q('u')}.{q('card_id')} "
        f"WHERE {q('u')}.{q('idempotency_key')} = %s",
        [Use._meta.get_field("idempotency_key").get_db_prep_value(key, connection)],
    )
    if not found:
        return None
    first, card = found[0]
    link(first, "card", card)
    if first.venue_id != venue.pk:
        raise RegistryError(rules.Refusal("key_reused", _("This form was already used.")))
    if first.group_visit:
        uses = list(
            Use.objects.filter(group_visit=first.group_visit).select_related("card").order_by("pk")
        )
    else:
        uses = [first]
    stored = first.request_digest
    if stored is None:  # recorded before digests were kept: the rows say what was sent
        entries = [Entry(u.card.number, u.children) for u in uses]
        group = first.group_visit is not None
        stored = use_digest(
            first.kind, entries[1:] if group else entries, entries[0] if group else None
        )
    if stored != digest:
        raise key_mismatch()
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
                cause = getattr(error, "__cause__", None)
                deadlock = getattr(cause, "sqlstate", None) == "40P01"
                if not deadlock or attempt == DEADLOCK_RETRIES or connection.in_atomic_block:
                    raise
                time.sleep(random.uniform(0.001, 0.01) * (attempt + 1))  # jitter: desks drift apart
        raise AssertionError("unreachable")

    return wrapper


@retry_on_deadlock
def record_uses(*, venue, user, key, kind, entries, community=None, on=None):
    """Record one use, or a group visit: the community card's use and each member's use at once.

    `key` is the submission's idempotency key: the first record carries it, the others keys
    derived from it, so the whole submission is written once however often it is sent.
    """
    key = uuid.UUID(str(key))
    # A resent submission is found by its key: when the desk's rules refuse it (the card was
    # used by the original), or when its insert meets the original's key. Looked up only then,
    # and replayed only when it is the same request (its digest); otherwise refused.
    on = on or today()
    in_group = community is not None
    if in_group and len(entries) > GROUP_MAX_MEMBERS:
        # Before any lookup: a long list of members costs nothing (issue 15, D3).
        raise RegistryError(
            rules.Refusal(
                "group_too_big",
                _("A community card accompanies at most %(count)s people.")
                % {"count": GROUP_MAX_MEMBERS},
            )
        )
    digest = use_digest(kind, entries, community)
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
        replay = _replay(key, venue, digest)
        if replay:
            return replay
        raise RegistryError(errors)
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
            idempotency_key=_row_key(key, index),
            request_digest=digest,
        )
        for index, (card, children) in enumerate(rows)
    ]
    try:
        if not in_group and rollups.one_statement_writes():  # a group visit's count: the ORM's
            (use,) = uses
            rollups.insert_use(use)
            use_inserted.send(sender=Use, use=use)
        else:
            with rollups.atomic():
                for use in uses:
                    use.save(force_insert=True)
    except IntegrityError:
        replay = _replay(key, venue, digest)
        if replay:
            return replay
        raise
    return RecordResult(uses, replayed=False)


@retry_on_deadlock
@rollups.atomic()
def undo_use(use, *, venue, user):
    """Undo a mistaken record (the whole group visit for a group), by the same venue the same day."""
    # Lock the use rows only ("self"): locking their cards too would deadlock with a desk that is
    # recording a use of the same cards (its foreign-key check takes a share lock on each card).
    use = Use.objects.select_for_update(of=("self",)).select_related("card").get(pk=use.pk)
    refusal = rules.can_undo(use, venue=venue, today=today())
    if refusal:
        if refusal.code == "undo_already":
            return [use]  # undoing twice changes nothing
        raise RegistryError(refusal)
    group = (
        list(
            Use.objects.select_for_update(of=("self",))
            .filter(group_visit=use.group_visit)
            .select_related("card")
        )
        if use.group_visit
        else [use]
    )
    moment = timezone.now()
    for item in group:
        item.undone_at, item.undone_by = moment, user
        item.save(update_fields=["undone_at", "undone_by"])
        _log(item.card, CardEvent.Action.USE_UNDONE, user, venue, use=item.pk)
    return group
