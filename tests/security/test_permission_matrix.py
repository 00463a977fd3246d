"""The permission matrix: every admin, registry, statistics and API view × every role × two regions.

The URL patterns are enumerated from Django's resolver (`url_patterns()`), and every one of them must
have an entry in `VIEWS` (`test_every_url_pattern_is_classified`): a new view fails the suite until
somebody decides who may open it. An entry is a declared rule (who is allowed) with the arguments that
point the URL at an object of region A (Kainuu) or region B (Lappi). For every cell — view × role ×
object's region — the test requests the URL as that role and checks:

- allowed: a 2xx answer, or a redirect that is not a refusal;
- refused: 401, 403, 404, or a redirect to the login page or to the admin dashboard (Wagtail's
  `permission_denied`);
- and, whatever the answer, the body holds no marker of data that role may not see. Each region gets
  marker strings on its draft page title, brochure, commitment, registry unit, venue and card
  (`MARKERS`); a coordinator of Kainuu must never read a Lappi marker, a venue never a distributor's.
  Some allowed cells must also show their own marker (`shows=`), which proves the markers are found.

`pytest tests/security -q` prints the number of cells checked (tests/security/conftest.py).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from tests.otp import VerifiedClient

from . import matrix_stats

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

A, B = "a", "b"
REGION_SLUGS = {A: "kainuu", B: "lappi"}

ROLES = (
    "anonymous",
    "national",
    "superuser",
    "coord_a",
    "coord_b",
    "distributor_a",
    "venue_a",
    "venue_b",
    "no_role",
)
# Demo users (demo/fixtures/users.json, listed in core/demo.py); "no_role" is made by the fixture.
USERNAMES = {
    "national": "toimittaja",
    "superuser": "admin",
    "coord_a": "kainuu-kulttuuri",
    "coord_b": "lappi-kulttuuri",
    "distributor_a": "jakaja-kajaani",
    "venue_a": "kohde-kajaani",
    "venue_b": "kohde-rovaniemi",
    "no_role": "matriisi-ei-roolia",
}
NATIONAL = frozenset({"national", "superuser"})
COORDINATORS = {A: "coord_a", B: "coord_b"}
DISTRIBUTORS = {A: "distributor_a"}  # region B's distributor unit has no role in the matrix
VENUES = {A: "venue_a", B: "venue_b"}


# --- Who may see what: markers ---------------------------------------------------------------

# Marker kinds and who may read a region's marker of that kind (besides the national office).
MARKER_READERS = {
    # Draft page titles, brochures and commitments: the region's coordinators.
    "page": lambda region: {COORDINATORS[region]},
    "brochure": lambda region: {COORDINATORS[region]},
    "commitment": lambda region: {COORDINATORS[region]},
    # The distributor unit's name and its cards: the unit's staff too. The marker card was used at
    # the region's own venue, so that venue's staff see its number in their own records.
    "unit": lambda region: {COORDINATORS[region], DISTRIBUTORS.get(region)},
    "card": lambda region: {COORDINATORS[region], DISTRIBUTORS.get(region), VENUES[region]},
    # The venue's registry name: its staff, and the unit whose card was used there (its statistics).
    "venue": lambda region: {COORDINATORS[region], VENUES[region], DISTRIBUTORS.get(region)},
}


def may_read(role, kind, region):
    return role in NATIONAL or role in MARKER_READERS[kind](region)


# --- Who may open what: rules ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Rule:
    name: str
    allows: Callable[[str, str | None], bool]

    def __call__(self, role, region):
        return self.allows(role, region)


def _coordinates(role, region):
    return role in COORDINATORS.values() if region is None else role == COORDINATORS[region]


EVERYONE = Rule("everyone", lambda role, region: True)
NOBODY = Rule("nobody (the URL answers 404 for every role)", lambda role, region: False)
LOGGED_IN = Rule("any logged-in user", lambda role, region: role != "anonymous")
SUPERUSER = Rule("superusers", lambda role, region: role == "superuser")
NATIONAL_OFFICE = Rule("the national office", lambda role, region: role in NATIONAL)
ADMIN_USERS = Rule(
    "admin users (national office, coordinators)",
    lambda role, region: role in NATIONAL or role in COORDINATORS.values(),
)
REGION = Rule(
    "the national office and the object's region's coordinators",
    lambda role, region: role in NATIONAL or _coordinates(role, region),
)
REGISTRY_USERS = Rule(
    "anyone with a registry role",
    lambda role, region: role not in ("anonymous", "no_role"),
)
UNIT_DESK = Rule(
    "the national office and the unit's staff",
    lambda role, region: role in NATIONAL or role == DISTRIBUTORS.get(region),
)
VENUE_DESK = Rule(
    "the national office and the venue's staff",
    lambda role, region: role in NATIONAL or role == VENUES[region],
)
UNIT_STATS = Rule(
    "the national office, the region's coordinators and the unit's staff",
    lambda role, region: (
        role in NATIONAL or _coordinates(role, region) or role == DISTRIBUTORS.get(region)
    ),
)
VENUE_STATS = Rule(
    "the national office, the region's coordinators and the venue's staff",
    lambda role, region: role in NATIONAL or _coordinates(role, region) or role == VENUES[region],
)
NOT_IN_ADMIN = Rule(
    "anyone not signed in to the admin (admin users are sent on to the dashboard)",
    lambda role, region: role not in NATIONAL and role not in COORDINATORS.values(),
)
SIGNED_OUT = Rule(
    "nobody stays: signing out ends at the login page for every role", lambda role, region: False
)
TWO_FACTOR_OPTIONAL = Rule(
    "signed-in users whose role does not require a second factor (the others get 403)",
    lambda role, region: role in ("distributor_a", "venue_a", "venue_b", "no_role"),
)
API_DESKS = Rule(
    "venue and ticket-agency staff (any region's card: cards work everywhere)",
    lambda role, region: role in VENUES.values(),
)


# --- The declared matrix ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class View:
    """One way to request a URL pattern, and who may.

    `kwargs` (and `query`, `data`) take the objects of one region (`regional=True`: one cell per
    region) or the shared objects (`regional=False`). `exempt` lists marker kinds that are visible
    by design in this view (and why, in a comment at the entry)."""

    rule: Rule
    kwargs: Callable | dict = dataclasses.field(default_factory=dict)
    regional: bool = False
    method: str = "GET"
    query: Callable | dict | None = None
    data: Callable | dict | None = None
    json: bool = False
    headers: Callable | dict | None = None
    shows: str | None = None
    exempt: tuple = ()
    name: str | None = None  # for unnamed patterns and repeated names: reverse by this
    path: Callable | None = None  # for unnamed patterns: the path itself
    label: str = ""
    fresh_client: bool = False  # signs out, say: a client of its own for each cell


@dataclasses.dataclass(frozen=True)
class NotRequested:
    """A pattern classified but not requested, with the reason."""

    reason: str


SHOWS_PER_OBJECT = (
    "region-scoped per object (the venue's region): tests/shows/test_admin.py proves another "
    "region's coordinator is refused"
)


def V(rule, kwargs=None, **options):
    """A view whose arguments come from one region's objects (a cell per region)."""
    return View(rule, kwargs or {}, regional=True, **options)


def S(rule, kwargs=None, **options):
    """A view whose arguments are shared objects (one cell, region-independent)."""
    return View(rule, kwargs or {}, regional=False, **options)


def _page(o):
    return {"page_id": o.page.pk}


def _brochure(o):
    return {"pk": o.brochure.pk}


def _commitment(o):
    return {"pk": o.commitment.pk}


def _snippet_views(prefix, obj, rule, app_model):
    """A SnippetViewSet's URL patterns (listing, add, edit, delete, usage, history, copy) and its
    chooser's, which opens for every admin user (coordinators choose materials for their pages)."""
    app, model = app_model
    chooser = f"admin/snippets/choose/{app}/{model}/"
    return {
        f"{prefix}": S(rule),
        f"{prefix}results/": S(rule),
        f"{prefix}add/": S(rule),
        f"{prefix}edit/<int:pk>/": S(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}delete/<int:pk>/": S(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}usage/<int:pk>/": S(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}history/<int:pk>/": S(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}history-results/<int:pk>/": S(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}copy/<int:pk>/": S(rule, lambda o: {"pk": obj(o).pk}),
        chooser: S(ADMIN_USERS),
        f"{chooser}results/": S(ADMIN_USERS),
        f"{chooser}chosen/<str:pk>/": S(ADMIN_USERS, lambda o: {"pk": obj(o).pk}),
        f"{chooser}chosen-multiple/": S(ADMIN_USERS, query=lambda o: {"id": obj(o).pk}),
        f"{chooser}create/": S(rule),
    }


