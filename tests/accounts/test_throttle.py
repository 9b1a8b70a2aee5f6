"""Logins and password resets are refused for a while after repeated failures."""

import datetime

import pytest
from django.core import mail
from django.test import Client

LIMIT = 5


def fail_logins(client: Client, path: str, username: str, times: int = LIMIT, **extra) -> None:
    for _ in range(times):
        client.post(path, {"username": username, "password": "väärä"}, **extra)


@pytest.fixture
def owner_password(owner):
    owner.set_password("salasana-123")
    owner.is_staff = True
    owner.is_superuser = True
    owner.save()
    return "salasana-123"


@pytest.mark.django_db
def test_site_login_locks_the_account_after_repeated_failures(client, owner, owner_password):
    fail_logins(client, "/accounts/login/", "owner")
    # The right password from another address is still refused: the account is locked.
    other = Client(REMOTE_ADDR="10.0.0.9")
    response = other.post("/accounts/login/", {"username": "owner", "password": owner_password})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Liian monta yritystä" in text and "15 minuutin" in text
    assert "_auth_user_id" not in other.session


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, owner, owner_password, monkeypatch):
    fail_logins(client, "/accounts/login/", "owner")
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)
    monkeypatch.setattr(
        "axes.handlers.database.get_cool_off_threshold",
        lambda request=None: later - datetime.timedelta(minutes=15),
    )
    response = client.post("/accounts/login/", {"username": "owner", "password": owner_password})
    assert response.status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked(client, owner, owner_password):
    for n in range(LIMIT):
        client.post("/accounts/login/", {"username": f"guess{n}", "password": "x"})
    response = client.post("/accounts/login/", {"username": "owner", "password": owner_password})
    assert response.status_code == 429
    # Another address can still log in to the same account.
    assert (
        Client(REMOTE_ADDR="10.0.0.9")
        .post("/accounts/login/", {"username": "owner", "password": owner_password})
        .status_code
        == 302
    )


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_do_not_lock(client, owner, owner_password):
    fail_logins(client, "/accounts/login/", "owner", times=LIMIT - 1)
    response = client.post("/accounts/login/", {"username": "owner", "password": owner_password})
    assert response.status_code == 302


@pytest.mark.django_db
def test_admin_login_is_throttled_too(client, owner, owner_password):
    fail_logins(client, "/admin/login/", "owner")
    response = Client(REMOTE_ADDR="10.0.0.9").post(
        "/admin/login/?next=/admin/", {"username": "owner", "password": owner_password}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_password_reset_requests_are_throttled_per_address_and_email(client, owner):
    for _ in range(LIMIT - 1):
        response = client.post("/accounts/password/reset/", {"email": "owner@example.com"})
        assert response.status_code == 302
    response = client.post("/accounts/password/reset/", {"email": "owner@example.com"})
    assert response.status_code == 429 and "Liian monta yritystä" in response.content.decode()
    assert len(mail.outbox) == LIMIT - 1
    # The same e-mail from another address is refused too.
    other = Client(REMOTE_ADDR="10.0.0.9")
    response = other.post("/accounts/password/reset/", {"email": "OWNER@example.com"})
    assert response.status_code == 429
    assert len(mail.outbox) == LIMIT - 1


@pytest.mark.django_db
def test_behind_the_proxy_the_forwarded_address_counts(client, owner, owner_password, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for n in range(LIMIT):
        client.post(
            "/accounts/login/",
            {"username": f"guess{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    # The proxy's own address is the same for everyone; another visitor is not locked out.
    response = client.post(
        "/accounts/login/",
        {"username": "owner", "password": owner_password},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert response.status_code == 302
    locked = client.post(
        "/accounts/login/",
        {"username": "owner", "password": owner_password},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert locked.status_code == 429
