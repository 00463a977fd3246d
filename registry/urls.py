"""Public URLs of the registry app, mounted under the language prefix (see config/urls.py)."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("registry/", views.home, name="home"),
    path("registry/unit/<int:org>/", views.unit_cards, name="unit_cards"),
    path("registry/unit/<int:org>/register/", views.unit_register, name="unit_register"),
    path("registry/unit/<int:org>/cards/<str:number>/", views.unit_card, name="unit_card"),
    path(
        "registry/unit/<int:org>/cards/<str:number>/reissue/",
        views.unit_reissue,
        name="unit_reissue",
    ),
    path(
        "registry/unit/<int:org>/cards/<str:number>/<slug:action>/",
        views.unit_card_action,
        name="unit_card_action",
    ),
    path("registry/desk/<int:org>/", views.venue_desk, name="venue_desk"),
    path("registry/desk/<int:org>/record/", views.venue_record, name="venue_record"),
    path("registry/desk/<int:org>/group/", views.venue_group, name="venue_group"),
    path("registry/desk/<int:org>/uses/<int:use>/undo/", views.venue_undo, name="venue_undo"),
    path(
        "registry/coordinator/", views.coordinator_organisations, name="coordinator_organisations"
    ),
    path(
        "registry/coordinator/<int:org>/",
        views.coordinator_organisation,
        name="coordinator_organisation",
    ),
    path("registry/batches/", views.batches, name="batches"),
    path("registry/batches/<int:batch>/<str:fmt>/", views.batch_export, name="batch_export"),
]
