"""Who was refused what: an audit of signed-in users' refused requests (issue 15).

Django's request logger only says "Forbidden: <path>", with no user, and the Wagtail admin's refusals
that send the user back to the dashboard are not logged at all. `RefusalLogMiddleware` writes a
`RefusalLog` row for every 403 answered to a signed-in user (pages, registry desks, the API with a
token, admin screens) and for the admin's refusals, which Wagtail answers with a redirect and a
message (recorded as 403), so a coordinator's attempt to open another region's records shows in
the national office's listing (Reports).

Only 403s: a registry desk answers 404 for another region's card so as not to confirm that it
exists, and those 404s cannot be told apart from a mistyped address here. Anonymous refusals are
not written (anyone could fill the table; they have no user to name).
"""

from django.conf import settings
from django.contrib import messages
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .logfilters import mask
from .models import RefusalLog
from .roles import is_national
from .upstream_workarounds import queued_messages

ADMIN_PREFIX = "/admin/"


# Wagtail's words when it sends a refused user back (wagtail/admin/auth.py): `permission_denied`
# to the admin's home, `require_admin_access` (no admin access at all) to the login page.
ADMIN_REFUSALS = (
    "Sorry, you do not have permission to access this area.",
    "You do not have permission to access the admin.",
)


def _admin_refusal_texts():
    """The refusals in every admin language: Wagtail writes them in the user's own."""
    languages = {code for code, _name in settings.LANGUAGES}
    languages |= {code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES}
    texts = set()
    for language in languages:
        with translation.override(language):
            texts.update(translation.gettext(text) for text in ADMIN_REFUSALS)
    return texts


def _admin_redirect_refusal(request, response):
    """A redirect out of the admin carrying one of Wagtail's refusal messages."""
    if response.status_code != 302 or not request.path.startswith(ADMIN_PREFIX):
        return False
    queued = queued_messages(request)  # Django has no public way (upstream_workarounds)
    errors = {str(m.message).strip() for m in queued if m.level == messages.ERROR}
    return bool(errors) and not errors.isdisjoint(_admin_refusal_texts())


def record(request, status):
    user = request.user
    RefusalLog.objects.create(
        user=user,
        username=user.get_username()[:150],
        method=request.method[:10],
        path=mask(request.get_full_path())[:500],
        status=status,
    )


class RefusalLogMiddleware:
    """After AuthenticationMiddleware (the API's token user is set on the request by DRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and (
            response.status_code == 403 or _admin_redirect_refusal(request, response)
        ):
            record(request, 403)
        return response


class NationalReadOnly(ModelPermissionPolicy):
    """The national office may read the listing; nobody adds, changes or deletes a row."""

    def user_has_permission(self, user, action):
        return action == "view" and is_national(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and is_national(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()  # never asked by a read-only listing


register_permission_policy(RefusalLog, NationalReadOnly(RefusalLog))


class RefusalLogViewSet(ModelViewSet):
    model = RefusalLog
    icon = "warning"
    menu_label = _("Refused requests")
    menu_hook = "register_reports_menu_item"
    url_prefix = "refusals"
    list_display = ["at", "username", "method", "path", "status"]
    list_filter = ["status", "method"]
    search_fields = ["username", "path"]
    search_backend_name = None  # the database's own search: the model is not indexed
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["username", "method", "path", "status"]  # never used: nobody may edit


refusal_log_viewset = RefusalLogViewSet("refusal_log")
