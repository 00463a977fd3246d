"""Public URLs of the partners app, mounted under the language prefix (see config/urls.py)."""

urlpatterns = []
