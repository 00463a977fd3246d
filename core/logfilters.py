"""No card number and no IP address in a log line (issue 15, D5).

A card number is personal data: with the card's issuing desk and a visit it points at a person in a
tight financial situation. Django's request logger writes the path of a refused or missing page
(``Not Found: /fi/registry/unit/4/cards/L000000160/``), gunicorn's access log the request line and
the client's address. `MaskPersonalData` is attached to every handler in settings.LOGGING and in
gunicorn's (deploy/gunicorn.conf.py): it formats the record (the message with its args, the
exception's text) and masks, in the formatted text, every card-number shape and every address.

Where log lines must be told apart (the same visitor trying again), `keyed_digest` gives a keyed
HMAC: without the site's secret key it cannot be reversed by enumerating the card numbers.

Nothing here reads the settings at import time: gunicorn's master imports this before Django.
"""

import ipaddress
import logging
import re

# registry/cardnumbers.py: one letter and nine digits. The parser upper-cases and drops spaces,
# hyphens and dots between the characters, so every such spelling is masked (`l 000-000.160`),
# also URL-encoded as an access log or request.get_full_path() writes it (`l%20000%20000%20160`).
CARD_NUMBER = re.compile(r"(?<![0-9A-Za-z])[A-Za-z](?:(?:[\s.+\-]|%20|%2[DdEe])*[0-9]){9}(?![0-9])")
IPV4 = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9])")
# Candidates only: an IPv6 address has at least two colons; clock times (12:30:05) are not valid.
IPV6_CANDIDATE = re.compile(r"(?<![0-9A-Za-z:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")

CARD_MASK = "[card]"
IP_MASK = "[ip]"


def _ipv6(match):
    text = match.group(0)
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return text
    return IP_MASK


def mask(text: str) -> str:
    """`text` with every IP address and card-number shape replaced by a placeholder."""
    text = IPV6_CANDIDATE.sub(_ipv6, text)
    text = IPV4.sub(IP_MASK, text)
    return CARD_NUMBER.sub(CARD_MASK, text)


class MaskPersonalData(logging.Filter):
    """Masks card numbers and IP addresses in the formatted message and the traceback text.

    The record is rewritten, not dropped: its message becomes the masked text and its args empty
    (Django's request logger passes the path as an arg, gunicorn's access log the request line).
    Every later handler of the same record then sees the masked text too."""

    _formatter = logging.Formatter()

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: mask what there is, as logging would show it
            message = f"{record.msg} {record.args}"
        record.msg = mask(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def keyed_digest(value: str) -> str:
    """A short keyed HMAC of `value` (a card number, an address) for telling log lines apart.

    Keyed with settings.LOG_DIGEST_KEY (SECRET_KEY unless set): a plain hash of a card number is
    reversed in seconds by hashing every possible number."""
    from django.conf import settings
    from django.utils.crypto import salted_hmac

    secret = getattr(settings, "LOG_DIGEST_KEY", "") or settings.SECRET_KEY
    return salted_hmac("kaiku.log-digest", value, secret=secret, algorithm="sha256").hexdigest()[
        :16
    ]
