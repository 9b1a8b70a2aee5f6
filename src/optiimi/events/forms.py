from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from optiimi.core.forms import DateTimeInput
from optiimi.events.models import (
    Asked,
    Category,
    Event,
    EventSeries,
    Question,
    QuestionType,
)
from optiimi.events.permissions import host_choices
from optiimi.network.models import Affiliation, Competence, Organisation, OrganisationKind
from optiimi.regions.models import Region

QUESTION_PREFIX = "q"


def _question_field(question: Question) -> forms.Field:
    label = question.text
    if question.type == QuestionType.CHOICE:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=[("", "—"), *[(c, c) for c in question.choice_list]],
        )
    if question.type == QuestionType.SCALE:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=[(str(n), str(n)) for n in range(1, 6)],
            widget=forms.RadioSelect,
            help_text=_("1 = not at all, 5 = very"),
        )
    return forms.CharField(
        label=label,
        required=question.required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionsMixin(forms.Form):
    """Adds the event's own questions (asked `asked`) as fields `q<id>`."""

    asked = Asked.REGISTRATION

    def add_questions(self, event: Event | None) -> None:
        if event is None:
            return
        for question in event.questions.filter(asked=self.asked):
            self.fields[f"{QUESTION_PREFIX}{question.pk}"] = _question_field(question)

    def answers(self) -> dict[int, str]:
        return {
            int(name[len(QUESTION_PREFIX) :]): str(value or "")
            for name, value in self.cleaned_data.items()
            if name.startswith(QUESTION_PREFIX) and name[len(QUESTION_PREFIX) :].isdigit()
        }


class EventForm(forms.ModelForm):
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "title",
            "series",
            "category",
            "sub_region",
            "hosts",
            "venue",
            "online_url",
            "start",
            "end",
            "capacity",
            "registration_opens",
            "registration_closes",
            "public",
            "description_fi",
            "description_en",
        ]
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
            "hosts": forms.SelectMultiple(attrs={"size": 6}),
            "description_fi": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("hosts", host_choices(user)),
            ("sub_region", Region.objects.subregions().order_by("name_fi")),
            ("series", EventSeries.objects.all()),
        ):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset
        self.fields["hosts"].required = True
        # Left empty, kind and sub-region come from the series (see services._follow_series).
        category = self.fields["category"]
        if isinstance(category, forms.ChoiceField):
            category.required = False
            category.choices = [("", _("— as in the series —")), *Category.choices]
            category.help_text = _("Chosen a series, leave empty: the series' kind is used.")
            if self.instance.pk is None:
                self.initial["category"] = ""
        self.fields["sub_region"].help_text = _(
            "Empty for a regional event, or to use the series' sub-region."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The event must end after it starts."))
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Registration must close after it opens."))
        return data


class RegistrationForm(QuestionsMixin):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_questions(event)


class InviteeForm(QuestionsMixin):
    """The invitee's "yes": their name (a guest from outside the registry gives it) and the
    event's registration questions."""

    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_questions(event)


class FeedbackForm(QuestionsMixin):
    asked = Asked.FEEDBACK

    rating = forms.TypedChoiceField(
        label=_("How useful was the event? (1 = not at all, 5 = very)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_questions(event)


class GroupForm(forms.Form):
    """Whom to list for inviting: a group of the network."""

    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Organisation"), required=False
    )
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    sub_region = forms.ModelChoiceField(
        Region.objects.none(), label=_("Sub-region"), required=False, to_field_name="code"
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    competence = forms.ModelChoiceField(
        Competence.objects.none(), label=_("Competence"), required=False, to_field_name="code"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anyone = ("", _("any"))
        fields = self.fields
        for name, queryset in (
            ("organisation", Organisation.objects.order_by("name")),
            ("sub_region", Region.objects.subregions().order_by("name_fi")),
            ("competence", Competence.objects.filter(proposed=False).order_by("label_fi")),
        ):
            field = fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset
                field.empty_label = str(anyone[1])
        kind, role = fields["kind"], fields["role"]
        if isinstance(kind, forms.ChoiceField):
            kind.choices = [anyone, *OrganisationKind.choices]
        if isinstance(role, forms.ChoiceField):
            titles = (
                Affiliation.objects.exclude(title="")
                .order_by("title")
                .values_list("title", flat=True)
                .distinct()
            )
            role.choices = [anyone, *[(t, t) for t in titles]]


class InviteForm(forms.Form):
    guests = forms.CharField(
        label=_("Guests from outside the network"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-mail addresses, one a line or separated by commas."),
    )
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written at the top of the invitation."),
    )


class QuestionForm(forms.Form):
    asked = forms.ChoiceField(label=_("Asked"), choices=Asked.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    type = forms.ChoiceField(label=_("Answer"), choices=QuestionType.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, for a question with choices."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Message to those registered"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent by e-mail with the cancellation, e.g. why and whether a new date follows."
        ),
    )


class EventFilter(forms.Form):
    sub_region = forms.ModelChoiceField(
        Region.objects.none(),
        label=_("Sub-region"),
        required=False,
        empty_label=_("all sub-regions"),
        to_field_name="code",
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("upcoming")), ("past", _("past")), ("all", _("all"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sub_region"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Region.objects.subregions().order_by("name_fi")


class SeriesForm(forms.ModelForm):
    class Meta:
        model = EventSeries
        fields = ["name_fi", "name_en", "category", "sub_region", "target_per_year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sub_region"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Region.objects.subregions().order_by("name_fi")