def _model_views(prefix, obj, rule, *, copy=False, regional=False):
    """A ModelViewSet's URL patterns."""
    make = V if regional else S
    views = {
        f"{prefix}": S(rule if not regional else ADMIN_USERS),
        f"{prefix}results/": S(rule if not regional else ADMIN_USERS),
        f"{prefix}new/": S(rule),
        f"{prefix}edit/<int:pk>/": make(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}delete/<int:pk>/": make(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}history/<int:pk>/": make(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}history-results/<int:pk>/": make(rule, lambda o: {"pk": obj(o).pk}),
        f"{prefix}usage/<int:pk>/": make(rule, lambda o: {"pk": obj(o).pk}),
    }
    if copy:
        views[f"{prefix}copy/<int:pk>/"] = make(rule, lambda o: {"pk": obj(o).pk})
    return views


def _pofile(translation):
    """The translation's own PO file (wagtail-localize answers 500 to one without its header)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "matriisi.po", str(translation.export_po()).encode(), "text/x-gettext"
    )


def _wf_page(o):
    return {
        "page_id": o.wf_page.pk,
        "action_name": "approve",
        "task_state_id": o.page_task_state.pk,
    }


def _wf_brochure(o):
    return {
        "pk": o.brochure.pk,
        "action_name": "approve",
        "task_state_id": o.brochure_task_state.pk,
    }


VIEWS: dict[str, View | NotRequested | list[View]] = {
    # --- Wagtail admin: dashboard, pages and their explorer ------------------------------------
    "admin/": S(ADMIN_USERS),
    "admin/test404/": S(ADMIN_USERS, path=lambda o: "/admin/test404/"),  # renders the 404 page
    "admin/failwhale/": NotRequested("Wagtail's error-page test view: raises on purpose"),
    "admin/api/main/^pages/": S(ADMIN_USERS, query={"for_explorer": "1"}),
    "admin/api/main/^pages/<int:pk>/": V(REGION, lambda o: {"pk": o.page.pk}, shows="page"),
    "admin/api/main/^pages/find/": V(REGION, query=lambda o: {"id": o.page.pk}),
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": V(
        REGION,
        lambda o: {"pk": o.page.pk, "action_name": "copy"},
        method="POST",
        json=True,
        data=lambda o: {"destination_page_id": o.region_page.pk, "slug": "matriisi-kopio"},
    ),
    "admin/api/main/^documents/": S(ADMIN_USERS),
    "admin/api/main/^documents/<int:pk>/": S(ADMIN_USERS, lambda o: {"pk": o.document.pk}),
    "admin/api/main/^documents/find/": S(ADMIN_USERS, query=lambda o: {"id": o.document.pk}),
    "admin/api/main/^images/": S(ADMIN_USERS),
    "admin/api/main/^images/<int:pk>/": S(ADMIN_USERS, lambda o: {"pk": o.image.pk}),
    "admin/api/main/^images/find/": S(ADMIN_USERS, query=lambda o: {"id": o.image.pk}),
    "admin/pages/": S(ADMIN_USERS),
    "admin/pages/<int:parent_page_id>/": V(
        REGION, lambda o: {"parent_page_id": o.region_page.pk}, shows="page"
    ),
    "admin/pages/<int:parent_page_id>/results/": V(
        REGION, lambda o: {"parent_page_id": o.region_page.pk}, shows="page"
    ),
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": [
        V(
            REGION,
            lambda o: {"app_label": "wagtailcore", "model_name": "page", "action": "delete"},
            query=lambda o: {"id": o.page.pk},
            label="pages: delete",
        ),
        V(
            REGION,
            lambda o: {"app_label": "materials", "model_name": "brochure", "action": "delete"},
            query=lambda o: {"id": o.brochure.pk},
            label="brochures: delete",
        ),
    ],
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": V(
        REGION,
        lambda o: {
            "content_type_app_name": "partners",
            "content_type_model_name": "venuepage",
            "parent_page_id": o.region_page.pk,
        },
    ),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": V(
        REGION,
        lambda o: {
            "content_type_app_name": "partners",
            "content_type_model_name": "venuepage",
            "parent_page_id": o.region_page.pk,
        },
    ),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": S(
        ADMIN_USERS,
        {"content_type_app_name": "partners", "content_type_model_name": "venuepage"},
    ),
    "admin/pages/create/<slug:app_label>/<slug:model_name>": S(
        ADMIN_USERS, {"app_label": "partners", "model_name": "venuepage"}
    ),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": S(
        ADMIN_USERS,
        {"content_type_app_name": "partners", "content_type_model_name": "venuepage"},
    ),
    "admin/pages/<int:page_id>/usage/": V(REGION, _page),
    "admin/pages/<int:page_id>/edit/": V(REGION, _page, shows="page"),
    "admin/pages/<int:page_id>/edit/preview/": V(REGION, _page),
    "admin/pages/<int:page_id>/view_draft/": V(REGION, _page, shows="page"),
    "admin/pages/<int:parent_page_id>/add_subpage/": V(
        REGION, lambda o: {"parent_page_id": o.region_page.pk}
    ),
    "admin/pages/<int:page_id>/delete/": V(REGION, _page),
    "admin/pages/<int:page_id>/unpublish/": V(REGION, _page),
    "admin/pages/<int:page_id>/convert_alias/": V(REGION, lambda o: {"page_id": o.alias.pk}),
    "admin/pages/search/": V(ADMIN_USERS, query=lambda o: {"q": o.markers["page"][0]}),
    "admin/pages/search/results/": V(ADMIN_USERS, query=lambda o: {"q": o.markers["page"][0]}),
    "admin/pages/<int:page_to_move_id>/move/": V(REGION, lambda o: {"page_to_move_id": o.page.pk}),
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": V(
        REGION,
        lambda o: {"page_to_move_id": o.page.pk, "destination_id": o.region_page.pk},
    ),
    "admin/pages/<int:page_to_move_id>/set_position/": V(
        REGION, lambda o: {"page_to_move_id": o.page.pk}, method="POST", query={"position": "0"}
    ),
    "admin/pages/<int:page_id>/copy/": V(REGION, _page),
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": V(
        NATIONAL_OFFICE, _wf_page
    ),
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": V(
        NATIONAL_OFFICE, _wf_page
    ),
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": V(
        REGION, lambda o: {"page_id": o.wf_page.pk}
    ),
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": V(
        NATIONAL_OFFICE, lambda o: {"page_id": o.wf_page.pk, "task_id": o.shared.task.pk}
    ),
    "admin/pages/<int:page_id>/privacy/": V(REGION, _page),
    "admin/pages/<int:page_id>/lock/": V(REGION, _page, method="POST"),
    "admin/pages/<int:page_id>/unlock/": V(REGION, _page, method="POST"),
    "admin/pages/<int:page_id>/revisions/": V(REGION, _page),  # the history's old address
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": V(
        REGION, lambda o: {"page_id": o.page.pk, "revision_id": o.page_revision.pk}, shows="page"
    ),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": V(
        REGION, lambda o: {"page_id": o.page.pk, "revision_id": o.page_revision.pk}
    ),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": V(
        REGION, lambda o: {"page_id": o.page.pk, "revision_id": o.page_revision.pk}
    ),
    r"admin/pages/^(?P<pk>\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$": V(
        REGION,
        lambda o: {"pk": o.page.pk, "revision_id_a": "live", "revision_id_b": "latest"},
        shows="page",
    ),
    "admin/pages/<int:page_id>/workflow_history/": V(REGION, _page),
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": V(
        REGION, lambda o: {"page_id": o.wf_page.pk, "workflow_state_id": o.page_workflow_state.pk}
    ),
    "admin/pages/<int:page_id>/history/": V(REGION, _page),
    "admin/pages/<int:page_id>/history/results/": V(REGION, _page),
    # The link chooser: one's own pages, and other pages only when live with no unpublished
    # title (core/admin_guards.py); every page here has a draft title.
    "admin/choose-page/": S(ADMIN_USERS),
    "admin/choose-page/<int:parent_page_id>/": V(
        REGION, lambda o: {"parent_page_id": o.region_page.pk}
    ),
    "admin/choose-page/search/": V(ADMIN_USERS, query=lambda o: {"q": o.markers["page"][0]}),
    "admin/choose-page/chosen-multiple/": V(REGION, query=lambda o: {"id": o.page.pk}),
    "admin/choose-external-link/": S(ADMIN_USERS),
    "admin/choose-email-link/": S(ADMIN_USERS),
    "admin/choose-phone-link/": S(ADMIN_USERS),
    "admin/choose-anchor-link/": S(ADMIN_USERS),
    "admin/tag-autocomplete/": S(ADMIN_USERS),
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": S(
        ADMIN_USERS, {"app_name": "taggit", "model_name": "tag"}
    ),
    # --- Wagtail's own settings areas: the national office (superusers for most) -------------
    "admin/collections/": S(SUPERUSER),
    "admin/collections/add/": S(SUPERUSER),
    "admin/collections/<int:pk>/": S(SUPERUSER, lambda o: {"pk": o.collection.pk}),
    "admin/collections/<int:pk>/delete/": S(SUPERUSER, lambda o: {"pk": o.collection.pk}),
    "admin/collections/<int:collection_id>/privacy/": S(
        SUPERUSER, lambda o: {"collection_id": o.collection.pk}
    ),
    "admin/workflows/list/": S(SUPERUSER),
    "admin/workflows/list/results/": S(SUPERUSER),
    "admin/workflows/add/": S(SUPERUSER),
    "admin/workflows/enable/<int:pk>/": S(
        SUPERUSER, lambda o: {"pk": o.workflow.pk}, method="POST"
    ),
    "admin/workflows/disable/<int:pk>/": S(
        SUPERUSER, lambda o: {"pk": o.workflow.pk}, method="POST"
    ),
    "admin/workflows/edit/<int:pk>/": S(SUPERUSER, lambda o: {"pk": o.workflow.pk}),
    "admin/workflows/usage/<int:pk>/": S(SUPERUSER, lambda o: {"pk": o.workflow.pk}),
    "admin/workflows/usage/<int:pk>/results/": S(SUPERUSER, lambda o: {"pk": o.workflow.pk}),
    "admin/workflows/remove/<int:page_pk>/": V(
        SUPERUSER, lambda o: {"page_pk": o.page.pk}, method="POST"
    ),
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": V(
        SUPERUSER,
        lambda o: {"page_pk": o.page.pk, "workflow_pk": o.shared.workflow.pk},
        method="POST",
    ),
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": S(
        SUPERUSER, {"app_label": "wagtailcore", "model_name": "groupapprovaltask"}
    ),
    "admin/workflows/tasks/select_type/": S(SUPERUSER),
    "admin/workflows/tasks/index/": S(SUPERUSER),
    "admin/workflows/tasks/index/results/": S(SUPERUSER),
    "admin/workflows/tasks/edit/<int:pk>/": S(SUPERUSER, lambda o: {"pk": o.task.pk}),
    "admin/workflows/tasks/disable/<int:pk>/": S(
        SUPERUSER, lambda o: {"pk": o.task.pk}, method="POST"
    ),
    "admin/workflows/tasks/enable/<int:pk>/": S(
        SUPERUSER, lambda o: {"pk": o.task.pk}, method="POST"
    ),
    "admin/workflows/task_chooser/": S(ADMIN_USERS),
    "admin/workflows/task_chooser/results/": S(ADMIN_USERS),
    "admin/workflows/task_chooser/create/": S(ADMIN_USERS),
    "admin/workflows/task_chooser/<int:task_id>/": S(
        ADMIN_USERS, lambda o: {"task_id": o.task.pk}
    ),  # the task chooser (task names only) opens for every admin user
    "admin/reports/locked/": S(ADMIN_USERS),
    "admin/reports/locked/results/": S(ADMIN_USERS),
    "admin/reports/workflow/": S(ADMIN_USERS),
    "admin/reports/workflow/results/": S(ADMIN_USERS),
    "admin/reports/workflow_tasks/": S(ADMIN_USERS),
    "admin/reports/workflow_tasks/results/": S(ADMIN_USERS),
    "admin/reports/site-history/": S(ADMIN_USERS),
    "admin/reports/site-history/results/": S(ADMIN_USERS),
    "admin/reports/aging-pages/": S(ADMIN_USERS),
    "admin/reports/aging-pages/results/": S(ADMIN_USERS),
    # It names the page edited last of each type, anywhere: the national office's (admin_guards).
    "admin/reports/page-types-usage/": S(NATIONAL_OFFICE),
    "admin/reports/page-types-usage/results/": S(NATIONAL_OFFICE),
    "admin/account/": S(ADMIN_USERS),
    # The audit of refused requests (core/refusals.py): the national office reads, nobody writes.
    "admin/refusals/": S(NATIONAL_OFFICE),
    "admin/refusals/results/": S(NATIONAL_OFFICE),
    "admin/refusals/new/": S(NOBODY),
    "admin/refusals/edit/<int:pk>/": S(NOBODY, lambda o: {"pk": o.refusal.pk}),
    "admin/refusals/delete/<int:pk>/": S(NOBODY, lambda o: {"pk": o.refusal.pk}),
    # Wagtail asks for the right to change a row before its history or usage: nobody has it.
    "admin/refusals/history/<int:pk>/": S(NOBODY, lambda o: {"pk": o.refusal.pk}),
    "admin/refusals/history-results/<int:pk>/": S(NOBODY, lambda o: {"pk": o.refusal.pk}),
    "admin/refusals/usage/<int:pk>/": S(NOBODY, lambda o: {"pk": o.refusal.pk}),
    "admin/logout/": S(SIGNED_OUT, method="POST", fresh_client=True),
    "admin/dismissibles/": S(ADMIN_USERS),
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": V(
        REGION,
        lambda o: {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": str(o.page.pk),
            "session_id": o.editing_session.pk,
        },
        method="POST",
    ),
    # Deletes the caller's own session of that id, if any: 200 for every admin user, nothing shown.
    "admin/editing-sessions/release/<int:session_id>/": V(
        ADMIN_USERS, lambda o: {"session_id": o.editing_session.pk}, method="POST"
    ),
    "admin/block-preview/": S(NOBODY),  # without a block to preview: 404 for every role
    # --- wagtail-localize: translating a region's pages ---------------------------------------
    "admin/localize/jsi18n/": S(ADMIN_USERS),
    # Submitting and updating translations needs wagtail_localize.submit_translation: superusers.
    "admin/localize/submit/page/<int:page_id>/": V(SUPERUSER, _page),
    # Brochures are written per language, not translated: wagtail-localize refuses everyone.
    "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": V(
        NOBODY, lambda o: {"app_label": "materials", "model_name": "brochure", "pk": o.brochure.pk}
    ),
    "admin/localize/update/<int:translation_source_id>/": V(
        SUPERUSER, lambda o: {"translation_source_id": o.translation_source.pk}
    ),
    "admin/localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/": V(
        REGION,
        lambda o: {"translation_id": o.translation.pk, "string_segment_id": o.string_segment.pk},
        method="PUT",
        data={"value": "Matriisi"},
    ),
    # No overridable segment (a link, an image) in a region page's Swedish translation: 404 for all.
    "admin/localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/": V(
        NOBODY,
        lambda o: {"translation_id": o.translation.pk, "overridable_segment_id": 999999},
        method="PUT",
        data={"value": "Matriisi"},
    ),
    "admin/localize/translate/<int:translation_id>/pofile/download/": V(
        REGION, lambda o: {"translation_id": o.translation.pk}
    ),
    "admin/localize/translate/<int:translation_id>/pofile/upload/": V(
        REGION,
        lambda o: {"translation_id": o.translation.pk},
        method="POST",
        query={"next": "/admin/pages/"},
        data=lambda o: {"file": _pofile(o.translation)},
    ),
    # No machine translator is configured: 404 for everyone.
    "admin/localize/translate/<int:translation_id>/machine_translate/": V(
        NOBODY, lambda o: {"translation_id": o.translation.pk}, method="POST"
    ),
    "admin/localize/translate/<int:translation_id>/preview/": V(
        REGION, lambda o: {"translation_id": o.translation.pk}
    ),
    # Pages have only the default preview mode (the pattern above): another mode is a 404.
    "admin/localize/translate/<int:translation_id>/preview/<str:mode>/": V(
        NOBODY, lambda o: {"translation_id": o.translation.pk, "mode": "mobile"}
    ),
    "admin/localize/translate/<int:translation_id>/disable/": V(
        REGION,
        lambda o: {"translation_id": o.translation.pk},
        method="POST",
        query={"next": "/admin/pages/"},
    ),
    "admin/localize/page/<int:page_id>/convert_to_alias/": V(
        REGION, lambda o: {"page_id": o.translated_page.pk}
    ),
    "admin/localize/reports/translations/": S(ADMIN_USERS),
    # wagtail-localize's snippet API serves translatable snippets only (core/admin_guards.py):
    # it listed a region's brochures and commitments to every admin user.
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/": [
        S(NOBODY, {"app_label": "materials", "model_name": "brochure"}, label="brochures"),
        S(NOBODY, {"app_label": "materials", "model_name": "commitment"}, label="commitments"),
    ],
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": V(
        NOBODY, lambda o: {"app_label": "materials", "model_name": "brochure", "pk": o.brochure.pk}
    ),
    "admin/localize/reports/translations/results/": S(ADMIN_USERS),
    # --- Forms, redirects, site settings, promoted search results ----------------------------
    "admin/forms/": S(ADMIN_USERS),
    "admin/forms/results/": S(ADMIN_USERS),
    "admin/forms/submissions/<int:page_id>/": V(NOBODY, _page),
    "admin/forms/submissions/<int:page_id>/results/": V(NOBODY, _page),
    "admin/forms/submissions/<int:page_id>/delete/": V(NOBODY, _page),
    "admin/redirects/": S(SUPERUSER),
    "admin/redirects/results/": S(SUPERUSER),
    "admin/redirects/add/": S(SUPERUSER),
    "admin/redirects/<int:redirect_id>/": S(SUPERUSER, lambda o: {"redirect_id": o.redirect.pk}),
    "admin/redirects/<int:redirect_id>/delete/": S(
        SUPERUSER, lambda o: {"redirect_id": o.redirect.pk}
    ),
    "admin/redirects/import/": S(SUPERUSER),
    "admin/redirects/import/process/": NotRequested(
        "Wagtail's redirect import, step 2 (superusers only): without the file of step 1 it "
        "raises (500), an upstream bug; step 1 is in the matrix"
    ),
    # Site settings (each region's subsite has its own): superusers.
    "admin/settings/<slug:app_name>/<slug:model_name>/": S(
        SUPERUSER, {"app_name": "home", "model_name": "sitesettings"}
    ),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": V(
        SUPERUSER,
        lambda o: {"app_name": "home", "model_name": "sitesettings", "pk": o.site.pk},
    ),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": V(
        NOBODY,  # site settings have no preview: 404 for every role
        lambda o: {"app_name": "home", "model_name": "sitesettings", "pk": o.site.pk},
    ),
    "admin/searchpicks/": S(SUPERUSER),
    "admin/searchpicks/results/": S(SUPERUSER),
    "admin/searchpicks/add/": S(SUPERUSER),
    "admin/searchpicks/<int:query_id>/": S(SUPERUSER, lambda o: {"query_id": o.query.pk}),
    "admin/searchpicks/<int:query_id>/delete/": S(SUPERUSER, lambda o: {"query_id": o.query.pk}),
    # The search-term chooser (terms visitors typed) opens for every admin user.
    "admin/searchpicks/queries/chooser/": S(ADMIN_USERS),
    "admin/searchpicks/queries/chooser/results/": S(ADMIN_USERS),
    "admin/searchpicks/reports/search-terms/": S(SUPERUSER),
    "admin/searchpicks/reports/search-terms/results/": S(SUPERUSER),
    "admin/embeds/chooser/": S(ADMIN_USERS),
    "admin/embeds/chooser/upload/": S(ADMIN_USERS, method="POST"),
    "admin/snippets/": S(NOBODY),  # every snippet type has its own menu: sent to the dashboard
    # --- Documents and images (national, not per region): the national office manages them; the
    # choosers open for every admin user (links and images in pages), listing what each may use.
    "admin/documents/": S(NATIONAL_OFFICE),
    "admin/documents/results/": S(NATIONAL_OFFICE),
    "admin/documents/add/": S(NATIONAL_OFFICE),
    "admin/documents/edit/<int:document_id>/": S(
        NATIONAL_OFFICE, lambda o: {"document_id": o.document.pk}
    ),
    "admin/documents/delete/<int:document_id>/": S(
        NATIONAL_OFFICE, lambda o: {"document_id": o.document.pk}
    ),
    "admin/documents/multiple/add/": S(NATIONAL_OFFICE),
    "admin/documents/multiple/<int:doc_id>/": S(
        NATIONAL_OFFICE, lambda o: {"doc_id": o.loose_document.pk}, method="POST"
    ),
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": S(
        NOBODY, {"uploaded_file_id": 999999}, method="POST"
    ),
    # A POST that deletes: a document of its own for every cell.
    "admin/documents/multiple/<int:doc_id>/delete/": S(
        NATIONAL_OFFICE,
        lambda o: {"doc_id": _make_document(get_document_model(), o.collection).pk},
        method="POST",
    ),
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": S(
        NOBODY, {"uploaded_file_id": 999999}, method="POST"
    ),
    "admin/documents/usage/<int:document_id>/": S(
        NATIONAL_OFFICE, lambda o: {"document_id": o.document.pk}
    ),
    "admin/images/": S(NATIONAL_OFFICE),
    "admin/images/results/": S(NATIONAL_OFFICE),
    "admin/images/<int:image_id>/": S(NATIONAL_OFFICE, lambda o: {"image_id": o.image.pk}),
    "admin/images/<int:image_id>/delete/": S(NATIONAL_OFFICE, lambda o: {"image_id": o.image.pk}),
    # No dynamic image serve view is configured: the URL generator is a 404 for every role.
    "admin/images/<int:image_id>/generate_url/": S(NOBODY, lambda o: {"image_id": o.image.pk}),
    "admin/images/<int:image_id>/generate_url/output/": S(
        NOBODY, lambda o: {"image_id": o.image.pk}, query={"filter_method": "original"}
    ),
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": S(
        NATIONAL_OFFICE, lambda o: {"image_id": o.image.pk, "filter_spec": "original"}
    ),
    "admin/images/add/": S(NATIONAL_OFFICE),
    "admin/images/usage/<int:image_id>/": S(NATIONAL_OFFICE, lambda o: {"image_id": o.image.pk}),
    "admin/images/multiple/add/": S(NATIONAL_OFFICE),
    "admin/images/multiple/<int:image_id>/": S(
        NATIONAL_OFFICE, lambda o: {"image_id": o.loose_image.pk}, method="POST"
    ),
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": S(
        NOBODY, {"uploaded_file_id": 999999}, method="POST"
    ),
    "admin/images/multiple/<int:image_id>/delete/": S(
        NATIONAL_OFFICE,
        lambda o: {"image_id": _make_image(get_image_model()).pk},
        method="POST",
    ),
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": S(
        NOBODY, {"uploaded_file_id": 999999}, method="POST"
    ),
    "admin/documents/chooser/": S(ADMIN_USERS),
    "admin/documents/chooser/results/": S(ADMIN_USERS),
    "admin/documents/chooser/chosen/<str:pk>/": S(NATIONAL_OFFICE, lambda o: {"pk": o.document.pk}),
    "admin/documents/chooser/chosen-multiple/": S(
        ADMIN_USERS, query=lambda o: {"id": o.document.pk}
    ),
    "admin/documents/chooser/create/": S(NATIONAL_OFFICE),
    "admin/images/chooser/": S(ADMIN_USERS),
    "admin/images/chooser/results/": S(ADMIN_USERS),
    "admin/images/chooser/chosen/<str:pk>/": S(NATIONAL_OFFICE, lambda o: {"pk": o.image.pk}),
    "admin/images/chooser/chosen-multiple/": S(ADMIN_USERS, query=lambda o: {"id": o.image.pk}),
    "admin/images/chooser/create/": S(NATIONAL_OFFICE),
    "admin/images/chooser/<int:image_id>/select_format/": S(
        NATIONAL_OFFICE, lambda o: {"image_id": o.image.pk}
    ),
    # --- Brochures (per region, national approval workflow) ----------------------------------
    "admin/brochures/": S(ADMIN_USERS),
    "admin/brochures/results/": S(ADMIN_USERS),
    "admin/brochures/add/": S(ADMIN_USERS),
    "admin/brochures/edit/<int:pk>/": V(REGION, _brochure, shows="brochure"),
    "admin/brochures/delete/<int:pk>/": V(NATIONAL_OFFICE, _brochure),
    "admin/brochures/usage/<int:pk>/": V(REGION, _brochure),
    "admin/brochures/history/<int:pk>/": V(REGION, _brochure),
    "admin/brochures/history-results/<int:pk>/": V(REGION, _brochure),
    "admin/brochures/preview/": S(ADMIN_USERS, method="POST"),
    "admin/brochures/preview/<int:pk>/": V(REGION, _brochure),
    "admin/brochures/history/<int:pk>/revisions/<int:revision_id>/view/": V(
        REGION,
        lambda o: {"pk": o.brochure.pk, "revision_id": o.brochure_revision.pk},
        shows="brochure",
    ),
    "admin/brochures/history/<int:pk>/revisions/<int:revision_id>/revert/": V(
        REGION, lambda o: {"pk": o.brochure.pk, "revision_id": o.brochure_revision.pk}
    ),
    r"admin/brochures/history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$": V(
        REGION,
        lambda o: {"pk": o.brochure.pk, "revision_id_a": "earliest", "revision_id_b": "latest"},
    ),
    "admin/brochures/history/<int:pk>/revisions/<int:revision_id>/unschedule/": V(
        NATIONAL_OFFICE, lambda o: {"pk": o.brochure.pk, "revision_id": o.brochure_revision.pk}
    ),  # unscheduling a publication needs "publish": the national office's
    "admin/brochures/unpublish/<int:pk>/": V(NATIONAL_OFFICE, _brochure),
    # In review, the workflow task decides: its reviewers (the national editors) lock, and only
    # whoever locked it (or a superuser) unlocks.
    "admin/brochures/lock/<int:pk>/": V(NATIONAL_OFFICE, _brochure, method="POST"),
    "admin/brochures/unlock/<int:pk>/": V(SUPERUSER, _brochure, method="POST"),
    "admin/brochures/workflow/action/<int:pk>/<slug:action_name>/<int:task_state_id>/": V(
        NATIONAL_OFFICE, _wf_brochure
    ),
    "admin/brochures/workflow/collect_action_data/<int:pk>/<slug:action_name>/<int:task_state_id>/": V(
        NATIONAL_OFFICE, _wf_brochure
    ),
    "admin/brochures/workflow/confirm_cancellation/<int:pk>/": V(REGION, _brochure),
    "admin/brochures/workflow_history/<int:pk>/": V(REGION, _brochure),
    "admin/brochures/workflow_history/<int:pk>/detail/<int:workflow_state_id>/": V(
        REGION, lambda o: {"pk": o.brochure.pk, "workflow_state_id": o.brochure_workflow_state.pk}
    ),
    "admin/brochures/workflow/preview/<int:pk>/<int:task_id>/": V(
        NATIONAL_OFFICE, lambda o: {"pk": o.brochure.pk, "task_id": o.shared.task.pk}
    ),
    "admin/brochures/pdf/<str:pk>/": V(REGION, _brochure, shows="brochure"),
    "admin/brochures/print/<str:pk>/": V(REGION, _brochure, shows="brochure"),
    "admin/snippets/choose/materials/brochure/": S(ADMIN_USERS),
    "admin/snippets/choose/materials/brochure/results/": S(ADMIN_USERS),
    "admin/snippets/choose/materials/brochure/chosen/<str:pk>/": V(REGION, _brochure),
    # Answers with the chosen brochures the caller may see: [] for another region's.
    "admin/snippets/choose/materials/brochure/chosen-multiple/": V(
        ADMIN_USERS, query=lambda o: {"id": o.brochure.pk}, shows="brochure"
    ),
    "admin/snippets/choose/materials/brochure/create/": S(ADMIN_USERS),
    # --- Materials library (the national office's snippets) ----------------------------------
    **_snippet_views(
        "admin/snippets/materials/material/",
        lambda o: o.material,
        NATIONAL_OFFICE,
        ("materials", "material"),
    ),
    **_snippet_views(
        "admin/snippets/materials/materialversion/",
        lambda o: o.material_version,
        NATIONAL_OFFICE,
        ("materials", "materialversion"),
    ),
    **_snippet_views(
        "admin/snippets/materials/operatingmodelversion/",
        lambda o: o.operating_model,
        NATIONAL_OFFICE,
        ("materials", "operatingmodelversion"),
    ),
    # --- Regions, fees, commitments ----------------------------------------------------------
    **_model_views("admin/regions/", lambda o: o.region, REGION, regional=True),
    "admin/regions/new/": S(NATIONAL_OFFICE),
    "admin/regions/delete/<int:pk>/": V(NATIONAL_OFFICE, lambda o: {"pk": o.region.pk}),
    **_model_views("admin/national_fees/", lambda o: o.fee, NATIONAL_OFFICE),
    **_model_views(
        "admin/municipalities/", lambda o: o.a.region.municipalities.first(), NATIONAL_OFFICE
    ),
    **_model_views("admin/commitments/", lambda o: o.commitment, REGION, regional=True),
    "admin/commitments/new/": S(NOBODY),
    "admin/commitments/edit/<int:pk>/": V(REGION, _commitment, shows="commitment"),
    "admin/commitments/delete/<int:pk>/": V(NATIONAL_OFFICE, _commitment),
    "admin/commitments/inspect/<int:pk>/": V(REGION, _commitment, shows="commitment"),
    "admin/commitments/decide/<str:pk>/": V(REGION, _commitment, shows="commitment"),
    # --- Locales, sites, users, groups: the national office's settings -----------------------
    **_model_views("admin/locales/", lambda o: o.locale, SUPERUSER, copy=True),
    **_model_views("admin/sites/", lambda o: o.a.site, SUPERUSER, copy=True),
    **_model_views("admin/users/", lambda o: o.a.coordinator, SUPERUSER, copy=True),
    **_model_views("admin/groups/", lambda o: o.a.group, SUPERUSER),
    # --- Two-factor authentication (accounts/): one's own second factor; resets by the office -
    "admin/two-factor/reset/<int:user_id>/": V(
        NATIONAL_OFFICE, lambda o: {"user_id": o.coordinator.pk}
    ),
    "en/account/two-factor/": S(LOGGED_IN),
    "en/account/two-factor/verify/": S(LOGGED_IN),
    "en/account/two-factor/set-up/": S(LOGGED_IN),
    "en/account/two-factor/backup-codes/": S(LOGGED_IN, method="POST"),
    "en/account/two-factor/turn-off/": S(TWO_FACTOR_OPTIONAL, method="POST"),
    # --- Partners' contact persons (accounts/, issue 21.1): the coordinator's invitation, and the
    # invitation's set-password page, which answers 404 to everyone without a valid token.
    "admin/partners/<int:page_id>/invite/": V(REGION, _page),
    "en/account/invitation/<uidb64>/<token>/": S(NOBODY, {"uidb64": "MQ", "token": "set-password"}),
    # --- Shows (shows/, issue 20): coordinators list, add and change their own region's shows and
    # Linked Events sources; the national office all. Object views are region-scoped per object.
    "admin/shows/": S(ADMIN_USERS),
    "admin/shows/results/": S(ADMIN_USERS),
    "admin/shows/add/": S(ADMIN_USERS),
    "admin/shows/edit/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/shows/delete/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/shows/usage/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/shows/history/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/shows/history-results/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    # Drafts, revisions and the review (issue 21.1): tests/shows/test_partner_shows.py proves
    # another region's coordinator and the venue's contact are refused where they should be.
    r"admin/shows/history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$": NotRequested(
        SHOWS_PER_OBJECT
    ),
    "admin/shows/history/<int:pk>/revisions/<int:revision_id>/revert/": NotRequested(
        SHOWS_PER_OBJECT
    ),
    "admin/shows/history/<int:pk>/revisions/<int:revision_id>/unschedule/": NotRequested(
        SHOWS_PER_OBJECT
    ),
    "admin/shows/unpublish/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/shows/workflow/action/<int:pk>/<slug:action_name>/<int:task_state_id>/": NotRequested(
        SHOWS_PER_OBJECT
    ),
    "admin/shows/workflow/collect_action_data/<int:pk>/<slug:action_name>/<int:task_state_id>/": NotRequested(
        SHOWS_PER_OBJECT
    ),
    "admin/shows/workflow/confirm_cancellation/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/shows/workflow_history/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/shows/workflow_history/<int:pk>/detail/<int:workflow_state_id>/": NotRequested(
        SHOWS_PER_OBJECT
    ),
    "admin/show-sources/": S(ADMIN_USERS),
    "admin/show-sources/results/": S(ADMIN_USERS),
    "admin/show-sources/add/": S(ADMIN_USERS),
    "admin/show-sources/edit/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/show-sources/delete/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/show-sources/usage/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/show-sources/history/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/show-sources/history-results/<int:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/snippets/choose/shows/show/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/show/results/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/show/chosen-multiple/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/show/create/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/show/chosen/<str:pk>/": NotRequested(SHOWS_PER_OBJECT),
    "admin/snippets/choose/shows/venueeventsource/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/venueeventsource/results/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/venueeventsource/chosen-multiple/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/venueeventsource/create/": S(ADMIN_USERS),
    "admin/snippets/choose/shows/venueeventsource/chosen/<str:pk>/": NotRequested(SHOWS_PER_OBJECT),
    # The feeds of upcoming shows are public, per region and per venue.
    "en/ohjelma/alue/<slug:slug>.ics": V(EVERYONE, lambda o: {"slug": o.region.slug}),
    "en/ohjelma/alue/<slug:slug>.json": V(EVERYONE, lambda o: {"slug": o.region.slug}),
    "en/ohjelma/kohde/<int:venue_id>.ics": V(EVERYONE, lambda o: {"venue_id": o.page.pk}),
    "en/ohjelma/kohde/<int:venue_id>.json": V(EVERYONE, lambda o: {"venue_id": o.page.pk}),
    # --- Partner listings' checks (partners/, issue 21.2): the admin report (coordinators see
    # their regions' rows, tests/partners/test_checked_on.py) and the yearly reminder's signed link,
    # which answers 404 to everyone without a valid signature.
    "admin/reports/partner-checks/": S(ADMIN_USERS),
    "admin/reports/partner-checks/results/": S(ADMIN_USERS),
    "en/kohteet/tarkistus/<int:page_id>/<str:token>/": V(
        NOBODY, lambda o: {"page_id": o.page.pk, "token": "forged"}
    ),
    "admin/sprite/": S(EVERYONE),
    "admin/login/": S(NOT_IN_ADMIN),
    "admin/password_reset/": S(EVERYONE),
    "admin/password_reset/done/": S(EVERYONE),
    "admin/password_reset/confirm/<uidb64>/<token>/": S(
        EVERYONE, {"uidb64": "MQ", "token": "set-password"}
    ),
    "admin/password_reset/complete/": S(EVERYONE),
    "admin/jsi18n/": S(EVERYONE),
    "admin/^.*/$": S(NOBODY, path=lambda o: "/admin/no-such-area/"),  # the admin's 404
    # --- Documents served through Wagtail (coordinator-only files) ---------------------------
    r"documents/^(\d+)/(.*)$": S(
        ADMIN_USERS,
        path=lambda o: reverse("wagtaildocs_serve", args=(o.document.pk, o.document.filename)),
    ),
    "documents/authenticate_with_password/<int:restriction_id>/": S(
        NOBODY, {"restriction_id": 999999}
    ),
    # --- Public site (served to everyone; must never carry a draft or registry marker) -------
    "robots.txt": S(EVERYONE),
    "sitemap.xml": S(EVERYONE),
    "text-size/": S(EVERYONE),
    "en/search/": V(EVERYONE, query=lambda o: {"q": o.markers["page"][0]}),
    "en/kohteet/": S(EVERYONE),
    "en/materials/<slug:slug>/latest/<str:fmt>/": S(
        EVERYONE, lambda o: {"slug": o.public_material.slug, "fmt": "pdf"}
    ),
    "en/commitment/": S(EVERYONE),
    "en/commitment/<str:token>/": V(
        EVERYONE, lambda o: {"token": o.commitment.token}, exempt=("commitment",)
    ),  # the link in the submitter's own confirmation e-mail: the token is the secret
    "en/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": V(
        NOBODY, lambda o: {"page_view_restriction_id": 999999, "page_id": o.page.pk}
    ),
    "en/_util/login/": S(EVERYONE),
    "en/^((?:[\\w\\-]+/)*)$": V(
        EVERYONE,
        path=lambda o: o.page.get_url_parts()[2],
        headers=lambda o: {"host": o.site.hostname},
    ),  # a region's live page on its subsite: the live title only, never the draft
    # --- Registry desks -----------------------------------------------------------------------
    "en/registry/": S(REGISTRY_USERS),
    "en/registry/logout/": S(SIGNED_OUT, method="POST", fresh_client=True),  # the desks' header
    "en/registry/unit/<int:org>/": V(UNIT_DESK, lambda o: {"org": o.unit.pk}, shows="card"),
    "en/registry/unit/<int:org>/register/": V(UNIT_DESK, lambda o: {"org": o.unit.pk}),
    "en/registry/unit/<int:org>/cards/<str:number>/": V(
        UNIT_DESK, lambda o: {"org": o.unit.pk, "number": o.card.number}, shows="card"
    ),
    "en/registry/unit/<int:org>/cards/<str:number>/reissue/": V(
        UNIT_DESK, lambda o: {"org": o.unit.pk, "number": o.card.number}
    ),
    "en/registry/unit/<int:org>/cards/<str:number>/<slug:action>/": V(
        UNIT_DESK,
        lambda o: {"org": o.unit.pk, "number": o.card.number, "action": "withdraw"},
        method="POST",
    ),
    "en/registry/desk/<int:org>/": V(VENUE_DESK, lambda o: {"org": o.venue.pk}, shows="card"),
    "en/registry/desk/<int:org>/record/": V(
        VENUE_DESK, lambda o: {"org": o.venue.pk}, method="POST"
    ),
    "en/registry/desk/<int:org>/group/": V(
        VENUE_DESK, lambda o: {"org": o.venue.pk}, method="POST"
    ),
    "en/registry/desk/<int:org>/uses/<int:use>/undo/": V(
        VENUE_DESK, lambda o: {"org": o.venue.pk, "use": o.use.pk}, method="POST"
    ),
    "en/registry/coordinator/": S(REGION),
    "en/registry/coordinator/<int:org>/": V(REGION, lambda o: {"org": o.unit.pk}, shows="unit"),
    "en/registry/batches/": S(NATIONAL_OFFICE),
    "en/registry/batches/<int:batch>/<str:fmt>/": V(
        NATIONAL_OFFICE, lambda o: {"batch": o.batch.pk, "fmt": "csv"}, shows="card"
    ),
    # --- Statistics ---------------------------------------------------------------------------
    "en/statistics/": S(EVERYONE),
    "en/statistics/kaikukortti-statistics.csv": S(EVERYONE),
    "en/check-my-card/": S(EVERYONE),
    "en/registry/statistics/": S(REGISTRY_USERS),
    "en/registry/statistics/<slug:kind>/<slug:key>/": [
        S(NATIONAL_OFFICE, {"kind": "national", "key": "all"}, label="national"),
        V(REGION, lambda o: {"kind": "region", "key": o.region.slug}, label="region"),
        V(UNIT_STATS, lambda o: {"kind": "unit", "key": o.unit.pk}, label="unit"),
        V(VENUE_STATS, lambda o: {"kind": "venue", "key": o.venue.pk}, label="venue"),
    ],
    "en/registry/statistics/<slug:kind>/<slug:key>/export/": [
        S(NATIONAL_OFFICE, {"kind": "national", "key": "all"}, label="national"),
        V(REGION, lambda o: {"kind": "region", "key": o.region.slug}, label="region"),
        V(NOBODY, lambda o: {"kind": "unit", "key": o.unit.pk}, label="unit"),
        V(NOBODY, lambda o: {"kind": "venue", "key": o.venue.pk}, label="venue"),
    ],
    # --- Registry API (cards work in every region: a venue may check any region's card) -------
    "api/registry/cards/<str:number>/": V(
        API_DESKS, lambda o: {"number": o.card.number}, exempt=("card",)
    ),
    "api/registry/cards/check/": V(
        API_DESKS,
        method="POST",
        json=True,
        data=lambda o: {"number": o.card.number},
        exempt=("card",),
    ),
    "api/registry/uses/": V(
        API_DESKS,
        method="POST",
        json=True,
        data=lambda o: {"number": o.card.number},
        headers=lambda o: {"Idempotency-Key": str(uuid.uuid4())},
        exempt=("card",),
    ),
    "api/registry/schema/": S(EVERYONE),
    "api/registry/docs/": S(EVERYONE),
}


# --- The URL patterns ------------------------------------------------------------------------


def url_patterns():
    """Every URL pattern of the project as (route, name): the resolver walked, with the language
    prefix of English."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else None
                yield prefix + str(pattern.pattern), name

    with translation.override("en"):
        return list(walk(get_resolver().url_patterns, "", ""))


