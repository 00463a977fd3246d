"""The Wagtail admin's ways to two-factor authentication: one's own (account page, "More actions")
and the national office's reset of another user's (users listing). The partners' contact persons'
admin (invitations, a small admin) registers its hooks in partner_hooks.py, imported here."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from core.roles import is_national

from . import partner_hooks, views  # noqa: F401 - partner_hooks registers its hooks


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("accounts:manage"),
        "label": _("Two-factor authentication"),
        "help_text": _("Set up your authenticator app, get new backup codes or check the status."),
    }


@hooks.register("register_admin_urls")
def two_factor_admin_urls():
    return [
        path(
            "two-factor/reset/<int:user_id>/",
            never_cache(require_http_methods(["GET", "POST"])(views.admin_reset)),
            name="accounts_reset_two_factor",
        )
    ]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if not is_national(request_user):
        return []
    return [
        Button(
            _("Reset two-factor authentication"),
            url=reverse("accounts_reset_two_factor", args=[user.pk]),
            icon_name="key",
            priority=90,
        )
    ]


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    actions.register_action(
        "accounts.reset_two_factor",
        _("Reset two-factor authentication"),
        _("Two-factor authentication reset"),
    )
