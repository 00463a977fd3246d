"""Fixtures of the core tests, built with the factories (tests/home/factories.py)."""

import pytest

from home.models import SiteSettings
from tests.home.factories import national_site


@pytest.fixture
def site(db):
    """The national site, the default Site, in its four languages (/fi/, /sv/, /en/,
    /fi-x-selko/), with its settings (else the first page view creates them, and creating content
    empties the fragment caches)."""
    site = national_site()
    SiteSettings.for_site(site)
    return site
