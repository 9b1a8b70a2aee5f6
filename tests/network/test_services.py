import pytest
from django.core.exceptions import ValidationError

from optiimi.core.formats import InvalidRows
from optiimi.core.writes import System
from optiimi.network import services
from optiimi.network.models import Competence, Organisation, Person
from optiimi.regions.models import Region

SETUP = System("test setup")


def rows(*records):
    return [(n + 2, r) for n, r in enumerate(records)]


def org_row(**kw):
    base = {"name": "Testi Oy", "business_id": "", "kind": "company", "home_municipality": ""}
    return {**base, **kw}


def person_row(**kw):
    base = {
        "name": "Aino Virtanen",
        "email": "aino@example.com",
        "organisation": "JoSK",
        "title": "yritysneuvoja",
        "competences": "matkailu;yritysneuvonta",
        "expertise": "Matkailun kehittäminen.",
        "public": "true",
    }
    return {**base, **kw}


@pytest.mark.django_db
def test_update_records_who_changed_what(organisation, owner):
    before = organisation.history.count()
    services.update_organisation(organisation, actor=owner, name="Joutsan Kehitys Oy")
    latest = organisation.history.first()
    assert latest.history_user == owner
    assert latest.name == "Joutsan Kehitys Oy"
    assert organisation.history.count() == before + 1


@pytest.mark.django_db
def test_update_without_changes_writes_no_history(organisation, owner):
    before = organisation.history.count()
    assert services.update_organisation(organisation, actor=owner, name=organisation.name) is False
    assert organisation.history.count() == before


@pytest.mark.django_db
def test_bad_business_id_is_refused_by_the_service(regions):
    with pytest.raises(ValidationError, match="wrong check digit"):
        services.create_organisation(actor=SETUP, name="X", kind="company", business_id="0112038-8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [
        "development_company",
        "development company",
        "Development company",
        "kehittämisyhtiö",
        "KEHITTÄMISYHTIÖ",
    ],
)
def test_import_accepts_kind_by_code_or_english_or_finnish_label(regions, kind):
    services.import_organisations(rows(org_row(kind=kind, home_municipality="Joutsa")), actor=SETUP)
    organisation = Organisation.objects.get()
    assert organisation.kind == "development_company"
    assert organisation.home_municipality.code == "172"


@pytest.mark.django_db
def test_import_finds_municipality_by_code_statfin_code_or_swedish_name(regions):
    services.import_organisations(
        rows(
            org_row(name="A", home_municipality="249"),
            org_row(name="B", home_municipality="KU249"),
            org_row(name="C", home_municipality="Keuru"),
        ),
        actor=SETUP,
    )
    assert set(Organisation.objects.values_list("home_municipality__code", flat=True)) == {"249"}


@pytest.mark.django_db
def test_import_is_idempotent_and_matches_by_business_id(regions):
    data = rows(org_row(name="Testi Oy", business_id="0112038-9", sub_regions="132;Keuruu"))
    first = services.import_organisations(data, actor=SETUP)
    second = services.import_organisations(data, actor=SETUP)
    renamed = services.import_organisations(
        rows(org_row(name="Testi Ab", business_id="0112038-9")), actor=SETUP
    )
    assert (first.new, second.unchanged, renamed.changed) == (1, 1, 1)
    organisation = Organisation.objects.get()
    assert organisation.name == "Testi Ab"
    assert set(organisation.sub_regions.values_list("code", flat=True)) == {"132", "133"}


@pytest.mark.django_db
def test_import_with_bad_rows_names_each_and_writes_nothing(regions):
    with pytest.raises(InvalidRows) as err:
        services.import_organisations(
            rows(
                org_row(name="Hyvä Oy"),
                org_row(name="Huono Oy", business_id="0112038-8"),
                org_row(name="Outo", kind="avaruusasema"),
                org_row(name="Kaukana", home_municipality="Tukholma"),
            ),
            actor=SETUP,
        )
    text = str(err.value)
    assert "3 bad row(s)" in text
    assert "line 3: business_id" in text and "wrong check digit" in text
    assert "line 4: kind 'avaruusasema' is unknown" in text
    assert "line 5: municipality 'Tukholma'" in text
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_people_import_links_organisation_competences_and_consent(organisation, competences):
    summary = services.import_people(rows(person_row(organisation="0112038-9")), actor=SETUP)
    person = Person.objects.get()
    assert summary.new == 1
    assert person.affiliations.get().organisation == organisation
    assert person.affiliations.get().title == "yritysneuvoja"
    assert set(person.competences.values_list("code", flat=True)) == {"matkailu", "yritysneuvonta"}
    assert person.public and person.consent_recorded is not None


@pytest.mark.django_db
def test_people_import_rerun_updates_by_email(organisation, competences):
    services.import_people(rows(person_row()), actor=SETUP)
    again = services.import_people(
        rows(person_row(public="false", title="toimitusjohtaja")), actor=SETUP
    )
    person = Person.objects.get()
    assert again.changed == 1
    assert not person.public and person.consent_recorded is None
    assert person.affiliations.get().title == "toimitusjohtaja"


