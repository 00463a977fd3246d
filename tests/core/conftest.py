"""Fixtures of the core tests, built with the factories (tests/home/factories.py)."""

import pytest

from tests.home.factories import national_site


@pytest.fixture
def site(db):
    """The national site, the default Site, in its four languages (/fi/, /sv/, /en/,
    /fi-x-selko/)."""
    return national_site()
