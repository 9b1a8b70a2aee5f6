"""The one create/edit form flow (`core.forms.submit`): what each outcome answers."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.test import RequestFactory

from optiimi.core.forms import Rejected, submit


class NameForm(forms.Form):
    name = forms.CharField()


class AgeForm(forms.Form):
    age = forms.IntegerField()


AgeFormSet = formset_factory(AgeForm, extra=0)


def _post(data: dict[str, str]):
    request = RequestFactory().post("/", data)
    request.user = AnonymousUser()
    return request


def test_a_get_shows_the_form_unbound():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    result = submit(request, NameForm, lambda form: pytest.fail("nothing is saved on GET"))
    assert not result.form.is_bound
    assert (result.done, result.posted, result.status) == (False, False, 200)


@pytest.mark.django_db
def test_a_valid_post_returns_what_the_save_returned():
    result = submit(_post({"name": "Jämsä"}), NameForm, lambda form: form.cleaned_data["name"])
    assert (result.done, result.saved, result.status) == (True, "Jämsä", 200)


@pytest.mark.django_db
def test_a_service_error_goes_beside_the_field_it_names():
    def save(form: NameForm) -> None:
        raise ValidationError({"name": "Name taken.", "other": "Not a field."})

    result = submit(_post({"name": "Jämsä"}), NameForm, save)
    assert result.status == 422
    assert result.form.errors["name"] == ["Name taken."]
    assert result.form.non_field_errors() == ["Not a field."]


@pytest.mark.django_db
def test_a_rejected_save_answers_422_without_a_form_error():
    def save(form: NameForm) -> None:
        raise Rejected

    result = submit(_post({"name": "Jämsä"}), NameForm, save)
    assert (result.done, result.rejected, result.status) == (False, True, 422)
    assert not result.form.errors


def test_every_formset_is_validated_even_when_the_form_is_not():
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-age": "x"}
    result = submit(
        _post(data),
        NameForm,
        lambda form, ages: pytest.fail("an invalid form is not saved"),
        parts=lambda posted: [AgeFormSet(posted)],
    )
    assert result.status == 422
    assert "name" in result.form.errors
    assert result.parts[0].errors[0]["age"]
