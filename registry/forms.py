"""The desks' forms. Each field says what went wrong next to it; the rules live in rules.py."""

import uuid

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from shows import tickets
from shows.models import Show

from . import rules, services
from .models import Card, CardBatch, Membership, Organisation, Use

NUMBER_ATTRS = {
    # A card number starts with a letter, so the full keyboard; never autofilled or corrected.
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "class": "card-number-input",
    "maxlength": "14",
}
NUMERIC_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}


def card_number_field(label=None, required=True, help_text=None):
    return forms.CharField(
        label=label or _("Card number"),
        required=required,
        max_length=20,
        help_text=help_text
        if help_text is not None
        else _("One letter and nine digits, as printed on the card. Spaces do not matter."),
        widget=forms.TextInput(attrs=dict(NUMBER_ATTRS)),
    )


def count_field(label, *, initial=0, max_value=rules.MAX_CHILDREN, required=True, help_text=""):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=max_value,
        initial=initial,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs=dict(NUMERIC_ATTRS)),
    )


def _refuse(refusal):
    """A field's clean method refuses with a national rule's refusal, if there is one."""
    if refusal:
        raise forms.ValidationError(refusal.message, code=refusal.code)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LanguageTaggedSelect(forms.Select):
    """A select whose options in another language than the page's carry their `lang`
    (`langs`: {value: lang})."""

    def __init__(self, *args, langs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.langs = langs or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        lang = self.langs.get(getattr(value, "value", value))
        if lang:
            option["attrs"]["lang"] = lang
        return option


class IdempotentForm(forms.Form):
    """Carries a key made when the form is first shown; a resubmission sends the same key."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def full_clean(self):
        super().full_clean()
        if self._errors and "idempotency_key" in self._errors:
            # A missing or broken key (a changed page, a bot): nobody can correct a hidden field,
            # so say it for the whole form, and show the form again with a new key to send.
            del self._errors["idempotency_key"]
            self.add_error(None, _("The form was incomplete. Check the details and send it again."))
            self.renew_key()

    def renew_key(self):
        """Show the form again, as typed, with a new key: its next submission is a new request."""
        self.data = self.data.copy()
        self.data[self.add_prefix("idempotency_key")] = str(uuid.uuid4())

    def request_digest(self):
        """The fingerprint of what was typed (every field but the key), known before validation:
        a resubmission (a double click, a retry) sends the same values."""
        values = {
            name: self[name].value() for name in sorted(self.fields) if name != "idempotency_key"
        }
        return services.request_digest(type(self).__name__, values)


class NewNumberForm(IdempotentForm):
    """A form with the number of a card to register: one the unit's region may issue."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_number(self):
        parsed = services.parse_number(self.cleaned_data["number"])
        _refuse(services.allocation_for(parsed, self.organisation.region)[1])
        return parsed.text


class RegistrationForm(NewNumberForm):
    number = card_number_field()
    kind = forms.ChoiceField(
        label=_("Kind of card"),
        choices=Card.Kind.choices,
        initial=Card.Kind.PERSONAL,
        widget=forms.RadioSelect,
    )
    community_name = forms.CharField(
        label=_("Community organisation (community cards only)"),
        required=False,
        max_length=200,
        help_text=_("The organisation's name, never an employee's name."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    issued_on = forms.DateField(label=_("Issue date"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Last valid day"),
        required=False,
        help_text=_("Leave empty for the usual: 12 months, or the end of the region's pilot."),
        widget=DateInput(),
    )
    children_count = count_field(
        _("Own children and grandchildren under 16"),
        help_text=_("They get free tickets for the same event. Write 0 if none."),
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        help_text=_("The holder must be at least 16 years old."),
        widget=forms.NumberInput(attrs=dict(NUMERIC_ATTRS, maxlength="4")),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=5,
        help_text=_("Five digits, for example 87100."),
        widget=forms.TextInput(attrs=dict(NUMERIC_ATTRS, maxlength="5", pattern="[0-9]{5}")),
    )
    mother_tongue = forms.ChoiceField(
        label=_("Mother tongue"), choices=Card.MotherTongue.choices, required=False
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Card.Gender.choices, required=False)
    life_situation = forms.ChoiceField(
        label=_("Life situation"), choices=Card.LifeSituation.choices, required=False
    )

    # Required by kind of card, so not `required` fields: never labelled "(optional)".
    # Personal cards: birth year and postal code (DOMAIN.md, "What the real registry ... do");
    # community cards: the organisation's name (registry/_field.html reads this).
    conditionally_required = ("birth_year", "postal_code", "community_name")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.initial.setdefault("issued_on", today)

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        _refuse(rules.check_issue_date(issued_on, self.today))
        return issued_on

    def clean_postal_code(self):
        return self.cleaned_data["postal_code"].strip()

    def clean(self):
        data = super().clean()
        region = self.organisation.region
        issued_on = data.get("issued_on")
        community = data.get("kind") == Card.Kind.COMMUNITY
        if community:
            if not data.get("community_name", "").strip():
                self.add_error(
                    "community_name", _("Write the name of the organisation the card belongs to.")
                )
        else:
            # The three the real registry requires: birth year, postal code, children.
            if data.get("birth_year") is None:
                if "birth_year" not in self.errors:
                    self.add_error("birth_year", _("Write the holder's birth year."))
            elif issued_on and (refusal := rules.check_birth_year(data["birth_year"], issued_on)):
                self.add_error("birth_year", refusal.message)
            if "postal_code" in data:
                if not data["postal_code"]:
                    self.add_error("postal_code", _("Write the holder's postal code."))
                elif refusal := rules.check_postal_code(data["postal_code"]):
                    self.add_error("postal_code", refusal.message)
        if issued_on:
            if not data.get("valid_until"):
                data["valid_until"] = rules.default_valid_until(issued_on, region)
            elif refusal := rules.check_validity_period(issued_on, data["valid_until"], region):
                self.add_error("valid_until", refusal.message)
        return data

    def card_data(self):
        data = dict(self.cleaned_data)
        del data["number"], data["idempotency_key"]
        if data.get("birth_year") is None:
            data.pop("birth_year", None)
        return data


class ExtendForm(forms.Form):
    valid_until = forms.DateField(label=_("New last valid day"), widget=DateInput())


class ReissueForm(NewNumberForm):
    number = card_number_field(label=_("Number of the new card"))


class CardSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a card by number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=dict(NUMBER_ATTRS, type="search")),
    )


class ShowChoiceForm(IdempotentForm):
    """An optional show the tickets are for. The list offers the desk's shows of `day` (and the
    one already chosen); any of the desk's `shows` is accepted."""

    show = forms.ModelChoiceField(
        label=_("Show"), queryset=Show.objects.none(), required=False, empty_label=_("No show")
    )

    def __init__(self, *args, shows=None, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        if shows is None:
            del self.fields["show"]
            return
        field = self.fields["show"]
        field.queryset = shows
        chosen = self.data.get(self.add_prefix("show"))
        listed, langs = tickets.choices(shows, day, chosen)
        field.widget = LanguageTaggedSelect(langs=langs)
        field.choices = [("", field.empty_label), *listed]


class UseForm(ShowChoiceForm):
    prefix = "use"
    number = card_number_field()
    kind = forms.ChoiceField(
        label=_("What is recorded"),
        choices=Use.Kind.choices,
        initial=Use.Kind.TICKET,
        widget=forms.RadioSelect,
    )
    children = count_field(
        _("Children's tickets"),
        help_text=_("Free tickets for the holder's own children and grandchildren under 16."),
    )

    def to_record(self):
        """What services.record_uses records: one use of one card."""
        data = self.cleaned_data
        entries = [services.Entry(data["number"], data["children"])]
        return {"kind": data["kind"], "entries": entries, "show": data.get("show")}


# As many member rows as a group visit may have: the form reads no more.
GROUP_SLOTS = services.GROUP_MAX_MEMBERS
SLOTS = range(1, GROUP_SLOTS + 1)


class GroupUseForm(ShowChoiceForm):
    """A group visit: the community card and each member's own card, in one submission."""

    prefix = "group"

    community_number = card_number_field(label=_("Community card number"), help_text="")
    community_children = count_field(_("Children's tickets on the community card"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in SLOTS:
            self.fields[f"member_{i}"] = card_number_field(
                label=_("Member %(n)s: card number") % {"n": i}, required=False, help_text=""
            )
            self.fields[f"member_{i}_children"] = count_field(
                _("Member %(n)s: children's tickets") % {"n": i}, required=False
            )

    def member_rows(self):
        return [(self[f"member_{i}"], self[f"member_{i}_children"]) for i in SLOTS]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"member_{i}") for i in SLOTS):
            self.add_error("member_1", _("Add the card of each group member."))
        return data

    def to_record(self):
        """What services.record_uses records: the community card's ticket and each member's."""
        data = self.cleaned_data
        members = [
            services.Entry.named(data, f"member_{i}", f"member_{i}_children")
            for i in SLOTS
            if data.get(f"member_{i}")
        ]
        community = services.Entry.named(data, "community_number", "community_children")
        record = {"kind": Use.Kind.TICKET, "entries": members, "community": community}
        return record | {"show": data.get("show")}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "region"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "organization"})}

    def __init__(self, *args, regions, allow_popup=False, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = regions
        region.required = not allow_popup
        region.empty_label = _("No region (national pop-up venue)") if allow_popup else None

    def clean(self):
        data = super().clean()
        if not data.get("region") and data.get("kind") != Organisation.Kind.VENUE:
            self.add_error("region", _("Only a pop-up venue can be without a region."))
        return data


class AccountForm(forms.Form):
    # The limits of Django's user model: what it would refuse later (or PostgreSQL now) is said here.
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        # Bounded before the password validators compare it with the username and the e-mail.
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits."),
    )
    is_unit_account = forms.BooleanField(
        label=_("Shared account of the whole unit"), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(data["password"], user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class BatchForm(forms.ModelForm):
    class Meta:
        model = CardBatch
        fields = ["region", "letter", "first_serial", "last_serial"]
        widgets = {
            "first_serial": forms.NumberInput(attrs=dict(NUMERIC_ATTRS)),
            "last_serial": forms.NumberInput(attrs=dict(NUMERIC_ATTRS)),
            "letter": forms.TextInput(attrs={"autocomplete": "off", "maxlength": "1"}),
        }

    MAX_SIZE = 20_000

    def clean_letter(self):
        letter = self.cleaned_data["letter"].strip().upper()
        if len(letter) != 1 or not letter.isascii() or not letter.isalpha():
            raise forms.ValidationError(_("One letter from A to Z."))
        return letter

    def clean(self):
        data = super().clean()
        first, last, letter = data.get("first_serial"), data.get("last_serial"), data.get("letter")
        if first is None or last is None or not letter:
            return data
        if last < first:
            self.add_error("last_serial", _("The last serial must not be smaller than the first."))
        elif last > 9_999_999:
            self.add_error("last_serial", _("A serial has at most seven digits."))
        elif last - first + 1 > self.MAX_SIZE:
            self.add_error(
                "last_serial",
                _("A batch has at most %(count)s cards.") % {"count": self.MAX_SIZE},
            )
        elif overlap := CardBatch.objects.filter(
            letter=letter, first_serial__lte=last, last_serial__gte=first
        ).first():
            overlaps = _("The range overlaps an existing batch: %(batch)s.")
            self.add_error("first_serial", overlaps % {"batch": overlap})
        return data
