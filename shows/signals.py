"""Saving a show or an event source purges the public pages like any content change
(core/signals.py, whose content apps are listed there; this app connects its own models). The
Linked Events import saves many rows at once: it holds the purge back and purges once at the end
(`one_purge`), instead of emptying the fragment caches at every row."""

import contextlib
import threading

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState

from core.signals import purge_after_commit

_held = threading.local()


def show_changed(**kwargs):
    if getattr(_held, "depth", 0):
        _held.changed = True
        return
    purge_after_commit(**kwargs)


@contextlib.contextmanager
def one_purge():
    """Changes inside purge once, after the block, if there were any."""
    _held.depth = getattr(_held, "depth", 0) + 1
    try:
        yield
    finally:
        _held.depth -= 1
        if not _held.depth and getattr(_held, "changed", False):
            _held.changed = False
            purge_after_commit()


class ShowSubmittedEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's "submitted for review" e-mail for a show's draft, sent to those who may publish
    it: the coordinators of the show's region and the national office (shows.permissions)."""

    def can_handle(self, instance, **kwargs):
        from .models import ShowApprovalTask

        return isinstance(instance, TaskState) and isinstance(
            instance.task.specific, ShowApprovalTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        from .wagtail_hooks import show_policy

        show = task_state.workflow_state.content_object
        users = show_policy.users_with_permission_for_instance("publish", show)
        if kwargs.get("user") is not None:
            users = users.exclude(pk=kwargs["user"].pk)
        return users


show_submitted_notifier = ShowSubmittedEmailNotifier()
