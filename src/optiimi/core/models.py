"""Shared tables: the log of writes that the in-process search indexes follow, and the links
between capabilities (`core.links`)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class SearchChange(models.Model):
    """A document of the search index changed (written in the same transaction as the change).

    Each process's index applies the rows it has not seen yet before it answers a query, so
    every web worker follows writes made by the others; `optiimi reindex` trims the log."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "search index change"

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class Link(models.Model):
    """One link between objects of two capabilities, of a kind registered in `core.links`
    (which names the source and target models); read and written only through `core.links`."""

    kind = models.CharField(max_length=60)
    source_id = models.BigIntegerField()
    target_id = models.BigIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "link"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "target_id"], name="core_link_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "target_id"], name="core_link_target")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.source_id} → {self.target_id}"
