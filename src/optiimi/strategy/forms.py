from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from optiimi.core import indicators as registry
from optiimi.core.forms import DateInput, set_choices
from optiimi.network.models import Organisation
from optiimi.regions.models import Region
from optiimi.strategy.models import Goal, Indicator, Measure, MeasureStatus, Period, Priority


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
        widget=DateInput(),
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


# The plan's structure (coordinator) -----------------------------------------------------------


class _PlanForm(forms.ModelForm):
    """A form over one plan object; `key` names the fields that pick the object, fixed once it
    exists (the services upsert by them)."""

    key: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.key:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once saved.")

    def values(self) -> dict[str, Any]:
        """The cleaned data a service takes as keyword values (without the key)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.key}


class PeriodForm(_PlanForm):
    key = ("code",)

    class Meta:
        model = Period
        fields = [
            "code",
            "name_fi",
            "name_en",
            "kind",
            "start_year",
            "end_year",
            "description_fi",
            "description_en",
            "public",
        ]
        widgets = {
            "description_fi": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if not self.instance.pk and Period.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A period with this code exists already."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year is before the first year."))
        return data


class _NumberedForm(_PlanForm):
    """A priority, goal or measure: numbered uniquely within its parent."""

    key = ("number",)
    parent_field = ""

    def __init__(self, *args: Any, parent: models.Model, **kwargs: Any) -> None:
        self.parent = parent
        super().__init__(*args, **kwargs)

    def clean_number(self) -> Any:
        number = self.cleaned_data["number"]
        model = self._meta.model
        taken = model._default_manager.filter(**{self.parent_field: self.parent, "number": number})
        if not self.instance.pk and taken.exists():
            raise forms.ValidationError(
                _("Number %(number)s is taken already here.") % {"number": number}
            )
        return number


class PriorityForm(_NumberedForm):
    parent_field = "period"

    class Meta:
        model = Priority
        fields = ["number", "title_fi", "title_en"]


class GoalForm(_NumberedForm):
    parent_field = "priority"

    class Meta:
        model = Goal
        fields = ["number", "title_fi", "title_en"]
        widgets = {
            "title_fi": forms.Textarea(attrs={"rows": 2}),
            "title_en": forms.Textarea(attrs={"rows": 2}),
        }


class MeasureForm(_NumberedForm):
    parent_field = "goal"

    class Meta:
        model = Measure
        fields = [
            "number",
            "title_fi",
            "title_en",
            "responsible",
            "sub_regions",
            "business",
            "employment",
            "competence",
            "starts",
            "ends",
            "status",
            "no_indicator_reason",
        ]
        widgets = {
            "title_fi": forms.Textarea(attrs={"rows": 2}),
            "title_en": forms.Textarea(attrs={"rows": 2}),
            "responsible": forms.CheckboxSelectMultiple,
            "sub_regions": forms.CheckboxSelectMultiple,
            "starts": DateInput,
            "ends": DateInput,
            "no_indicator_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "responsible", Organisation.objects.order_by("name"))
        set_choices(self, "sub_regions", Region.objects.subregions().order_by("name_fi"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The measure ends before it starts."))
        return data


class IndicatorForm(_PlanForm):
    key = ("code",)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_fi",
            "name_en",
            "unit",
            "direction",
            "baseline",
            "baseline_year",
            "by_subregion",
            "computed",
            "source",
            "measures",
            "goal",
            "public",
        ]
        widgets = {"measures": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "measures",
            Measure.objects.select_related("goal__priority__period").order_by(
                "goal__priority__period__start_year", "number"
            ),
        )
        set_choices(
            self,
            "goal",
            Goal.objects.select_related("priority__period").order_by(
                "priority__period__start_year", "priority__number", "number"
            ),
        )
        for name in ("measures", "goal"):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.label_from_instance = _plan_label  # type: ignore[method-assign]
        # What the platform can compute is offered by name; an unknown code is still refused
        # by clean_computed (an indicator stored with a code no longer registered keeps it).
        current = self.instance.computed if self.instance.pk else ""
        choices = [("", _("none: values are entered with their source"))] + [
            (c.code, f"{c.name or c.code} ({c.code})") for c in registry.registered()
        ]
        if current and current not in {code for code, _label in choices}:
            choices.append((current, current))
        self.fields["computed"] = forms.ChoiceField(
            label=self.fields["computed"].label,
            help_text=_("Computed from the platform's records wherever it holds them."),
            required=False,
            choices=choices,
        )
        self.fields["computed"].error_messages["invalid_choice"] = _(
            "%(value)s is not a computed indicator."
        )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if not self.instance.pk and Indicator.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An indicator with this code exists already."))
        return code

    def clean_computed(self) -> str:
        computed: str = self.cleaned_data["computed"].strip()
        if computed:
            try:
                registry.get(computed)
            except registry.UnknownIndicator:
                raise forms.ValidationError(
                    _("%(code)s is not a computed indicator; known: %(known)s")
                    % {
                        "code": computed,
                        "known": ", ".join(sorted(c.code for c in registry.registered())),
                    }
                ) from None
        return computed

    def clean_baseline_year(self) -> int | None:
        year = self.cleaned_data.get("baseline_year")
        if year is not None and not 1990 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 1990 and 2100."))
        return year


def _plan_label(obj: models.Model) -> str:
    if isinstance(obj, Measure):
        return f"{obj.goal.priority.period.code}: {obj}"
    if isinstance(obj, Goal):
        return f"{obj.priority.period.code}: {obj.priority.number}.{obj.number} {obj.title[:60]}"
    return str(obj)


class TargetForm(forms.Form):
    period = forms.ModelChoiceField(
        Period.objects.order_by("start_year"), label=_("period"), to_field_name="code"
    )
    region = forms.ModelChoiceField(
        Region.objects.none(),
        label=_("sub-region"),
        required=False,
        to_field_name="code",
        help_text=_("Empty for a target for the whole region."),
    )
    value = forms.FloatField(label=_("target value"))

    def __init__(self, *args: Any, by_subregion: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if by_subregion:
            set_choices(self, "region", Region.objects.subregions().order_by("name_fi"))
        else:
            del self.fields["region"]


class CopyPlanForm(forms.Form):
    into = forms.ModelChoiceField(
        Period.objects.none(),
        label=_("copy into the period"),
        to_field_name="code",
        help_text=_("A period without a plan of its own."),
    )

    def __init__(self, *args: Any, source: Period, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "into", Period.objects.exclude(pk=source.pk).order_by("start_year"))

    def clean_into(self) -> Period:
        period: Period = self.cleaned_data["into"]
        if period.priorities.exists():
            raise forms.ValidationError(
                _("%(period)s has a plan already; copy only into a period without one.")
                % {"period": period.name}
            )
        return period
