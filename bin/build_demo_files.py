"""Builds the demo's downloadable files (materials/demo_files/) from the materials in
materials/demo.py: small real PDF, PPTX, DOCX, XLSX and ZIP files, so every download in the demo
opens. Development only: the files are committed and `load_demo` just reads them, so python-pptx
and python-docx are in the `dev` extra, not in the site's dependencies.

    python bin/build_demo_files.py    # after changing a material's versions or text; commit the result
"""

import io
import os
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pdf(title, paragraphs, lang):
    from django.utils.html import escape

    from weasyprint import HTML

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return HTML(
        string=f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        "<style>@page{size:A4;margin:20mm;@bottom-center{content:counter(page)}}"
        "body{font-family:'DejaVu Sans',sans-serif;font-size:12pt;line-height:1.5;color:#1b1b1f}"
        "h1{color:#0b4f6c}</style>"
        f"</head><body><h1>{escape(title)}</h1>{body}</body></html>"
    ).write_pdf(pdf_identifier=title.encode())


def pptx(title, paragraphs, lang):
    from pptx import Presentation

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = "Kaikukortti"
    for text in paragraphs:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = text.split(":")[0][:60]
        slide.placeholders[1].text = text
    return _saved(deck)


def docx(title, paragraphs, lang):
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    return _saved(document)


def xlsx(title, paragraphs, lang):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(["Kuukausi", "Rekisteröidyt kortit", "Käyttökerrat"])
    sheet.append(["1/2026", 0, 0])
    return _saved(workbook)


def zip_bundle(title, paragraphs, lang):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LUEMINUT.txt", "\n".join([title, *paragraphs]))
    return out.getvalue()


def _saved(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BUILDERS = {"pdf": pdf, "pptx": pptx, "docx": docx, "xlsx": xlsx, "zip": zip_bundle}


def main():
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from core.languages import html_lang
    from materials.demo import DEMO_FILES, MATERIALS, demo_file_name

    DEMO_FILES.mkdir(exist_ok=True)
    for old in DEMO_FILES.iterdir():
        old.unlink()
    for slug, title, _, _, language, _, versions, text in MATERIALS:
        for _, label, formats in versions:
            for fmt in formats:
                content = BUILDERS[fmt](f"{title} {label}", text or [title], html_lang(language))
                (DEMO_FILES / demo_file_name(slug, label, fmt)).write_bytes(content)
    print(f"{len(list(DEMO_FILES.iterdir()))} files in {DEMO_FILES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
