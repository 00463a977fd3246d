"""Public URLs of the registry app, mounted under the language prefix (see config/urls.py)."""

from django.contrib.auth.views import LogoutView
from django.urls import include, path, reverse_lazy

from . import views

app_name = "registry"

desks = [
    path("unit/<int:org>/", views.unit_cards, name="unit_cards"),
    path("unit/<int:org>/register/", views.unit_register, name="unit_register"),
    path("unit/<int:org>/cards/<str:number>/", views.unit_card, name="unit_card"),
    path("unit/<int:org>/cards/<str:number>/reissue/", views.unit_reissue, name="unit_reissue"),
    path(
        "unit/<int:org>/cards/<str:number>/<slug:action>/",
        views.unit_card_action,
        name="unit_card_action",
    ),
    path("desk/<int:org>/", views.venue_desk, name="venue_desk"),
    path("desk/<int:org>/record/", views.venue_record, name="venue_record"),
    path("desk/<int:org>/group/", views.venue_group, name="venue_group"),
    path("desk/<int:org>/uses/<int:use>/undo/", views.venue_undo, name="venue_undo"),
    path("", views.home, name="home"),
    # Django's logout (POST only), from the desks' header; back to the sign-in page.
    path(
        "logout/", LogoutView.as_view(next_page=reverse_lazy("wagtailadmin_login")), name="logout"
    ),
    path("coordinator/", views.coordinator_organisations, name="coordinator_organisations"),
    path("coordinator/<int:org>/", views.coordinator_organisation, name="coordinator_organisation"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:batch>/<str:fmt>/", views.batch_export, name="batch_export"),
]

urlpatterns = [path("registry/", include(desks))]
