"""core.middleware.CSPMiddleware: django-csp's policy, built once per process, with django-csp's
own behaviour for everything that changes it per response."""

from django.http import HttpResponse
from django.test import RequestFactory, override_settings

import csp.constants
import csp.exceptions
import csp.middleware
import pytest

from core.middleware import CSPMiddleware

POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "object-src": ["'none'"]}}


def _directives(header):
    return None if header is None else sorted(part.strip() for part in header.split(";"))


def _both(request_setup=None, response_setup=None, path="/fi/"):
    """The headers of our middleware and of django-csp's own for the same request and response."""
    results = []
    for middleware_class in (CSPMiddleware, csp.middleware.CSPMiddleware):
        request = RequestFactory().get(path)
        response = HttpResponse("ok")
        middleware = middleware_class(lambda r, response=response: response)
        middleware.process_request(request)
        if request_setup:
            request_setup(request)
        if response_setup:
            response_setup(response)
        out = middleware.process_response(request, response)
        results.append(
            (
                _directives(out.get("Content-Security-Policy")),
                _directives(out.get("Content-Security-Policy-Report-Only")),
            )
        )
    return results


def test_the_settings_policy_is_django_csps():
    ours, theirs = _both()
    assert ours == theirs
    assert "script-src 'self'" in ours[0]


@override_settings(
    CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": ["'self'", csp.constants.NONCE]}}
)
def test_a_nonce_goes_through_django_csp():
    ours, theirs = _both(request_setup=lambda request: str(request.csp_nonce))
    for policy, _report_only in (ours, theirs):
        assert any(d.startswith("script-src 'self' 'nonce-") for d in policy)


def test_a_views_own_policy_goes_through_django_csp():
    def replace(response):
        response._csp_replace = {"img-src": ["https://example.org"]}

    ours, theirs = _both(response_setup=replace)
    assert ours == theirs and "img-src https://example.org" in ours[0]


def test_excluded_prefixes_and_exempt_responses_get_none():
    assert _both(path="/admin/pages/")[0] == (None, None)

    def exempt(response):
        response._csp_exempt = True

    assert _both(response_setup=exempt)[0] == (None, None)


def test_a_changed_setting_is_taken_at_once():
    _both()  # built from the project's settings
    with override_settings(
        CONTENT_SECURITY_POLICY=POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY=POLICY
    ):
        ours, theirs = _both()
        assert ours == theirs == (["default-src 'self'", "object-src 'none'"],) * 2
    assert "script-src 'self'" in _both()[0][0]


def test_a_nonce_asked_after_the_header_is_an_error():
    request = RequestFactory().get("/fi/")
    middleware = CSPMiddleware(lambda r: HttpResponse("ok"))
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse("ok"))
    with pytest.raises(csp.exceptions.CSPNonceError):
        str(request.csp_nonce)
