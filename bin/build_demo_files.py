"""Builds the demo's downloadable files (demo/media/documents/) for the documents in the demo's
data (demo/fixtures/materials.json): small real PDF, PPTX, DOCX, XLSX and ZIP files with the
material's title and description, so every download in the demo opens. Development only: the files
are committed and `load_demo` copies them, so python-pptx and python-docx are in the `dev` extra,
not in the site's dependencies.

    python bin/build_demo_files.py        # the files that are missing (a document added to the demo)
    python bin/build_demo_files.py --all  # every file again; commit the result
"""

import io
import json
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


def documents():
    """(file name, title, language, text) of each demo document in demo/fixtures/materials.json."""
    rows = json.loads((ROOT / "demo" / "fixtures" / "materials.json").read_text())
    by_model = {}
    for row in rows:
        by_model.setdefault(row["model"], {})[row["pk"]] = row["fields"]
    versions = by_model["materials.materialversion"]
    materials = by_model["materials.material"]
    for file in by_model["materials.materialfile"].values():
        document = by_model["materials.customdocument"][file["document"]]
        version = versions[file["version"]]
        material = materials[version["material"]]
        title = f"{material['title']} {version['label']}"
        text = [material["description"] or title]
        yield document["file"], title, material["language"], text


def main():
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from core.languages import html_lang

    media = ROOT / "demo" / "media"
    built = 0
    for name, title, language, text in documents():
        path = media / name
        if path.exists() and "--all" not in sys.argv:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(BUILDERS[path.suffix[1:]](title, text, html_lang(language)))
        built += 1
    print(f"{built} files built in {media.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
