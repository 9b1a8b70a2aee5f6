"""The registry of evidence sections the board pack reads (core.evidence)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from optiimi.core import evidence
from optiimi.core.evidence import Claim, Scope, Section


@pytest.fixture
def registered_pair() -> Iterator[None]:
    @evidence.register("test.later", order=90)
    def later(scope: Scope) -> Section | None:
        return Section(title=f"later {scope.subregion}", claims=[Claim("n", 1, "count")])

    @evidence.register("test.silent", order=10)
    def silent(scope: Scope) -> Section | None:
        return None

    yield
    evidence.unregister("test.later")
    evidence.unregister("test.silent")


@pytest.mark.django_db  # the capabilities' own sections run too (over an empty database)
def test_sections_come_in_their_order_and_silent_ones_are_left_out(registered_pair):
    found = evidence.collect(Scope(2025, 2027, region="13", subregion="132"))
    codes = [code for code, _section in found]
    assert "test.silent" not in codes and "test.later" in codes
    orders = {p.code: p.order for p in evidence.registered()}
    assert [orders[c] for c in codes] == sorted(orders[c] for c in codes)
    assert dict(found)["test.later"].title == "later 132"


def test_a_scope_knows_its_years():
    assert list(Scope(2025, 2027, region="13").years) == [2025, 2026, 2027]
