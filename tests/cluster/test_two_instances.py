"""Two app servers behind Varnish serve one site (issue 7: stateless app servers; issue 18.2:
whole pages cached by Varnish only).

bench/topology.py starts the production stack on loopback: two gunicorn instances with
`config.settings.production`, varnishd with deploy/varnish/default.vcl round-robin in front (the
instances purge it: FRONTEND_CACHE_PURGE_URL), Redis as the cache and moto's S3 server as the
media bucket. The instances share nothing else: whatever one does through HTTP must show on the
other. Checked here: a session made through Varnish works on each instance (and its second factor
with it); a second anonymous GET is a Varnish hit in every language and on a region's host; a
signed-in user, the admin, a preview, a registry desk, the card check, a POST and the API are
never stored; one visitor's text size or language never reaches another; PURGE from outside the
ACL is refused, from inside it empties the host; a draft save changes nothing public, and a
venue's publish through instance 1 is fresh on the next anonymous request on every cached page
(its page and the region's finder in every language, the region's home; instance 2 too); a document uploaded through instance 1 downloads, byte for byte, from instance 2
and through Varnish, and lies in the bucket, not on a local disk; failed logins spread over both
instances lock the account on both.

The instances' database is a copy of this session's test database (the demo data, loaded once
per session by tests/conftest.py): a new database on PostgreSQL (kaiku_cluster_<random>, dropped
at the end), a file on SQLite. Building it again with `migrate` and `load_demo` takes longer than
the whole test may (about 80 s on this machine). The media files it refers to go into the
bucket; the static files are collected in the background from the start of the session
(conftest.py).
"""

import binascii
import contextlib
import html
import http.client
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

import pytest

from bench import topology
from core.demo import DEMO_PASSWORD
from tests.cluster.browser import Browser, find_form

pytestmark = pytest.mark.demo

# A Redis database of this test's own, emptied before and after.
REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/7")
EDITOR = "toimittaja"  # a national editor
# Documents: in the demo only the national administrator (superuser) may add them.
ADMINISTRATOR = "admin"
LOCKED_OUT = "kainuu-sote"  # a coordinator whose account the lockout check locks
LOCKOUT_STATUS = 429  # django-axes' answer to a locked-out login
CACHE_HEADER = "X-Cache"  # deploy/varnish/default.vcl: HIT, MISS or PASS (not stored)
PURGER = "127.0.0.1"  # the ACL `purgers` of the test's Varnish: the app servers' address
OUTSIDER = "127.0.0.2"  # a loopback address outside that ACL


class ClusterDatabase:
    """The instances' database: its URL, and SQL on it from this process."""

    def __init__(self, url, connect, placeholder):
        self.url = url
        self._connect = connect
        self._placeholder = placeholder

    def _run(self, sql, params, fetch):
        conn = self._connect()
        try:
            cursor = conn.execute(sql.replace("%s", self._placeholder), params)
            rows = cursor.fetchall() if fetch else None
            conn.commit()
            return rows
        finally:
            conn.close()

    def rows(self, sql, params=()):
        return self._run(sql, params, fetch=True)

    def execute(self, sql, params=()):
        self._run(sql, params, fetch=False)


def _pg_url(params, name):
    auth = quote(params["USER"] or "postgres")
    if params.get("PASSWORD"):
        auth += ":" + quote(params["PASSWORD"])
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or "5432"
    return f"postgres://{auth}@{host}:{port}/{name}"


def _pg_env(params, name):
    """The connection for PostgreSQL's client tools, never on their command line."""
    return {
        **os.environ,
        "PGHOST": params.get("HOST") or "127.0.0.1",
        "PGPORT": str(params.get("PORT") or "5432"),
        "PGUSER": params["USER"] or "postgres",
        "PGPASSWORD": params.get("PASSWORD") or "",
        "PGDATABASE": name,
    }


