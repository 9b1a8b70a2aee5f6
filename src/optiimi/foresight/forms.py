from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from optiimi.core.forms import DateInput, set_choices
from optiimi.core.localise import localised
from optiimi.foresight.models import BarometerRound, Horizon
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
    scale_fi = forms.CharField(
        label=_("Answers in Finnish"),
        max_length=300,
        required=False,
        help_text=_(
            "Five answers from the best outlook to the worst, separated by “/”; empty: "
            "“selvästi paranee / paranee / pysyy ennallaan / heikkenee / selvästi heikkenee”"
        ),
    )
    scale_en = forms.CharField(label=_("Answers in English"), max_length=300, required=False)
    occupation = forms.CharField(
        label=_("Occupation code"),
        max_length=5,
        required=False,
        help_text=_(
            "For an occupation outlook question only: the occupation's code in "
            "Ammattiluokitus 2010 (e.g. 7223); its answers run from a clear shortage of "
            "workers to a clear surplus and become competence needs"
        ),
    )

    def clean_code(self) -> str:
        from optiimi.foresight.services import theme_code_error

        code = self.cleaned_data["code"].strip().lower()
        problem = theme_code_error(code)
        if problem:
            raise forms.ValidationError(problem)
        return code


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("e.g. Spring 2025"))
    opens = forms.DateField(label=_("Opens"), widget=DateInput())
    closes = forms.DateField(
        label=_("Closes"),
        required=False,
        help_text=_("The last day for answers; leave empty to close the round by hand"),
        widget=DateInput(),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The three default themes plus any custom ones"),
    )
    invite_all = forms.BooleanField(
        label=_("Invite every network member"), required=False, initial=True
    )
    invitees = forms.ModelMultipleChoiceField(
        label=_("Or invite these members"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from optiimi.foresight.services import DEFAULT_THEMES, theme_choices

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["themes"].choices = theme_choices()  # type: ignore[attr-defined]
        self.fields["themes"].initial = [code for code, *_rest in DEFAULT_THEMES]
        set_choices(self, "invitees", raters())
        self.fields["invitees"].label_from_instance = _rater_label  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        everyone = data.pop("invite_all")
        data["invitees"] = list(raters()) if everyone else list(data["invitees"])
        return data


def raters() -> QuerySet[Any]:
    """The network's members (anyone with a role), by organisation and name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, optiimi_role__isnull=False)
        .select_related("optiimi_role__organisation")
        .order_by("optiimi_role__organisation__name", "last_name", "first_name", "username")
    )


def _rater_label(user: Any) -> str:
    organisation = user.optiimi_role.organisation
    name = user.get_full_name() or user.get_username()
    return f"{name} ({organisation.name})" if organisation else name


CANNOT_SAY = "x"


def _score(value: str) -> int | None:
    return None if value == CANNOT_SAY else int(value)


class RoundAnswerForm(forms.Form):
    """A whole round on one page: a sub-region, then one question per theme and horizon, each
    answered with the theme's worded scale or left as "cannot say" (nothing is preselected)."""

    subregion: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Region.objects.none(), label=_("Sub-region you answer for")
    )

    def __init__(self, *args: Any, round: BarometerRound, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "subregion", Region.objects.subregions().order_by("name_fi"))
        self.questions: list[dict[str, Any]] = []
        for theme in round.themes.all():
            fields: list[tuple[str, forms.BoundField]] = []
            row = {"theme": theme, "name": localised(theme, "name"), "fields": fields}
            for horizon, label in Horizon.choices:
                name = f"q_{theme.pk}_{horizon}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{row['name']}: {label}",
                    coerce=_score,
                    empty_value=None,
                    required=False,
                    choices=[*theme.scale(language), (CANNOT_SAY, _("cannot say"))],
                    widget=forms.RadioSelect,
                )
                fields.append((str(label), self[name]))
            self.questions.append(row)

    def scores(self) -> dict[tuple[int, str], int | None]:
        found: dict[tuple[int, str], int | None] = {}
        for row in self.questions:
            for horizon in Horizon.values:
                found[(row["theme"].pk, horizon)] = self.cleaned_data[
                    f"q_{row['theme'].pk}_{horizon}"
                ]
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.questions and all(
            data.get(name) is None for name in self.fields if name.startswith("q_")
        ):
            raise forms.ValidationError(_("Answer at least one question."))
        return data
