from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from optiimi.core import links
from optiimi.core.forms import DateInput, set_choices
from optiimi.network.models import Organisation, Person
from optiimi.projects import permissions
from optiimi.projects.links import MEASURES
from optiimi.projects.models import Consultation, Funding, Partner, Phase, Project
from optiimi.regions.models import Region


class ExpertQuery(forms.Form):
    q = forms.CharField(
        label=_("Describe the project or the expertise you need"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    limit = forms.IntegerField(
        label=_("How many"), min_value=1, max_value=50, initial=10, required=False
    )


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    exception = forms.CharField(
        label=_("Reason to start without outside consultation (if any)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProjectFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    phase = forms.ChoiceField(
        label=_("phase"), required=False, choices=[("", _("all phases")), *Phase.choices]
    )
    sub_region = forms.ModelChoiceField(
        Region.objects.none(),
        label=_("sub-region"),
        required=False,
        empty_label=_("all sub-regions"),
        to_field_name="code",
    )
    lead = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("lead organisation"),
        required=False,
        empty_label=_("all organisations"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "sub_region", Region.objects.subregions().order_by("name_fi"))
        set_choices(
            self, "lead", Organisation.objects.filter(led_projects__isnull=False).distinct()
        )


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.goal.priority.period} · {obj}"


class ProjectForm(forms.ModelForm):
    # A link to another capability (core.links), so a form field of its own, not a model field.
    measures = MeasureChoiceField(
        queryset=None,
        required=False,
        label=_("strategy measures"),
        help_text=_("The action plan's measures this project carries out."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "acronym",
            "lead",
            "start",
            "end",
            "budget",
            "sub_regions",
            "measures",
            "team",
            "summary_fi",
            "summary_en",
            "description_fi",
            "description_en",
            "outputs",
            "results",
            "lessons",
            "pain_points",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "sub_regions": forms.CheckboxSelectMultiple,
            "team": forms.SelectMultiple(attrs={"size": 8}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "summary_fi",
                    "summary_en",
                    "description_fi",
                    "description_en",
                    "outputs",
                    "results",
                    "lessons",
                    "pain_points",
                )
            },
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "lead", permissions.lead_choices(user).order_by("name"))
        set_choices(self, "sub_regions", Region.objects.subregions().order_by("name_fi"))
        set_choices(
            self,
            "measures",
            links.candidates(MEASURES)
            .select_related("goal__priority__period")
            .order_by("-goal__priority__period__start_year", "number"),
        )
        if self.instance.pk and not self.is_bound:
            self.initial["measures"] = list(links.targets(MEASURES, self.instance))
        set_choices(self, "team", Person.objects.order_by("name"))
        leads = permissions.lead_choices(user)
        if not self.instance.pk and leads.count() == 1:
            self.initial.setdefault("lead", leads.first())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.order_by("name"), label=_("partner organisation")
    )
    role = forms.ChoiceField(
        label=_("role"), required=False, choices=[("", "—"), *Partner.Role.choices]
    )
    role_detail = forms.CharField(
        label=_("role (other)"),
        max_length=100,
        required=False,
        help_text=_("Only for the role “other”: the role in your own words."),
    )
    budget_share = forms.DecimalField(
        label=_("budget share (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role_detail", "").strip() and data.get("role") != Partner.Role.OTHER:
            self.add_error(
                "role_detail",
                _("Describe a role in your own words only when the role is “other”."),
            )
        return data


class FundingForm(forms.Form):
    funder = forms.CharField(label=_("funder"), max_length=200)
    instrument = forms.ChoiceField(
        label=_("instrument"), choices=[("", "—"), *Funding.Instrument.choices]
    )
    amount = forms.DecimalField(
        label=_("amount (EUR)"), min_value=Decimal(0), max_digits=14, decimal_places=2
    )


PartnerFormSet = forms.formset_factory(PartnerForm, extra=2, can_delete=True)
FundingFormSet = forms.formset_factory(FundingForm, extra=2, can_delete=True)


def rows(formset: forms.BaseFormSet) -> list[tuple[Any, ...]]:
    """The filled, undeleted rows of a valid formset, in order, as tuples of its fields."""
    out = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        out.append(tuple(v for k, v in data.items() if k != "DELETE"))
    return out


class ConsultationForm(forms.Form):
    person = forms.ModelChoiceField(Person.objects.none(), label=_("expert consulted"))
    date = forms.DateField(label=_("date"), widget=DateInput())
    kind = forms.ChoiceField(
        label=_("kind of consultation"),
        choices=Consultation.Kind.choices,
        initial=Consultation.Kind.PLANNING_MEETING,
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "person", Person.objects.order_by("name"))
