"""Form pieces every app uses: HTML5 date inputs, choices narrowed per request, a
service's validation errors shown on the form, and the version an edit form was opened with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from optiimi.core import writes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def set_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Narrow a model choice field's queryset (per user or per page)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    field.queryset = queryset


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside the field it names when the form
    has that field, else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


VERSION_FIELD = "record_version"


def track_version(form: forms.BaseForm, instance: models.Model | None) -> None:
    """Give an edit form a hidden field holding the record's version when the form was opened
    (nothing for a new record). A bound form keeps the version it was posted with."""
    if instance is None or instance.pk is None:
        return
    form.fields[VERSION_FIELD] = forms.CharField(
        required=False, widget=forms.HiddenInput, initial=writes.version(instance)
    )


def opened_version(form: forms.BaseForm) -> str | None:
    """Take the version a valid edit form was opened with out of its cleaned data (None when the
    form did not carry one)."""
    value = form.cleaned_data.pop(VERSION_FIELD, None)
    return value if value else None


def conflict_message(conflict: writes.Conflict) -> str:
    """The message shown when an edit is refused because the record changed meanwhile."""
    when = (
        formats.date_format(timezone.localtime(conflict.when), "SHORT_DATETIME_FORMAT")
        if conflict.when
        else "?"
    )
    return _(
        "This record was changed by %(who)s at %(when)s while you were editing; your changes "
        "were not saved. Review the current values and save again."
    ) % {"who": conflict.who or _("someone"), "when": when}
