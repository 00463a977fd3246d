"""Registry JSON API for ticket agencies, mounted at /api/registry/ (no language prefix)."""

urlpatterns = []
