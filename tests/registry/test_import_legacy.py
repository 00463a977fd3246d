"""Legacy card numbers are imported all or nothing, idempotently, and then register like batch cards."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from registry.cardnumbers import Kind, parse
from registry.models import LegacyNumber

pytestmark = [pytest.mark.django_db]


def _csv(tmp_path, text):
    path = tmp_path / "legacy.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _import(path, *args):
    out = StringIO()
    call_command("import_legacy_numbers", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_is_idempotent_and_numbers_then_parse_as_legacy(tmp_path, region, other_region):
    path = _csv(
        tmp_path, f"number,region\nA999123453,{region.slug}\n a045198724 ,{other_region.slug}\n"
    )
    before = LegacyNumber.objects.count()
    assert "2 new legacy numbers imported" in _import(path)
    assert "0 new legacy numbers imported" in _import(path)
    assert LegacyNumber.objects.count() == before + 2
    known = set(LegacyNumber.objects.values_list("number", flat=True))
    assert parse("A045198724", known).kind == Kind.LEGACY
    assert LegacyNumber.objects.get(number="A045198724").region == other_region


def test_a_bad_row_imports_nothing_and_names_the_row(tmp_path, region):
    path = _csv(
        tmp_path,
        f"number,region\nA999123455,{region.slug}\nB12,{region.slug}\nA999123456,atlantis\n",
    )
    before = LegacyNumber.objects.count()
    with pytest.raises(CommandError) as error:
        _import(path)
    assert "row 3" in str(error.value) and "row 4" in str(error.value)
    assert LegacyNumber.objects.count() == before


def test_dry_run_saves_nothing(tmp_path, region):
    path = _csv(tmp_path, f"number,region\nA999123457,{region.slug}\n")
    before = LegacyNumber.objects.count()
    assert "would be imported" in _import(path, "--dry-run")
    assert LegacyNumber.objects.count() == before


def test_missing_columns_are_refused(tmp_path):
    with pytest.raises(CommandError, match="columns"):
        _import(_csv(tmp_path, "card,area\nA999123453,kainuu\n"))
