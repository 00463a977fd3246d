"""A small HTTP client for the cluster test: a browser without JavaScript.

It keeps its cookies itself: production settings mark the session and CSRF cookies `Secure`, and
the loopback cluster speaks plain HTTP (TLS ends at the proxy in production), so a cookie jar
that follows the rules would never send them back. Forms are read from the HTML as a browser
would submit them.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

REDIRECTS = (301, 302, 303, 307, 308)


class Browser:
    """`host`: the Host header of every request, as the proxy passes the public one on (the
    page cache and Wagtail's sites are keyed on it); None sends each server's own address."""

    def __init__(self, host=None):
        self.host = host
        self.cookies = {}
        self.http = requests.Session()
        self.http.trust_env = False  # no proxies from the environment: loopback only

    def request(self, method, url, *, follow=True, **kwargs):
        for _ in range(10):
            headers = dict(kwargs.pop("headers", {}))
            if self.host:
                headers["Host"] = self.host
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            response = self.http.request(
                method, url, headers=headers, allow_redirects=False, timeout=60, **kwargs
            )
            for cookie in response.cookies:
                if cookie.value:
                    self.cookies[cookie.name] = cookie.value
                else:  # deleted (logout)
                    self.cookies.pop(cookie.name, None)
            if not (follow and response.status_code in REDIRECTS):
                return response
            url, method, kwargs = urljoin(url, response.headers["Location"]), "GET", {}
        raise AssertionError(f"more than 10 redirects from {url}")

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data, **kwargs):
        return self.request("POST", url, data=data, **kwargs)

    def with_cookies_of(self, other):
        """This browser, carrying `other`'s cookies (the same session on another server)."""
        self.cookies = dict(other.cookies)
        return self


class Form:
    def __init__(self, attrs):
        self.attrs = attrs
        self.fields = []  # (name, value) pairs in document order, as the browser would send them

    def names(self):
        return [name for name, _value in self.fields]

    def data(self, changes=None):
        """The pairs to submit, with `changes` ({name: value}) replacing or adding fields."""
        changes = changes or {}
        out, done = [], set()
        for name, value in self.fields:
            if name not in changes:
                out.append((name, value))
            elif name not in done:
                out.append((name, changes[name]))
                done.add(name)
        return out + [(n, v) for n, v in changes.items() if n not in done]

    def action(self, page_url):
        return urljoin(page_url, self.attrs.get("action") or page_url)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(a)
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((a["name"], a.get("value", "on")))
                return
            self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = {
                "name": a["name"],
                "first": None,
                "chosen": [],
                "multi": "multiple" in a,
            }

    def _option(self, a):
        value = a.get("value", "")
        if self._select["first"] is None:
            self._select["first"] = value
        if "selected" in a:
            self._select["chosen"].append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            s = self._select
            values = s["chosen"] or ([] if s["multi"] or s["first"] is None else [s["first"]])
            if self._form is not None:
                self._form.fields += [(s["name"], v) for v in values]
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def find_form(html, *, field=None, form_id=None):
    """The first form with a field named `field` (or with id `form_id`)."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form_id is not None and form.attrs.get("id") == form_id:
            return form
        if field is not None and field in form.names():
            return form
    raise AssertionError(f"no form with field={field!r} id={form_id!r} in the page")
