"""Checks every step of a staff journey makes on a Finnish screen (issue 17): no English phrase of
the registry's catalogue left in the visible text, nothing wider than the phone, and axe."""

from pathlib import Path

import polib

from .conftest import assert_accessible

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 375, "height": 812}


def english_phrases():
    """The registry's interface phrases in English that Finnish translates differently (two words
    or more, so that a name such as "Kaikukortti" is not mistaken for English)."""
    catalog = polib.pofile(str(ROOT / "registry/locale/fi/LC_MESSAGES/django.po"))
    return {
        e.msgid
        for e in catalog.translated_entries()
        if " " in e.msgid and e.msgstr != e.msgid and "%" not in e.msgid and "{" not in e.msgid
    }


def assert_finnish_phone_screen(page):
    text = page.locator("body").inner_text()
    left_in_english = sorted(p for p in english_phrases() if p in text)
    assert left_in_english == [], f"English on a Finnish screen {page.url}: {left_in_english}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"
    assert_accessible(page)