@pytest.mark.django_db
def test_people_import_refuses_unknown_organisation_and_bad_consent(organisation, competences):
    with pytest.raises(InvalidRows) as err:
        services.import_people(
            rows(
                person_row(competences="lentäminen"),
                person_row(email="b@example.com", organisation="Ei Ole Oy"),
                person_row(email="c@example.com", public="ehkä"),
            ),
            actor=SETUP,
        )
    text = str(err.value)
    assert "line 3: organisation 'Ei Ole Oy' not found" in text
    assert "line 4: public 'ehkä' is not true or false" in text
    assert not Person.objects.exists()
    # Nothing half-way: the competence proposed by line 2 went with the rest.
    assert not Competence.objects.filter(proposed=True).exists()


@pytest.mark.django_db
def test_fresh_database_imports_people_with_unknown_competences_as_proposals(regions):
    assert not Competence.objects.exists()
    summary = services.import_people(
        rows(person_row(organisation="", competences="Matkailu; Data-analytiikka")),
        actor=SETUP,
    )
    assert summary.new == 1
    proposed = Competence.objects.filter(proposed=True)
    assert set(proposed.values_list("label_fi", flat=True)) == {"Matkailu", "Data-analytiikka"}
    assert {c.group.code for c in proposed} == {services.PROPOSED_GROUP}
    assert "competence 'Matkailu' proposed for the vocabulary" in summary.warnings
    # A second file names the same terms inflected and in another case: the same entries.
    again = services.import_people(
        rows(
            person_row(
                name="Ville Vahtera",
                email="ville@example.com",
                organisation="",
                competences="matkailussa;DATA-ANALYTIIKASSA",
            )
        ),
        actor=SETUP,
    )
    assert again.new == 1 and again.warnings == []
    assert Competence.objects.count() == 2
    ville = Person.objects.get(email="ville@example.com")
    assert set(ville.competences.values_list("label_fi", flat=True)) == {
        "Matkailu",
        "Data-analytiikka",
    }


@pytest.mark.django_db
def test_inflected_term_matches_an_accepted_competence_before_proposing(organisation, competences):
    services.import_people(
        rows(person_row(competences="Matkailussa;yritysneuvonnassa")), actor=SETUP
    )
    person = Person.objects.get()
    assert set(person.competences.values_list("code", flat=True)) == {"matkailu", "yritysneuvonta"}
    assert not Competence.objects.filter(proposed=True).exists()


@pytest.mark.django_db
def test_accept_rename_and_merge_proposed_competences(organisation, competences):
    services.import_people(
        rows(
            person_row(competences="matkailu;lentäminen"),
            person_row(email="b@example.com", competences="Matkailuala;lentämisessä"),
        ),
        actor=SETUP,
    )
    flying = Competence.objects.get(proposed=True, label_fi="lentäminen")
    tourism = Competence.objects.get(code="matkailu")
    branch = Competence.objects.get(proposed=True, label_fi="Matkailuala")

    with pytest.raises(ValidationError):
        services.rename_competence(branch, actor=SETUP, label_fi="MATKAILU")
    assert services.rename_competence(flying, actor=SETUP, label_fi="Ilmailu", label_en="Aviation")
    flying.refresh_from_db()
    assert (flying.label_fi, flying.label_en, flying.proposed) == ("Ilmailu", "Aviation", True)

    group = tourism.group
    with pytest.raises(ValidationError):
        services.accept_competence(flying, services.proposal_group(), actor=SETUP)
    assert services.accept_competence(flying, group, actor=SETUP)
    flying.refresh_from_db()
    assert not flying.proposed and flying.group == group

    b = Person.objects.get(email="b@example.com")
    rows_before, branch_pk = b.history.count(), branch.pk
    assert services.merge_competence(branch, tourism, actor=SETUP) == 1
    assert not Competence.objects.filter(pk=branch_pk).exists()
    assert set(b.competences.values_list("code", flat=True)) == {"matkailu", flying.code}
    assert b.history.count() == rows_before + 1
    assert Competence.history.filter(id=branch_pk, history_type="-").exists()


@pytest.mark.django_db
def test_erasing_a_person_removes_their_history(organisation, competences):
    person = services.create_person(
        actor=SETUP, organisation=organisation, name="Poistettava", email="p@example.com"
    )
    services.update_person(person, actor=SETUP, name="Poistettava Henkilö")
    services.erase_person(person, actor=SETUP)
    assert not Person.objects.exists()
    assert not Person.history.filter(email="p@example.com").exists()


@pytest.mark.django_db
def test_export_lists_everything_held_about_a_person(organisation, competences):
    person = services.create_person(
        actor=SETUP,
        organisation=organisation,
        title="neuvoja",
        name="Aino",
        email="aino@example.com",
        public=True,
    )
    data = services.export_person(person)["profile"]
    assert data["email"] == "aino@example.com"
    assert data["affiliations"] == [
        {"organisation": organisation.name, "title": "neuvoja", "primary": True}
    ]
    assert data["consent_recorded"] is not None


@pytest.mark.django_db
def test_subregion_overview_counts_based_and_serving(organisation, other_organisation):
    from optiimi.network.queries import subregion_overview

    rows_by_code = {r["region"].code: r for r in subregion_overview("13")}
    assert len(rows_by_code) == 6
    assert rows_by_code["132"]["based"] == 1 and rows_by_code["132"]["serving"] == 1
    assert rows_by_code["133"]["based"] == 1 and rows_by_code["133"]["serving"] == 0
    assert Region.objects.get(level="seutukunta", code="132").served_by.count() == 1
