"""The admin for partners' contact persons (issue 21.1), loaded by accounts/wagtail_hooks.py.

- Coordinators and the national office: "Invite the contact person" in a partner page's header
  menu.
- Users whose only role is a partner's contact person: the menu keeps only "Pages" (and a venue's
  contact "Shows", with their own venue's shows only: shows.permissions), the dashboard
  only their own pages and those waiting for approval, and the explorer, search and page chooser
  only their own pages. Wagtail's page permissions already refuse every other page; this keeps
  the screens small and free of other partners' names.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import UserObjectsInWorkflowModerationPanel
from wagtail.admin.widgets.button import Button

from . import partner_access, partner_views

# The main menu items a partner's contact person keeps (Wagtail's names): a venue's contact also
# their venue's shows (shows/wagtail_hooks.py; the menu shows only items the user may open).
PARTNER_MENU_ITEMS = {"explorer", "shows"}


@hooks.register("register_admin_urls")
def partner_invitation_urls():
    return [
        path(
            "partners/<int:page_id>/invite/",
            never_cache(require_http_methods(["GET", "POST"])(partner_views.invite)),
            name="accounts_invite_partner",
        )
    ]


@hooks.register("register_page_header_buttons")
def invite_partner_button(page, user, view_name, next_url=None):
    if view_name == "edit" and partner_access.can_invite(user, page):
        yield Button(
            _("Invite the contact person"),
            url=reverse("accounts_invite_partner", args=[page.pk]),
            icon_name="mail",
            priority=80,
        )


class PartnerPagesPanel(Component):
    """The partner's own pages on the dashboard, each with its state and an edit link."""

    name = "kaiku_partner_pages"
    template_name = "accounts/admin/partner_pages_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        pages = partner_access.partner_pages(self.user).order_by("title")[:50]
        return {"pages": pages}


@hooks.register("construct_homepage_panels")
def partner_dashboard(request, panels):
    if partner_access.is_partner_contact(request.user):
        panels[:] = [
            PartnerPagesPanel(request.user),
            *[p for p in panels if isinstance(p, UserObjectsInWorkflowModerationPanel)],
        ]


@hooks.register("construct_homepage_summary_items")
def partner_summary(request, items):
    if partner_access.is_partner_contact(request.user):
        items.clear()


@hooks.register("construct_main_menu")
def partner_menu(request, menu_items):
    if partner_access.is_partner_contact(request.user):
        menu_items[:] = [item for item in menu_items if item.name in PARTNER_MENU_ITEMS]


def _own_pages_only(pages, request):
    if partner_access.is_partner_contact(request.user):
        own = partner_access.partner_pages(request.user).values_list("pk", flat=True)
        return pages.filter(pk__in=list(own))
    return pages


@hooks.register("construct_explorer_page_queryset")
def partner_explorer(parent_page, pages, request):
    return _own_pages_only(pages, request)


@hooks.register("construct_page_chooser_queryset")
def partner_chooser(pages, request):
    return _own_pages_only(pages, request)
