from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from optiimi.core import ytunnus
from optiimi.core.forms import DateInput, set_choices
from optiimi.network.models import (
    CapabilityRole,
    Competence,
    CompetenceGroup,
    Organisation,
    OrganisationKind,
    Person,
    RoleKind,
)
from optiimi.network.permissions import organisations_user_can_staff
from optiimi.regions.models import Region


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "business_id",
            "kind",
            "home_municipality",
            "sub_regions",
            "member_since",
            "member_until",
            "website",
            "description_fi",
            "description_en",
        ]
        widgets = {
            "member_since": DateInput(),
            "member_until": DateInput(),
            "sub_regions": forms.CheckboxSelectMultiple,
            "description_fi": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "home_municipality", Region.objects.municipalities().order_by("name_fi"))
        set_choices(self, "sub_regions", Region.objects.subregions().order_by("name_fi"))

    def clean_business_id(self) -> str | None:
        value = (self.cleaned_data.get("business_id") or "").strip()
        if not value:
            return None
        try:
            return ytunnus.normalise(value)
        except ytunnus.InvalidBusinessId as exc:
            raise ValidationError(str(exc), code="invalid_business_id") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("member_since"), data.get("member_until")
        if since and until and until < since:
            self.add_error("member_until", _("Membership cannot end before it begins."))
        return data


class PersonForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("organisation"))
    title = forms.CharField(label=pgettext_lazy("job", "title"), max_length=200, required=False)

    class Meta:
        model = Person
        fields = ["name", "email", "competences", "expertise_fi", "expertise_en", "public"]
        widgets = {
            "competences": forms.SelectMultiple(attrs={"size": 10}),
            "expertise_fi": forms.Textarea(attrs={"rows": 4}),
            "expertise_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", organisations_user_can_staff(user))
        set_choices(self, "competences", Competence.objects.select_related("group"))
        if self.instance.pk:
            primary = self.instance.affiliations.filter(primary=True).first()
            if primary:
                self.initial.setdefault("organisation", primary.organisation_id)
                self.initial.setdefault("title", primary.title)


class OrganisationFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("all kinds")), *OrganisationKind.choices]
    )
    sub_region = forms.ModelChoiceField(
        Region.objects.none(),
        label=_("sub-region"),
        required=False,
        empty_label=_("all sub-regions"),
        to_field_name="code",
    )
    members = forms.BooleanField(label=_("network members only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "sub_region", Region.objects.subregions().order_by("name_fi"))


class PersonFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    # Proposed entries are not offered as filters until the coordinator accepts them.
    competence = forms.ModelChoiceField(
        Competence.objects.filter(proposed=False),
        label=_("competence"),
        required=False,
        empty_label=_("all competences"),
        to_field_name="code",
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("organisation"),
        required=False,
        empty_label=_("all member organisations"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer the network's members (a national registry has thousands of organisations);
        # any organisation can still be chosen by link, e.g. from its own page.
        selected = str(self.data.get("organisation", ""))
        choices = Organisation.objects.members() | Organisation.objects.filter(
            pk=int(selected) if selected.isdigit() else 0
        )
        set_choices(self, "organisation", choices.order_by("name"))


# Logins, roles and the vocabulary: the coordinator's pages ----------------------------------


class RoleForm(forms.Form):
    kind = forms.ChoiceField(label=_("role"), choices=RoleKind.choices)
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("organisation"),
        required=False,
        help_text=_("The organisation an editor or a member acts for; not for a coordinator."),
    )
    capabilities = forms.MultipleChoiceField(
        label=_("capability roles"),
        choices=CapabilityRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Exercised for the organisation above; a coordinator holds them all."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", Organisation.objects.order_by("name"))


class LoginForm(RoleForm):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("person"),
        required=False,
        help_text=_("The person in the network this login belongs to, if any."),
    )
    username = forms.CharField(label=_("username"), max_length=150)
    email = forms.EmailField(
        label=_("e-mail"), help_text=_("A link to set the password is sent here.")
    )
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)

    field_order = ["person", "username", "email", "first_name", "last_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "person", Person.objects.filter(user=None).order_by("name"))


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("token name"),
        max_length=100,
        help_text=_("Tells tokens apart, e.g. the system that uses it."),
    )


class CompetenceForm(forms.ModelForm):
    class Meta:
        model = Competence
        fields = ["code", "label_fi", "label_en", "group"]


class AcceptCompetenceForm(forms.Form):
    group = forms.ModelChoiceField(
        CompetenceGroup.objects.exclude(code="proposed"), label=_("group")
    )


class RenameCompetenceForm(forms.Form):
    label_fi = forms.CharField(label=_("label (Finnish)"), max_length=100)
    label_en = forms.CharField(label=_("label (English)"), max_length=100, required=False)


class MergeCompetenceForm(forms.Form):
    target = forms.ModelChoiceField(
        Competence.objects.select_related("group"), label=_("merge into")
    )

    def __init__(self, *args: Any, source: Competence, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Competence.objects.exclude(pk=source.pk).order_by("proposed", "label_fi")
        set_choices(self, "target", others)
