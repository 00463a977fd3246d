from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem


class PartnerCheckMenuItem(MenuItem):
    def is_shown(self, request):
        from .reports import may_see_report

        return may_see_report(request.user)


@hooks.register("register_admin_urls")
def partner_check_report_urls():
    from .reports import PartnerCheckReport

    return [
        path(
            "reports/partner-checks/",
            PartnerCheckReport.as_view(),
            name="partner_check_report",
        ),
        path(
            "reports/partner-checks/results/",
            PartnerCheckReport.as_view(results_only=True),
            name="partner_check_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def partner_check_report_menu_item():
    """Every partner listing with the date it was last checked (partners/reports.py)."""
    return PartnerCheckMenuItem(
        _("Partner listings' checks"),
        reverse("partner_check_report"),
        icon_name="date",
        order=710,
    )
