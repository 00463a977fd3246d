"""The partner invitation's two pages: the coordinator's form in the admin (from the partner
page's header menu) and the contact person's set-password page (the e-mail's link)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from . import partner_access


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Contact person's e-mail address"),
        max_length=254,
        help_text=gettext_lazy(
            "They get an e-mail with a link to set a password. The link works once."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


def invite(request, page_id):
    """Invite a partner's contact person to edit this partner page (region coordinators and the
    national office only). Registered under /admin/ (accounts/partner_hooks.py)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not partner_access.can_invite(request.user, page):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    initial = {"email": getattr(page, "contact_email", "") or getattr(page, "public_email", "")}
    form = InviteForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation, created = partner_access.invite(
                    page, form.cleaned_data["email"], request.user
                )
            except partner_access.InvitationRefused as refusal:
                form.add_error("email", str(refusal))
            else:
                sent = partner_access.send_invitation(invitation, request)
                if not sent:
                    messages.error(
                        request,
                        _("The e-mail to %(email)s could not be sent. Try again later.")
                        % {"email": invitation.email},
                    )
                elif created:
                    messages.success(
                        request,
                        _("%(email)s was invited to edit %(page)s.")
                        % {"email": invitation.email, "page": page.title},
                    )
                else:
                    messages.success(
                        request,
                        _("A new link was sent to %(email)s.") % {"email": invitation.email},
                    )
                return redirect(edit_url)
        status = 400
    invitations = page.partner_invitations.select_related("user").order_by("email")[:50]
    return TemplateResponse(
        request,
        "accounts/admin/invite_partner.html",
        {"page": page, "form": form, "edit_url": edit_url, "invitations": invitations},
        status=status,
    )


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """The invitation's link: set a password (Django's reset token: expiring, single use), be
    signed in and taken to the admin. Only for accounts that were invited."""

    template_name = "accounts/accept_invitation.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("wagtailadmin_home")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is not None and not user.partner_invitations.exists():
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        partner_access.accept(form.user)
        messages.success(
            self.request, _("Your password is set. You can now edit your organisation's page.")
        )
        return response

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            kwargs.setdefault("status", 404)
        return super().render_to_response(context, **kwargs)
