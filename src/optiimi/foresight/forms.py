from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from optiimi.core.forms import set_choices
from optiimi.foresight.models import SCALE, BarometerRound, BarometerTheme, Horizon
from optiimi.regions.models import Region


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statistics file"),
        help_text=_(
            "JSON-stat 2.0 (.json), PX (.px), or the long format as CSV (.csv) or XLSX (.xlsx)"
        ),
    )
    table = forms.CharField(
        label=_("Table id"),
        required=False,
        help_text=_("Only when the file does not name its table"),
    )


class AnswerForm(forms.Form):
    subregion: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Region.objects.none(), label=_("Sub-region")
    )
    theme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=BarometerTheme.objects.none(), label=_("Theme")
    )
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices)
    score = forms.TypedChoiceField(label=_("Outlook"), coerce=int, choices=SCALE)

    def __init__(self, *args: Any, round: BarometerRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "subregion", Region.objects.subregions())
        set_choices(self, "theme", round.themes.all())


class SignalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    themes = forms.CharField(label=_("Themes"), required=False, max_length=200)
    horizon_years = forms.IntegerField(
        label=_("Time horizon (years)"), min_value=1, max_value=30, initial=5
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=300)


class RatingForm(forms.Form):
    impact = forms.TypedChoiceField(
        label=_("Impact"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ThemeForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        help_text=_("Short and unique, e.g. housing: letters a–z, digits, - and _"),
    )
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=120)
    name_en = forms.CharField(label=_("Name in English"), max_length=120)

    def clean_code(self) -> str:
        from optiimi.foresight.services import theme_code_error

        code = self.cleaned_data["code"].strip().lower()
        problem = theme_code_error(code)
        if problem:
            raise forms.ValidationError(problem)
        return code


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("e.g. Spring 2025"))
    opens = forms.DateField(
        label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The three default themes plus any custom ones"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from optiimi.foresight.services import DEFAULT_THEMES, theme_choices

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["themes"].choices = theme_choices()  # type: ignore[attr-defined]
        self.fields["themes"].initial = [code for code, *_rest in DEFAULT_THEMES]
