"""Page links that stay short however many pages there are (the finder with 1 000 venues has 50)."""

from django import template

register = template.Library()


@register.simple_tag
def page_links(page_obj, on_each_side=2, on_ends=1):
    """The page numbers to link to: the first and last, the current one with two on each side, and
    `None` where numbers are left out (the template shows an ellipsis there)."""
    paginator = page_obj.paginator
    return [
        None if n == paginator.ELLIPSIS else n
        for n in paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    ]
