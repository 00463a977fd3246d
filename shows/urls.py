"""The shows' feeds, under the language prefix (config/urls.py): the titles in that language."""

from django.urls import path

from . import views

urlpatterns = [
    path("ohjelma/alue/<slug:slug>.ics", views.region_ics, name="shows_region_ics"),
    path("ohjelma/alue/<slug:slug>.json", views.region_json, name="shows_region_json"),
    path("ohjelma/kohde/<int:venue_id>.ics", views.venue_ics, name="shows_venue_ics"),
    path("ohjelma/kohde/<int:venue_id>.json", views.venue_json, name="shows_venue_json"),
]