@functools.lru_cache(maxsize=1)
def route_names():
    names = {}
    for route, name in url_patterns():
        names.setdefault(route, name)
    return names


def test_every_url_pattern_is_classified():
    """A new URL pattern fails here until it has an entry in VIEWS (and a removed one too)."""
    routes = {route for route, _name in url_patterns()}
    unclassified = sorted(routes - set(VIEWS))
    stale = sorted(set(VIEWS) - routes)
    assert not unclassified, "URL patterns without a permission-matrix entry:\n" + "\n".join(
        unclassified
    )
    assert not stale, "Matrix entries for URL patterns that no longer exist:\n" + "\n".join(stale)


def cells_of(entry):
    views = entry if isinstance(entry, list) else [entry]
    return [
        (view, region, role)
        for view in views
        if isinstance(view, View)
        for region in ((A, B) if view.regional else (None,))
        for role in ROLES
    ]


def test_matrix_size_is_reported():
    """The declared matrix, counted: every (view, object's region, role) cell."""
    cells = sum(len(cells_of(entry)) for entry in VIEWS.values())
    requested = sum(1 for entry in VIEWS.values() if not isinstance(entry, NotRequested))
    matrix_stats.declared(cells=cells, patterns=len(VIEWS), requested=requested)
    assert cells > 2000


