"""Small real files for the demo materials: PDFs made by the project (WeasyPrint), PPTX with
python-pptx, DOCX with python-docx, XLSX with XlsxWriter, so every download in the demo works."""

import io
import zipfile

from django.utils.html import escape


def pdf(title, paragraphs, lang="fi"):
    from weasyprint import HTML

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        "<style>@page{size:A4;margin:20mm;@bottom-center{content:counter(page)}}"
        "body{font-family:'DejaVu Sans',sans-serif;font-size:12pt;line-height:1.5;color:#1b1b1f}"
        "h1{color:#0b4f6c}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def pptx(title, slides):
    from pptx import Presentation

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = "Kaikukortti"
    for heading, text in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = heading
        slide.placeholders[1].text = text
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def docx(title, paragraphs):
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(title, header, rows):
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    sheet.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    workbook.close()
    return out.getvalue()


def zip_bundle(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def make(fmt, title, paragraphs, lang="fi"):
    if fmt == "pdf":
        return pdf(title, paragraphs, lang)
    if fmt == "pptx":
        return pptx(title, [(p.split(":")[0][:60], p) for p in paragraphs])
    if fmt == "docx":
        return docx(title, paragraphs)
    if fmt == "xlsx":
        return xlsx(title, ["Kuukausi", "Rekisteröidyt kortit", "Käyttökerrat"], [["1/2026", 0, 0]])
    if fmt == "zip":
        return zip_bundle({"LUEMINUT.txt": "\n".join([title, *paragraphs])})
    raise ValueError(fmt)
