"""Statistics views: role dashboards, coordinators' exports, the public statistics page and CSV,
and the cardholder's "check my card" page. Every number comes protected from queries/public."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wagtail.models import ModelLogEntry

from core.logfilters import keyed_digest
from core.ratelimits import client_ip, over_limit
from registry.models import Card

from . import charts, disclosure, exports, facts, public, queries
from .audit import EXPORT_ACTION, log_export
from .forms import CheckCardForm, ExportForm, FilterForm, default_export_initial
from .scope import NATIONAL, REGION, resolve, scopes_for
from .shows import show_figures

logger = logging.getLogger("registry.check")


@never_cache
@login_required
def dashboards(request):
    scopes = scopes_for(request.user)
    if not scopes:
        raise Http404
    if len(scopes) == 1:
        return redirect("stats:dashboard", kind=scopes[0].kind, key=scopes[0].key)
    return render(request, "stats/dashboards.html", {"scopes": scopes})


def _chart_and_table(title, items):
    items = list(items)
    return {
        "chart": charts.bar_chart(title, items),
        "items": items,
        "rows": charts.table_rows(items),
        "title": title,
    }


def _figures(scope, filters, as_of):
    """The dashboard's figures; where the views are materialized, cached until their next refresh."""
    if not facts.materialized():
        return queries.dashboard(scope, filters)
    places = [getattr(filters, name) for name in ("region", "municipality", "organisation")]
    parts = [as_of.timestamp(), get_language(), scope.kind, scope.key, filters.start, filters.end]
    key = "stats:" + ":".join(str(part) for part in parts + [p and p.pk for p in places])
    timeout = 2 * 60 * facts.refresh_minutes()
    return cache.get_or_set(key, lambda: queries.dashboard(scope, filters), timeout)


@never_cache
@login_required
def dashboard(request, kind, key):
    scope = resolve(request.user, kind, key)
    form = FilterForm(request.GET or None, scope=scope)
    filters = form.filters()
    as_of = facts.as_of()
    data = _figures(scope, filters, as_of)
    table = data["uses"]["table"]
    context = {
        "as_of": as_of,
        "as_of_iso": timezone.localtime(as_of).isoformat(timespec="seconds"),
        "refresh_minutes": facts.refresh_minutes() if facts.materialized() else None,
        "scope": scope,
        "form": form,
        "filters": filters,
        "data": data,
        "uses_by_month": _chart_and_table(
            _("Uses by month"), list(zip(table.row_labels, table.row_totals, strict=True))
        ),
        "uses_by_group": _chart_and_table(
            _("Uses by kind of venue"), list(zip(table.col_labels, table.col_totals, strict=True))
        ),
        "children": _chart_and_table(_("Children's tickets"), data["uses"]["children"].items()),
        "top_venues": _chart_and_table(_("Top venues by uses"), data["top_venues"].items()),
        "yoy_uses": _chart_and_table(_("Uses by year"), data["year_on_year"]["uses"].items()),
        "shows": show_figures(scope, filters),
    }
    if scope.shows_cards:
        context["distributions"] = [
            {"key": name, **_chart_and_table(title, dist.items()), "total": dist.total}
            for name, (title, dist) in data["distributions"].items()
        ]
        context["top_distributors"] = _chart_and_table(
            _("Top distributor units by cards registered"), data["top_distributors"].items()
        )
        context["yoy_cards"] = _chart_and_table(
            _("Cards registered by year"), data["year_on_year"]["cards"].items()
        )
    if scope.kind == NATIONAL:
        context["export_log"] = (
            ModelLogEntry.objects.filter(action=EXPORT_ACTION)
            .select_related("user")
            .order_by("-timestamp")[:20]
        )
    return render(request, "stats/dashboard.html", context)


