"""Shared tables: the log of writes that the in-process search indexes follow."""

from __future__ import annotations

from django.db import models


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
