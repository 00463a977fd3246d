"""The audit trail of raw-data exports, kept in Wagtail's audit log (ModelLogEntry).

Wagtail refuses unregistered actions, and the ``register_log_actions`` hook lives in an app's
``wagtail_hooks.py``; so that this package needs no edit there, :func:`log_export` registers the
action on first use (idempotent). The national office reads the log on the national dashboard and
in Wagtail's "Site history" report.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from core.upstream_workarounds import unwrap_lazy

EXPORT_ACTION = "kaiku.export"


def log_export(*, instance, user, title, data):
    if not log_registry.action_exists(EXPORT_ACTION):
        log_registry.register_action(
            EXPORT_ACTION, _("Statistics export"), _("Exported raw registry data")
        )
    return log(
        instance=unwrap_lazy(instance), action=EXPORT_ACTION, user=user, title=title, data=data
    )