@never_cache
@login_required
def export(request, kind, key):
    """Raw data of the coordinator's own region, with a stated purpose; every export is logged."""
    scope = resolve(request.user, kind, key)
    if scope.kind not in (NATIONAL, REGION):
        raise Http404
    form = ExportForm(
        request.POST if request.method == "POST" else None, initial=default_export_initial()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        header, rows = exports.rows(scope, data["dataset"], data["start"], data["end"])
        log_export(
            instance=scope.region if scope.region is not None else request.user,
            user=request.user,
            title=str(scope.title),
            data={
                "scope": f"{scope.kind}:{scope.key}",
                "dataset": data["dataset"],
                "start": data["start"].isoformat(),
                "end": data["end"].isoformat(),
                "format": data["file_format"],
                "purpose": data["purpose"],
                "rows": len(rows),
            },
        )
        filename = f"kaikukortti-{scope.key}-{data['dataset']}-{data['start']}-{data['end']}"
        respond = exports.xlsx_response if data["file_format"] == "xlsx" else exports.csv_response
        return respond(header, rows, filename)
    return render(request, "stats/export.html", {"scope": scope, "form": form})


def statistics(request):
    """The public statistics page: the national table by year and the regions' table."""
    today = timezone.localdate()
    national = public.national_table(today)
    years = [row["year"] for row in national["rows"]]
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if year not in years:
        year = today.year
    response = render(
        request,
        "stats/public.html",
        {
            "national": national,
            "regions": public.regions_table(year),
            "year": year,
            "years": years,
            "suppressed_mark": disclosure.SUPPRESSED_MARK,
            "threshold": disclosure.THRESHOLD,
        },
    )
    # Registry writes purge nothing: Varnish keeps the public figures for minutes only.
    patch_cache_control(response, s_maxage=settings.CACHE_LIVE_S_MAXAGE)
    return response


def statistics_csv(request):
    national = public.national_table()
    groups = [str(g) for g in national["groups"]]
    header = [
        _("Year"),
        _("Cards registered"),
        _("Cards activated"),
        *[_("Uses by adults: %(group)s") % {"group": g} for g in groups],
        _("Uses by adults, total"),
        *[_("Children's tickets: %(group)s") % {"group": g} for g in groups],
        _("Children's tickets, total"),
        _("Municipalities"),
    ]
    rows = [
        [
            row["year"],
            row["registered"].csv(),
            row["activated"].csv(),
            *[c.csv() for c in row["adults"]],
            row["adults_total"].csv(),
            *[c.csv() for c in row["children"]],
            row["children_total"].csv(),
            row["municipalities"].csv(),
        ]
        for row in national["rows"]
    ]
    return exports.csv_response([str(h) for h in header], rows, "kaikukortti-statistics")


# --- Check my card ----------------------------------------------------------------------------


@never_cache
def check_card(request):
    """Card number + birth year → validity, children's tickets, own uses. Nothing else, and the
    same answer for a wrong number and a wrong year; limited per address and per card number."""
    form = CheckCardForm(request.POST if request.method == "POST" else None)
    result = card = None
    limited = False
    if request.method == "POST" and form.is_valid():
        number, year = form.cleaned_data["number"], form.cleaned_data["birth_year"]
        # Both counted on every try (settings.RATE_LIMITS); the log line has keyed digests only:
        # a plain hash of a card number is reversed by hashing every possible number.
        limited = over_limit(request, "check_card_address") | over_limit(
            request, "check_card_number", key=lambda _group, _request: number
        )
        if not limited:
            cards = Card.objects.filter(number=number, birth_year=year, kind=Card.Kind.PERSONAL)
            card = cards.select_related("issued_by").first()
        logger.info(
            "check-my-card ip=%s card=%s outcome=%s",
            keyed_digest(client_ip(request)),
            keyed_digest(number),
            "limited" if limited else ("found" if card else "not_found"),
        )
        if card is not None:
            uses = card.uses.counted().select_related("venue").order_by("-recorded_at")
            valid = card.status == Card.Status.ACTIVE and card.valid_until >= timezone.localdate()
            result = {"card": card, "valid": valid, "uses": list(uses[:200])}
    not_found = form.is_bound and form.is_valid() and not limited and card is None
    return render(
        request,
        "stats/check_card.html",
        {"form": form, "result": result, "limited": limited, "not_found": not_found},
        status=429 if limited else 200,
    )
