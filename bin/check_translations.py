"""The translation gate: every interface string has a translation in fi, sv and plain Finnish.

Interface strings are written in English in the code, so the English catalog may leave a string
untranslated (gettext then shows the English source). Each app with its own `locale/` folder has
its own catalog; the project's `locale/` holds the strings of core, home and the shared templates.

    python bin/check_translations.py            # extract (makemessages), then check; exit 1 if incomplete
    python bin/check_translations.py --update   # extract only, to add new strings for translating
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["fi", "sv", "en", "fi_X-selko"]
MUST_TRANSLATE = ["fi", "sv", "fi_X-selko"]
ALWAYS_IGNORED = [".venv/*", "node_modules/*", "var/*", "tests/*", "bench/*", "bin/*"]


def app_roots():
    return sorted(
        p.parent
        for p in ROOT.glob("*/locale")
        if p.parent != ROOT and (p.parent / "apps.py").exists()
    )


def makemessages(cwd: Path, ignore: list[str]):
    if not shutil.which("xgettext"):
        print(
            "warning: GNU gettext is not installed; checking existing catalogs without extracting"
        )
        return
    catalogs = {
        po: po.read_text(encoding="utf-8") for po in cwd.glob("locale/*/LC_MESSAGES/django.po")
    }
    args = [
        sys.executable,
        str(ROOT / "manage.py"),
        "makemessages",
        "--no-obsolete",
        "--no-location",
    ]
    for lang in LANGUAGES:
        args += ["-l", lang]
    for pattern in ignore:
        args += ["-i", pattern]
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    # Keep files whose only change is the extraction timestamp as they were (no churn in git).
    for po, old in catalogs.items():
        new = po.read_text(encoding="utf-8")
        if _strip_date(new) == _strip_date(old):
            po.write_text(old, encoding="utf-8")


def _strip_date(text: str) -> str:
    return "\n".join(
        line for line in text.splitlines() if not line.startswith('"POT-Creation-Date')
    )


def missing_translations(locale_dir: Path):
    problems = []
    for lang in MUST_TRANSLATE:
        po_path = locale_dir / lang / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            problems.append(f"{po_path.relative_to(ROOT)}: missing catalog")
            continue
        catalog = polib.pofile(str(po_path))
        for entry in catalog:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{po_path.relative_to(ROOT)}: fuzzy: {entry.msgid!r}")
            elif entry.msgid_plural and not all(entry.msgstr_plural.values()):
                problems.append(
                    f"{po_path.relative_to(ROOT)}: untranslated plural: {entry.msgid!r}"
                )
            elif not entry.msgid_plural and not entry.msgstr:
                problems.append(f"{po_path.relative_to(ROOT)}: untranslated: {entry.msgid!r}")
    return problems


def main(update_only: bool) -> int:
    apps = app_roots()
    makemessages(ROOT, ALWAYS_IGNORED + [f"{app.name}/*" for app in apps])
    for app in apps:
        makemessages(app, [])
    if update_only:
        return 0
    problems = missing_translations(ROOT / "locale")
    for app in apps:
        problems += missing_translations(app / "locale")
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"\n{len(problems)} interface strings lack a translation (fi, sv and plain Finnish are required)."
        )
        return 1
    print("translations: complete in fi, sv and fi-x-selko")
    return 0


if __name__ == "__main__":
    sys.exit(main("--update" in sys.argv))
