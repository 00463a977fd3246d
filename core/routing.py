"""One-query routing below a site root.

Wagtail routes `/fi/alueet/kainuu/kajaanin-uimahalli/` one level at a time, two queries per level.
A site root (the home page of each language, a region's subsite root) mixes this in to look the whole
path up by `url_path` (indexed by core migration 0002) and ask only the found page to route itself.
Anything the direct lookup cannot answer (a routable page's sub-path, a missing page) goes through
Wagtail's own routing, so the result is always Wagtail's.

The lookup is one query: each process remembers which page (id and type) a `url_path` named when
last found, and reads that page's specific row directly, checking that it still has that
`url_path`. A page that moved, was deleted or was replaced by another at the same path fails the
check and is looked up afresh, so a stale memory costs a query, never a wrong page.

Kept because it pays (issue 18, signed-in renders with the fragment caches warm, 200 each, interleaved
in one process on a loaded 2-CPU machine): venue page 140 ms and 15 queries with it, 192 ms and 19
without; region home 150 vs 162 ms, 15 vs 17 queries. A top-level page (the news index, the
materials page) saves one query of Wagtail's two, which keeps them within the 10-query budget.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page

_MAX_REMEMBERED = 20_000
_remembered: dict[str, tuple[int, int]] = {}  # url_path -> (page id, content type id)


def _find(url_path):
    known = _remembered.get(url_path)
    if known is not None:
        model = ContentType.objects.get_for_id(known[1]).model_class()
        if model is not None:
            page = model.objects.filter(pk=known[0], url_path=url_path).first()
            if page is not None:
                return page
        _remembered.pop(url_path, None)
    page = Page.objects.filter(url_path=url_path).specific().first()
    if page is not None:
        if len(_remembered) >= _MAX_REMEMBERED:
            _remembered.clear()
        _remembered[url_path] = (page.pk, page.content_type_id)
    return page


class DirectRouteMixin:
    def route(self, request, path_components):
        if path_components:
            page = _find(self.url_path + "/".join(path_components) + "/")
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)
