"""Public URLs of the registry app, mounted under the language prefix (see config/urls.py)."""

urlpatterns = []
