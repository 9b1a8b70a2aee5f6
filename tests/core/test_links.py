"""Links between capabilities: registered kinds, reads both ways, writes in history, clean-up."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from optiimi.core import links, writes
from optiimi.core.models import Link
from optiimi.core.writes import System
from optiimi.regions.models import Level, Region

pytestmark = pytest.mark.django_db

ACTOR = System("test links")
TWINS = "test.twins"
CAPITAL = "test.capital"


@pytest.fixture(autouse=True)
def _kinds():
    links.register(
        TWINS, source="regions.Region", target="regions.Region", name_fi="Ystävä", name_en="Twin"
    )
    links.register(
        CAPITAL,
        source="regions.Region",
        target="regions.Region",
        name_fi="Keskus",
        name_en="Centre",
        single=True,
    )
    yield
    links.unregister(TWINS)
    links.unregister(CAPITAL)


def _region(code: str) -> Region:
    region = Region(level=Level.MUNICIPALITY, code=code, name_fi=f"Kunta {code}", year=2025)
    writes.save(region, actor=ACTOR)
    return region


def test_links_are_read_from_both_ends():
    a, b, c = _region("179"), _region("172"), _region("182")
    assert links.set_targets(TWINS, a, [b, c.pk], actor=ACTOR) is True
    assert set(links.targets(TWINS, a)) == {b, c}
    assert list(links.sources(TWINS, b)) == [a]
    assert list(links.targets(TWINS, b)) == []
    assert links.target_ids(TWINS, [a.pk, b.pk]) == {a.pk: sorted([b.pk, c.pk])}


def test_setting_the_same_targets_again_changes_nothing_and_removing_one_is_recorded():
    user = User.objects.create_user("alice")
    a, b, c = _region("179"), _region("172"), _region("182")
    links.set_targets(TWINS, a, [b, c], actor=user)
    assert links.set_targets(TWINS, a, [c, b], actor=user) is False
    assert links.set_targets(TWINS, a, [c], actor=user) is True
    assert list(links.targets(TWINS, a)) == [c]
    removed = Link.history.filter(history_type="-").get()  # type: ignore[attr-defined]
    assert (removed.source_id, removed.target_id, removed.history_user) == (a.pk, b.pk, user)
    assert Link.history.filter(history_type="+").count() == 2  # type: ignore[attr-defined]


def test_none_leaves_the_links_as_they_are():
    a, b = _region("179"), _region("172")
    links.set_targets(TWINS, a, [b], actor=ACTOR)
    assert links.set_targets(TWINS, a, None, actor=ACTOR) is False
    assert list(links.targets(TWINS, a)) == [b]


def test_an_unknown_target_is_refused_naming_the_field_and_nothing_is_written():
    a, b = _region("179"), _region("172")
    with pytest.raises(ValidationError) as caught:
        links.set_targets(TWINS, a, [b.pk, 999_999], actor=ACTOR, field="twins")
    assert caught.value.message_dict == {"twins": ["no regions.Region with id 999999"]}
    assert not Link.objects.exists()


def test_a_target_of_the_wrong_model_is_refused():
    a = _region("179")
    with pytest.raises(TypeError, match=r"expected a regions\.Region"):
        links.set_targets(TWINS, a, [User.objects.create_user("bob")], actor=ACTOR)


def test_a_single_link_is_replaced_and_attached_to_a_page_of_objects():
    a, b, c = _region("179"), _region("172"), _region("182")
    links.set_target(CAPITAL, a, b, actor=ACTOR)
    links.set_target(CAPITAL, a, c, actor=ACTOR)
    assert links.target(CAPITAL, a) == c
    with pytest.raises(ValidationError):
        links.set_targets(CAPITAL, b, [a, c], actor=ACTOR)
    page = [a, b]
    links.attach(CAPITAL, page, "capital")
    assert (a.capital, b.capital) == (c, None)  # type: ignore[attr-defined]
    links.attach(TWINS, page, "twins")
    assert (a.twins, b.twins) == ([], [])  # type: ignore[attr-defined]
    links.set_target(CAPITAL, a, None, actor=ACTOR)
    assert links.target(CAPITAL, a) is None


def test_deleting_either_end_deletes_its_links_in_history():
    a, b, c = _region("179"), _region("172"), _region("182")
    links.set_targets(TWINS, a, [b, c], actor=ACTOR)
    links.set_targets(TWINS, c, [a], actor=ACTOR)
    writes.delete(b, actor=ACTOR)
    assert set(Link.objects.values_list("source_id", "target_id")) == {(a.pk, c.pk), (c.pk, a.pk)}
    writes.delete(a, actor=ACTOR)
    assert not Link.objects.exists()
    gone = Link.history.filter(history_type="-")  # type: ignore[attr-defined]
    assert {r.history_change_reason for r in gone} == {"test links"}
    assert gone.count() == 3


def test_an_unregistered_kind_is_an_error():
    with pytest.raises(links.UnknownLinkKind):
        links.targets("test.nothing", 1)


def test_links_are_written_only_through_the_write_path():
    a, b = _region("179"), _region("172")
    with pytest.raises(writes.UntrackedWrite):
        Link.objects.create(kind=TWINS, source_id=a.pk, target_id=b.pk)
    links.set_targets(TWINS, a, [b], actor=ACTOR)
    assert list(links.targets(TWINS, a)) == [b]


def test_the_capabilities_register_their_links():
    kinds = {k.code: k for k in links.registered()}
    assert kinds["projects.measures"].target == "strategy.Measure"
    assert kinds["benchmark.project"].target == "projects.Project"
    assert kinds["benchmark.project"].single
