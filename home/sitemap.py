from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    """Every language version of this site's pages (Wagtail's own lists only the default locale's)."""

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for root in roots:
            pages = pages | Page.objects.descendant_of(root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()


class PublicViewsSitemap(DjangoSitemap):
    """The public pages that are Django views, not Wagtail pages (the finder, the commitment
    form, public statistics, the card check), in every language: issue 16.10 found the commitment
    form in no sitemap. `i18n` lists each once per language, its path translated."""

    i18n = True
    VIEWS = ["finder", "materials:commitment", "stats:public", "stats:check_card"]

    def items(self):
        return self.VIEWS

    def location(self, item):
        return reverse(item)
