"""Admin for the materials app, and the document access check.

- Materials, versions and operating-model versions: the national office's snippets.
- Commitments: a ModelViewSet scoped per region, with an accept/decline view.
- Brochures: a snippet with drafts, revisions, locking and the "National approval" workflow,
  scoped per region, with PDF and print downloads.
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from regions.permissions import regions_coordinated_by

from .forms import DecisionForm
from .models import Brochure, Commitment, Material, MaterialVersion, OperatingModelVersion
from .permissions import BrochurePolicy, CommitmentPolicy

brochure_policy = BrochurePolicy(Brochure)
commitment_policy = CommitmentPolicy(Commitment)
register_permission_policy(Brochure, brochure_policy)
register_permission_policy(Commitment, commitment_policy)


# --- Documents -------------------------------------------------------------------------------


@hooks.register("before_serve_document")
def check_document_access(document, request):
    """A coordinator-only file is refused to everyone else, also through its direct URL."""
    if not document.is_restricted():
        return None
    if regions_coordinated_by(request.user).exists():
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponse(
        gettext("This file is for regional coordinators only."),
        status=403,
        content_type="text/plain; charset=utf-8",
    )


# --- Per-object guard ------------------------------------------------------------------------


def guard_pk_views(viewset, patterns, policy):
    """Every admin URL with a <pk> checks the object's region first (edit, history, workflow
    actions, preview, revisions, locking …): another region's object is a 403."""
    model = viewset.model

    def wrap(view):
        def guarded(request, *args, **kwargs):
            pk = kwargs.get("pk")
            if pk is not None:
                obj = model._default_manager.filter(pk=unquote(str(pk))).first()
                if obj is None:
                    raise Http404
                if not policy.user_has_any_permission_for_instance(
                    request.user, ["change", "view"], obj
                ):
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.__name__ = getattr(view, "__name__", "guarded")
        return guarded

    for pattern in patterns:
        if "pk" in pattern.pattern.regex.groupindex:  # path() and re_path() (revisions compare)
            pattern.callback = wrap(pattern.callback)
    return patterns


# --- Materials library ----------------------------------------------------------------------


class MaterialViewSet(SnippetViewSet):
    model = Material
    icon = "doc-full"
    menu_label = _("Materials")
    list_display = ["title", "kind", "audience", "language", "coordinator_only"]
    list_filter = ["kind", "audience", "language", "coordinator_only"]
    search_fields = ["title", "description"]


class MaterialVersionViewSet(SnippetViewSet):
    model = MaterialVersion
    icon = "history"
    menu_label = _("Material versions")
    list_display = ["__str__", "version_date", "is_published"]
    list_filter = ["material__kind", "is_published"]


class OperatingModelVersionViewSet(SnippetViewSet):
    model = OperatingModelVersion
    icon = "doc-full-inverse"
    menu_label = _("Operating model versions")
    list_display = ["title", "published_on"]


class MaterialsGroup(SnippetViewSetGroup):
    items = (MaterialViewSet, MaterialVersionViewSet, OperatingModelVersionViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Materials library")
    menu_name = "materials-library"
    menu_order = 250


register_snippet(MaterialsGroup)


# --- Commitments ---------------------------------------------------------------------------


class CommitmentFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=Commitment.Status.choices)
    partner_type = django_filters.ChoiceFilter(
        label=_("joining as"), choices=Commitment.PartnerType.choices
    )
    older_model = django_filters.BooleanFilter(
        label=_("Committed only to an older operating model"), method="filter_older"
    )

    class Meta:
        model = Commitment
        fields = ["status", "partner_type", "region"]

    def filter_older(self, queryset, name, value):
        if value is None:
            return queryset
        older = queryset.on_older_model()
        return older if value else queryset.exclude(pk__in=older.values("pk"))


class ModelVersionColumn(Column):
    """The operating-model version accepted, marked when it is not the current one."""

    cell_template_name = "materials/admin/model_version_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        current = parent_context.get("current_model")
        if current is None:
            current = OperatingModelVersion.objects.current()
            parent_context["current_model"] = current
        context["version"] = instance.operating_model_version
        context["older"] = current is not None and instance.operating_model_version_id != current.pk
        return context


