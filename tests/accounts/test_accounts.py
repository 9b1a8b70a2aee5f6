import re

import pytest
from django.core import mail

from optiimi.accounts.models import ApiToken, hash_token


@pytest.mark.django_db
def test_login_and_logout(client, owner):
    owner.set_password("salasana-123")
    owner.save()
    response = client.post("/accounts/login/", {"username": "owner", "password": "salasana-123"})
    assert response.status_code == 302
    assert "owner" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Kirjaudu sisään" in client.get("/").content.decode()


@pytest.mark.django_db
def test_wrong_password_says_so(client, owner):
    response = client.post("/accounts/login/", {"username": "owner", "password": "väärä"})
    assert response.status_code == 200
    assert "eivät täsmänneet" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client, owner):
    client.post("/accounts/password/reset/", {"email": "owner@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Uusi-salasana-2026", "new_password2": "Uusi-salasana-2026"},
    )
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("Uusi-salasana-2026")


@pytest.mark.django_db
def test_only_the_token_hash_is_stored(owner):
    token, raw = ApiToken.issue(owner, "cli")
    assert raw.startswith("opt_") and token.digest == hash_token(raw) and raw not in token.digest
    assert ApiToken.authenticate(raw).user == owner
    owner.is_active = False
    owner.save()
    assert ApiToken.authenticate(raw) is None


@pytest.mark.django_db
def test_admin_lists_every_model(admin_client, organisation):
    for path in [
        "regions/region",
        "network/organisation",
        "network/person",
        "network/competence",
        "network/competencegroup",
        "network/role",
        "accounts/apitoken",
    ]:
        assert admin_client.get(f"/admin/{path}/").status_code == 200, path
    assert (
        admin_client.get(f"/admin/network/organisation/{organisation.pk}/history/").status_code
        == 200
    )
