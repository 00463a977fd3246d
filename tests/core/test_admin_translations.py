"""The Wagtail admin in Finnish and Swedish (issue 17, item 1): where Wagtail's own catalogue lacks
or mistranslates a string, locale/wagtail_overrides supplies it, and the translation gate checks it."""

import sys
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Page, Task, Workflow

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bin"))

import check_translations  # noqa: E402

pytestmark = pytest.mark.django_db

SEEN_IN_ENGLISH = [
    "The page could not be saved due to validation errors.",
    "Autosave is paused",
    "Search all pages…",
    "%(model_name)s '%(object)s' has been submitted for moderation.",
]


@pytest.fixture(autouse=True, scope="module")
def compiled():
    """The catalogues as `make test` and deployment use them (.mo files are not in git)."""
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "bin" / "compile_messages.py")], check=True)  # noqa: S603


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_admin_strings_reported_in_english_are_translated(language):
    with translation.override(language):
        for msgid in SEEN_IN_ENGLISH:
            assert gettext(msgid) != msgid, (language, msgid)


def test_page_title_field_is_a_title_not_a_job_title():
    """The regions app's coordinator "title" (tehtävänimike) translated Wagtail's page title too."""
    field = Page._meta.get_field("title")
    with translation.override("fi"):
        assert str(field.verbose_name) == "otsikko"
    with translation.override("sv"):
        assert str(field.verbose_name) == "rubrik"
    from regions.models import RegionCoordinator

    with translation.override("fi"):
        assert str(RegionCoordinator._meta.get_field("title").verbose_name) == "tehtävänimike"


def test_autosave_messages_in_the_admin_javascript_catalogue(admin_client):
    with translation.override("fi"):
        body = admin_client.get("/admin/jsi18n/").content.decode()
    assert "Tallennetaan automaattisesti" in body


def test_workflow_and_task_names_in_finnish_and_swedish():
    names = list(Workflow.objects.values_list("name", flat=True)) + list(
        Task.objects.values_list("name", flat=True)
    )
    assert names
    for name in names:
        assert "approval" not in name.lower(), name
    assert Workflow.objects.filter(name__startswith="Kansallinen hyväksyntä").exists()


def test_gate_checks_the_admin_strings(tmp_path):
    assert check_translations.admin_override_problems() == []
    # A catalogue that lacks a listed string, or keeps one Wagtail no longer has, fails the gate.
    import polib

    for lang in ("fi", "sv"):
        for domain in ("django", "djangojs"):
            path = tmp_path / lang / "LC_MESSAGES" / f"{domain}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            po = polib.POFile()
            po.append(polib.POEntry(msgid="No such string in Wagtail", msgstr="x"))
            po.save(str(path))
    problems = check_translations.admin_override_problems(tmp_path)
    assert any("Autosave is paused" in p for p in problems)
    assert any("no longer a Wagtail string" in p for p in problems)
