"""gunicorn's configuration for production: `gunicorn -c deploy/gunicorn.conf.py` from the
repository root (README: Production).

The app port listens on loopback only: the proxy on the same machine (Varnish,
deploy/varnish/default.vcl) is the one way in, so the X-Forwarded-For it appends can be trusted
(settings.TRUSTED_PROXY_COUNT; issue 15, D6). With app servers on other machines, bind to the
private interface instead (GUNICORN_BIND=10.0.0.5:8000), list it in deploy/varnish/backends.vcl and
let a firewall rule accept that port from Varnish's address only (README: Production topology).

Every log line passes core/logfilters.MaskPersonalData: gunicorn's access log writes the request
line (a card number in an old-style API path) and the client's address, its error log the path of
a failed request (D5).
"""

import os

wsgi_app = "wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = 60
# The access line without the query string (%(U)s is the path alone); the filter masks the rest.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "core.logfilters.MaskPersonalData"}},
    "formatters": {
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["mask_personal_data"],
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["mask_personal_data"],
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
