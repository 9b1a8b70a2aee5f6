"""403, 404 and 500 and the account pages wear the site's look and speak the reader's language
(DEBUG is off in the tests, as in production)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.core.test_content_security_policy import INLINE

pytestmark = pytest.mark.django_db


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_site_page(response, language: str, *texts: str) -> str:
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert '<header class="site">' in html
    assert 'id="site-menu"' in html or response.status_code == 500
    assert "Django" not in html
    for text in texts:
        assert text in html, text
    assert [m.group(0) for pattern in INLINE for m in pattern.finditer(html)] == []
    return html


@pytest.mark.parametrize(
    ("language", "title"), [("fi", "Sivua ei löydy"), ("en", "Page not found")]
)
def test_a_missing_page_is_the_sites_own_404(client, regions, language, title):
    in_language(client, language)
    for path in ("/no-such-page/", "/benchmark/company/0000000-0/", "/organisations/999999/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert_site_page(response, language, title)


@pytest.mark.parametrize(("language", "title"), [("fi", "Ei pääsyä"), ("en", "No access")])
def test_a_forbidden_page_is_the_sites_own_403(client, member, language, title):
    client.force_login(member)
    in_language(client, language)
    response = client.get("/users/")
    assert response.status_code == 403
    assert_site_page(response, language, title)


@pytest.mark.urls("tests.core.failing_urls")
@pytest.mark.parametrize(
    ("language", "title"), [("fi", "Jokin meni vikaan"), ("en", "Something went wrong")]
)
def test_a_failure_is_the_sites_own_500(language, title):
    client = in_language(Client(raise_request_exception=False), language)
    response = client.get("/failing/")
    assert response.status_code == 500
    assert_site_page(response, language, title)


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fi", {"login": "Kirjaudu sisään", "reset": "Salasanan palautus"}),
        ("en", {"login": "Log in", "reset": "Reset password"}),
    ],
)
def test_account_pages_wear_the_sites_look_not_the_admins(client, regions, language, texts):
    in_language(client, language)
    pages = {
        "/accounts/login/": texts["login"],
        "/accounts/password/reset/": texts["reset"],
        "/accounts/password/reset/sent/": "",
        "/accounts/password/reset/done/": "",
        "/accounts/password/reset/MQ/not-a-token/": "",
    }
    for path, text in pages.items():
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        html = assert_site_page(response, language, text)
        assert "admin" not in html.lower().split("<main")[1], path