# --- The objects every cell points at --------------------------------------------------------


def _region_objects(key, shared, today):
    from wagtail.admin.models import EditingSession
    from wagtail.models import Locale, Page, Site, Workflow
    from wagtail_localize.models import StringSegment, Translation, TranslationSource

    from materials.models import Brochure, Commitment, OperatingModelVersion
    from regions.models import Region, RegionPage
    from registry import cardnumbers
    from registry.models import Card, CardBatch, Organisation, Use
    from tests.partners.helpers import make_venue

    User = get_user_model()
    region = Region.objects.get(slug=REGION_SLUGS[key])
    o = SimpleNamespace(key=key, region=region, shared=shared, markers={})
    fi = Locale.objects.get(language_code="fi")
    sv = Locale.objects.get(language_code="sv")
    o.region_page = RegionPage.objects.get(region=region, locale=fi)
    o.site = Site.objects.get(root_page=o.region_page)
    o.group = region.coordinators_group
    o.coordinator = User.objects.get(username=USERNAMES[COORDINATORS[key]])
    tag = key.upper()

    # A venue page with a draft title nobody outside the region may read.
    o.page = make_venue(
        o.region_page,
        region.municipalities.first(),
        f"matriisi-{key}",
        title=f"Matriisi {key}",
    )
    o.page.title = f"MATRIXPAGE{tag}"
    o.page_revision = o.page.save_revision(user=shared.national)
    o.page.refresh_from_db()
    # The region's own page gets a draft title too (the explorer's header shows draft titles).
    o.region_page.title = f"MATRIXREGIONPAGE{tag}"
    o.region_page.save_revision(user=shared.national)
    o.region_page.refresh_from_db()
    # A second page, in review (the national approval workflow), for the workflow views.
    o.wf_page = make_venue(
        o.region_page,
        region.municipalities.first(),
        f"matriisi-tarkastus-{key}",
        title=f"Matriisi tarkastus {key}",
    )
    o.wf_page.title = f"MATRIXREVIEWPAGE{tag}"
    o.wf_page.save_revision(user=shared.national)
    o.alias = (
        Page.objects.filter(
            locale=sv,
            alias_of__isnull=False,
            path__startswith=o.region_page.get_translation(sv).path,
        )
        .order_by("path")
        .first()
    )
    workflow = Workflow.objects.get(pk=shared.workflow.pk)
    o.page_workflow_state = workflow.start(o.wf_page, shared.national)
    o.page_task_state = o.page_workflow_state.current_task_state

    # A published (approved) brochure, then submitted again: drafts, revisions and a workflow.
    o.brochure = Brochure(
        region=region,
        year=2031,
        language="fi",
        live=False,
        intro="<p>Esite</p>",
        contacts=f"MATRIXBROCHURE{tag}",
    )
    o.brochure.save()
    o.brochure_revision = o.brochure.save_revision(user=shared.national)
    o.brochure_revision.publish(user=shared.national)
    o.brochure.refresh_from_db()
    o.brochure_workflow_state = workflow.start(o.brochure, shared.national)
    o.brochure_task_state = o.brochure_workflow_state.current_task_state

    o.commitment = Commitment.objects.create(
        partner_type="venue",
        organisation=f"MATRIXCOMMITMENT{tag}",
        region=region,
        municipality=region.municipalities.first(),
        contact_name="Matriisi",
        contact_email="matriisi@example.fi",
        contact_phone="040 000 0000",
        operating_model_version=OperatingModelVersion.objects.current(),
        accepted_model_at=timezone.now(),
    )

    # Registry: the demo unit and venue under marker names, a fresh card used at the venue.
    unit_name = "Kajaanin aikuissosiaalityö" if key == A else "Rovaniemen etsivä nuorisotyö"
    venue_name = "Kajaanin kaupunginteatteri" if key == A else "Rovaniemen kaupunginmuseo"
    o.unit = Organisation.objects.get(name=unit_name)
    o.venue = Organisation.objects.get(name=venue_name)
    Organisation.objects.filter(pk=o.unit.pk).update(name=f"MATRIXUNIT{tag}")
    Organisation.objects.filter(pk=o.venue.pk).update(name=f"MATRIXVENUE{tag}")
    o.unit.refresh_from_db()
    o.venue.refresh_from_db()
    o.batch = CardBatch.objects.get(region=region, first_serial=1)
    o.card = Card.objects.create(
        number=cardnumbers.make_number(o.batch.letter, 999),  # in both regions' batches
        batch=o.batch,
        region=region,
        issued_by=o.unit,
        issued_on=today - datetime.timedelta(days=5),
        valid_until=today + datetime.timedelta(days=300),
        children_count=1,
        birth_year=1970,
        postal_code="99999",
    )
    o.use = Use.objects.create(
        card=o.card, venue=o.venue, recorded_by=shared.national, idempotency_key=uuid.uuid4()
    )

    # wagtail-localize: the region page's Swedish translation.
    o.translation_source, _created = TranslationSource.get_or_create_from_instance(o.region_page)
    o.translation, _created = Translation.objects.get_or_create(
        source=o.translation_source, target_locale=sv
    )
    o.translated_page = o.region_page.get_translation(sv)
    o.string_segment = StringSegment.objects.filter(source=o.translation_source).first()
    o.editing_session = EditingSession.objects.create(
        user=shared.national,
        content_type_id=o.page.content_type_id,
        object_id=str(o.page.pk),
        last_seen_at=timezone.now(),
    )

    o.markers = {
        "page": [f"MATRIXPAGE{tag}", f"MATRIXREGIONPAGE{tag}", f"MATRIXREVIEWPAGE{tag}"],
        "brochure": [f"MATRIXBROCHURE{tag}", f"{region.name_fi} 2031"],  # contacts; its name
        "commitment": [f"MATRIXCOMMITMENT{tag}"],
        "unit": [f"MATRIXUNIT{tag}"],
        "venue": [f"MATRIXVENUE{tag}"],
        "card": [o.card.number],
    }
    return o


