"""Shared tables: the log of writes that the in-process search indexes follow, and the links
between capabilities (`core.links`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy
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


class Job(models.Model):
    """One piece of long work run by a worker (`core.jobs`): what it is, how far it has got,
    and how it ended. Written only by `core.jobs`: no history (its own fields are the record)."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job state", "waiting")
        RUNNING = "running", pgettext_lazy("job state", "running")
        DONE = "done", pgettext_lazy("job state", "done")
        FAILED = "failed", pgettext_lazy("job state", "failed")

    kind = models.CharField(max_length=60)
    label = models.CharField(max_length=300, blank=True)
    key = models.CharField(
        max_length=300, blank=True, db_index=True, help_text="the same key, the same work"
    )
    params = models.JSONField(default=dict, blank=True)
    payload = models.BinaryField(null=True, blank=True, help_text="an uploaded file, until done")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    stage = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="the result or the error, for the reader")
    link = models.CharField(max_length=500, blank=True)
    result = models.BinaryField(null=True, blank=True, help_text="a file the job made")
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "job"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "lease_until"], name="core_job_state")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def waited(self) -> datetime.timedelta:
        """From being recorded to its first start (or to now, while it waits)."""
        return (self.started_at or timezone.now()) - self.created_at

    @property
    def ran(self) -> datetime.timedelta | None:
        """From its start to its end (or to now, while it runs); None if it never started."""
        if self.started_at is None:
            return None
        return (self.finished_at or timezone.now()) - self.started_at

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.state == self.State.DONE else None
        return min(100, round(100 * self.done / self.total))
