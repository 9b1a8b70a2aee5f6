from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from optiimi.guidance import fields
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


class SurveyForm(forms.Form):
    """The needs survey: up to `LINES` education fields, each with roughly how many people."""

    LINES = 6

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose…")), *fields.choices()]
        for n in range(1, self.LINES + 1):
            self.fields[f"field_{n}"] = forms.ChoiceField(
                label=_("Field of education %(n)s") % {"n": n}, choices=choices, required=False
            )
            self.fields[f"people_{n}"] = forms.IntegerField(
                label=_("People %(n)s") % {"n": n},
                min_value=1,
                max_value=10000,
                required=False,
                help_text=_("Roughly how many people with this education"),
            )

    def lines(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"field_{n}"], self[f"people_{n}"]) for n in range(1, self.LINES + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answers: dict[str, int] = {}
        for n in range(1, self.LINES + 1):
            code, people = data.get(f"field_{n}"), data.get(f"people_{n}")
            if code and not people:
                self.add_error(f"people_{n}", _("Give roughly how many people."))
            elif people and not code:
                self.add_error(f"field_{n}", _("Choose the field of education."))
            elif code and people:
                if code in answers:
                    self.add_error(
                        f"field_{n}", _("This field of education is already on an earlier line.")
                    )
                answers[code] = people
        if not answers and not self.errors:
            raise forms.ValidationError(_("Name at least one field of education."))
        data["answers"] = answers
        return data
