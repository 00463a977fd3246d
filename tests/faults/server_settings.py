"""Settings of the app server that tests/faults/ starts as a subprocess (gunicorn): the test
settings, with the registry API's rate limits lifted (throttling has its own test in
tests/registry/test_api.py; here several clients write as fast as they can)."""

from config.settings.test import *  # noqa: F403

RATE_LIMITS = {
    **RATE_LIMITS,  # noqa: F405
    "registry_check": "100000/min",
    "registry_write": "100000/min",
}