@contextlib.contextmanager
def copy_of_test_database(workdir):
    """A copy of the session's test database that the instances can open, removed afterwards."""
    if connection.vendor == "sqlite":
        path = Path(workdir) / "cluster.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # the in-memory test database, as a file
        finally:
            target.close()
        yield ClusterDatabase(f"sqlite:///{path}", lambda: sqlite3.connect(path), "?")
        return
    assert connection.vendor == "postgresql", connection.vendor
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    source, name = params["NAME"], f"kaiku_cluster_{secrets.token_hex(4)}"
    server = _pg_url(params, "postgres")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        # This test's own transaction keeps a session on the source open, so CREATE DATABASE …
        # TEMPLATE cannot copy it: dump and restore (what the test's transaction saw committed).
        dump_command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
        restore_command = ["pg_restore", "--no-owner", "--no-privileges", "--dbname", name]
        dump = subprocess.run(  # noqa: S603 - PostgreSQL's own tools, fixed arguments
            dump_command, env=_pg_env(params, source), capture_output=True, check=True
        )
        subprocess.run(  # noqa: S603
            restore_command,
            env=_pg_env(params, name),
            input=dump.stdout,
            capture_output=True,
            check=True,
        )
        url = _pg_url(params, name)
        yield ClusterDatabase(url, lambda: psycopg.connect(url), "%s")
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


LANGUAGES = ("fi", "sv", "en", "fi-x-selko")


def _site_hosts():
    """The national site's host name and a region's (the Host each answer is cached under)."""
    from wagtail.models import Site

    national = Site.objects.get(is_default_site=True).hostname
    region = Site.objects.filter(is_default_site=False).order_by("hostname").first()
    assert region is not None, "the demo has no region site"
    return national, region.hostname


def _demo_venue_page(region_host):
    """A Finnish venue page of that region (its other languages are aliases, which a publish
    updates): (id, title, the pages that show its title, as (host, path))."""
    from wagtail.models import Locale, Site

    from partners.models import VenuePage

    national = Site.objects.get(is_default_site=True)
    region_root = Site.objects.get(hostname=region_host).root_page
    venue = (
        VenuePage.objects.live()
        .filter(locale__language_code="fi", alias_of__isnull=True)
        .descendant_of(region_root)
        .order_by("path")
        .first()
    )
    assert venue is not None, f"the demo has no venue in {region_root.title}"
    shown = [(region_host, "/fi/")]  # the region's home lists its venues
    for code in LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        root = national.root_page.get_translation(locale).url_path
        page = venue.get_translation(locale)
        shown.append((national.hostname, f"/{code}/{page.url_path[len(root) :]}"))
        shown.append((national.hostname, f"/{code}/kohteet/?region={region_root.slug}"))
    return venue.pk, venue.title, shown


def _demo_news_page():
    """A Finnish news page of the demo: (id, public path, title)."""
    from wagtail.models import Site

    from home.models import HomePage, NewsPage

    # pytest-django runs this test (django_db, not transactional) before the transactional tests,
    # whose flush would empty the database.
    assert HomePage.objects.exists(), "the demo data is missing from the test database"
    root = Site.objects.get(is_default_site=True).root_page.url_path
    pages = NewsPage.objects.live().filter(locale__language_code="fi", alias_of__isnull=True)
    # The edit form is posted without JavaScript, which is what builds the body's fields: a page
    # without body blocks keeps its (empty) body.
    page = next((p for p in pages.order_by("path") if not p.body), None)
    assert page is not None, "the demo has no Finnish news page with an empty body"
    return page.pk, f"/fi/{page.url_path[len(root) :]}", page.title


def _media_names():
    """The files the demo data refers to (every file field of every model)."""
    from django.apps import apps
    from django.db.models import FileField

    names = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                files = model._default_manager.exclude(**{f"{field.name}__isnull": True})
                names += files.exclude(**{field.name: ""}).values_list(field.name, flat=True)
    return names


