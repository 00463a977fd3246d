from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowsConfig(AppConfig):
    name = "shows"
    verbose_name = _("Shows")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Show, VenueEventSource
        from .signals import show_changed

        # Shows are public content: a change purges like any partner's change (shows/signals.py).
        for model in (Show, VenueEventSource):
            post_save.connect(show_changed, sender=model, dispatch_uid=f"purge-{model}")
            post_delete.connect(show_changed, sender=model, dispatch_uid=f"purge-d-{model}")
