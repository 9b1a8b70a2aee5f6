"""Refuse logins and password-reset requests for a while after repeated failures.

django-axes counts failed logins (site and admin) per account and per address; the same
counter holds password-reset requests, under a key of their own per e-mail address, so a
flood of reset mail to one person or from one address stops too.
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

RESET_PREFIX = "password-reset:"


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address: behind the TLS proxy, the one the proxy saw (last forwarded)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page shown instead of a login or reset while the lock holds (HTTP 429)."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, counting each request against the address and the e-mail."""

    def form_valid(self, form: Any) -> HttpResponse:
        credentials = {"username": RESET_PREFIX + form.cleaned_data["email"].strip().lower()}
        if AxesProxyHandler.is_locked(self.request, credentials):
            return locked_out(self.request)
        # Counted before sending, like a failed login: the request that reaches the limit
        # sends nothing (django-axes's middleware answers it with the lockout page).
        user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
        if getattr(self.request, "axes_locked_out", False):
            return locked_out(self.request)
        return super().form_valid(form)
