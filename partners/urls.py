"""Public URLs of the partners app, mounted under the language prefix (see config/urls.py)."""

from django.urls import path

from . import reconfirm, views

urlpatterns = [
    path("kohteet/", views.finder, name="finder"),
    path(
        "kohteet/tarkistus/<int:page_id>/<str:token>/",
        reconfirm.reconfirm,
        name="partner_reconfirm",
    ),
]
