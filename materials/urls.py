"""Public URLs of the materials app, mounted under the language prefix (see config/urls.py).

The path segments are translated (/fi/sitoumus/, /sv/forbindelse/, /en/commitment/)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "materials"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "materials/<slug:slug>/latest/<str:fmt>/"),
        views.latest,
        name="latest",
    ),
    path(pgettext_lazy("URL path", "commitment/"), views.commitment_form, name="commitment"),
    path(
        pgettext_lazy("URL path", "commitment/<str:token>/"),
        views.commitment_status,
        name="commitment_status",
    ),
]
