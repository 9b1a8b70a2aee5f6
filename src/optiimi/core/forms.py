"""Form pieces every app uses: HTML5 date inputs and choices narrowed per request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet


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
