"""Settings read from the environment, and the documentation that lists them."""

import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.test import Client

from optiimi import settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_is_documented():
    source = (ROOT / "src" / "optiimi" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = {name for name in read if f"`{name}`" not in documented}
    assert read and not missing, f"document these in docs/configuration.md: {missing}"


@pytest.mark.parametrize(
    "raw,expected", [("1", True), ("true", True), ("False", False), ("0", False), ("", True)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("OPTIIMI_X", raw)
    assert settings.env_bool("OPTIIMI_X", True) is expected


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("OPTIIMI_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="OPTIIMI_X must be true or false"):
        settings.env_bool("OPTIIMI_X", False)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("OPTIIMI_X", "a.example, b.example,")
    assert settings.env_list("OPTIIMI_X", []) == ["a.example", "b.example"]


def read_settings(tmp_path: Path, names: list[str], **env: str) -> dict:
    """The named settings as a fresh process reads them from `env` (nothing else set)."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPTIIMI_", "DATABASE_URL", "DATABASE_REPLICA_URL", "DJANGO_"))
    }
    code = (
        "import json, sys\n"
        "from optiimi import settings as s\n"
        "print(json.dumps({n: getattr(s, n, None) for n in sys.argv[1:]}, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *names],
        env={**base, "OPTIIMI_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_mail_is_not_printed_without_a_mail_server(tmp_path):
    values = read_settings(tmp_path, ["EMAIL_BACKEND"])
    assert values["EMAIL_BACKEND"] == "optiimi.core.mail.UnsentEmailBackend"


def test_mail_goes_to_the_configured_smtp_server(tmp_path):
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL"]
    values = read_settings(
        tmp_path, names, OPTIIMI_EMAIL_HOST="smtp.example.fi", OPTIIMI_EMAIL_PORT="465"
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.fi",
        "EMAIL_PORT": 465,
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
    }


def test_unsent_mail_logs_a_count_and_no_personal_data(caplog):
    message = EmailMessage(
        "Ilmoittautuminen: Aino Virtanen",
        "Hei Aino, peru ilmoittautumisesi: https://optiimi.example.fi/events/cancel/s3cr3t/",
        to=["aino.virtanen@example.com"],
    )
    connection = get_connection("optiimi.core.mail.UnsentEmailBackend")
    with caplog.at_level(logging.DEBUG):
        assert connection.send_messages([message]) == 1
    logged = caplog.text
    assert "1 e-mail message(s) not sent" in logged
    for private in ["Aino", "Virtanen", "example.com", "s3cr3t"]:
        assert private not in logged


def test_a_replica_url_adds_the_replica_and_its_router(tmp_path):
    values = read_settings(
        tmp_path,
        ["DATABASES", "DATABASE_ROUTERS"],
        DATABASE_URL="postgres://optiimi:pw@db.example.fi:5432/optiimi",
        DATABASE_REPLICA_URL="postgres://reader:pw@replica.example.fi:5433/optiimi",
    )
    replica = values["DATABASES"]["replica"]
    assert (replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"]) == (
        "replica.example.fi",
        5433,
        "reader",
        "optiimi",
    )
    assert values["DATABASES"]["default"]["HOST"] == "db.example.fi"
    assert values["DATABASE_ROUTERS"] == ["optiimi.core.replica.ReplicaRouter"]
    plain = read_settings(tmp_path, ["DATABASES", "DATABASE_ROUTERS"])
    assert set(plain["DATABASES"]) == {"default"} and plain["DATABASE_ROUTERS"] == []


def test_a_replica_of_another_engine_is_refused(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OPTIIMI_", "DATABASE_"))}
    done = subprocess.run(
        [sys.executable, "-c", "import optiimi.settings"],
        env={
            **base,
            "OPTIIMI_DATA_DIR": str(tmp_path),
            "DATABASE_REPLICA_URL": "postgres://reader:pw@replica.example.fi/optiimi",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "DATABASE_REPLICA_URL must name a replica" in done.stderr


HTTPS_NAMES = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
]


def test_https_turns_on_secure_cookies_hsts_and_redirect(tmp_path):
    assert read_settings(tmp_path, HTTPS_NAMES, OPTIIMI_HTTPS="1") == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
    }
    plain = read_settings(tmp_path, HTTPS_NAMES)
    assert plain["SECURE_SSL_REDIRECT"] is None and plain["SECURE_HSTS_SECONDS"] is None


@pytest.mark.process
def test_deploy_check_is_clean_with_https_and_a_real_secret_key(tmp_path):
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPTIIMI_", "DATABASE_URL", "DJANGO_"))
    }
    env = {
        **base,
        "OPTIIMI_DATA_DIR": str(tmp_path),
        "OPTIIMI_HTTPS": "1",
        "OPTIIMI_SECRET_KEY": secrets.token_urlsafe(50),
        "OPTIIMI_ALLOWED_HOSTS": "optiimi.example.fi",
    }
    optiimi = Path(sys.executable).parent / "optiimi"
    done = subprocess.run(
        [str(optiimi), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    # Without OPTIIMI_HTTPS the same check warns about the missing HTTPS settings.
    env.pop("OPTIIMI_HTTPS")
    done = subprocess.run(
        [str(optiimi), "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120
    )
    assert "security.W004" in done.stdout + done.stderr


@pytest.mark.django_db
def test_behind_the_proxy_http_redirects_and_https_gets_hsts_and_secure_cookies(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.CSRF_COOKIE_SECURE = True
    plain = Client().get("/accounts/login/", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = Client().get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert secure.cookies["csrftoken"]["secure"]
