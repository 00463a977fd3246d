"""The registry's desks: distributor units, venues and ticket agencies, coordinators, the national office.

Every view requires login, answers with ``Cache-Control: no-store`` (shared PCs at a desk), and checks
per object what this user may see (registry/permissions.py). Writes go through registry/services.py.
"""

import functools
import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.roles import is_national
from regions.permissions import regions_coordinated_by
from shows import tickets
from shows.models import Show

from . import permissions, rules, services
from .forms import (
    AccountForm,
    BatchForm,
    CardSearchForm,
    ExtendForm,
    GroupUseForm,
    OrganisationForm,
    RegistrationForm,
    ReissueForm,
    UseForm,
)
from .models import Card, CardBatch, Membership, Organisation, Use


def desk_view(view=None, *, allowed=permissions.may_use_registry):
    """Login required, never cached, and only for people with a registry role (or `allowed`'s)."""
    if view is None:
        return functools.partial(desk_view, allowed=allowed)

    @functools.wraps(view)
    @never_cache
    @login_required
    def wrapper(request, *args, **kwargs):
        if not allowed(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _organisation(request, pk, *, kinds):
    organisation = get_object_or_404(
        Organisation.objects.select_related("region"), pk=pk, is_active=True, kind__in=kinds
    )
    if not permissions.can_work_at(request.user, organisation):
        raise Http404
    return organisation


def _posted(request):
    """The submitted data of a POST, even an empty one (its form then says what is missing)."""
    return request.POST if request.method == "POST" else None


def _add_refusals(form, error):
    for field, refusal in error.errors.items():
        form.add_error(field if field in form.fields else None, refusal.message)
    if any(r.code == "key_mismatch" for r in error.errors.values()):
        form.renew_key()  # its key is spent on another request: the corrected form is a new one


DISTRIBUTOR = [Organisation.Kind.DISTRIBUTOR]
USE_DESKS = [Organisation.Kind.VENUE, Organisation.Kind.TICKET_AGENCY]


@desk_view
def home(request):
    user = request.user
    return render(
        request,
        "registry/home.html",
        {
            "units": permissions.member_organisations(user, DISTRIBUTOR),
            "desks": permissions.member_organisations(user, USE_DESKS),
            "coordinates": permissions.is_coordinator(user),
            "national": is_national(user),
        },
    )


# --- Distributor desk ------------------------------------------------------------------------


@desk_view
def unit_cards(request, org):
    organisation = _organisation(request, org, kinds=DISTRIBUTOR)
    form = CardSearchForm(request.GET or None)
    cards = Card.objects.filter(issued_by=organisation).order_by("-registered_at", "-pk")
    if form.is_valid() and (q := form.cleaned_data["q"]):
        cards = cards.filter(number__icontains=services.cardnumbers.normalise(q))
    page = Paginator(cards, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/unit_cards.html",
        {"organisation": organisation, "form": form, "page_obj": page},
    )


@desk_view
def unit_register(request, org):
    organisation = _organisation(request, org, kinds=DISTRIBUTOR)
    form = RegistrationForm(_posted(request), organisation=organisation, today=services.today())

    def register(**details):
        card, created = services.register_card(**details, **form.card_data())
        if created:
            messages.success(request, _("Card %(number)s registered.") % {"number": card.number})
        else:
            messages.info(
                request, _("Card %(number)s was already registered.") % {"number": card.number}
            )
        return card

    return _new_card(request, organisation, form, register) or render(
        request, "registry/register.html", {"organisation": organisation, "form": form}
    )


def _new_card(request, organisation, form, save):
    """The registration and re-issue forms' one flow: a resubmission shows the card it registered
    the first time; a valid form is saved by `save(**details)`, which returns the card to show;
    None (show the form) on a GET, or on a refusal, with the refusal next to what was typed."""
    replayed = _replayed_registration(request, organisation, form)
    if replayed:
        return replayed
    if request.method == "POST" and not form.errors and form.is_valid():
        try:
            card = save(
                organisation=organisation,
                user=request.user,
                number=form.cleaned_data["number"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                digest=form.request_digest(),
            )
        except services.RegistryError as error:
            _add_refusals(form, error)
        else:
            return redirect("registry:unit_card", org=organisation.pk, number=card.number)
    return None


def _replayed_registration(request, organisation, form):
    """A resubmitted form (double click, retry) shows the card it registered the first time.

    Asked before the form is validated (the original's card makes its number "already
    registered"). The same key with other details is refused on the form, which keeps what was
    typed and gets a new key; a key of another unit is left to the form's own checks."""
    if request.method != "POST":
        return None
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return None
    number, digest = request.POST.get("number", ""), form.request_digest()
    try:
        card = services.replayed_card(key, organisation=organisation, number=number, digest=digest)
    except services.RegistryError as error:
        if error.first.code == "key_mismatch":
            form.is_valid()  # its own errors too, next to what was typed
            _add_refusals(form, error)
        return None
    if card is None:
        return None
    messages.info(request, _("Card %(number)s was already registered.") % {"number": card.number})
    return redirect("registry:unit_card", org=organisation.pk, number=card.number)


def _unit_card(request, org, number):
    organisation = _organisation(request, org, kinds=DISTRIBUTOR)
    if not services.cardnumbers.SHAPE.match(number):
        raise Http404  # not a card number (every stored number has this shape): nothing to look up
    card = get_object_or_404(
        Card.objects.select_related("region", "issued_by", "batch", "replaces"),
        number=number,
        issued_by=organisation,
    )
    return organisation, card


@desk_view
def unit_card(request, org, number, extend_form=None):
    organisation, card = _unit_card(request, org, number)
    return render(
        request,
        "registry/card_detail.html",
        {
            "organisation": organisation,
            "card": card,
            "events": card.events.select_related("by", "organisation")[:50],
            "extend_form": extend_form or ExtendForm(),
            "replaced_by": Card.objects.filter(replaces=card).first(),
            "uses_count": card.uses.counted().count(),
        },
    )


@desk_view
@require_POST
def unit_card_action(request, org, number, action):
    organisation, card = _unit_card(request, org, number)
    if not permissions.can_manage_card(request.user, card, organisation):
        raise Http404
    try:
        if action == "extend":
            if card.status != Card.Status.ACTIVE:
                # Before the form: its errors would not be shown, as only an active card has it.
                raise services.RegistryError(
                    services.rules.Refusal("not_active", _("Only an active card can be extended."))
                )
            form = ExtendForm(request.POST)
            if not form.is_valid():
                return unit_card.__wrapped__(request, org, number, extend_form=form)
            try:
                services.extend_card(
                    card,
                    valid_until=form.cleaned_data["valid_until"],
                    user=request.user,
                    organisation=organisation,
                )
            except services.RegistryError as error:
                _add_refusals(form, error)
                return unit_card.__wrapped__(request, org, number, extend_form=form)
            messages.success(request, _("Validity extended."))
        elif action in ("end", "withdraw"):
            status = Card.Status.ENDED if action == "end" else Card.Status.WITHDRAWN
            services.set_status(card, status, user=request.user, organisation=organisation)
            done = _("The card was ended.") if action == "end" else _("The card was withdrawn.")
            messages.success(request, done)
        else:
            raise Http404
    except services.RegistryError as error:
        messages.error(request, error.first.message)
    return redirect("registry:unit_card", org=organisation.pk, number=card.number)


@desk_view
def unit_reissue(request, org, number):
    organisation, card = _unit_card(request, org, number)
    if not permissions.can_manage_card(request.user, card, organisation):
        raise Http404
    form = ReissueForm(_posted(request), organisation=organisation)

    def reissue(**details):
        new, _created = services.reissue_card(card, **details)
        messages.success(
            request,
            _("Card %(old)s was replaced by %(new)s.") % {"old": card.number, "new": new.number},
        )
        return new

    return _new_card(request, organisation, form, reissue) or render(
        request, "registry/reissue.html", {"organisation": organisation, "card": card, "form": form}
    )


# --- Venue and ticket-agency desk ----------------------------------------------------------


def _shows(request, organisation):
    return tickets.for_desk(organisation, request.GET.get("day", ""), services.today())


def _desk(request, organisation, **extra):
    """The venue desk's page; `extra` adds to its context (a card's status, the form just sent)."""
    today = services.today()
    shows = _shows(request, organisation)
    since_today = Use.objects.filter(venue=organisation, recorded_at__date__gte=today)
    # Each use's show in the page's language: the use points at the default language's row, so
    # its translation's title (if any) and its own row's language come with the same query.
    translated = Show.objects.filter(
        translation_key=OuterRef("show__translation_key"),
        locale__language_code=translation.get_language(),
        live=True,
    )
    recent = since_today.select_related("card", "show").annotate(
        show_title_here=Subquery(translated.values("title")[:1]),
        show_lang=F("show__locale__language_code"),
    )[:30]  # newest first (Use.Meta.ordering)
    context = {
        "organisation": organisation,
        "use_form": UseForm(**shows),
        "group_form": GroupUseForm(**shows),
        "show_day": shows["day"],
        "recent": [u for u in recent if rules.local_date(u.recorded_at) == today],
    }
    return render(request, "registry/venue_desk.html", context | extra)


VENUE_SEES = ("number", "is_community", "community_name", "valid_until", "children_count")


def _status(card, refusal):
    """What a venue may see of a card: status, validity, children's tickets; no background data."""
    status = {"ok": card is not None and refusal is None, "refusal": refusal}
    if card is not None:
        status |= {name: getattr(card, name) for name in VENUE_SEES}
        status["kind"] = card.get_kind_display()
    return status


@desk_view
def venue_desk(request, org):
    organisation = _organisation(request, org, kinds=USE_DESKS)
    return _desk(request, organisation)


def _check(request, organisation, form):
    """The "Check" button of the one card-number form: the card's status next to the form, shown
    again as typed with the same key (nothing was recorded), so "Record" records that card. A
    POST, so that the number stays out of URLs and access logs."""
    extra = {"use_form": form, "active_form": "use"}
    if form.is_valid() or "number" not in form.errors:
        parsed, card, refusal = services.find_card(form.cleaned_data["number"])
        if refusal and card is None and parsed.kind != services.cardnumbers.Kind.NEW:
            form.add_error("number", refusal.message)
        else:
            extra["status"] = _status(card, services.rules.card_refusal(card, services.today()))
    return _desk(request, organisation, **extra)


@desk_view
@require_POST
def venue_record(request, org):
    organisation = _organisation(request, org, kinds=USE_DESKS)
    form = UseForm(request.POST, **_shows(request, organisation))
    if request.POST.get("action") == "check":
        return _check(request, organisation, form)
    return _record(request, organisation, form, "use")


@desk_view
@require_POST
def venue_group(request, org):
    organisation = _organisation(request, org, kinds=USE_DESKS)
    form = GroupUseForm(request.POST, **_shows(request, organisation))
    return _record(request, organisation, form, "group")


def _record(request, organisation, form, active_form):
    """Records what the desk's use form or group form asks (its `to_record()`); on a refusal, the
    desk again with that form open, as typed, its errors next to the fields."""
    if form.is_valid():
        try:
            result = services.record_uses(
                venue=organisation,
                user=request.user,
                key=form.cleaned_data["idempotency_key"],
                **form.to_record(),
            )
        except services.RegistryError as error:
            _add_refusals(form, error)
        else:
            uses = result.uses
            numbers = ", ".join(u.card.number for u in uses)
            if result.replayed:
                messages.info(request, _("Already recorded: %(numbers)s.") % {"numbers": numbers})
            else:
                counts = {"adults": len(uses), "children": sum(u.children for u in uses)}
                message = _("Recorded: %(numbers)s (adults %(adults)s, children %(children)s).")
                messages.success(request, message % {"numbers": numbers, **counts})
            return redirect("registry:venue_desk", org=organisation.pk)
    return _desk(request, organisation, **{f"{active_form}_form": form, "active_form": active_form})


@desk_view
@require_POST
def venue_undo(request, org, use):
    organisation = _organisation(request, org, kinds=USE_DESKS)
    record = get_object_or_404(Use, pk=use, venue=organisation)
    try:
        services.undo_use(record, venue=organisation, user=request.user)
    except services.RegistryError as error:
        messages.error(request, error.first.message)
    else:
        messages.success(request, _("The record was undone."))
    return redirect("registry:venue_desk", org=organisation.pk)


# --- Coordinators ----------------------------------------------------------------------------


@desk_view(allowed=permissions.is_coordinator)
def coordinator_organisations(request):
    user = request.user
    regions = regions_coordinated_by(user)
    form = OrganisationForm(_posted(request), regions=regions, allow_popup=is_national(user))
    if request.method == "POST" and form.is_valid():
        if not permissions.can_manage_organisation(user, form.instance):  # the region chosen
            raise PermissionDenied
        organisation = form.save()
        messages.success(request, _("Organisation %(name)s created.") % {"name": organisation.name})
        return redirect("registry:coordinator_organisation", org=organisation.pk)
    organisations = Organisation.objects.select_related("region")
    if not is_national(user):
        organisations = organisations.filter(region__in=regions)
    return render(
        request,
        "registry/coordinator_organisations.html",
        {"form": form, "organisations": organisations, "regions": regions},
    )


@desk_view(allowed=permissions.is_coordinator)
def coordinator_organisation(request, org):
    organisation = get_object_or_404(Organisation.objects.select_related("region"), pk=org)
    if not permissions.can_manage_organisation(request.user, organisation):
        raise Http404
    form = AccountForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=data["username"], email=data["email"], password=data["password"]
            )
            Membership.objects.create(
                user=user,
                organisation=organisation,
                role=data["role"],
                is_unit_account=data["is_unit_account"],
            )
        messages.success(request, _("Account %(name)s created.") % {"name": user.username})
        return redirect("registry:coordinator_organisation", org=organisation.pk)
    members = organisation.memberships.select_related("user")
    return render(
        request,
        "registry/coordinator_organisation.html",
        {"organisation": organisation, "form": form, "members": members},
    )


# --- National office: batches ----------------------------------------------------------------


@desk_view(allowed=is_national)
def batches(request):
    form = BatchForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        batch = form.save()
        messages.success(request, _("Batch %(batch)s created.") % {"batch": batch})
        return redirect("registry:batches")
    return render(
        request,
        "registry/batches.html",
        {"form": form, "batches": CardBatch.objects.select_related("region")[:100]},
    )


@desk_view(allowed=is_national)
def batch_export(request, batch, fmt):
    from . import exports

    batch = get_object_or_404(CardBatch, pk=batch)
    return exports.response(batch, fmt)
