"""Batch export for the printer: a CSV and print-ready SVG and PDF sheets.

Per card: the number, a QR code (segno) and a Code 39 barcode, both containing only the number
(DOMAIN.md, "The card"). Sheets are A4 with ten card-sized cells (85.6 × 54 mm, ID-1).
"""

import csv
import io
import zipfile
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse

import segno

from . import cardnumbers, code39

PAGE_W, PAGE_H = 210.0, 297.0  # mm, A4
CARD_W, CARD_H = 85.6, 54.0
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
MARGIN_X = (PAGE_W - COLUMNS * CARD_W) / 2
MARGIN_Y = (PAGE_H - ROWS * CARD_H) / 2
QR_SIZE = 24.0  # mm
BAR_MODULE = 0.3  # mm, narrow element
BAR_HEIGHT = 10.0


def _filename(batch, ext):
    return f"kaikukortti-{batch.first_number}-{batch.last_number}.{ext}"


def csv_bytes(batch) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["number", "letter", "serial", "check_digits", "region", "qr", "barcode"])
    for number in batch.numbers():
        letter, serial = cardnumbers.split(number)
        # The QR code and the barcode contain the number and nothing else.
        writer.writerow([number, letter, serial, number[-2:], batch.region.slug, number, number])
    return out.getvalue().encode("utf-8")


def _pages(batch):
    numbers = list(batch.numbers())
    for start in range(0, len(numbers), PER_PAGE):
        yield numbers[start : start + PER_PAGE]


def _cell_origin(index):
    col, row = index % COLUMNS, index // COLUMNS
    return MARGIN_X + col * CARD_W, MARGIN_Y + row * CARD_H


def _qr_matrix(number):
    qr = segno.make_qr(number, error="m")
    return [list(row) for row in qr.matrix]


def svg_page(numbers) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}mm" height="{PAGE_H}mm" '
        f'viewBox="0 0 {PAGE_W} {PAGE_H}">',
        f'<rect width="{PAGE_W}" height="{PAGE_H}" fill="#fff"/>',
    ]
    for index, number in enumerate(numbers):
        x, y = _cell_origin(index)
        parts.append(
            f'<g transform="translate({x:.2f} {y:.2f})">'
            f'<rect width="{CARD_W}" height="{CARD_H}" fill="none" stroke="#999" stroke-width="0.1"/>'
        )
        matrix = _qr_matrix(number)
        size = len(matrix) + 8  # quiet zone of four modules
        module = QR_SIZE / size
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    parts.append(
                        f'<rect x="{5 + (c + 4) * module:.3f}" y="{5 + (r + 4) * module:.3f}" '
                        f'width="{module:.3f}" height="{module:.3f}"/>'
                    )
        bars = code39.modules(number)
        bx, by = 5.0, CARD_H - BAR_HEIGHT - 10
        run = None
        for i, m in enumerate(bars + "0"):
            if m == "1" and run is None:
                run = i
            elif m == "0" and run is not None:
                parts.append(
                    f'<rect x="{bx + run * BAR_MODULE:.3f}" y="{by}" '
                    f'width="{(i - run) * BAR_MODULE:.3f}" height="{BAR_HEIGHT}"/>'
                )
                run = None
        parts.append(
            f'<text x="5" y="{CARD_H - 4}" font-family="DejaVu Sans Mono, monospace" '
            f'font-size="4">{escape(number)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_zip(batch) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for page_number, numbers in enumerate(_pages(batch), start=1):
            archive.writestr(f"sheet-{page_number:04d}.svg", svg_page(numbers))
    return out.getvalue()


def pdf_bytes(batch) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W * mm, PAGE_H * mm))
    pdf.setTitle(f"Kaikukortti {batch}")
    for numbers in _pages(batch):
        for index, number in enumerate(numbers):
            x, y_top = _cell_origin(index)
            y = PAGE_H - y_top - CARD_H  # PDF origin is bottom left
            pdf.setStrokeGray(0.6)
            pdf.setLineWidth(0.1 * mm)
            pdf.rect(x * mm, y * mm, CARD_W * mm, CARD_H * mm, stroke=1, fill=0)
            matrix = _qr_matrix(number)
            module = QR_SIZE / (len(matrix) + 8)
            for r, row in enumerate(matrix):
                for c, dark in enumerate(row):
                    if dark:
                        pdf.rect(
                            (x + 5 + (c + 4) * module) * mm,
                            (y + CARD_H - 5 - (r + 5) * module) * mm,
                            module * mm,
                            module * mm,
                            stroke=0,
                            fill=1,
                        )
            bars = code39.modules(number)
            run = None
            for i, m in enumerate(bars + "0"):
                if m == "1" and run is None:
                    run = i
                elif m == "0" and run is not None:
                    pdf.rect(
                        (x + 5 + run * BAR_MODULE) * mm,
                        (y + 10) * mm,
                        (i - run) * BAR_MODULE * mm,
                        BAR_HEIGHT * mm,
                        stroke=0,
                        fill=1,
                    )
                    run = None
            pdf.setFont("Courier", 11)
            pdf.drawString((x + 5) * mm, (y + 4) * mm, number)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


FORMATS = {
    "csv": (csv_bytes, "text/csv; charset=utf-8", "csv"),
    "svg": (svg_zip, "application/zip", "svg.zip"),
    "pdf": (pdf_bytes, "application/pdf", "pdf"),
}


def response(batch, fmt) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    build, content_type, ext = FORMATS[fmt]
    resp = HttpResponse(build(batch), content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{_filename(batch, ext)}"'
    return resp
