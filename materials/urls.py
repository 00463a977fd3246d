"""Public URLs of the materials app, mounted under the language prefix (see config/urls.py)."""

urlpatterns = []
