import io
import zipfile

import pytest

from registry import cardnumbers, exports
from registry.models import CardBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_batch(kainuu, users):
    return CardBatch.objects.create(
        region=kainuu, letter="T", first_serial=10, last_serial=21, created_by=users["national"]
    )


def test_csv_has_one_row_per_number_and_only_the_number_in_codes(small_batch):
    rows = exports.csv_bytes(small_batch).decode().splitlines()
    assert len(rows) == 13
    number = cardnumbers.make_number("T", 10)
    assert rows[1].split(",")[0] == number
    assert rows[1].split(",")[-2:] == [number, number]


def test_svg_sheets(small_batch):
    archive = zipfile.ZipFile(io.BytesIO(exports.svg_zip(small_batch)))
    assert archive.namelist() == ["sheet-0001.svg", "sheet-0002.svg"]
    first = archive.read("sheet-0001.svg").decode()
    assert first.count("<text") == 10 and cardnumbers.make_number("T", 10) in first
    assert first.startswith("<svg") and 'width="210.0mm"' in first


def test_pdf_sheets(small_batch):
    pdf = exports.pdf_bytes(small_batch)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1


def test_qr_contains_only_the_number():
    import segno

    qr = segno.make_qr("K000012345", error="m")
    assert qr.designator  # made without error
    matrix = exports._qr_matrix("K000012345")
    assert len(matrix) == len(matrix[0]) >= 21
