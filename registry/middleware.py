"""The registry's desks take no files.

No desk form has a file field, yet Django reads every file part of a multipart body (to memory up
to 2.5 MB, then to a temporary file, without limit) before the view sees the form. On the desks'
paths a multipart body is parsed here, before any view, and refused at the first file part: the
rest of the body is never read. A multipart form without files (as Django's test client, or a
browser told to, sends it) passes. The API takes no multipart body at all (registry/api_limits.py).
"""

from contextlib import suppress

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _


def expects_no_files(path):
    """The registry's desks and dashboards: /fi/registry/..., /sv/kaikukanta/... (the API, at
    /api/registry/, answers for itself, in JSON)."""
    parts = path.split("/", 3)
    return (
        len(parts) > 2
        and parts[2] in settings.REGISTRY_URL_SEGMENTS
        and get_language_from_path(path) is not None
    )


class RefuseFileParts(FileUploadHandler):
    """Stops reading the body at the first file part, and says so."""

    refused = False

    def new_file(self, *args, **kwargs):
        self.refused = True
        raise StopUpload(connection_reset=True)  # the rest of the body is left unread

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


class NoFileUploadsMiddleware:
    """After LocaleMiddleware (the refusal is worded in the page's language), before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "multipart/form-data" and expects_no_files(request.path_info):
            refuse = RefuseFileParts(request)
            request.upload_handlers = [refuse]
            # Parsed now, with the handler above. A broken body: Django marks it so and leaves
            # the view an empty form, as it would have without this middleware.
            with suppress(MultiPartParserError):
                request.POST  # noqa: B018
            if refuse.refused:
                return HttpResponse(
                    _("This form takes no files. Go back and send the form without them."),
                    status=413,
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