def build_world():
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Locale, Task, Workflow

    from core.models import RefusalLog
    from materials.models import Material, MaterialVersion, OperatingModelVersion
    from materials.workflows import WORKFLOW_NAME
    from regions.models import NationalFee

    User = get_user_model()
    today = timezone.localdate()
    shared = SimpleNamespace()
    shared.national = User.objects.get(username=USERNAMES["national"])
    User.objects.create_user(USERNAMES["no_role"], password="x")  # noqa: S106
    shared.workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    shared.task = Task.objects.filter(workflow_tasks__workflow=shared.workflow).first()
    shared.locale = Locale.objects.get(language_code="fi")
    shared.collection = (
        Collection.objects.filter(depth__gt=1).first() or Collection.get_first_root_node()
    )
    shared.fee = NationalFee.objects.first()
    shared.material = Material.objects.first()
    shared.public_material = Material.objects.filter(
        coordinator_only=False, versions__is_published=True, versions__files__file_format="pdf"
    ).first()
    shared.material_version = MaterialVersion.objects.first()
    shared.operating_model = OperatingModelVersion.objects.first()
    shared.document = get_document_model().objects.filter(coordinators_only=True).first()
    shared.image = get_image_model().objects.first() or _make_image(get_image_model())
    # Unused by any page or material, for the delete views (a material's file is protected).
    shared.loose_image = _make_image(get_image_model())
    shared.loose_document = _make_document(get_document_model(), shared.collection)
    shared.redirect = Redirect.objects.create(old_path="/matriisi", redirect_link="/fi/")
    shared.query = Query.get("matriisi")
    shared.refusal = RefusalLog.objects.create(
        username="matriisi", method="GET", path="/en/registry/", status=403
    )
    shared.a = _region_objects(A, shared, today)
    shared.b = _region_objects(B, shared, today)
    shared.markers = {}
    shared.users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    shared.clients = {role: client_for(role, shared.users) for role in ROLES}
    return shared


