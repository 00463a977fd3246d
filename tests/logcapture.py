"""Every log line of a test run is scanned for card numbers and IP addresses (issue 15, D5).

A pytest plugin (tests/conftest.py loads it). For the whole session a capturing handler is added
*after* the project's own handlers on the root logger and on the loggers that do not propagate
(django.server, gunicorn's): it sees each record as the project's handlers left it, so it reads
the text the project writes. Root is lowered to INFO so that informational lines (the card check's)
are scanned too. At the end of the session the run fails if any formatted line, args and traceback
included, holds a card-number shape or an IPv4 address.
"""

import logging
import re

import pytest

# As registry/cardnumbers.py's parser reads a number: a letter and nine digits, any case, with
# spaces, hyphens or dots between the characters.
CARD_NUMBER = re.compile(r"(?<![0-9A-Za-z])[A-Za-z](?:(?:[\s.+\-]|%20|%2[DdEe])*[0-9]){9}(?![0-9])")
IPV4 = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9])")
LOGGERS = ["", "django", "django.request", "django.server", "gunicorn.error", "gunicorn.access"]


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.INFO)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.leaks = []

    def emit(self, record):
        if getattr(record, "_kaiku_scanned", False):  # the same record on two watched loggers
            return
        record._kaiku_scanned = True
        text = self.format(record)
        if CARD_NUMBER.search(text) or IPV4.search(text):
            self.leaks.append(text)


def _watched():
    """Root, and the listed loggers that do not pass their records up to root."""
    loggers = [logging.getLogger(name) for name in LOGGERS]
    return [logger for logger in loggers if logger is logging.root or not logger.propagate]


@pytest.fixture(scope="session", autouse=True)
def no_personal_data_in_logs():
    capture = _Capture()
    root_level = logging.root.level
    logging.root.setLevel(logging.INFO)
    watched = _watched()
    for logger in watched:
        logger.addHandler(capture)
    yield capture
    for logger in watched:
        logger.removeHandler(capture)
    logging.root.setLevel(root_level)
    if capture.leaks:
        shown = "\n".join(capture.leaks[:20])
        pytest.fail(f"{len(capture.leaks)} log lines hold a card number or an address:\n{shown}")
