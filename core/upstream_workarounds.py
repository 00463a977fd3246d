"""Workarounds for upstream bugs, in one place, each with its issue link. Remove when fixed upstream.

wagtail-localize #773 (https://github.com/wagtail/wagtail-localize/issues/773): translating a page
"including subtree" saves the translated parent with a stale `numchild` of 0, so its translated
children vanish from the admin tree and the public site answers 404 for them. After every page
save we recount the page's children from the tree itself, which repairs the stale value.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Page


def repair_numchild(page_ids):
    """Set numchild of the given pages to the real number of their children (one UPDATE)."""
    children = (
        Page.objects.filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Page.objects.filter(pk__in=page_ids).update(numchild=Coalesce(Subquery(children), 0))


@receiver(post_save)
def _repair_after_page_save(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    # The page itself and its parent: the parent's count is what a stale save overwrote.
    parent_path = instance.path[: -Page.steplen] if instance.depth > 1 else None
    ids = [instance.pk]
    if parent_path:
        ids += list(Page.objects.filter(path=parent_path).values_list("pk", flat=True))
    repair_numchild(ids)
