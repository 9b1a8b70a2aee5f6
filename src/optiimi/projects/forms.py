from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from optiimi.projects.models import Phase


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
