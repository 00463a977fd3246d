# Varnish 7.1 (Debian's `varnish`) in front of the gunicorn instances: it keeps the anonymous public
# pages and the app purges them on a content change (the HTTP caching contract of issue 18; README:
# Production topology). The app says what may be kept (Cache-Control: `public, s-maxage=…` or
# `private, no-store`); this file keeps personal requests away from the cache and bans on PURGE.
#
#   varnishd -a :80 -f /etc/varnish/default.vcl -p vcl_path=/etc/varnish -s malloc,256m
#
# backends.vcl (beside this file, found through vcl_path) names the app servers, the director `app`
# balancing them and the ACL `purgers`: the one part to change per machine.
vcl 4.1;

import directors;
import std;

# Whatever every app server answers without the database: a static file through WhiteNoise
# (as if through TLS, or production's SECURE_SSL_REDIRECT would answer with a redirect).
probe app_alive {
    .request =
        "GET /static/css/site.css HTTP/1.1"
        "Host: localhost"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

include "backends.vcl";

sub vcl_recv {
    # One cache entry per site, whatever port or case the client wrote (bans match on it too).
    if (req.http.Host) {
        set req.http.Host = std.tolower(regsub(req.http.Host, ":[0-9]+$", ""));
    }
    set req.backend_hint = app.backend();

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every object of this host whose path starts with the request's path ("/" empties the
        # host). On obj.http.* only, so that the ban lurker removes them in the background.
        if (std.ban("obj.http.x-host == " + req.http.Host + " && obj.http.x-url ~ ^"
                + regsuball(req.url, "([][\\.*+?^$(){}|])", "\\\1"))) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Personal: signed in, a form's CSRF cookie, a pending message, an API client, the admin, and
    # the root's redirect to the visitor's language (it reads the kaiku_language cookie).
    if (req.http.Authorization
            || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)="
            || req.url ~ "^/(admin|api)(/|\?|$)"
            || req.url ~ "^/(\?|$)") {
        return (pass);
    }
    # No page varies on any other cookie but the text size: keep that one for the app when it is
    # not the default ("normal"), drop the rest (analytics and the like), so that the request may
    # be cached.
    if (req.http.Cookie ~ "(^|;\s*)kaiku_text_size=(large|larger)(;|$)") {
        set req.http.Cookie = "kaiku_text_size="
            + regsub(req.http.Cookie, "^(.*;\s*)?kaiku_text_size=(large|larger)(;.*)?$", "\2");
    } else {
        unset req.http.Cookie;
    }
    # Stale pages only while no app server is healthy (the objects' 30 s of grace).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hash {
    # A visitor's text size is in the markup: one copy per size, never another visitor's.
    if (req.http.Cookie) {
        hash_data(req.http.Cookie);
    }
    # Then the built-in hash: URL and Host.
}

sub vcl_backend_response {
    # For bans (vcl_recv), on the object so that the ban lurker can test them.
    set beresp.http.x-host = bereq.http.Host;
    set beresp.http.x-url = bereq.url;
    set beresp.grace = 30s;
    # Kept only when the app says a shared cache may keep it, and nothing personal comes with it.
    # Anything else is fetched anew for everyone ("hit-for-miss" for a short while).
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
            || beresp.status >= 500
            || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
            || beresp.http.Cache-Control !~ "(?i)(public|s-maxage)"
            || beresp.http.Vary == "*"
            || beresp.ttl <= 0s) {
        set beresp.ttl = 10s;
        set beresp.uncacheable = true;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } elsif (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-host;
    unset resp.http.x-url;
}
