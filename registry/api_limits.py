"""What the registry API reads of a request, and how it answers what it will not read.

A request to the API is small: one card number, or a community card and at most five members, is
well under 1 kB. So a body is read only up to ``MAX_BODY`` (64 kB) and refused at once past it
(413), before any parsing or database work; JSON nested too deeply for Python's parser is a 400,
not a server error; the API takes JSON or a plain form, never multipart (no file parts to cap). Every
refusal is the API's JSON error, ``{"detail": "..."}``, never Django's HTML error page (DRF's
exception handler alone re-raises Django's own refusals, such as too many form fields).
"""

import io

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.utils.translation import gettext_lazy as _

from rest_framework import parsers, status, views
from rest_framework.exceptions import APIException, ParseError

MAX_BODY = 64 * 1024  # bytes; documented in README.md (the API)


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self):
        # Worded when raised, in the language of the request.
        limit = MAX_BODY // 1024
        super().__init__(_("The request body is larger than %(limit)s kB.") % {"limit": limit})


class BoundedBody:
    """A parser that reads at most ``MAX_BODY`` bytes of the body, and refuses a longer one."""

    def parse(self, stream, media_type=None, parser_context=None):
        # DRF hands over the request itself (capped at its Content-Length by Django) as the stream.
        body = stream.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            raise RequestTooLarge()
        return super().parse(io.BytesIO(body), media_type, parser_context)


class JSONParser(BoundedBody, parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # Python's JSON parser recurses once per level: ``[[[[...]]]]`` past its limit.
            raise ParseError(_("JSON parse error: nested too deeply.")) from None


class FormParser(BoundedBody, parsers.FormParser):
    pass


PARSER_CLASSES = [JSONParser, FormParser]


def exception_handler(exc, context):
    """DRF's exception handler, with Django's refusals of a request's data answered in JSON too."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = ParseError(_("The request has too many fields."))
    elif isinstance(exc, SuspiciousOperation):
        exc = ParseError(_("The request could not be read."))
    return views.exception_handler(exc, context)
