import io
import re
import zipfile

from django.http import Http404

import pytest
import segno
from barcode.charsets import code39
from pypdf import PdfReader

from registry import cardnumbers, exports
from registry.models import CardBatch

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def small_batch(region, users):
    return CardBatch.objects.create(
        region=region, letter="T", first_serial=10, last_serial=21, created_by=users["national"]
    )


def numbers(first, last):
    return [cardnumbers.make_number("T", serial) for serial in range(first, last + 1)]


def test_csv_has_one_row_per_number_and_only_the_number_in_codes(small_batch):
    rows = exports.csv_bytes(small_batch).decode().splitlines()
    assert len(rows) == 13
    number = cardnumbers.make_number("T", 10)
    assert rows[1].split(",")[0] == number
    assert rows[1].split(",")[-2:] == [number, number]


def test_pdf_is_a4_sheets_of_ten_cards_with_only_their_numbers_as_text(small_batch):
    pdf = PdfReader(io.BytesIO(exports.pdf_bytes(small_batch)))
    assert len(pdf.pages) == 2
    assert [round(float(side)) for side in pdf.pages[0].mediabox[2:]] == [595, 842]  # A4 in pt
    assert pdf.pages[0].extract_text().split() == numbers(10, 19)
    assert pdf.pages[1].extract_text().split() == numbers(20, 21)


def test_svg_sheets(small_batch):
    archive = zipfile.ZipFile(io.BytesIO(exports.svg_zip(small_batch)))
    assert archive.namelist() == ["sheet-0001.svg", "sheet-0002.svg"]
    first = archive.read("sheet-0001.svg").decode()
    assert re.findall(r"<text[^>]*>([^<]*)</text>", first) == numbers(10, 19)
    assert first.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="210.0mm"')


def decode_code39(modules):
    """Read Code 39 from its modules ("1" dark, one a narrow element) with python-barcode's table."""
    modules = modules.strip("0")
    chars = dict(zip(code39.CODES, code39.REF, strict=True)) | {code39.EDGE: "*"}
    return "".join(chars[modules[i : i + 15]] for i in range(0, len(modules), 16))


def svg_modules(svg):
    """The modules of python-barcode's SVG, whose bars are rects in multiples of 0.3 mm."""
    bars = re.findall(r'x="([\d.]+)mm" y="[\d.]+mm" width="([\d.]+)mm"', svg)
    dark = {round(float(x) / 0.3) + i for x, w in bars for i in range(round(float(w) / 0.3))}
    return "".join("1" if m in dark else "0" for m in range(min(dark), max(dark) + 1))


def test_barcodes_in_the_pdf_read_as_the_card_numbers(small_batch):
    pdf = PdfReader(io.BytesIO(exports.pdf_bytes(small_batch)))
    read = set()
    for page in pdf.pages:
        for image in page.images:
            bitmap = image.image.convert("1")
            row = [bitmap.getpixel((x, bitmap.height // 2)) for x in range(0, bitmap.width, 2)]
            read.add(decode_code39("".join("0" if pixel else "1" for pixel in row)))
    assert read == {f"*{number}*" for number in numbers(10, 21)}


def test_codes_on_a_sheet_contain_only_the_card_number(small_batch):
    sheet = zipfile.ZipFile(io.BytesIO(exports.svg_zip(small_batch))).read("sheet-0002.svg")
    cards = re.split(r'<svg x="[\d.]+mm" y="[\d.]+mm" width="85.6mm"', sheet.decode())[1:]
    assert len(cards) == 2
    number = cardnumbers.make_number("T", 20)
    qr_svg = segno.make_qr(number, error="m").svg_inline(omitsize=True, border=4)
    assert qr_svg in cards[0]
    barcode = cards[0][cards[0].index("<svg version") :]
    assert decode_code39(svg_modules(barcode)) == f"*{number}*"


def test_response_is_a_named_download_and_an_unknown_format_is_404(small_batch):
    response = exports.response(small_batch, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kaikukortti-{numbers(10, 10)[0]}-{numbers(21, 21)[0]}.pdf"'
    )
    with pytest.raises(Http404):
        exports.response(small_batch, "docx")
