"""Language helpers: the four site languages and what `lang` a piece of content carries.

Plain Finnish (`fi-x-selko`) is Finnish, so its pages say lang="fi". Content that falls back to
another language (an untranslated page shown as an alias of its source) carries the source's lang.
"""

from django.conf import settings
from django.utils import translation

PLAIN_FINNISH = settings.PLAIN_FINNISH

# Each language's name in that language, as a switcher shows it.
NATIVE_NAMES = {
    "fi": "Suomi",
    "sv": "Svenska",
    "en": "English",
    PLAIN_FINNISH: "Selkosuomi",
}

# PostgreSQL text search configurations (stemming) per site language.
SEARCH_CONFIGS = {"fi": "finnish", PLAIN_FINNISH: "finnish", "sv": "swedish", "en": "english"}


def html_lang(language_code: str | None) -> str:
    """The value for an HTML lang attribute: plain Finnish is Finnish."""
    code = language_code or settings.LANGUAGE_CODE
    return "fi" if code == PLAIN_FINNISH else code


_LOCALE_CODES: dict[int, str] = {}


def locale_code(locale_id: int) -> str:
    """A locale's language code without a query per page (locales never change their code)."""
    if locale_id not in _LOCALE_CODES:
        from wagtail.models import Locale

        _LOCALE_CODES.update(Locale.objects.values_list("id", "language_code"))
    return _LOCALE_CODES.get(locale_id, settings.LANGUAGE_CODE)


def content_language(page) -> str:
    """The language of the content a page shows: its source's for an alias, else its own locale's."""
    if getattr(page, "alias_of_id", None):
        return page.alias_of.locale.language_code
    return locale_code(page.locale_id)


def active_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def search_config(language_code: str | None = None) -> str:
    return SEARCH_CONFIGS.get(language_code or active_language(), "simple")


def municipality_name(municipality) -> str:
    """A bilingual municipality's both names, the active language's first: "Mustasaari –
    Korsholm" in Finnish, "Korsholm – Mustasaari" in Swedish (issue 16.9)."""
    if not municipality.name_sv:
        return municipality.name_fi
    if active_language() == "sv":
        return f"{municipality.name_sv} – {municipality.name_fi}"
    return f"{municipality.name_fi} – {municipality.name_sv}"
