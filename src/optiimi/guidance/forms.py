from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from optiimi.guidance.models import GuidanceClient
from optiimi.network.models import Organisation
from optiimi.regions.models import Region


class StudyForm(forms.Form):
    """The public page's question: interests or work history in a person's own words, and where."""

    interests = forms.CharField(
        label=_("What interests you, or what have you done for work?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("In your own words, e.g. “I have worked in a sawmill and like machines”."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Region.objects.none(), empty_label=_("Choose…")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Region.objects.municipalities().order_by(  # type: ignore[attr-defined]
            "name_fi"
        )


class ClientForm(forms.ModelForm):
    class Meta:
        model = GuidanceClient
        fields = ["name", "contact", "municipality", "need", "consent_to_share"]
        widgets = {"need": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Region.objects.municipalities().order_by(  # type: ignore[attr-defined]
            "name_fi"
        )


class ReferClientForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Organisation.objects.none(), empty_label=_("Choose…")
    )
    reason = forms.CharField(
        label=_("Why this guidance service?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclineClientForm(forms.Form):
    reason = forms.CharField(label=_("Why decline?"), widget=forms.Textarea(attrs={"rows": 2}))
