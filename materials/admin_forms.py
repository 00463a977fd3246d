"""Admin forms: a brochure's region is one the user coordinates; its lists compile on creation
and whenever the coordinator asks for a refresh."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from core.roles import is_national
from regions.permissions import regions_coordinated_by


class BrochureForm(WagtailAdminModelForm):
    refresh_lists = forms.BooleanField(
        label=_("Refresh the venue and distributor lists"),
        required=False,
        help_text=_(
            "Take the lists again from the region's published partners. Without this, the "
            "brochure keeps the lists as they were when it was drafted."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "region" in self.fields and user is not None and not is_national(user):
            self.fields["region"].queryset = regions_coordinated_by(user)

    def full_clean(self):
        super().full_clean()  # the instance holds the cleaned data now (Django's _post_clean)
        if not self.is_bound or self.errors:
            return
        instance = self.instance
        changed = {"region", "language", "year"} & set(self.changed_data)
        if self.cleaned_data.get("refresh_lists") or not instance.compiled_at or changed:
            instance.compile_lists()
        instance.fill_from_template()
