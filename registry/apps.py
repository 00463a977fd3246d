from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from . import authentication, signals  # noqa: F401  (signals: the partner-page receiver)

        authentication.connect()  # a change of a token, account or membership drops its cached check