class CommitmentViewSet(ModelViewSet):
    model = Commitment
    icon = "tasks"
    menu_label = _("Commitments")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "commitments"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "__str__",
        "region",
        "municipality",
        "status",
        ModelVersionColumn("operating_model_version", label=_("Operating model")),
        "created_at",
    ]
    filterset_class = CommitmentFilterSet
    search_fields = ["organisation", "unit", "contact_name", "contact_email"]
    form_fields = [
        "organisation",
        "unit",
        "municipality",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "website",
    ]
    permission_policy = commitment_policy

    def get_queryset(self, request):
        return (
            Commitment.objects.for_user(request.user)
            .select_related("region", "municipality", "operating_model_version")
            .order_by("-created_at")
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=self.get_queryset, **kwargs)

    @property
    def index_view_class(self):
        from wagtail.admin.views.generic import IndexView

        viewset = self

        class CommitmentIndexView(IndexView):
            def get_base_queryset(self):
                return viewset.get_queryset(self.request)

            def get_list_more_buttons(self, instance):
                buttons = super().get_list_more_buttons(instance)
                if instance.is_open:
                    from wagtail.admin.widgets.button import ListingButton

                    buttons.insert(
                        0,
                        ListingButton(
                            _("Accept or decline"),
                            url=reverse(viewset.get_url_name("decide"), args=[instance.pk]),
                            icon_name="tick",
                            priority=1,
                        ),
                    )
                return buttons

        return CommitmentIndexView

    def decide_view(self, request, pk):
        commitment = get_object_or_404(Commitment.objects.select_related("region"), pk=pk)
        if not commitment_policy.user_has_permission_for_instance(
            request.user, "change", commitment
        ):
            raise PermissionDenied
        from .notifications import notify_decision
        from .services import DecisionError, decide

        form = DecisionForm(request.POST or None)
        error = None
        if request.method == "POST" and form.is_valid():
            accept = "accept" in request.POST
            try:
                commitment, changed = decide(
                    commitment.pk, request.user, accept=accept, note=form.cleaned_data["note"]
                )
            except DecisionError as exc:
                error = str(exc)
            else:
                if changed:
                    log(
                        instance=commitment,
                        action="materials.commitment.accept"
                        if accept
                        else "materials.commitment.decline",
                        user=request.user,
                    )
                    notify_decision(
                        commitment, request.build_absolute_uri(commitment.get_status_url())
                    )
                from django.contrib import messages

                messages.success(
                    request,
                    gettext("Accepted: a draft partner page was created.")
                    if accept and commitment.partner_page_id
                    else gettext("The decision was saved."),
                )
                if accept and commitment.partner_page_id:
                    return redirect("wagtailadmin_pages:edit", commitment.partner_page_id)
                return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "materials/admin/decide.html",
            {
                "commitment": commitment,
                "form": form,
                "error": error,
                "index_url": reverse(self.get_url_name("index")),
            },
        )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        patterns.append(path("decide/<str:pk>/", self.decide_view, name="decide"))
        return guard_pk_views(self, patterns, commitment_policy)


commitment_viewset = CommitmentViewSet("commitments")


@hooks.register("register_admin_viewset")
def register_commitment_viewset():
    return commitment_viewset


@hooks.register("register_log_actions")
def register_materials_log_actions(actions):
    actions.register_action(
        "materials.commitment.accept", _("Accept commitment"), _("Commitment accepted")
    )
    actions.register_action(
        "materials.commitment.decline", _("Decline commitment"), _("Commitment declined")
    )


# --- Brochures ------------------------------------------------------------------------------


class _OwnBrochures:
    """The brochure chooser lists and answers for the user's own regions' brochures only (it
    listed every region's; tests/security/test_permission_matrix.py)."""

    def visible(self):
        return brochure_policy.instances_user_has_permission_for(self.request.user, "view")

    def get_object_list(self):
        return self.visible()

    def get_object(self, pk):
        return self.visible().get(pk=pk)

    def get_objects(self, pks):
        return self.visible().filter(pk__in=pks)


class BrochureChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("BrochureChooseView", (_OwnBrochures, ChooseView), {})
    choose_results_view_class = type(
        "BrochureChooseResultsView", (_OwnBrochures, ChooseResultsView), {}
    )
    chosen_view_class = type("BrochureChosenView", (_OwnBrochures, SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "BrochureChosenMultipleView", (_OwnBrochures, SnippetChosenMultipleView), {}
    )


class PrintColumn(Column):
    """A visible download button once the national office has approved the brochure."""

    cell_template_name = "materials/admin/print_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["print_url"] = (
            reverse(brochure_viewset.get_url_name("print"), args=[instance.pk])
            if instance.is_approved
            else None
        )
        return context


