from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES


@require_GET
def text_size(request):
    """Sets the text size without JavaScript: a GET form in the header submits here."""
    size = request.GET.get("size", "normal")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if size in TEXT_SIZES and size != "normal":
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            size,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /registry/",
        "Disallow: /text-size/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def server_error(request):
    """500 in the visitor's language, rendered without touching the database."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        from .languages import html_lang

        html = loader.get_template("500.html").render(
            {"ui_lang": html_lang(language), "home_url": f"/{language}/"}
        )
    return HttpResponse(html, status=500)