def _usable_passwords(db):
    """The session's demo users have MD5 hashes (test settings), which production refuses: give
    the users signed in here the demo password as production hashes it (cheaper iterations;
    Django upgrades the hash at the first login)."""
    hasher = PBKDF2PasswordHasher()
    hashed = hasher.encode(DEMO_PASSWORD, hasher.salt(), iterations=1000)
    db.execute(
        "UPDATE auth_user SET password = %s WHERE username IN (%s, %s, %s)",
        [hashed, EDITOR, ADMINISTRATOR, LOCKED_OUT],
    )


def current_code(db, username, *, confirmed):
    """The code the user's authenticator app shows now (the device's key is in the database)."""
    from django_otp.oath import totp

    rows = db.rows(
        "SELECT d.key, d.step, d.t0, d.digits, d.drift FROM otp_totp_totpdevice d"
        " JOIN auth_user u ON u.id = d.user_id WHERE u.username = %s AND d.confirmed = %s"
        " ORDER BY d.id DESC",
        [username, confirmed],
    )
    assert rows, f"{username} has no {'confirmed' if confirmed else 'pending'} TOTP device"
    key, step, t0, digits, drift = rows[0]
    return str(totp(binascii.unhexlify(key), step, t0, digits, drift)).zfill(digits)


def sign_in(browser, base, username, db):
    """Password, then the second factor when asked (its code, or setting the app up)."""
    login = browser.get(base + "/admin/login/")
    form = find_form(login.text, field="username")
    page = browser.post(
        form.action(login.url), form.data({"username": username, "password": DEMO_PASSWORD})
    )
    if "/account/two-factor/" in page.url:
        form = find_form(page.text, field="code")
        code = current_code(db, username, confirmed="/verify/" in page.url)
        page = browser.post(form.action(page.url), form.data({"code": code}))
    assert page.status_code == 200, f"signing in {username}: {page.status_code} at {page.url}"
    assert settings.SESSION_COOKIE_NAME in browser.cookies, f"{username} got no session"
    return page


def heading(response):
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
    assert found, f"no <h1> in {response.url}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.mark.django_db
def test_two_app_servers_behind_varnish_share_sessions_cache_and_media(collected_static):
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="kaiku-cluster-"))
    try:
        news = _demo_news_page()
        hosts = _site_hosts()
        venue = _demo_venue_page(hosts[1])
        with copy_of_test_database(workdir) as db:
            _usable_passwords(db)
            topology.flush_redis(REDIS_URL)
            try:
                with topology.Cluster(
                    db.url,
                    REDIS_URL,
                    workdir / "cluster",
                    media_root=settings.MEDIA_ROOT,
                    media_names=_media_names(),
                    static_root=collected_static,
                    purgers=(PURGER,),
                ) as cluster:
                    print(f"cluster up after {time.monotonic() - started:.1f} s: {cluster.timings}")
                    try:
                        _scenario(cluster, db, news, venue, hosts)
                    except BaseException:
                        print(cluster.log_tail())
                        raise
            finally:
                topology.flush_redis(REDIS_URL)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"cluster test: {time.monotonic() - started:.1f} s")


def _scenario(cluster, db, news, venue, hosts):
    one, two = cluster.instance_urls
    proxy = cluster.proxy_url
    editor = _sessions_are_shared(db, one, two, proxy)
    pages = list(dict.fromkeys([*_public_pages(hosts, news), *venue[2]]))  # each page once
    _anonymous_pages_are_hits(proxy, pages)
    _personal_answers_are_never_stored(editor, proxy, hosts, news)
    _preferences_do_not_leak(proxy, hosts, news)
    _purge_only_from_the_acl(proxy, pages)
    _draft_save_changes_nothing_public(editor, db, one, proxy, pages, news)
    _publishing_is_fresh_on_the_next_request(editor, db, one, two, proxy, pages, venue)
    _documents_are_shared(cluster, db, one, two, proxy)
    _lockouts_are_shared(one, two)


