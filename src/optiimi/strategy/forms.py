from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from optiimi.regions.models import Region
from optiimi.strategy.models import MeasureStatus


class MeasureUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=MeasureStatus.choices)
    note = forms.CharField(
        label=_("progress note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, dated today unless you give a date."),
    )
    date = forms.DateField(
        label=_("date of the note"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_date(self) -> datetime.date | None:
        date = self.cleaned_data.get("date")
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("A progress note cannot be dated in the future."))
        return date


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    value = forms.FloatField(label=_("value"))
    region = forms.ModelChoiceField(
        Region.objects.none(), label=_("sub-region"), required=False, to_field_name="code"
    )
    source = forms.CharField(
        label=_("source"), max_length=200, help_text=_("Where the figure comes from.")
    )

    def __init__(self, *args: Any, by_subregion: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        if not by_subregion:
            del self.fields["region"]
        elif isinstance(field, forms.ModelChoiceField):
            field.queryset = Region.objects.subregions().order_by("name_fi")
            field.required = True


class ValueImportForm(forms.Form):
    file = forms.FileField(
        label=_("file (CSV or XLSX)"),
        help_text=_(
            "Columns: indicator (code), sub_region (code or name, for indicators broken down "
            "by sub-region), year, value, source. One bad row and nothing is saved."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
