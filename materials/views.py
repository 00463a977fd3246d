"""Public views: the stable "latest" link of a material and the commitment form and status."""

import logging
import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.ratelimits import over_limit
from regions.permissions import regions_coordinated_by

from .forms import CommitmentForm
from .models import Commitment, Material, OperatingModelVersion
from .notifications import notify_new_commitment

logger = logging.getLogger(__name__)

# What the addresses' free segments can be; anything else names nothing, and is not looked up
# (PostgreSQL refuses a NUL character in a query outright).
FORMAT = re.compile(r"[A-Za-z0-9]{1,10}")  # a file extension: pdf, docx, pptx ...
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # secrets.token_urlsafe (materials.models.new_token)


def may_see_coordinator_material(user) -> bool:
    return regions_coordinated_by(user).exists()


def forbidden(request, message):
    return render(request, "materials/forbidden.html", {"message": message}, status=403)


@never_cache
def latest(request, slug, fmt):
    """The stable link: always the current version's file in `fmt`, through Wagtail's serve view
    (which checks access again, see wagtail_hooks)."""
    material = get_object_or_404(Material, slug=slug)
    if material.coordinator_only and not may_see_coordinator_material(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return forbidden(request, _("This material is for regional coordinators only."))
    version = material.get_current_version()
    if version is None or not FORMAT.fullmatch(fmt):
        raise Http404
    file = version.files.select_related("document").filter(file_format=fmt.lower()).first()
    if file is None:
        raise Http404
    response = HttpResponseRedirect(file.document.url)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def commitment_form(request):
    operating_model = OperatingModelVersion.objects.current()
    limited = False
    if request.method == "POST":
        form = CommitmentForm(request.POST, operating_model=operating_model)
        # Only what would be sent counts (a typo costs nothing): no CAPTCHA, it shuts people out.
        if (form.is_spam or form.is_valid()) and over_limit(request, "commitment"):
            limited = True
        elif form.is_spam:
            # Bots get the same answer as people, but nothing is stored or sent.
            return render(request, "materials/commitment_thanks.html", status=200)
        elif form.is_valid():
            with transaction.atomic():
                commitment = form.save(language=translation.get_language())
            # Stored first; the e-mails only follow (a failure is logged, the record stays).
            notify_new_commitment(commitment, request)
            messages.success(
                request,
                _("Thank you! Your commitment has been sent to the coordinators of %(region)s.")
                % {"region": commitment.region.name},
            )
            return redirect(commitment.get_status_url())
    else:
        initial = {}
        if request.GET.get("type") in Commitment.PartnerType.values:
            initial["partner_type"] = request.GET["type"]
        form = CommitmentForm(initial=initial, operating_model=operating_model)
    status = 429 if limited else (200 if request.method == "GET" or not form.errors else 400)
    return render(
        request,
        "materials/commitment_form.html",
        {"form": form, "operating_model": operating_model, "limited": limited},
        status=status,
    )


@never_cache
def commitment_status(request, token):
    """The partner's private status page: the token is the only key (unguessable, 256 bits)."""
    if not TOKEN.fullmatch(token):
        raise Http404
    commitment = get_object_or_404(
        Commitment.objects.select_related("region", "municipality", "operating_model_version"),
        token=token,
    )
    response = render(request, "materials/commitment_status.html", {"commitment": commitment})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
