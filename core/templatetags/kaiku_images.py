"""Responsive images: Wagtail's own <picture> (AVIF, WebP, JPEG fallback) with widths that fit.

Wagtail's `{% picture %}` takes its widths as literals, and `width-N` never enlarges: an 1 000 px
upload with `width-{400,800,1200,1600}` gets three 1 000 px renditions and a srcset with the same
width descriptor twice, which HTML forbids. This tag asks for the same renditions (the same filter
specs, so they are shared with any `{% picture %}`) but only for widths below the original, plus the
original width itself, and renders them with Wagtail's `Picture`.
"""

from django import template

from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()

# Most modern first; the last is the fallback <img> for browsers that take neither.
FORMATS = ("avif", "webp", "jpeg")
# Phone, tablet, the content column (at most 70rem, 1 120 px) and that column on a 2x screen.
WIDTHS = (400, 800, 1200, 1600)
# The content column: the whole viewport on small screens, 70rem from 72rem up.
CONTENT_SIZES = "(min-width: 72rem) 70rem, 100vw"


def picture_widths(original_width, widths=WIDTHS):
    """The widths to render: those below the original, and the original when it is smaller than
    the largest (never enlarged, never the same width twice)."""
    chosen = [w for w in widths if w < original_width]
    if original_width and len(chosen) < len(widths):
        chosen.append(original_width)
    return chosen or list(widths[:1])


def picture_specs(original_width, formats=FORMATS, widths=WIDTHS):
    return [
        f"format-{fmt}|width-{width}"
        for fmt in formats
        for width in picture_widths(original_width, widths)
    ]


@register.simple_tag
def responsive_picture(image, alt, *, first_screen=False, sizes=CONTENT_SIZES):
    """`<picture>` of `image` with an AVIF and a WebP <source> and a JPEG <img>.

    `first_screen`: the image is likely the page's largest paint, so it loads at once and first;
    otherwise it loads lazily. Decoding never blocks the page.
    """
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, picture_specs(image.width))
    attrs = {"sizes": sizes, "alt": alt, "decoding": "async"}
    if first_screen:
        attrs["fetchpriority"] = "high"
    else:
        attrs["loading"] = "lazy"
    return Picture(renditions, attrs).__html__()
