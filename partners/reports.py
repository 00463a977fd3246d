"""Admin report: every partner listing with its region, municipality and the date it was last
checked (issue 21.2), filterable by region and "not checked for 12 months", exportable as CSV and
XLSX (Wagtail's ReportView). Coordinators see their own regions' listings; the national office sees
every listing, pop-up venues too."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.forms import CheckboxInput
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_type_label
from wagtail.models import Page

import django_filters

from core.roles import is_national
from regions.permissions import regions_coordinated_by

from .freshness import DIGEST_MONTHS, months_before
from .reminders import not_checked_since, partner_listings


def may_see_report(user):
    return is_national(user) or regions_coordinated_by(user).exists()


class PartnerCheckFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=lambda request: regions_coordinated_by(request.user),
        method="filter_region",
    )
    not_checked = django_filters.BooleanFilter(
        label=_("Not checked for 12 months"),
        widget=CheckboxInput,
        method="filter_not_checked",
    )

    class Meta:
        model = Page
        fields = []

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_pk=value.pk) if value else queryset

    def filter_not_checked(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            not_checked_since(months_before(timezone.localdate(), DIGEST_MONTHS))
        )


class PartnerCheckReport(ReportView):
    page_title = _("Partner listings' checks")
    header_icon = "date"
    filterset_class = PartnerCheckFilterSet
    index_url_name = "partner_check_report"
    index_results_url_name = "partner_check_report_results"
    columns = [
        TitleColumn("title", label=_("Listing"), url_name="wagtailadmin_pages:edit"),
        Column(
            "kind", label=_("Type"), accessor=lambda page: get_content_type_label(page.content_type)
        ),
        Column("region_name", label=_("Region")),
        Column("municipality_name", label=_("Municipality")),
        DateColumn("checked", label=_("Checked on")),
    ]
    list_export = ["title", "content_type", "region_name", "municipality_name", "checked"]
    export_headings = {
        "title": _("Listing"),
        "content_type": _("Type"),
        "region_name": _("Region"),
        "municipality_name": _("Municipality"),
        "checked": _("Checked on"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = self.custom_field_preprocess.copy()
        self.custom_field_preprocess["content_type"] = {
            self.FORMAT_CSV: get_content_type_label,
            self.FORMAT_XLSX: get_content_type_label,
        }

    def get_filename(self):
        return f"partner-checks-{timezone.localdate().isoformat()}"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        listings = partner_listings().select_related("content_type")
        if not is_national(self.request.user):
            listings = listings.filter(
                region_pk__in=regions_coordinated_by(self.request.user).values("pk")
            )
        return listings.order_by(F("checked").asc(nulls_first=True), "title", "pk")
