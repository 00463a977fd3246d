"""The print PDF of a brochure, made with WeasyPrint from the same HTML the admin previews.

A5 pages for folding, body 12 pt, page numbers from @page counters, crop-safe margins, no text
over images (the brochure has none), `<html lang>` so the PDF's document language is set, and a
DRAFT mark in the top margin of every page while the brochure is not approved.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from .texts import must_says


def brochure_context(brochure, *, draft=None):
    if draft is None:
        draft = not brochure.is_approved
    with translation.override(brochure.language):
        return {
            "brochure": brochure,
            "draft": draft,
            "draft_label": gettext("DRAFT – not approved for print") if draft else "",
            "must_says": must_says(brochure.language),
            "venues": brochure.venues,
            "distributors": brochure.distributors,
            "contact_lines": [line for line in brochure.contacts.splitlines() if line.strip()],
        }


def render_html(brochure, *, draft=None):
    context = brochure_context(brochure, draft=draft)
    with translation.override(brochure.language):
        return render_to_string("materials/brochures/brochure.html", context)


def render_pdf(brochure, *, draft=None) -> bytes:
    from weasyprint import HTML

    html = render_html(brochure, draft=draft)
    return HTML(string=html).write_pdf(
        pdf_identifier=f"kaiku-brochure-{brochure.pk}".encode(),
    )
