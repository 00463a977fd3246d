"""One-query routing for deep pages.

Wagtail routes `/fi/alueet/kainuu/kajaanin-uimahalli/` one level at a time, two queries per level.
A site root (the home page of each language, a region's subsite root) mixes this in to look the whole
path up by `url_path` (indexed by core migration 0002) and ask only the found page to route itself.
Anything the direct lookup cannot answer (a routable page's sub-path, a missing page) goes through
Wagtail's own routing, so the result is always Wagtail's.
"""

from wagtail.models import Page


class DirectRouteMixin:
    def route(self, request, path_components):
        if len(path_components) > 1:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path).specific().first()
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)
