"""Keep registry organisations in step with their public partner pages; tell the statistics about
writes the ORM's signals do not see."""

from django.dispatch import Signal, receiver

from wagtail.signals import page_published

# A use inserted without the ORM's post_save (rollups.insert_use): the statistics app, which registry
# never imports, renews its cached figures on it (stats.datacache.connect).
use_inserted = Signal()


@receiver(page_published)
def sync_organisations_with_partner_page(sender, instance, **kwargs):
    """A renamed or moved venue or distributor renames or moves its registry organisation too."""
    from .models import Organisation

    for organisation in Organisation.objects.filter(partner_page_id=instance.pk):
        if organisation.sync_from_partner():
            organisation.save()
