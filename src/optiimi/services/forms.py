from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from optiimi.core import needs
from optiimi.network.models import Organisation
from optiimi.regions.models import Region
from optiimi.services.models import Outcome, Service


def municipalities() -> Any:
    return Region.objects.municipalities().order_by("name_fi")


class NeedForm(forms.Form):
    """The front door's first question: what the company needs, and where."""

    need = forms.CharField(
        label=_("What does your company need help with?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("In your own words, e.g. “we want to start exporting to Sweden”."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Region.objects.none(), empty_label=_("Choose…")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities()  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    company_name = forms.CharField(label=_("Company"), max_length=200, required=False)
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        max_length=12,
        required=False,
        help_text=_("Optional, e.g. 0112038-9"),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )
    need = forms.CharField(
        label=_("Your need"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Let the network choose"),
    )
    consent_to_share = forms.BooleanField(
        label=_(
            "I consent to my request being passed within the Optiimi network to the "
            "organisation that can best help."
        ),
        required=False,
    )
    # A field people do not see (hidden by the style sheet): a robot that fills it is not served.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities()  # type: ignore[attr-defined]
        self.fields["service"].queryset = Service.objects.filter(  # type: ignore[attr-defined]
            active=True
        ).select_related("organisation")
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "class": "trap-input"}
        )


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name_fi",
            "name_en",
            "name_sv",
            "description_fi",
            "description_en",
            "description_sv",
            "target_group",
            "sub_regions",
            "channels",
            "first_contact_days",
            "plan_days",
            "active",
        ]
        widgets = {"sub_regions": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_regions"].queryset = Region.objects.subregions()  # type: ignore[attr-defined]


class RespondForm(forms.Form):
    note = forms.CharField(
        label=_("What was agreed (for the holders)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    waiting = forms.BooleanField(label=_("Waiting for the company's answer"), required=False)


class FieldForm(forms.Form):
    education_field = forms.ChoiceField(
        label=_("Education field of the need"),
        required=False,
        help_text=_(
            "The field of education that would answer the company's need; the request then "
            "counts as a competence need of its sub-region"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not stated —"))] + [
            (code, f"{code} {name}") for code, name in needs.field_choices()
        ]
        self.fields["education_field"].choices = choices  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReferForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Refer to"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AnnounceForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the company"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the advisors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class MetricsFilter(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The whole network"),
    )
    sub_region = forms.ModelChoiceField(
        label=_("Sub-region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("All sub-regions"),
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    until = forms.IntegerField(
        label=_("Until year"),
        min_value=2000,
        max_value=2100,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(services__isnull=False).distinct().order_by("name")
        )
        self.fields["sub_region"].queryset = Region.objects.subregions()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, until = data.get("year"), data.get("until")
        if until is not None and year is not None and until < year:
            self.add_error("until", _("The last year comes before the first."))
        return data
