import pytest
from django.core.management import call_command

from optiimi.demo import loader, synthetic
from optiimi.network.models import CapabilityRole, Organisation, Person, Role, RoleKind
from optiimi.regions.models import Region


@pytest.mark.django_db
def test_demo_has_central_finland_and_the_seeds_organisations():
    logins = loader.load_demo()
    assert Region.objects.municipalities().count() == 22
    assert Region.objects.subregions().count() == 6
    assert not Region.objects.municipalities().filter(geometry=None).exists()
    names = set(Organisation.objects.values_list("short_name", flat=True))
    assert {"KSL", "JAMK", "JY", "TE-keskus", "JoSK", "KeSK", "JäSK", "ÄSK", "SVSK", "JSK"} <= names
    assert Organisation.objects.filter(kind="development_company").count() == 6
    assert not Organisation.objects.filter(kind="development_company", illustrative=False).exists()
    assert 90 <= Person.objects.count() <= 120
    assert not Person.objects.filter(synthetic=False).exists()
    assert {login.username for login in logins} >= {"koordinaattori", "joutsa", "jasen", "admin"}
    roles = {login.username: (login.role, login.organisation) for login in logins}
    # JAMK runs the joint foresight measure: its analyst imports and runs the barometer.
    expected = {
        "ennakointi": CapabilityRole.FORESIGHT_ANALYST,
        "tapahtumat": CapabilityRole.EVENT_ORGANISER,
        "neuvoja": CapabilityRole.SERVICE_ADVISOR,
        "ohjaaja": CapabilityRole.GUIDANCE_COUNSELLOR,
    }
    for username, capability in expected.items():
        assert roles[username][0] == f"{RoleKind.MEMBER.label} · {capability.label}"
        assert Role.objects.get(user__username=username).capabilities == [capability.value]
    assert roles["ennakointi"][1] == "Jyväskylän ammattikorkeakoulu"


@pytest.mark.django_db(transaction=True)  # flush empties tables outside a transaction
def test_demo_is_deterministic_and_idempotent():
    loader.load_demo()
    first = sorted(Person.objects.values_list("name", "email"))
    loader.load_demo()
    assert sorted(Person.objects.values_list("name", "email")) == first
    call_command("flush", interactive=False, verbosity=0)
    loader.load_demo()
    assert sorted(Person.objects.values_list("name", "email")) == first


@pytest.mark.django_db
def test_generate_is_deterministic_and_rerun_adds_nothing():
    loader.load_regions()
    orgs, people = synthetic.generate("demo", seed=7)
    assert (orgs, people) == (40, 150)
    snapshot = sorted(Person.objects.values_list("email", flat=True))
    assert synthetic.generate("demo", seed=7) == (0, 0)
    assert sorted(Person.objects.values_list("email", flat=True)) == snapshot
    assert not Organisation.objects.filter(synthetic=True, business_id=None).exists()
    assert all(p.affiliations.count() == 1 for p in Person.objects.all()[:20])
