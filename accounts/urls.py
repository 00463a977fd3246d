"""Two-factor authentication pages and the partner invitation's set-password page, mounted under
the language prefix (see config/urls.py)."""

from django.urls import path

from . import partner_views, views

app_name = "accounts"

urlpatterns = [
    path("account/two-factor/", views.manage, name="manage"),
    path("account/two-factor/verify/", views.verify, name="verify"),
    path("account/two-factor/set-up/", views.enrol, name="enrol"),
    path("account/two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/two-factor/turn-off/", views.turn_off, name="turn_off"),
    # A partner's contact person sets their password from the invitation (issue 21.1).
    path(
        "account/invitation/<uidb64>/<token>/",
        partner_views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
]
