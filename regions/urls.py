"""Public URLs of the regions app, mounted under the language prefix (see config/urls.py)."""

urlpatterns = []
