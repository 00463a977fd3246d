from django import template

register = template.Library()


@register.filter
def latest_url(material, file_format):
    """The stable link to the current version of `material` in `file_format`."""
    return material.latest_url(file_format)
