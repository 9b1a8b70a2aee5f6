"""Ties follow their records: a save, delete or many-to-many change of a model that a
registered source follows (`core.ties`), or a source's own word that its ties changed, marks
the ledger stale; the next read rebuilds it."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from optiimi.core import ties


def _stale(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
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


def connect() -> None:
    """Called once the apps are ready (every source registered)."""
    for model in followed():
        uid = f"optiimi.collaboration.follow.{model._meta.label}"
        post_save.connect(_stale, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_stale, sender=model, dispatch_uid=uid + ".delete")
        m2m_changed.connect(_stale, sender=model, dispatch_uid=uid + ".m2m")
    ties.on_change(_source_changed)
