"""Two-factor authentication pages: enrol, verify after the password, manage one's own, and the
national office's reset of another user's (in the Wagtail admin).

Every page needs a signed-in user and is never cached. A code is never echoed back into a form.
"""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.log_actions import log

from core.roles import is_national

from . import policy, twofactor
from .forms import BackupCodeForm, CodeForm, refusal_message

logger = logging.getLogger(__name__)


def _next_url(request):
    """Where to go after the code: `next` if it is a path on this site, else the manage page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:manage")


def _with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _status(form, outcome=None):
    if outcome is not None and outcome.reason == "throttled":
        return 429
    return 400 if form.errors else 200


def page(view):
    """Signed in, GET and POST only, never cached."""
    return never_cache(login_required(require_http_methods(["GET", "POST"])(view)))


@page
def verify(request):
    """The second step of signing in: a code from the app, or a backup code."""
    user = request.user
    next_url = _next_url(request)
    if policy.is_verified(user):
        return redirect(next_url)
    if not policy.has_two_factor(user):
        if policy.is_required(user):
            return redirect(_with_next("accounts:enrol", next_url))
        return redirect(next_url)
    backup = (request.POST.get("method") or request.GET.get("method")) == "backup"
    form_class = BackupCodeForm if backup else CodeForm
    form = form_class(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        check = twofactor.verify_backup if backup else twofactor.verify_totp
        outcome = check(user, form.cleaned_data["code"])
        if outcome.ok:
            twofactor.mark_verified(request, outcome.device)
            if backup:
                messages.warning(
                    request,
                    _(
                        "You signed in with a backup code. It will not work again. Backup codes "
                        "left: %(count)s."
                    )
                    % {"count": twofactor.backup_codes_left(user)},
                )
            return redirect(next_url)
        form.add_error("code", refusal_message(outcome, backup=backup))
    context = {"form": form, "backup": backup, "next_url": next_url}
    return render(request, "accounts/verify.html", context, status=_status(form, outcome))


@page
def enrol(request):
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code, get
    the backup codes once."""
    user = request.user
    next_url = _next_url(request)
    if policy.has_two_factor(user):
        if policy.is_verified(user):
            return redirect("accounts:manage")
        return redirect(_with_next("accounts:verify", next_url))
    device = twofactor.pending_device(user)
    form = CodeForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome, codes = twofactor.confirm_enrolment(user, device.pk, form.cleaned_data["code"])
        if outcome.ok:
            twofactor.mark_verified(request, outcome.device)
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next_url": next_url, "enrolled": True},
            )
        form.add_error("code", refusal_message(outcome))
    context = {
        "form": form,
        "next_url": next_url,
        "required": policy.is_required(user),
        "qr_svg": twofactor.qr_svg(device, _("QR code for your authenticator app")),
        "secret": twofactor.secret_text(device),
    }
    return render(request, "accounts/enrol.html", context, status=_status(form, outcome))


def _verified_owner(request):
    """Changing one's second factor needs a session that has passed it."""
    device = policy.confirmed_device(request.user)
    if device is not None and not policy.is_verified(request.user):
        return redirect(_with_next("accounts:verify", request.get_full_path()))
    return None


@page
def manage(request):
    """One's own two-factor authentication: on or off, backup codes left, what can be done."""
    redirect_to = _verified_owner(request)
    if redirect_to:
        return redirect_to
    return render(request, "accounts/manage.html", _manage_context(request, CodeForm()))


def _manage_context(request, turn_off_form):
    user = request.user
    device = policy.confirmed_device(user)
    return {
        "device": device,
        "required": policy.is_required(user),
        "backup_left": twofactor.backup_codes_left(user) if device else 0,
        "turn_off_form": turn_off_form,
    }


@never_cache
@login_required
@require_POST
def backup_codes(request):
    """New backup codes (the old ones stop working), shown once."""
    redirect_to = _verified_owner(request)
    if redirect_to:
        return redirect_to
    if not policy.has_two_factor(request.user):
        return redirect("accounts:manage")
    codes = twofactor.new_backup_codes(request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next_url": reverse("accounts:manage"), "enrolled": False},
    )


@never_cache
@login_required
@require_POST
def turn_off(request):
    """Turn two-factor authentication off: only where the role does not require it, and only
    with a current code."""
    redirect_to = _verified_owner(request)
    if redirect_to:
        return redirect_to
    user = request.user
    if not policy.has_two_factor(user):
        return redirect("accounts:manage")
    form = CodeForm(request.POST)
    if policy.is_required(user):
        form.is_valid()
        form.add_error(None, _("Your role requires two-factor authentication: it cannot be off."))
        context = _manage_context(request, form)
        return render(request, "accounts/manage.html", context, status=403)
    outcome = None
    if form.is_valid():
        outcome = twofactor.verify_totp(user, form.cleaned_data["code"])
        if outcome.ok:
            twofactor.remove_devices(user)
            logger.info("two-factor authentication turned off by user %s", user.pk)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:manage")
        form.add_error("code", refusal_message(outcome))
    context = _manage_context(request, form)
    return render(request, "accounts/manage.html", context, status=_status(form, outcome))


# --- Wagtail admin: the national office resets another user's second factor -----------------


def admin_reset(request, user_id):
    """A national administrator removes a user's devices (a lost phone): the user sets up again
    at the next sign-in. Registered under /admin/ (wagtail_hooks.py)."""
    if not is_national(request.user):
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        removed = twofactor.remove_devices(target)
        log(instance=target, action="accounts.reset_two_factor", user=request.user)
        logger.warning(
            "two-factor authentication of user %s reset by user %s", target.pk, request.user.pk
        )
        if removed:
            messages.success(
                request,
                _("Two-factor authentication of %(user)s was reset.")
                % {"user": target.get_username()},
            )
        else:
            messages.info(
                request,
                _("%(user)s had no two-factor authentication to reset.")
                % {"user": target.get_username()},
            )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/admin/reset.html",
        {
            "target": target,
            "has_device": policy.has_two_factor(target),
            "required": policy.is_required(target),
            "index_url": reverse("wagtailusers_users:index"),
        },
    )