def _sessions_are_shared(db, one, two, proxy):
    # Through Varnish the login's own requests already alternate between the instances.
    editor = Browser()
    sign_in(editor, proxy, EDITOR, db)
    session_key = editor.cookies[settings.SESSION_COOKIE_NAME]
    stored = db.rows("SELECT count(*) FROM django_session WHERE session_key = %s", [session_key])
    assert stored == [(1,)], "the session is not in the shared database"
    full_name = db.rows(
        "SELECT first_name || ' ' || last_name FROM auth_user WHERE username = %s", [EDITOR]
    )[0][0]
    for base in (one, two, proxy, proxy):
        response = Browser().with_cookies_of(editor).get(base + "/admin/", follow=False)
        assert response.status_code == 200, (
            f"{base}: the session (and its second factor) did not carry over: "
            f"{response.status_code} {response.headers.get('Location')}"
        )
        assert full_name in response.text
    anonymous = Browser().get(two + "/admin/", follow=False)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.headers["Location"]
    return editor


def _public_pages(hosts, news):
    """(host, path) of public pages: every language's home, a news page, the finder, and a
    region's home on the region's own host."""
    national, region = hosts
    homes = [(national, f"/{code}/") for code in LANGUAGES]
    return [*homes, (national, news[1]), (national, "/fi/kohteet/"), (region, "/fi/")]


def through(proxy, host, path, browser=None):
    """A GET through Varnish with the public Host (a new anonymous visitor unless `browser`)."""
    browser = browser or Browser()
    browser.host = host
    return browser.get(proxy + path, follow=False)


def _anonymous_pages_are_hits(proxy, pages):
    for host, path in pages:
        first, second = through(proxy, host, path), through(proxy, host, path)
        assert first.status_code == 200, f"{host}{path}: {first.status_code}"
        assert second.headers.get(CACHE_HEADER) == "HIT", (
            f"{host}{path}: the second anonymous GET is {second.headers.get(CACHE_HEADER)}"
            f" (Cache-Control: {second.headers.get('Cache-Control')})"
        )
        assert second.content == first.content, f"{host}{path}: the copy differs"


def _never_stored(label, send, *, app_says_private=True):
    """`send()` twice: Varnish stored neither answer, and the app said so (private)."""
    for _ in range(2):
        response = send()
        assert response.headers.get(CACHE_HEADER) == "PASS", (
            f"{label}: {response.headers.get(CACHE_HEADER)} (status {response.status_code},"
            f" Cache-Control: {response.headers.get('Cache-Control')})"
        )
        assert not app_says_private or "private" in response.headers.get("Cache-Control", ""), (
            f"{label}: Cache-Control {response.headers.get('Cache-Control')!r}"
        )


def _personal_answers_are_never_stored(editor, proxy, hosts, news):
    national, _region = hosts
    page_id = news[0]
    signed_in = Browser(host=national).with_cookies_of(editor)
    _never_stored("a signed-in user's page", lambda: signed_in.get(proxy + "/fi/", follow=False))
    _never_stored("the admin", lambda: signed_in.get(proxy + "/admin/", follow=False))
    _never_stored(
        "a preview",
        lambda: signed_in.get(proxy + f"/admin/pages/{page_id}/view_draft/", follow=False),
    )
    _never_stored("the admin's login", lambda: through(proxy, national, "/admin/login/"))
    _never_stored("a registry desk", lambda: through(proxy, national, "/fi/registry/"))
    _never_stored("a registry desk, signed in", lambda: signed_in.get(proxy + "/fi/registry/"))
    _never_stored("the card check", lambda: through(proxy, national, "/fi/check-my-card/"))
    _never_stored("the API", lambda: through(proxy, national, "/api/registry/cards/check/"))
    _never_stored(
        "a POST",
        lambda: Browser(host=national).post(
            proxy + "/fi/check-my-card/", {"number": "A123456789"}, follow=False
        ),
        app_says_private=False,  # Varnish never stores a POST, whatever the app answers
    )


