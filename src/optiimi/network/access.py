"""The coordinator's pages for who may do what: logins, roles and capability roles, API tokens,
and the competence vocabulary. Everything here was only reachable in /admin/ before."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.accounts import services as accounts
from optiimi.accounts.models import ApiToken
from optiimi.core.forms import add_service_errors, edit_page
from optiimi.network import permissions, services
from optiimi.network.forms import (
    AcceptCompetenceForm,
    CompetenceForm,
    LoginForm,
    MergeCompetenceForm,
    RenameCompetenceForm,
    RoleForm,
    TokenForm,
)
from optiimi.network.models import Competence, Role


def _send_password_link(request: HttpRequest, user: Any) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(reverse("password_reset_confirm", args=[uid, token]))
    send_mail(
        _("Your Optiimi login"),
        _(
            "A login to Optiimi was made for you. Your username is %(username)s.\n\n"
            "Set your password here:\n%(link)s\n"
        )
        % {"username": user.get_username(), "link": link},
        None,
        [user.email],
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    permissions.check_can_grant_roles(request.user)
    users = (
        get_user_model()
        .objects.select_related("optiimi_role__organisation", "person")
        .annotate(tokens=Count("api_tokens"))
        .order_by("username")
    )
    return render(request, "network/user_list.html", {"users": users})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_grant_roles(request.user)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_login(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _send_password_link(request, user)
            messages.success(
                request,
                _("The login %(username)s was made; a link to set the password went to %(email)s.")
                % {"username": user.get_username(), "email": user.email},
            )
            return redirect("network:user", pk=user.pk)
    return render(
        request, "network/user_form.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One login: its role and capability roles, and its API tokens."""
    permissions.check_can_grant_roles(request.user)
    user = get_object_or_404(get_user_model(), pk=pk)
    role = Role.objects.filter(user=user).select_related("organisation").first()
    initial = (
        {"kind": role.kind, "organisation": role.organisation, "capabilities": role.capabilities}
        if role
        else {}
    )
    role_form = RoleForm(request.POST if "save_role" in request.POST else None, initial=initial)
    token_form = TokenForm(request.POST if "issue_token" in request.POST else None)
    new_token = ""
    if request.method == "POST":
        if "save_role" in request.POST and role_form.is_valid():
            try:
                services.set_role(
                    user,
                    role_form.cleaned_data["kind"],
                    role_form.cleaned_data["organisation"],
                    actor=request.user,
                    capabilities=role_form.cleaned_data["capabilities"],
                )
            except ValidationError as exc:
                add_service_errors(role_form, exc)
            else:
                messages.success(request, _("The role was saved."))
                return redirect("network:user", pk=user.pk)
        elif "issue_token" in request.POST and token_form.is_valid():
            try:
                _token, new_token = accounts.issue_token(
                    user, token_form.cleaned_data["name"], actor=request.user
                )
            except ValidationError as exc:
                add_service_errors(token_form, exc)
            else:
                token_form = TokenForm()
        elif "revoke_token" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST["revoke_token"], user=user)
            accounts.revoke_token(token, actor=request.user)
            messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
            return redirect("network:user", pk=user.pk)
        elif "send_link" in request.POST and user.email:
            _send_password_link(request, user)
            messages.success(
                request, _("A link to set the password went to %(email)s.") % {"email": user.email}
            )
            return redirect("network:user", pk=user.pk)
    failed = request.method == "POST" and (role_form.errors or token_form.errors)
    return render(
        request,
        "network/user_detail.html",
        {
            "account": user,
            "role": role,
            "role_form": role_form,
            "token_form": token_form,
            "tokens": ApiToken.objects.filter(user=user),
            "new_token": new_token,
        },
        status=422 if failed else 200,
    )


def _competence_form(request: HttpRequest, competence: Competence | None) -> HttpResponse:
    fields = ("code", "label_fi", "label_en", "group")
    return edit_page(
        request,
        "network/competence_form.html",
        # The form validates a copy: the service compares the stored values with the new ones.
        lambda data: CompetenceForm(data, instance=copy.copy(competence)),
        lambda form: services.save_competence(
            competence, actor=request.user, **{k: form.cleaned_data[k] for k in fields}
        ),
        record=competence,
        done=lambda _saved: reverse("network:competences"),
        success=_("The vocabulary was saved."),
        context={"competence": competence},
    )


@login_required
def competence_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_edit_vocabulary(request.user)
    return _competence_form(request, None)


@login_required
def competence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.check_can_edit_vocabulary(request.user)
    return _competence_form(request, get_object_or_404(Competence, pk=pk))


def _proposal_forms(competence: Competence, failed: str = "", form: Any = None) -> dict[str, Any]:
    forms = {
        "accept": AcceptCompetenceForm(prefix=f"a{competence.pk}"),
        "rename": RenameCompetenceForm(
            prefix=f"r{competence.pk}",
            initial={"label_fi": competence.label_fi, "label_en": competence.label_en},
        ),
        "merge": MergeCompetenceForm(prefix=f"m{competence.pk}", source=competence),
    }
    if failed:
        forms[failed] = form
    return {"competence": competence, "people": competence.people.count(), **forms}


def _proposals_page(
    request: HttpRequest, failed: tuple[int, str, Any] | None = None
) -> HttpResponse:
    entries = []
    for competence in Competence.objects.filter(proposed=True).order_by("label_fi"):
        if failed is not None and failed[0] == competence.pk:
            entries.append(_proposal_forms(competence, failed[1], failed[2]))
        else:
            entries.append(_proposal_forms(competence))
    return render(
        request,
        "network/competence_proposals.html",
        {"entries": entries},
        status=422 if failed else 200,
    )


@login_required
def competence_proposals(request: HttpRequest) -> HttpResponse:
    """Terms an import proposed for the vocabulary, each to accept, rename or merge."""
    permissions.check_can_edit_vocabulary(request.user)
    return _proposals_page(request)


@login_required
@require_POST
def competence_proposal(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    permissions.check_can_edit_vocabulary(request.user)
    competence = get_object_or_404(Competence, pk=pk, proposed=True)
    if action not in ("accept", "rename", "merge"):
        raise Http404(action)
    form: Any
    if action == "accept":
        form = AcceptCompetenceForm(request.POST, prefix=f"a{pk}")
    elif action == "rename":
        form = RenameCompetenceForm(request.POST, prefix=f"r{pk}")
    else:
        form = MergeCompetenceForm(request.POST, prefix=f"m{pk}", source=competence)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "accept":
                services.accept_competence(competence, data["group"], actor=request.user)
                done = _("%(name)s was added to the vocabulary.")
            elif action == "rename":
                services.rename_competence(
                    competence,
                    actor=request.user,
                    label_fi=data["label_fi"],
                    label_en=data["label_en"],
                )
                done = _("%(name)s was renamed.")
            else:
                services.merge_competence(competence, data["target"], actor=request.user)
                done = _("%(name)s was merged.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done % {"name": competence.label})
            return redirect("network:competence_proposals")
    return _proposals_page(request, (competence.pk, action, form))
