"""Fills a locale folder's catalogs from a Python file of translations (a developer's tool).

    python bin/fill_translations.py LOCALE_DIR TRANSLATIONS.py

TRANSLATIONS.py defines T = {msgid: (fi, sv, plain_finnish)} and optionally
PLURALS = {(msgid, msgid_plural): ((fi_one, fi_other), (sv_one, sv_other), (selko_one, selko_other))}.
Existing translations are overwritten by the file's; entries not in the file are left alone.
"""

import runpy
import sys
from pathlib import Path

import polib

ORDER = ["fi", "sv", "fi_X-selko"]


def main(locale_dir: Path, source: Path) -> None:
    data = runpy.run_path(str(source))
    singles, plurals = data.get("T", {}), data.get("PLURALS", {})
    for index, lang in enumerate(ORDER):
        po_path = locale_dir / lang / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(po_path))
        catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        catalog.metadata["Language"] = lang
        for entry in catalog:
            if entry.msgid_plural and (entry.msgid, entry.msgid_plural) in plurals:
                one, other = plurals[(entry.msgid, entry.msgid_plural)][index]
                entry.msgstr_plural = {0: one, 1: other}
            elif entry.msgid in singles:
                entry.msgstr = singles[entry.msgid][index]
            else:
                continue
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(po_path))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
