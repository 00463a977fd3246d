"""Raw-data exports for coordinators (their own region) and the national office.

Nothing personal exists to export (the registry stores none), and the rows are coarsened the same
way as every published table: no card numbers, birth years as 5-year age bands, postal codes of
areas with fewer than five cardholders rolled up to their municipality (stats.disclosure).
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Card
from registry.rules import local_date

from . import disclosure
from .queries import CATEGORY_FIELD, GROUP_LABELS, postal_municipalities, use_group


def rows(scope, dataset, start, end):
    if dataset == "cards":
        return _card_rows(scope, start, end)
    return _use_rows(scope, start, end)


def _card_rows(scope, start, end):
    cards = list(
        scope.cards()
        .filter(registered_at__date__range=(start, end))
        .select_related("issued_by")
        .order_by("registered_at", "pk")
    )
    postal = disclosure.postal_area_labels(
        Counter(c.postal_code or "" for c in cards), postal_municipalities()
    )
    header = [_("Registered (month)"), _("Issuing unit"), _("Kind"), _("Status"), _("Valid until")]
    header += [_("Age band"), _("Gender"), _("Mother tongue"), _("Life situation")]
    header += [_("Children and grandchildren under 16"), _("Postal area")]
    out = []
    for card in cards:
        personal = card.kind == Card.Kind.PERSONAL
        out.append(
            [
                timezone.localtime(card.registered_at).strftime("%Y-%m"),
                card.issued_by.name,
                card.get_kind_display(),
                card.get_status_display(),
                card.valid_until.isoformat(),
                (disclosure.age_band(card.birth_year, end.year) or "") if personal else "",
                card.get_gender_display() if card.gender else "",
                card.get_mother_tongue_display() if card.mother_tongue else "",
                card.get_life_situation_display() if card.life_situation else "",
                min(card.children_count, 4) if personal else "",
                postal.get(card.postal_code or "", "") if personal else "",
            ]
        )
    return [str(h) for h in header], out


def _use_rows(scope, start, end):
    fields = ("recorded_at", "venue__name", "kind", CATEGORY_FIELD, "adults", "children")
    uses = (
        scope.uses()
        .filter(recorded_at__date__range=(start, end))
        .values_list(*fields, "group_visit")
        .order_by("recorded_at", "pk")
    )
    header = [_("Date"), _("Venue"), _("Kind of venue"), _("Adults")]
    header += [_("Children's tickets"), _("Group visit")]
    out = [
        [
            local_date(at).isoformat(),
            venue,
            str(GROUP_LABELS[use_group(kind, category)]),
            adults,
            children,
            _("yes") if group else _("no"),
        ]
        for at, venue, kind, category, adults, children, group in uses
    ]
    return [str(h) for h in header], out


def csv_response(header, rows, filename):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return _attachment(buffer.getvalue(), "text/csv; charset=utf-8", f"{filename}.csv")


def xlsx_response(header, rows, filename):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Kaikukortti")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _attachment(buffer.getvalue(), xlsx, f"{filename}.xlsx")


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
