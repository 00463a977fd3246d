"""Two-factor authentication pages, mounted under the language prefix (see config/urls.py)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/two-factor/", views.manage, name="manage"),
    path("account/two-factor/verify/", views.verify, name="verify"),
    path("account/two-factor/set-up/", views.enrol, name="enrol"),
    path("account/two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/two-factor/turn-off/", views.turn_off, name="turn_off"),
]
