"""Compiles every gettext catalog of the project (.po → .mo) with polib: no GNU gettext needed."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "var", ".git"}


def catalogs():
    for po in ROOT.rglob("locale/*/LC_MESSAGES/*.po"):
        if not SKIP.intersection(po.relative_to(ROOT).parts):
            yield po


if __name__ == "__main__":
    count = 0
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    print(f"compiled messages: {count} catalogs")
