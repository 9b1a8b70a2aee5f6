"""Keep the search index in step with every write: log the change in the writer's transaction,
and bring this process's index up to date once it commits (other processes catch up on their
next query)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from optiimi.network.models import Organisation, Person
from optiimi.projects import index
from optiimi.projects.models import Project

KINDS = {Organisation: "organisation", Person: "person", Project: "project"}


def _later(kind: str, pk: int) -> None:
    index.log_change(kind, pk)
    transaction.on_commit(index.catch_up)


@receiver(post_save)
@receiver(post_delete)
def _saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    kind = KINDS.get(sender)
    if kind is not None:
        _later(kind, instance.pk)


@receiver(m2m_changed, sender=Person.competences.through)
@receiver(m2m_changed, sender=Project.team.through)
def _m2m(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    kind = KINDS.get(type(instance))
    if kind is not None and action.startswith("post_"):
        _later(kind, instance.pk)