def _preferences_do_not_leak(proxy, hosts, news):
    national, _region = hosts
    path = news[1]
    plain = through(proxy, national, path)
    larger = Browser()
    larger.cookies["kaiku_text_size"] = "larger"
    for _ in range(2):  # the second from the cache
        response = through(proxy, national, path, larger)
        assert 'class="text-larger"' in response.text, "the visitor's own text size is lost"
    for _ in range(2):
        response = through(proxy, national, path)
        assert 'class="text-larger"' not in response.text, "a visitor got another's text size"
        assert response.content == plain.content
    # The language chosen (a cookie) is read on the root only, which is never stored.
    swedish = Browser()
    swedish.cookies["kaiku_language"] = "sv"
    for visitor, language in ((swedish, "sv"), (Browser(), "fi"), (swedish, "sv"), (None, "fi")):
        response = through(proxy, national, "/", visitor)
        location = response.headers.get("Location", "")
        assert response.status_code in (301, 302), f"/: {response.status_code}"
        assert location.rstrip("/").endswith(f"/{language}"), (
            f"/ sent a visitor whose language is {language} to {location}"
        )
        assert response.headers.get(CACHE_HEADER) == "PASS"


def _purge(proxy, host, path, source):
    """A PURGE of `path` for `host`, sent from the loopback address `source`."""
    address = proxy.split("://", 1)[1]
    conn = http.client.HTTPConnection(address, timeout=10, source_address=(source, 0))
    try:
        conn.request("PURGE", path, headers={"Host": host})
        return conn.getresponse().status
    finally:
        conn.close()


def _purge_only_from_the_acl(proxy, pages):
    host, path = pages[0]
    through(proxy, host, path)
    assert _purge(proxy, host, "/", OUTSIDER) in (403, 405), "PURGE from outside the ACL"
    assert through(proxy, host, path).headers.get(CACHE_HEADER) == "HIT", "a refused purge purged"
    assert _purge(proxy, host, "/", PURGER) == 200, "PURGE from the app servers' address"
    assert through(proxy, host, path).headers.get(CACHE_HEADER) == "MISS", "the host was not purged"


def _edit(editor, one, page_id, changes):
    """Post the page's edit form through instance 1 with `changes` (the editor's session)."""
    edit_url = f"{one}/admin/pages/{page_id}/edit/"
    form_page = editor.get(edit_url)
    assert form_page.status_code == 200, f"edit form: {form_page.status_code}"
    form = find_form(form_page.text, form_id="page-edit-form")
    if "body-count" not in form.names():
        changes = {"body-count": "0", **changes}
    saved = editor.post(edit_url, form.data(changes), follow=False)
    assert saved.status_code == 302, (
        f"saving through instance 1 failed ({saved.status_code}): "
        + " ".join(re.findall(r'class="error-message"[^>]*>\s*(.*?)<', saved.text))
    )


def _warm(proxy, pages):
    """Every page fetched until Varnish answers it from its cache: {(host, path): body}."""
    bodies = {}
    for host, path in pages:
        through(proxy, host, path)
        response = through(proxy, host, path)
        assert response.headers.get(CACHE_HEADER) == "HIT", f"{host}{path} is not cached"
        bodies[host, path] = response.text
    return bodies


def _draft_save_changes_nothing_public(editor, db, one, proxy, pages, news):
    page_id, _path, title = news
    before = _warm(proxy, pages)
    draft_title = f"{title} draft {secrets.token_hex(4)}"
    _edit(editor, one, page_id, {"title": draft_title})
    assert db.rows("SELECT title FROM wagtailcore_page WHERE id = %s", [page_id]) == [(title,)]
    for host, path in pages:
        response = through(proxy, host, path)
        assert response.headers.get(CACHE_HEADER) == "HIT", f"{host}{path}: a draft save purged it"
        assert response.text == before[host, path]
        assert draft_title not in response.text


