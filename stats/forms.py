"""Forms of the statistics pages: the dashboard filter (GET), the export request, "check my card"."""

import datetime
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, Region
from registry import cardnumbers
from registry.forms import DateInput
from registry.models import Organisation

from .queries import Filters
from .scope import NATIONAL

# The period statistics can cover: the card's first year to the end of next year. Outside it there
# is nothing to count, and a month-by-month table over thousands of years cannot be drawn.
FIRST_DAY = datetime.date(2015, 1, 1)


def check_period(form, data, reversed_message):
    """The period's end not before its start, both within what statistics can cover."""
    if data.get("start") and data.get("end") and data["start"] > data["end"]:
        form.add_error("end", reversed_message)
    last = datetime.date(timezone.localdate().year + 1, 12, 31)
    span = {"first": date_format(FIRST_DAY, "SHORT_DATE_FORMAT")}
    span["last"] = date_format(last, "SHORT_DATE_FORMAT")
    for name in ("start", "end"):
        if data.get(name) and not FIRST_DAY <= data[name] <= last:
            form.add_error(name, _("Choose a date between %(first)s and %(last)s.") % span)


class QuickSelect(forms.Select):
    """Django's Select, its options written here rather than through one template each: the
    national filter lists every organisation (a thousand or more), and rendering the option
    templates took most of a dashboard's time. The markup is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = []
        for group_name, options, _index in widget["optgroups"]:
            html = "".join(
                f'<option value="{escape(str(o["value"]))}"'
                f"{flatatt(o['attrs']) if o['attrs'] else ''}>{escape(str(o['label']))}</option>"
                for o in options
            )
            if group_name:
                html = f'<optgroup label="{escape(str(group_name))}">{html}</optgroup>'
            out.append(html)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(out)),  # noqa: S308 (every value escaped above)
        )


class _NameChoices(forms.models.ModelChoiceIterator):
    """(pk, name) pairs straight from the database: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class OrganisationChoiceField(forms.ModelChoiceField):
    iterator = _NameChoices


def _choice(field_class, label, model):
    """A filter's list: optional, "All" first; __init__ sets what the scope lists."""
    return field_class(
        label=label,
        queryset=model.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )


class MonthField(forms.DateField):
    """A calendar month, as its first day, picked in ``<input type="month">`` (a text box where a
    browser has none). Also takes a date (older links, typed by hand)."""

    widget = forms.DateInput(attrs={"type": "month", "placeholder": "2026-03"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d", "%m/%Y", "%m.%Y", "%d.%m.%Y"]


class FilterForm(forms.Form):
    """Period (whole months: stats.facts), region, municipality and organisation, limited to what
    the scope contains."""

    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    region = _choice(forms.ModelChoiceField, _("Region"), Region)
    municipality = _choice(forms.ModelChoiceField, _("Municipality"), Municipality)
    organisation = _choice(OrganisationChoiceField, _("Organisation"), Organisation)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        if scope.kind == NATIONAL:
            # Two thousand organisations make a select nobody can use (and a page of hundreds of
            # kilobytes): the municipality and organisation lists follow the chosen region.
            self.fields["region"].queryset = Region.objects.all()
            region = self._chosen_region()
            municipalities = region.municipalities.all() if region else Municipality.objects.all()
            self.fields["municipality"].queryset = municipalities
            # Until a region is chosen (region=None): the pop-up venues, which are in no region
            # (coordinated nationally, DOMAIN.md) and so would never be listed otherwise.
            self.fields["organisation"].queryset = Organisation.objects.filter(region=region)
            self.choose_region_first = region is None
        elif scope.region is not None:
            del self.fields["region"]
            self.fields["municipality"].queryset = scope.region.municipalities.all()
            self.fields["organisation"].queryset = scope.organisations()
        else:
            # A unit's or a venue's own dashboard: the period is the only filter.
            for name in ("region", "municipality", "organisation"):
                del self.fields[name]

    choose_region_first = False

    def _chosen_region(self):
        """The national filter's region: the one chosen, else that of a chosen organisation (a
        link may name only the organisation); None when neither is a valid choice."""

        def pk(name):
            value = str(self.data.get(name) or "") if self.is_bound else ""
            return int(value) if value.isdigit() and len(value) < 10 else None

        if pk("region") is not None:
            return Region.objects.filter(pk=pk("region")).first()
        if pk("organisation") is not None:
            organisation = (
                Organisation.objects.filter(pk=pk("organisation")).select_related("region").first()
            )
            if organisation is not None and organisation.region is not None:
                self.data = self.data.copy()
                self.data["region"] = str(organisation.region_id)
                return organisation.region
        return None

    def clean(self):
        data = super().clean()
        check_period(self, data, _("The last month must not be before the first."))
        return data

    def filters(self) -> Filters:
        default = Filters.this_year()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        chosen = {name: data.get(name) for name in ("region", "municipality", "organisation")}
        return Filters(data.get("start") or default.start, data.get("end") or default.end, **chosen)


class ExportForm(forms.Form):
    """A coordinator's raw-data export: what, which period, in which format, and why."""

    DATASETS = [("cards", _("Cards (no card numbers)")), ("uses", _("Uses"))]
    FORMATS = [("csv", "CSV"), ("xlsx", "XLSX (Excel)")]

    dataset = forms.ChoiceField(label=_("Data"), choices=DATASETS, widget=forms.RadioSelect)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS, widget=forms.RadioSelect)
    purpose = forms.CharField(
        label=_("Purpose"),
        min_length=10,
        max_length=300,
        help_text=_("Why you need the data, e.g. the report it is for. It is logged."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        check_period(self, data, _("The end date must not be before the start date."))
        return data


class CheckCardForm(forms.Form):
    number = forms.CharField(
        label=_("Card number"),
        max_length=20,
        help_text=_("The letter and nine digits on your card, for example A045198723."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    birth_year = forms.IntegerField(
        label=_("Your birth year"),
        help_text=_("Four digits, for example 1985."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )

    def clean_number(self):
        return cardnumbers.normalise(self.cleaned_data["number"])

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Enter your birth year as four digits, for example 1985.")
            )
        return year


def default_export_initial():
    today = timezone.localdate()
    return {"start": datetime.date(today.year, 1, 1), "end": today}
