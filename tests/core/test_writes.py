"""The one write path: actors in history, upserts, summaries, durability and the guard."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from optiimi.core import writes
from optiimi.core.writes import ImportSummary, Outcome, System, UntrackedWrite
from optiimi.regions.models import Level, Region

pytestmark = pytest.mark.django_db


IMPORT = System("import regions")


def _region(code: str = "013", name: str = "Keski-Suomi") -> Region:
    return Region(level=Level.REGION, code=code, name_fi=name, year=2025)


def test_a_user_is_recorded_as_history_user():
    user = User.objects.create_user("alice")
    region = _region()
    writes.save(region, actor=user)
    record = region.history.get()  # type: ignore[attr-defined]
    assert record.history_user == user
    assert record.history_change_reason is None


def test_a_system_actor_is_named_in_history():
    region = _region()
    writes.save(region, actor=IMPORT)
    record = region.history.get()  # type: ignore[attr-defined]
    assert record.history_user is None
    assert record.history_change_reason == "import regions"


def test_an_anonymous_visitor_is_named_as_such():
    region = _region()
    writes.save(region, actor=AnonymousUser())
    assert region.history.get().history_change_reason == "anonymous visitor"  # type: ignore[attr-defined]


@pytest.mark.parametrize("actor", [None, "someone", 42])
def test_an_actor_must_be_a_user_or_a_system_actor(actor):
    with pytest.raises(TypeError, match="actor must be"):
        writes.save(_region(), actor=actor)
    assert not Region.objects.exists()


def test_a_system_actor_needs_a_name():
    with pytest.raises(ValueError, match="name"):
        System(" ")


def test_the_guard_is_on_for_every_tracked_model():
    assert writes.guarded() == writes.tracked_models()
    assert Region in writes.guarded()


def test_a_tracked_model_saved_outside_the_write_path_is_refused():
    with pytest.raises(UntrackedWrite, match=r"regions\.Region"):
        _region().save()
    assert not Region.objects.exists()


def test_deleting_outside_the_write_path_is_refused_and_inside_recorded():
    region = _region()
    writes.save(region, actor=IMPORT)
    with pytest.raises(UntrackedWrite), transaction.atomic():
        region.delete()
    writes.delete(region, actor=System("tidy"))
    assert not Region.objects.exists()
    assert [r.history_type for r in Region.history.all()] == ["-", "+"]  # type: ignore[attr-defined]


def test_upsert_creates_then_changes_then_leaves_alone():
    key = {"level": Level.REGION, "code": "013"}
    first, outcome = writes.upsert(
        Region, key, {"name_fi": "Keski-Suomi", "year": 2025}, actor=IMPORT
    )
    assert outcome is Outcome.NEW
    same, outcome = writes.upsert(
        Region, key, {"name_fi": "Keski-Suomi", "year": 2025}, actor=IMPORT
    )
    assert (same.pk, outcome) == (first.pk, Outcome.UNCHANGED)
    _, outcome = writes.upsert(
        Region, key, {"name_fi": "Mellersta Finland", "year": 2025}, actor=IMPORT
    )
    assert outcome is Outcome.CHANGED
    assert Region.objects.get().name_fi == "Mellersta Finland"
    assert first.history.count() == 2  # type: ignore[attr-defined]


def test_upsert_validates_and_writes_nothing_when_invalid():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        writes.upsert(
            Region,
            {"level": "nonsense", "code": "013"},
            {"name_fi": "X", "year": 2025},
            actor=IMPORT,
        )
    assert "level" in caught.value.message_dict
    assert not Region.objects.exists()


def test_a_many_to_many_change_is_one_history_row_with_the_members():
    from optiimi.network.models import Organisation

    sub = Region(level=Level.SUBREGION, code="132", name_fi="Joutsa", year=2025)
    other = Region(level=Level.SUBREGION, code="131", name_fi="Jyväskylä", year=2025)
    writes.save(sub, actor=IMPORT)
    writes.save(other, actor=IMPORT)
    org, outcome = writes.upsert(
        Organisation, {"name": "JAMK"}, {"kind": "uas"}, m2m={"sub_regions": [sub]}, actor=IMPORT
    )
    assert outcome is Outcome.NEW
    assert list(org.sub_regions.values_list("code", flat=True)) == ["132"]
    before = org.history.count()  # type: ignore[attr-defined]
    _, outcome = writes.upsert(
        Organisation,
        {"name": "JAMK"},
        {"kind": "uas"},
        m2m={"sub_regions": [sub, other]},
        actor=IMPORT,
    )
    assert outcome is Outcome.CHANGED
    assert org.history.count() == before + 1  # type: ignore[attr-defined]
    _, outcome = writes.upsert(
        Organisation,
        {"name": "JAMK"},
        {"kind": "uas"},
        m2m={"sub_regions": [other, sub]},
        actor=IMPORT,
    )
    assert outcome is Outcome.UNCHANGED
    with pytest.raises(UntrackedWrite, match="many-to-many"):
        org.sub_regions.clear()


def test_the_outermost_write_path_is_durable():
    """A service may not run inside a caller's own transaction, which could roll it back."""
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        writes.save(_region(), actor=IMPORT)
    # Inside an open write path, nested writes join it.
    with writes.acting(IMPORT):
        writes.save(_region("001", "Uusimaa"), actor=IMPORT)
        writes.save(_region("002", "Varsinais-Suomi"), actor=IMPORT)
    assert Region.objects.count() == 2


def test_a_failure_inside_the_write_path_leaves_nothing():
    with pytest.raises(ZeroDivisionError), writes.acting(IMPORT):
        writes.save(_region(), actor=IMPORT)
        _ = 1 / 0
    assert not Region.objects.exists()


def test_service_decorator_requires_an_actor():
    @writes.service
    def rename(region: Region, *, actor: writes.Actor, name: str) -> None:
        region.name_fi = name
        writes.save(region, actor=actor)

    region = _region()
    writes.save(region, actor=IMPORT)
    with pytest.raises(TypeError, match="actor"):
        rename(region, name="X")  # type: ignore[call-arg]
    rename(region, actor=System("rename"), name="Mellersta Finland")
    assert Region.objects.get().name_fi == "Mellersta Finland"
    assert writes.current_actor() is None


def test_import_summary_counts_adds_and_prints():
    summary = ImportSummary()
    for outcome in [Outcome.NEW, Outcome.NEW, Outcome.CHANGED, Outcome.UNCHANGED, "unchanged"]:
        summary.count(outcome)
    other = ImportSummary(new=1, removed=2, warnings=["the file may be cut"])
    summary.add(other)
    assert (summary.new, summary.changed, summary.unchanged, summary.removed) == (3, 1, 2, 2)
    assert summary.total == 6
    assert str(summary) == (
        "3 new, 1 changed, 2 unchanged, 2 removed\nwarning: the file may be cut"
    )
    assert summary.as_dict()["warnings"] == ["the file may be cut"]
