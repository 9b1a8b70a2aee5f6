"""Ties follow their records: a save, delete or many-to-many change of a model that a
registered source follows (`core.ties`), or a source's own word that its ties changed, marks
the ledger stale; the next read rebuilds it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from optiimi.core import ties

# Per followed model, the tests of a new record given by every source following it (a model
# missing here: every new record changes some source's ties).
_new_tests: dict[Any, list[Callable[[Any], bool]]] = {}


def _stale(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if kwargs.get("created") and sender in _new_tests:
        instance = kwargs["instance"]
        if not any(test(instance) for test in _new_tests[sender]):
            return  # no source ties a record like this new one
    from optiimi.collaboration.services import mark_stale

    mark_stale(sender._meta.label)


def _source_changed(code: str) -> None:
    from optiimi.collaboration.services import mark_stale

    mark_stale(code)


def followed() -> set[Any]:
    """The models whose writes change some source's ties."""
    models = set()
    for source in ties.sources():
        for label in source.follow:
            model = apps.get_model(label)
            models.add(model)
            for field in model._meta.many_to_many:
                models.add(field.remote_field.through)
    return models


def new_tests() -> dict[Any, list[Callable[[Any], bool]]]:
    """The followed models whose every following source tests new records, with the tests."""
    tests: dict[Any, list[Callable[[Any], bool]]] = {}
    untested = set()
    for source in ties.sources():
        for label in source.follow:
            model = apps.get_model(label)
            if label in source.follow_new:
                tests.setdefault(model, []).append(source.follow_new[label])
            else:
                untested.add(model)
    return {model: found for model, found in tests.items() if model not in untested}


def connect() -> None:
    """Called once the apps are ready (every source registered)."""
    _new_tests.clear()
    _new_tests.update(new_tests())
    for model in followed():
        uid = f"optiimi.collaboration.follow.{model._meta.label}"
        post_save.connect(_stale, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_stale, sender=model, dispatch_uid=uid + ".delete")
        m2m_changed.connect(_stale, sender=model, dispatch_uid=uid + ".m2m")
    ties.on_change(_source_changed)