def _make_image(model):
    import io

    from django.core.files.images import ImageFile

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return model.objects.create(title="Matriisi", file=ImageFile(buffer, name="matriisi.png"))


def _make_document(model, collection):
    from django.core.files.base import ContentFile

    document = model(title="Matriisi", collection=collection)
    document.file.save("matriisi.txt", ContentFile(b"Matriisi"), save=False)
    document.save()
    return document


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The marker objects and a signed-in client per role, made once for the module inside a
    transaction that is rolled back at its end (each test still rolls back its own changes)."""
    from django.db import transaction

    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        # The brochure PDF's layout is tested in tests/materials; here only who gets it: a stub
        # PDF that carries the brochure's contacts line (its marker).
        patch.setattr(
            "materials.brochures.pdf.render_pdf",
            lambda brochure, draft: f"%PDF-stub {brochure.contacts}".encode(),
        )
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- Requesting a cell -----------------------------------------------------------------------


def _resolve(value, objects):
    return value(objects) if callable(value) else value


def build_request(route, view, objects):
    if view.path is not None:
        path = view.path(objects)
    else:
        kwargs = dict(_resolve(view.kwargs, objects))
        name = view.name or route_names()[route]
        with translation.override("en"):
            path = reverse(name, kwargs=kwargs)
    query = _resolve(view.query, objects)
    data = _resolve(view.data, objects)
    headers = _resolve(view.headers, objects) or {}
    return path, query, data, headers


def client_for(role, users):
    # Signed in with the second factor passed, as the two-factor tests' helper does (tests/otp.py).
    client = VerifiedClient(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(users[role])
    return client


def request_cell(client, view, path, query, data, headers):
    if view.method == "GET":
        return client.get(path, query or {}, headers=headers)
    if query:
        path = f"{path}?{urlencode(query)}"
    if view.method == "PUT":
        form = urlencode(data or {})
        return client.put(path, form, content_type="application/x-www-form-urlencoded")
    if view.json:
        body = json.dumps(data or {})
        return client.post(path, body, content_type="application/json", headers=headers)
    return client.post(path, data or {}, headers=headers)


REDIRECT_CODES = (301, 302, 303, 307, 308)


LANGUAGE_PREFIXES = ("/fi/", "/sv/", "/en/", "/fi-x-selko/")


def refused(response):
    """401, 403, 404, or a redirect to the login page or to the admin dashboard (Wagtail's
    `permission_denied`). A 404 outside the language prefixes (/admin/, /documents/) comes back as
    LocaleMiddleware's redirect to the same path under a language prefix."""
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in REDIRECT_CODES:
        location = response["Location"].split("?")[0]
        if location.endswith("/login/") or location == "/admin/":
            return True
        requested = response.wsgi_request.path
        return not requested.startswith(LANGUAGE_PREFIXES) and location.endswith(requested)
    return False


