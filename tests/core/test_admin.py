"""The admin shows data and history but writes nothing around the services."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from optiimi.events import services as events
from optiimi.events.models import Registration, Status
from optiimi.network.models import Role, RoleKind

DOMAIN_APPS = {"regions", "network", "strategy", "projects", "foresight", "benchmark", "events"}


def _domain_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in DOMAIN_APPS
    ]


@pytest.mark.django_db
def test_every_admin_of_a_domain_model_is_read_only_or_saves_through_a_service(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    admins = _domain_admins()
    assert len(admins) > 30
    writable = []
    for model, model_admin in admins:
        through_service = any(
            "save_model" in vars(cls)
            for cls in type(model_admin).__mro__
            if cls.__module__.startswith("optiimi.")
        )
        if through_service:
            writable.append(model._meta.label)
        else:
            assert not model_admin.has_add_permission(request), model._meta.label
            assert not model_admin.has_change_permission(request), model._meta.label
        assert not model_admin.has_delete_permission(request), model._meta.label
        for inline in model_admin.get_inline_instances(request):
            label = f"{model._meta.label} inline {inline.model._meta.label}"
            assert not inline.has_add_permission(request, None), label
            assert not inline.has_change_permission(request), label
            assert not inline.has_delete_permission(request), label
    assert writable == ["network.Role"]


@pytest.mark.django_db
def test_the_registrations_admin_shows_a_registration_but_cannot_change_it(admin_client, event):
    registration = events.register(event, name="Eka", email="eka@example.com", actor=events.PUBLIC)
    url = f"/admin/events/registration/{registration.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"name": "Toka", "email": "toka@example.com", "status": Status.WAITING}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert (registration.name, registration.status) == ("Eka", Status.CONFIRMED)
    assert admin_client.post("/admin/events/registration/add/", {}).status_code == 403
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_an_event_cannot_be_changed_in_the_admin(admin_client, event):
    url = f"/admin/events/event/{event.pk}/change/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"title": "Toinen", "capacity": 500}).status_code == 403
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Seutuhankepäivä", 2)


@pytest.mark.django_db
def test_a_role_granted_in_the_admin_goes_through_the_service_and_names_the_admin(
    admin_client, admin_user, organisation, django_user_model
):
    user = django_user_model.objects.create_user("uusi")
    response = admin_client.post(
        "/admin/network/role/add/",
        {"user": user.pk, "kind": RoleKind.MEMBER, "organisation": organisation.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role = Role.objects.get(user=user)
    assert (role.kind, role.organisation) == (RoleKind.MEMBER, organisation)
    assert role.history.get().history_user == admin_user  # type: ignore[attr-defined]
