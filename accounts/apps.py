from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in security: two-factor authentication (TOTP + backup codes, through django-otp), and
    the partners' contact persons' accounts (invitations, their small admin: issue 21.1)."""

    name = "accounts"
    verbose_name = _("Accounts")
