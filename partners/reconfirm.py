"""The page a yearly reminder's link opens: one button says the listing is still correct, or the
partner opens the editor (issue 21.2). No login: the signed link is the credential, for one
listing, once, for 30 days (partners.reminders)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import reminders

REFUSED_STATUS = {"invalid": 404, "expired": 410, "used": 410}


@never_cache
@require_http_methods(["GET", "POST"])
def reconfirm(request, page_id, token):
    try:
        notice = reminders.notice_for_link(page_id, token)
    except reminders.LinkRefused as refused:
        return render(
            request,
            "partners/reconfirm.html",
            {"refused": refused.reason},
            status=REFUSED_STATUS[refused.reason],
        )
    page = notice.page.specific
    if request.method == "POST":
        if not reminders.reconfirm(notice):
            return render(request, "partners/reconfirm.html", {"refused": "used"}, status=410)
        page.refresh_from_db()
        return render(request, "partners/reconfirm.html", {"listing": page, "done": True})
    return render(
        request,
        "partners/reconfirm.html",
        {"listing": page, "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk])},
    )