def granted(response):
    code = response.status_code
    return 200 <= code < 300 or code == 400 or (code in REDIRECT_CODES and not refused(response))


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def markers_hidden_from(role, world, exempt, sent):
    """Markers `role` may not read; not those the request itself sent (a card number in the URL
    comes back in the 404 page's "not found" line)."""
    for region, objects in ((A, world.a), (B, world.b)):
        for kind, markers in objects.markers.items():
            if kind in exempt or may_read(role, kind, region):
                continue
            for marker in markers:
                if marker not in sent:
                    yield region, kind, marker


def describe(response):
    if response.status_code in REDIRECT_CODES:
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


@pytest.mark.parametrize("route", sorted(VIEWS))
def test_permission_matrix(route, world):
    entry = VIEWS[route]
    if isinstance(entry, NotRequested):
        assert entry.reason  # classified on purpose; not requested (see its reason)
        return
    problems = []
    checked = 0
    for view, region, role in cells_of(entry):
        objects = {A: world.a, B: world.b, None: world}[region]
        path, query, data, headers = build_request(route, view, objects)
        client = world.clients[role] if not view.fresh_client else client_for(role, world.users)
        response = request_cell(client, view, path, query, data, headers)
        body = body_of(response)
        expected = view.rule(role, region)
        where = f"{view.label or route} [{region or '-'}] as {role}: {view.method} {path}"
        if expected and not granted(response):
            problems.append(
                f"{where}: expected allowed ({view.rule.name}), got {describe(response)}"
            )
        if not expected and not refused(response):
            problems.append(
                f"{where}: expected refused ({view.rule.name}), got {describe(response)}"
            )
        if response.status_code >= 500:
            problems.append(f"{where}: server error {response.status_code}")
        sent = f"{path} {json.dumps(query, default=str)} {json.dumps(data, default=str)}"
        for marker_region, kind, marker in markers_hidden_from(role, world, view.exempt, sent):
            if marker.encode() in body:
                problems.append(f"{where}: LEAK of region {marker_region}'s {kind} ({marker})")
        must_show = view.shows and region and expected and may_read(role, view.shows, region)
        shown = must_show and any(m.encode() in body for m in objects.markers[view.shows])
        if must_show and response.status_code == 200 and not shown:
            problems.append(f"{where}: allowed but its own {view.shows} marker is missing")
        checked += 1
    matrix_stats.checked(checked)
    assert not problems, "\n".join(problems)
