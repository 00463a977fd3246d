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


# Plain Finnish avoids jargon (issue 16.4): these words may not appear in a plain-Finnish
# translation; the right-hand side says what to write instead.
PLAIN_FINNISH = "fi_X-selko"
PLAIN_FINNISH_JARGON = {
    "yläraj": "say how many card tickets at most: 'enintään 20 korttilippua'",
    "kiintiö": "say the tickets are not reserved in advance: 'lippuja ei ole varattu etukäteen'",
    "induktiosilmuk": "'kuulolaitteen silmukka'",
}


def plain_finnish_jargon(locale_dir: Path):
    po_path = locale_dir / PLAIN_FINNISH / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        return []
    problems = []
    for entry in polib.pofile(str(po_path)):
        text = " ".join([entry.msgstr, *entry.msgstr_plural.values()]).lower()
        for word, instead in PLAIN_FINNISH_JARGON.items():
            if not entry.obsolete and word in text:
                problems.append(
                    f"{po_path.relative_to(ROOT)}: jargon '{word}' in plain Finnish "
                    f"({entry.msgid!r}): {instead}"
                )
    return problems


# The admin strings our users see that Wagtail's own Finnish or Swedish catalogue lacked (issue 17):
# locale/wagtail_overrides must translate each of them. Editors work in Finnish or Swedish only.
ADMIN_LANGUAGES = ["fi", "sv"]
ADMIN_STRINGS = {
    "django": [
        "The page could not be saved due to validation errors.",
        "Autosave is paused",
        "Search all pages…",
        "%(model_name)s '%(object)s' has been submitted for moderation.",
        "title",
        "Toggle preview",
    ],
    "djangojs": ["Autosave in progress…", "Changes have been autosaved."],
}


def wagtail_msgids(domain: str) -> set[str]:
    """Every msgid of Wagtail's own catalogues (its English ones list them all)."""
    import wagtail

    root = Path(wagtail.__file__).parent
    return {
        entry.msgid
        for po in root.rglob(f"locale/en/LC_MESSAGES/{domain}.po")
        for entry in polib.pofile(str(po))
    }


def admin_override_problems(locale_dir: Path = ROOT / "locale" / "wagtail_overrides"):
    """The hand-kept admin catalogue: complete in fi and sv, holding every string of
    ADMIN_STRINGS, and only strings Wagtail still has (a string renamed upstream is reported)."""
    problems = []
    for domain, required in ADMIN_STRINGS.items():
        known = wagtail_msgids(domain)
        for lang in ADMIN_LANGUAGES:
            po_path = locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"
            where = po_path.relative_to(ROOT) if po_path.is_relative_to(ROOT) else po_path
            if not po_path.exists():
                problems.append(f"{where}: missing catalog")
                continue
            catalog = polib.pofile(str(po_path))
            translated = {e.msgid for e in catalog if e.msgstr and "fuzzy" not in e.flags}
            for msgid in required:
                if msgid not in translated:
                    problems.append(f"{where}: admin string not translated: {msgid!r}")
            for entry in catalog:
                if entry.msgid not in translated:
                    problems.append(f"{where}: untranslated: {entry.msgid!r}")
                if entry.msgid not in known:
                    problems.append(f"{where}: no longer a Wagtail string: {entry.msgid!r}")
    return problems


def main(update_only: bool) -> int:
    apps = app_roots()
    makemessages(ROOT, ALWAYS_IGNORED + [f"{app.name}/*" for app in apps])
    for app in apps:
        makemessages(app, [])
    if update_only:
        return 0
    problems = missing_translations(ROOT / "locale") + plain_finnish_jargon(ROOT / "locale")
    for app in apps:
        problems += missing_translations(app / "locale") + plain_finnish_jargon(app / "locale")
    problems += admin_override_problems()
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
