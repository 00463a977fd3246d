"""The public commitment form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import municipality_name
from regions.models import Municipality, Region

from .models import Commitment
from .validators import normalise_business_id


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return municipality_name(obj)


def municipality_choices():
    """Municipalities grouped by region (an <optgroup> each), so the form works without JS."""
    groups = {}
    for m in Municipality.objects.select_related("region").order_by("region__name_fi", "name_fi"):
        groups.setdefault(m.region.name, []).append((m.pk, municipality_name(m)))
    return [("", "—"), *groups.items()]


class CommitmentForm(forms.ModelForm):
    # Honeypot: hidden from people (visually hidden, aria-hidden, out of the tab order, no
    # autofill), filled in by bots that fill everything.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    accept_model = forms.BooleanField(
        label=_("We commit to the national operating model of Kaikukortti (version %(date)s)."),
        required=True,
        error_messages={"required": _("Tick the box to accept the operating model.")},
    )

    class Meta:
        model = Commitment
        fields = [
            "partner_type",
            "organisation",
            "unit",
            "business_id",
            "region",
            "municipality",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "website",
            "message",
        ]
        widgets = {
            "partner_type": forms.RadioSelect,
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "unit": forms.TextInput(attrs={"autocomplete": "off"}),
            "business_id": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "inputmode": "email"}
            ),
            "contact_phone": forms.TextInput(
                attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}
            ),
            "website": forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "unit": _("For example the library's branch or the social office's team."),
            "contact_name": _("The named person your region's coordinator can contact."),
            "contact_phone": _("For example 040 123 4567."),
            "website": _("Optional. Where your Kaikukortti restrictions will be published."),
        }
        error_messages = {
            "partner_type": {"required": _("Choose whether you join as a venue or a distributor.")},
            "organisation": {"required": _("Enter the name of your organisation.")},
            "region": {"required": _("Choose your region.")},
            "municipality": {"required": _("Choose your municipality.")},
            "contact_name": {"required": _("Enter the contact person's name.")},
            "contact_email": {
                "required": _("Enter the contact person's e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.fi."),
            },
            "contact_phone": {"required": _("Enter the contact person's phone number.")},
            "website": {"invalid": _("Enter a web address like https://www.example.fi.")},
        }

    def __init__(self, *args, operating_model=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.operating_model = operating_model
        self.fields["partner_type"].choices = Commitment.PartnerType.choices
        # Every region whose municipalities are offered, the coming ones too (Pohjois-Savo's
        # partners commit before it starts: issue 16.11).
        self.fields["region"].queryset = Region.objects.order_by("name_fi")
        self.fields["region"].empty_label = "—"
        self.fields["municipality"] = MunicipalityChoiceField(
            queryset=Municipality.objects.select_related("region"),
            label=self.fields["municipality"].label,
            error_messages={
                "required": _("Choose your municipality."),
                "invalid_choice": _("Choose your municipality from the list."),
            },
        )
        self.fields["municipality"].choices = municipality_choices()
        self.fields["region"].error_messages["invalid_choice"] = _(
            "Choose your region from the list."
        )
        if operating_model is not None:
            self.fields["accept_model"].label = self.fields["accept_model"].label % {
                "date": f"{operating_model.published_on:%-d.%-m.%Y}"
            }

    def clean_business_id(self):
        return normalise_business_id(self.cleaned_data["business_id"])

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if len(digits) < 6 or any(c not in "0123456789 +-()" for c in phone):
            raise forms.ValidationError(_("Enter a phone number like 040 123 4567."))
        return phone

    def clean(self):
        cleaned = super().clean()
        region, municipality = cleaned.get("region"), cleaned.get("municipality")
        if region and municipality and municipality.region_id != region.pk:
            self.add_error(
                "municipality",
                _("%(municipality)s is not in the region %(region)s.")
                % {"municipality": municipality.name, "region": region.name},
            )
        if self.operating_model is None:
            raise forms.ValidationError(
                _("Commitments cannot be received right now. Please try again later.")
            )
        return cleaned

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("homepage")))

    def save(self, commit=True, *, language="fi"):
        commitment = super().save(commit=False)
        commitment.operating_model_version = self.operating_model
        commitment.accepted_model_at = timezone.now()
        commitment.language = language
        if commit:
            commitment.save()
        return commitment


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the partner's status page."),
    )
