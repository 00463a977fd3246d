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
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.roles import is_national
from regions.permissions import regions_coordinated_by

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


def desk_view(view):
    """Login required, never cached, and only for people with a registry role."""

    @functools.wraps(view)
    @never_cache
    @login_required
    def wrapper(request, *args, **kwargs):
        if not permissions.may_use_registry(request.user):
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
    if form.is_valid() and form.cleaned_data["q"]:
        cards = cards.filter(
            number__icontains=services.cardnumbers.normalise(form.cleaned_data["q"])
        )
    page = Paginator(cards, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/unit_cards.html",
        {"organisation": organisation, "form": form, "page_obj": page},
    )


@desk_view
def unit_register(request, org):
    organisation = _organisation(request, org, kinds=DISTRIBUTOR)
    today = services.today()
    form = RegistrationForm(_posted(request), organisation=organisation, today=today)
    replayed = _replayed_registration(request, organisation, form)
    if replayed:
        return replayed
    if request.method == "POST" and not form.errors and form.is_valid():
        try:
            card, created = services.register_card(
                organisation=organisation,
                user=request.user,
                number=form.cleaned_data["number"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                digest=form.request_digest(),
                **form.card_data(),
            )
        except services.RegistryError as error:
            _add_refusals(form, error)
        else:
            if created:
                messages.success(
                    request, _("Card %(number)s registered.") % {"number": card.number}
                )
            else:
                messages.info(
                    request, _("Card %(number)s was already registered.") % {"number": card.number}
                )
            return redirect("registry:unit_card", org=organisation.pk, number=card.number)
    return render(request, "registry/register.html", {"organisation": organisation, "form": form})


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
    try:
        card = services.replayed_card(
            key,
            organisation=organisation,
            number=request.POST.get("number", ""),
            digest=form.request_digest(),
        )
    except services.RegistryError as error:
        if error.first.code != "key_mismatch":
            return None
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
    events = card.events.select_related("by", "organisation")[:50]
    return render(
        request,
        "registry/card_detail.html",
        {
            "organisation": organisation,
            "card": card,
            "events": events,
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
            messages.success(
                request,
                _("The card was ended.") if action == "end" else _("The card was withdrawn."),
            )
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
    replayed = _replayed_registration(request, organisation, form)
    if replayed:
        return replayed
    if request.method == "POST" and not form.errors and form.is_valid():
        try:
            new, _created = services.reissue_card(
                card,
                number=form.cleaned_data["number"],
                user=request.user,
                organisation=organisation,
                idempotency_key=form.cleaned_data["idempotency_key"],
                digest=form.request_digest(),
            )
        except services.RegistryError as error:
            _add_refusals(form, error)
        else:
            messages.success(
                request,
                _("Card %(old)s was replaced by %(new)s.")
                % {"old": card.number, "new": new.number},
            )
            return redirect("registry:unit_card", org=organisation.pk, number=new.number)
    return render(
        request, "registry/reissue.html", {"organisation": organisation, "card": card, "form": form}
    )


# --- Venue and ticket-agency desk ----------------------------------------------------------


def _desk_context(request, organisation, **extra):
    today = services.today()
    recent = (
        Use.objects.filter(venue=organisation, recorded_at__date__gte=today)
        .select_related("card")
        .order_by("-recorded_at", "-pk")[:30]
    )
    context = {
        "organisation": organisation,
        "use_form": UseForm(),
        "group_form": GroupUseForm(),
        "recent": [u for u in recent if rules.local_date(u.recorded_at) == today],
    }
    context.update(extra)
    return context


def _status(card, refusal):
    """What a venue may see of a card: status, validity, children's tickets; no background data."""
    if card is None:
        return {"ok": False, "refusal": refusal}
    return {
        "ok": refusal is None,
        "refusal": refusal,
        "number": card.number,
        "kind": card.get_kind_display(),
        "is_community": card.is_community,
        "community_name": card.community_name,
        "valid_until": card.valid_until,
        "children_count": card.children_count,
    }


@desk_view
def venue_desk(request, org):
    organisation = _organisation(request, org, kinds=USE_DESKS)
    return render(request, "registry/venue_desk.html", _desk_context(request, organisation))


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
    return render(
        request, "registry/venue_desk.html", _desk_context(request, organisation, **extra)
    )


@desk_view
@require_POST
def venue_record(request, org):
    organisation = _organisation(request, org, kinds=USE_DESKS)
    form = UseForm(request.POST)
    if request.POST.get("action") == "check":
        return _check(request, organisation, form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.record_uses(
                venue=organisation,
                user=request.user,
                key=data["idempotency_key"],
                kind=data["kind"],
                entries=[services.Entry(data["number"], data["children"])],
            )
        except services.RegistryError as error:
            _add_refusals(form, error)
        else:
            _recorded_message(request, result)
            return redirect("registry:venue_desk", org=organisation.pk)
    context = _desk_context(request, organisation, use_form=form, active_form="use")
    return render(request, "registry/venue_desk.html", context, status=200)


@desk_view
@require_POST
def venue_group(request, org):
    organisation = _organisation(request, org, kinds=USE_DESKS)
    form = GroupUseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.record_uses(
                venue=organisation,
                user=request.user,
                key=data["idempotency_key"],
                kind=Use.Kind.TICKET,
                entries=form.entries(),
                community=services.Entry(
                    data["community_number"],
                    data["community_children"],
                    "community_number",
                    "community_children",
                ),
            )
        except services.RegistryError as error:
            _add_refusals(form, error)
        else:
            _recorded_message(request, result)
            return redirect("registry:venue_desk", org=organisation.pk)
    context = _desk_context(request, organisation, group_form=form, active_form="group")
    return render(request, "registry/venue_desk.html", context)


def _recorded_message(request, result):
    children = sum(u.children for u in result.uses)
    numbers = ", ".join(u.card.number for u in result.uses)
    if result.replayed:
        messages.info(request, _("Already recorded: %(numbers)s.") % {"numbers": numbers})
    else:
        messages.success(
            request,
            _("Recorded: %(numbers)s (adults %(adults)s, children %(children)s).")
            % {"numbers": numbers, "adults": len(result.uses), "children": children},
        )


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


def _coordinator(request):
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied


@desk_view
def coordinator_organisations(request):
    _coordinator(request)
    user = request.user
    regions = regions_coordinated_by(user)
    form = OrganisationForm(_posted(request), regions=regions, allow_popup=is_national(user))
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data.get("region")
        if not permissions.can_manage_organisation(user, Organisation(region=region)):
            raise PermissionDenied
        organisation = form.save()
        messages.success(request, _("Organisation %(name)s created.") % {"name": organisation.name})
        return redirect("registry:coordinator_organisation", org=organisation.pk)
    organisations = (
        Organisation.objects.filter(region__in=regions)
        if not is_national(user)
        else Organisation.objects.all()
    ).select_related("region")
    return render(
        request,
        "registry/coordinator_organisations.html",
        {"form": form, "organisations": organisations, "regions": regions},
    )


@desk_view
def coordinator_organisation(request, org):
    _coordinator(request)
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


def _national(request):
    if not is_national(request.user):
        raise PermissionDenied


@desk_view
def batches(request):
    _national(request)
    form = BatchForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        batch = form.save(commit=False)
        batch.created_by = request.user
        batch.save()
        messages.success(request, _("Batch %(batch)s created.") % {"batch": batch})
        return redirect(reverse("registry:batches"))
    return render(
        request,
        "registry/batches.html",
        {"form": form, "batches": CardBatch.objects.select_related("region")[:100]},
    )


@desk_view
def batch_export(request, batch, fmt):
    _national(request)
    from . import exports

    batch = get_object_or_404(CardBatch, pk=batch)
    return exports.response(batch, fmt)
