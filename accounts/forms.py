"""The code forms. The code itself is checked in twofactor.py; the form only says what was typed
wrong, next to the field, and keeps nothing (codes are never echoed back)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import twofactor

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "spellcheck": "false",
    "class": "twofactor-code-input",
    "maxlength": "9",
}
BACKUP_ATTRS = {
    "autocomplete": "off",
    "autocapitalize": "none",
    "spellcheck": "false",
    "class": "twofactor-code-input",
    "maxlength": "12",
}


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. The code changes every 30 seconds."),
        max_length=20,
        widget=forms.TextInput(attrs=CODE_ATTRS),
        error_messages={"required": _("Type the six-digit code from your app.")},
    )

    def clean_code(self):
        code = twofactor.normalise_totp(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("The code is six digits, for example 123456."))
        return code


class BackupCodeForm(forms.Form):
    """One of the ten backup codes shown when two-factor authentication was set up."""

    code = forms.CharField(
        label=_("Backup code"),
        help_text=_("Eight letters and digits. Each backup code works once."),
        max_length=20,
        widget=forms.TextInput(attrs=BACKUP_ATTRS),
        error_messages={"required": _("Type one of your backup codes.")},
    )

    def clean_code(self):
        code = twofactor.normalise_backup(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A backup code is eight letters and digits, for example abcd2345.")
            )
        return code


def refusal_message(outcome, *, backup=False) -> str:
    """Why a code was not accepted, in words a person can act on."""
    if outcome.reason == "throttled":
        return _(
            "Too many wrong codes. Wait %(seconds)s seconds and try again with a new code."
        ) % {"seconds": outcome.wait_seconds}
    if outcome.reason == "replayed":
        return _("That code has already been used. Wait for the next code in your app.")
    if backup:
        return _("That backup code is not right, or it has already been used.")
    return _(
        "That code is not right. Check that you typed the code your app shows now for Kaikukortti."
    )
