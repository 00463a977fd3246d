"""Compiles every gettext catalog of the project (.po → .mo) with polib: no GNU gettext needed."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "var", ".git"}


def catalogs():
    for po in ROOT.rglob("locale/*/LC_MESSAGES/*.po"):
        if not SKIP.intersection(po.relative_to(ROOT).parts):
            yield po
    # Hand-kept translations of Wagtail's admin strings (settings.LOCALE_PATHS, second entry).
    yield from ROOT.glob("locale/wagtail_overrides/*/LC_MESSAGES/*.po")


if __name__ == "__main__":
    count = 0
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            catalog = polib.pofile(str(po_path))
            # A catalog fresh from makemessages (e.g. an English one nobody edits) carries
            # gettext's placeholders, which make Python's gettext fail on plural forms.
            if "EXPRESSION" in catalog.metadata.get("Plural-Forms", "EXPRESSION"):
                catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
            catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            catalog.save_as_mofile(str(mo_path))
        count += 1
    print(f"compiled messages: {count} catalogs")
