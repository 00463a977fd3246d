"""Statistics URLs (the stats app), mounted under the language prefix (see config/urls.py)."""

from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.statistics, name="public"),
    path("statistics/kaikukortti-statistics.csv", views.statistics_csv, name="public_csv"),
    path("check-my-card/", views.check_card, name="check_card"),
    path("registry/statistics/", views.dashboards, name="dashboards"),
    path("registry/statistics/<slug:kind>/<slug:key>/", views.dashboard, name="dashboard"),
    path("registry/statistics/<slug:kind>/<slug:key>/export/", views.export, name="export"),
]
