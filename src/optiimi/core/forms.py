"""Form pieces every app uses: HTML5 date inputs, choices narrowed per request, a
service's validation errors shown on the form, and the version an edit form was opened with."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from optiimi.core import writes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (styled as every other input)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


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


F = TypeVar("F", bound=forms.BaseForm)


class Rejected(Exception):
    """Raised by a form's save to stop without saving when the page shows the reason itself
    (e.g. a file's row errors listed beside the form)."""


@dataclass
class Submission(Generic[F]):
    """What became of a create/edit form: the form to show (a fresh one after a conflict), the
    formsets that go with it, what the save returned, and the answer's status code."""

    form: F
    parts: Sequence[forms.BaseFormSet] = ()
    saved: Any = None
    done: bool = False
    posted: bool = False
    conflict: str = ""
    rejected: bool = False

    @property
    def status(self) -> int:
        if self.conflict:
            return 409
        if self.posted and not self.done:
            return 422
        return 200


def submit(
    request: HttpRequest,
    build: Callable[[Any], F],
    save: Callable[..., Any],
    *,
    record: models.Model | None = None,
    parts: Callable[[Any], Sequence[forms.BaseFormSet]] | None = None,
) -> Submission[F]:
    """The one create/edit form flow. `build(data)` makes the form (`data` is the POST, or None
    to show it); `parts(data)` the formsets that go with it. On a valid POST
    `save(form, *formsets)` runs through a service on the write path as the requesting user.
    When editing `record`, the form carries the version it was opened at, and a save after
    someone else changed the record meanwhile saves nothing and answers 409 with a fresh form
    of the current values. A service's ValidationError goes beside the field it names (422)."""
    data = request.POST if request.method == "POST" else None
    form = build(data)
    track_version(form, record)
    formsets = list(parts(data)) if parts is not None else []
    if data is None:
        return Submission(form, formsets)
    checks = [form.is_valid()] + [
        formset.is_valid() for formset in formsets
    ]  # each shows its errors
    if all(checks):
        version = opened_version(form)
        try:
            with writes.unchanged_since(record, version, actor=request.user):
                saved = save(form, *formsets)
        except writes.Conflict as exc:
            if record is not None:
                record.refresh_from_db()  # a model form wrote the refused values onto it
            fresh = build(None)
            track_version(fresh, record)
            again = list(parts(None)) if parts is not None else []
            return Submission(fresh, again, conflict=conflict_message(exc))
        except Rejected:
            return Submission(form, formsets, posted=True, rejected=True)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return Submission(form, formsets, saved=saved, done=True, posted=True)
    return Submission(form, formsets, posted=True)


def edit_page(
    request: HttpRequest,
    template: str,
    build: Callable[[Any], F],
    save: Callable[[F], Any],
    *,
    record: models.Model | None = None,
    done: Callable[[Any], Any],
    success: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A create/edit page around `submit`: on success flash `success` and redirect to
    `done(saved)` (a URL or a model with get_absolute_url); otherwise render `template` with
    `form`, `conflict` and `context`, answering 200, 409 or 422."""
    result = submit(request, build, save, record=record)
    if result.done:
        messages.success(request, success)
        return redirect(done(result.saved))
    return render(
        request,
        template,
        {"form": result.form, "conflict": result.conflict, **(context or {})},
        status=result.status,
    )
