"""Registry JSON API for ticket agencies, mounted at /api/registry/ (no language prefix)."""

from django.urls import include, path
from django.views.generic import TemplateView

from drf_spectacular.views import SpectacularAPIView

from . import api

endpoints = [
    # Before cards/<number>/, which would take "check" for a number.
    path("cards/check/", api.CardCheckByBodyView.as_view(), name="registry_api_card_check"),
    # Deprecated (a card number in the URL ends up in logs); answers until api.CARD_CHECK_GET_SUNSET.
    path("cards/<str:number>/", api.CardCheckView.as_view(), name="registry_api_card"),
    path("uses/", api.UseCreateView.as_view(), name="registry_api_uses"),
]

schema = SpectacularAPIView.as_view(patterns=[path("api/registry/", include(endpoints))])
docs = TemplateView.as_view(
    template_name="registry/api_docs.html", extra_context={"sunset": api.CARD_CHECK_GET_SUNSET}
)

urlpatterns = [
    *endpoints,
    path("schema/", schema, name="registry_api_schema"),
    path("docs/", docs, name="registry_api_docs"),
]
