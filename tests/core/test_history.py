import pytest
from django.utils import translation

from optiimi.core.history import entries
from optiimi.network import services
from optiimi.regions.models import Region


@pytest.mark.django_db
def test_creation_and_changes_read_as_who_changed_what(organisation, owner):
    keuruu = Region.objects.get(level="seutukunta", code="133")
    services.update_organisation(organisation, actor=owner, name="Uusi nimi", sub_regions=[keuruu])
    with translation.override("en"):
        history = entries(organisation)
    assert [e.kind for e in history][-1] == "+"
    changed = [e for e in history if e.kind == "~"]
    assert {e.who for e in changed} == {"owner"}
    assert len(changed) == 1  # fields and many-to-many in one record
    texts = {(c.field, c.old, c.new) for c in changed[0].changes}
    assert texts == {
        ("name", "Joutsan seudun kehittämisyhtiö", "Uusi nimi"),
        ("sub-regions served", "Joutsa", "Keuruu"),
    }


@pytest.mark.django_db
def test_creation_with_many_to_many_reads_as_one_entry(organisation):
    assert [e.kind for e in entries(organisation)] == ["+"]


@pytest.mark.django_db
def test_a_change_made_by_the_system_names_it(organisation):
    # the `organisation` fixture is written by System("test setup")
    assert [e.who for e in entries(organisation)] == ["test setup"]
