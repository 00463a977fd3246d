"""No card number and no IP address in a log line (issue 15, D5; core/logfilters.py).

The whole run is scanned as well (tests/logcapture.py); these are the filter's own cases, the
logging configuration, and the card check's log line."""

import hashlib
import logging
import logging.config
import runpy
from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

from core.logfilters import MaskPersonalData, keyed_digest, mask
from tests.registry.factories import CardFactory

ROOT = Path(__file__).resolve().parents[2]


def _filtered(msg, *args, exc_info=None):
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, msg, args, exc_info)
    assert MaskPersonalData().filter(record) is True
    return record


@pytest.mark.parametrize(
    "number",
    [
        "L000000160",
        "l000000160",
        "L 000 000 160",
        "L-000-000-160",
        "L.000.000.160",
        "l000-000160",
        "L%20000%20000%20160",
        "l%2D000%2d000%2E160",
    ],
)
def test_every_spelling_the_parser_accepts_is_masked(number):
    from urllib.parse import unquote

    from registry import cardnumbers

    assert cardnumbers.parse(unquote(number)).text == "L000000160"
    assert mask(f"Not Found: /fi/registry/unit/4/cards/{number}/") == (
        "Not Found: /fi/registry/unit/4/cards/[card]/"
    )


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("from 203.0.113.9 via 10.0.0.1", "from [ip] via [ip]"),
        ("client 2001:db8::1 and ::1", "client [ip] and [ip]"),
        ("host [fe80::1:2]:8000", "host [[ip]]:8000"),
    ],
)
def test_addresses_are_masked(text, masked):
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Dashboard computed in 12:30:05",
        "card count 1234567890 (no letter)",
        "version 5.2.1",
        "/fi/registry/unit/4/",
    ],
)
def test_other_text_is_left_alone(text):
    assert mask(text) == text


def test_the_formatted_message_is_masked_including_its_args():
    # Django's request logger: the path is an arg, not part of the message.
    record = _filtered("%s: %s", "Unauthorized", "/api/registry/cards/L000000160/")
    assert record.getMessage() == "Unauthorized: /api/registry/cards/[card]/"
    assert "L000000160" not in logging.Formatter().format(record)


def test_a_traceback_is_masked():
    try:
        raise ValueError("no card K000000194 for 198.51.100.7")
    except ValueError as error:
        record = _filtered("Internal Server Error: %s", "/x/", exc_info=(ValueError, error, None))
    text = logging.Formatter().format(record)
    assert "K000000194" not in text and "198.51.100.7" not in text
    assert "no card [card] for [ip]" in text


def test_every_configured_handler_masks():
    config = settings.LOGGING
    assert config["filters"]["mask_personal_data"]["()"] == "core.logfilters.MaskPersonalData"
    for name, handler in config["handlers"].items():
        assert "mask_personal_data" in handler.get("filters", []), name


def test_every_handler_of_every_logger_masks():
    """Django's own default handlers (runserver's request lines, the debug console) included."""
    loggers = [logging.root, *logging.root.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if type(handler).__module__.startswith("_pytest") or isinstance(
                handler, logging.NullHandler
            ):
                continue
            if type(handler).__name__ == "_Capture":  # tests/logcapture.py's
                continue
            assert any(isinstance(f, MaskPersonalData) for f in handler.filters), (
                logger.name,
                handler,
            )


def test_keyed_digest_needs_the_key(settings):
    settings.LOG_DIGEST_KEY = "one"
    first = keyed_digest("K000000194")
    settings.LOG_DIGEST_KEY = "two"
    assert keyed_digest("K000000194") != first
    assert first != hashlib.sha256(b"K000000194").hexdigest()[:16]


@pytest.mark.django_db
def test_card_check_logs_no_plain_hash_of_the_number_or_address(client, caplog):
    """A plain sha256 of a card number is reversed by hashing every number: the log line carries
    keyed digests only."""
    number = CardFactory(birth_year=1990).number
    with caplog.at_level(logging.INFO, logger="registry.check"):
        client.post(
            reverse("stats:check_card"),
            {"number": number, "birth_year": 1990},
            REMOTE_ADDR="198.51.100.7",
        )
    [line] = [r.getMessage() for r in caplog.records if r.name == "registry.check"]
    assert "outcome=found" in line
    for value in (number, "198.51.100.7"):
        assert hashlib.sha256(value.encode()).hexdigest()[:16] not in line
        assert value not in line
    assert keyed_digest(number) in line


def test_gunicorn_configuration_masks_and_binds_to_loopback():
    """deploy/gunicorn.conf.py: the app port only on loopback (D6), every log handler masked, and
    gunicorn's access line (request line and address) comes out masked."""
    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert conf["bind"] in (["127.0.0.1:8000"], "127.0.0.1:8000")
    logconfig = conf["logconfig_dict"]
    filters = logconfig["filters"]
    masking = [name for name, f in filters.items() if f["()"] == "core.logfilters.MaskPersonalData"]
    for name, handler in logconfig["handlers"].items():
        assert set(masking) & set(handler.get("filters", [])), name
    for name in ("gunicorn.error", "gunicorn.access"):
        assert logconfig["loggers"][name]["handlers"], name
    path = "/api/registry/cards/K000000194/"
    atoms = {
        "h": "198.51.100.7",
        "r": f"GET {path} HTTP/1.1",
        "m": "GET",
        "U": path,
        "H": "HTTP/1.1",
    }
    atoms.update(dict.fromkeys("stbfaLlu", "-"))
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, conf["access_log_format"], (atoms,), None
    )
    MaskPersonalData().filter(record)
    line = record.getMessage()
    assert "K000000194" not in line and "198.51.100.7" not in line
    assert line.startswith('[ip] - "GET /api/registry/cards/[card]/ HTTP/1.1"')
