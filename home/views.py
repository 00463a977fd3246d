from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from wagtail.models import Locale, Page

from core.search_backend import backend_for_language

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Site search limited to the active language's pages (stemming per language on PostgreSQL)."""
    # NUL can be typed into a URL but never into a page, and PostgreSQL refuses it in a query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .exclude(depth__lte=1)
            .specific()
            .search(query, backend=backend_for_language())
        )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "query": query,
            "query_string": urlencode({"q": query}),  # the pagination's links keep the query
            "results": page_obj,
            "count": paginator.count if query else 0,
        },
    )
