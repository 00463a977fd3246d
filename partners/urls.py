"""Public URLs of the partners app, mounted under the language prefix (see config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("kohteet/", views.finder, name="finder"),
]
