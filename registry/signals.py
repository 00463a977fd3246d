"""Keep registry organisations in step with their public partner pages."""

from django.dispatch import receiver

from wagtail.signals import page_published


@receiver(page_published)
def sync_organisations_with_partner_page(sender, instance, **kwargs):
    """A renamed or moved venue or distributor renames or moves its registry organisation too."""
    from .models import Organisation

    for organisation in Organisation.objects.filter(partner_page_id=instance.pk):
        if organisation.sync_from_partner():
            organisation.save()
