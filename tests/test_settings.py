"""Settings read from the environment, and the documentation that lists them."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from optiimi import settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_is_documented():
    source = (ROOT / "src" / "optiimi" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|list)\("([A-Z_]+)"', source))
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