def _publishing_is_fresh_on_the_next_request(editor, db, one, two, proxy, pages, venue):
    page_id, old_title, shown_on = venue
    before = _warm(proxy, pages)
    for page in shown_on:
        assert old_title in html.unescape(before[page]), f"{page} does not show {old_title!r}"
    new_title = f"{old_title} {secrets.token_hex(4)}"
    published = time.monotonic()
    _edit(editor, one, page_id, {"title": new_title, "action-publish": "action-publish"})
    live = db.rows("SELECT title FROM wagtailcore_page WHERE id = %s", [page_id])
    assert live == [(new_title,)]

    # The next anonymous request of every cached page is rendered anew, on either instance: the
    # venue's page in every language (aliases), the finder in every language, the region's home.
    for host, page_path in pages:
        response = through(proxy, host, page_path)
        assert response.headers.get(CACHE_HEADER) == "MISS", (
            f"{host}{page_path} still served from the cache after the publish"
        )
        if (host, page_path) in shown_on:
            assert new_title in html.unescape(response.text), f"{host}{page_path}: old title"
    seconds = time.monotonic() - published
    print(f"publish, then the next request of {len(pages)} pages, all fresh: {seconds:.2f} s")
    national, venue_path = shown_on[1]
    direct = Browser(host=national).get(two + venue_path)
    assert heading(direct) == new_title, "instance 2 shows the old title"


def _documents_are_shared(cluster, db, one, two, proxy):
    admin = Browser()
    sign_in(admin, proxy, ADMINISTRATOR, db)
    token = secrets.token_hex(4)
    title = f"Cluster test {token}"
    filename = f"cluster-{token}.pdf"
    content = b"%PDF-1.4\n" + bytes(range(256)) * 64 + token.encode()

    add_url = f"{one}/admin/documents/add/"
    form_page = admin.get(add_url)
    assert form_page.status_code == 200, f"document form: {form_page.status_code}"
    form = find_form(form_page.text, field="title")
    uploaded = admin.request(
        "POST",
        add_url,
        data=form.data({"title": title}),
        files={"file": (filename, content, "application/pdf")},
        follow=False,
    )
    assert uploaded.status_code == 302, f"upload through instance 1: {uploaded.status_code}"

    rows = db.rows("SELECT id, file FROM materials_customdocument WHERE title = %s", [title])
    assert len(rows) == 1, rows
    doc_id, name = rows[0]
    download = f"/documents/{doc_id}/{PurePosixPath(name).name}"
    for base in (two, proxy, proxy):
        response = admin.get(base + download)
        assert response.status_code == 200, f"{base}{download}: {response.status_code}"
        assert response.content == content, f"{base}{download}: other bytes"

    stored = cluster.s3().get_object(Bucket=cluster.bucket, Key=name)["Body"].read()
    assert stored == content, "the file is not in the bucket"
    local_media = cluster.workdir / "local-media"
    on_disk = [p for p in local_media.rglob("*") if p.is_file()] if local_media.exists() else []
    assert on_disk == [], f"media written to an instance's disk: {on_disk}"
    assert not (Path(settings.MEDIA_ROOT) / name).exists()


def _lockouts_are_shared(one, two):
    limit = settings.AXES_FAILURE_LIMIT
    browser = Browser()
    # Failures alternate between the instances: neither alone sees `limit` of them, and the
    # last one locks the account.
    for attempt in range(1, limit + 1):
        base = (one, two)[attempt % 2]
        login = browser.get(base + "/admin/login/")
        form = find_form(login.text, field="username")
        failed = browser.post(
            form.action(login.url),
            form.data({"username": LOCKED_OUT, "password": "wrong-password"}),
            follow=False,
        )
        expected = LOCKOUT_STATUS if attempt == limit else 200
        assert failed.status_code == expected, f"failure {attempt} on {base}: {failed.status_code}"
    # The right password, on the instance that did not take the last failure: still locked.
    base = (one, two)[(limit + 1) % 2]
    login = browser.get(base + "/admin/login/")
    form = find_form(login.text, field="username")
    locked = browser.post(
        form.action(login.url),
        form.data({"username": LOCKED_OUT, "password": DEMO_PASSWORD}),
        follow=False,
    )
    assert locked.status_code == LOCKOUT_STATUS, (
        f"the right password after {limit} failures on two instances: {locked.status_code}"
    )
    assert settings.SESSION_COOKIE_NAME not in browser.cookies
