"""Admin pages show the data and its history; they never write it.

Every write goes through an app's services (`core.writes`), where the rules, the row locks and
the actor in history live. An admin class of a domain model is read-only (`ReadOnlyAdmin`), or
overrides `save_model`/`delete_model` to call a service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyMixin:
    """No add, change or delete in the admin: the product's pages and services write."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A read-only admin of a model without history."""


class ReadOnlyHistoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """A read-only admin of a tracked model, with its history pages."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """A read-only table of related rows on an admin page."""