class BrochureViewSet(SnippetViewSet):
    model = Brochure
    chooser_viewset_class = BrochureChooserViewSet
    icon = "doc-full"
    menu_label = _("Brochures")
    menu_order = 270
    add_to_admin_menu = True
    url_prefix = "brochures"
    list_display = [
        "__str__",
        "region",
        "year",
        "language",
        StatusTagColumn("approval_status", label=_("Approval"), primary=lambda b: b.is_approved),
        PrintColumn("print", label=_("Print")),
        "compiled_at",
    ]
    list_filter = ["region", "year", "language"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return brochure_policy.instances_user_has_permission_for(
            request.user, "view"
        ).select_related("region")

    def _get_brochure(self, request, pk):
        brochure = get_object_or_404(Brochure, pk=unquote(str(pk)))
        if not brochure_policy.user_has_permission_for_instance(request.user, "view", brochure):
            raise PermissionDenied
        return brochure

    def pdf_view(self, request, pk):
        """The latest draft's PDF (marked DRAFT unless it is the approved version)."""
        from .brochures.pdf import render_pdf

        brochure = self._get_brochure(request, pk)
        latest = brochure.get_latest_revision_as_object()
        draft = not (brochure.live and not brochure.has_unpublished_changes)
        return _pdf_response(
            render_pdf(latest, draft=draft), brochure, "draft" if draft else "approved"
        )

    def print_view(self, request, pk):
        """The approved brochure for print: refused until the national office has approved."""
        from .brochures.pdf import render_pdf

        brochure = self._get_brochure(request, pk)
        if not brochure.is_approved:
            return TemplateResponse(
                request,
                "materials/admin/print_refused.html",
                {"brochure": brochure, "edit_url": reverse(self.get_url_name("edit"), args=[pk])},
                status=403,
            )
        return _pdf_response(render_pdf(brochure, draft=False), brochure, "print")

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        patterns += [
            path("pdf/<str:pk>/", self.pdf_view, name="pdf"),
            path("print/<str:pk>/", self.print_view, name="print"),
        ]
        return guard_pk_views(self, patterns, brochure_policy)

    @property
    def edit_view_class(self):
        base = super().edit_view_class
        viewset = self

        class BrochureEditView(base):
            @property
            def header_buttons(self):
                """The print PDF as a visible button once approved (it hid in the "…" menu)."""
                buttons = list(super().header_buttons)
                if self.object.is_approved:
                    buttons.append(
                        HeaderButton(
                            _("Download for print"),
                            url=reverse(viewset.get_url_name("print"), args=[self.object.pk]),
                            icon_name="download",
                            priority=10,
                        )
                    )
                return buttons

            @property
            def header_more_buttons(self):
                buttons = list(super().header_more_buttons)
                buttons.append(
                    Button(
                        _("Download PDF (draft)"),
                        url=reverse(viewset.get_url_name("pdf"), args=[self.object.pk]),
                        icon_name="download",
                        priority=40,
                    )
                )
                return buttons

            def get_success_message(self, instance=None):
                """Say what the national office's decision did (it said only "updated")."""
                if self.action == "workflow-action":
                    # Fresh from the database: approval published another copy of the object.
                    brochure = Brochure.objects.get(pk=(instance or self.object).pk)
                    values = {"object": str(brochure)}
                    if self.workflow_action == "approve" and brochure.is_approved:
                        return (
                            gettext(
                                "Brochure '%(object)s' approved and published: the coordinators "
                                "can now download it for print."
                            )
                            % values
                        )
                    if self.workflow_action == "reject":
                        return (
                            gettext(
                                "Changes requested to brochure '%(object)s': it went back to the "
                                "coordinators."
                            )
                            % values
                        )
                return super().get_success_message(instance)

        return BrochureEditView


def _pdf_response(pdf, brochure, suffix):
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = (
        f"kaikukortti-{brochure.region.slug}-{brochure.year}-{brochure.language}-{suffix}.pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


brochure_viewset = BrochureViewSet()
register_snippet(brochure_viewset)
