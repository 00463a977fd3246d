from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowsConfig(AppConfig):
    name = "shows"
    verbose_name = _("Shows")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import TaskState
        from wagtail.signals import task_submitted

        from .models import Show, VenueEventSource
        from .signals import show_changed, show_submitted_notifier

        # Shows are public content: a change purges like any partner's change (shows/signals.py).
        for model in (Show, VenueEventSource):
            post_save.connect(show_changed, sender=model, dispatch_uid=f"purge-{model}")
            post_delete.connect(show_changed, sender=model, dispatch_uid=f"purge-d-{model}")
        # A draft submitted for review: an e-mail to the region's coordinators.
        task_submitted.connect(
            show_submitted_notifier, sender=TaskState, dispatch_uid="show-submitted-email"
        )
