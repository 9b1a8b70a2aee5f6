import pytest
from django.urls import reverse

from optiimi.core.writes import System
from optiimi.network import services
from optiimi.network.models import Organisation

SETUP = System("test setup")


def org_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "business_id": organisation.business_id or "",
        "kind": organisation.kind,
        "home_municipality": organisation.home_municipality_id or "",
        "sub_regions": list(organisation.sub_regions.values_list("pk", flat=True)),
        "member_since": "2004-01-01",
        "member_until": "",
        "website": "",
        "description_fi": "",
        "description_en": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_home_shows_the_six_subregions_on_a_map(client, organisation):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="area"') == 22  # every municipality drawn
    for name in ["Jyväskylä", "Joutsa", "Keuruu", "Jämsä", "Äänekoski", "Saarijärvi-Viitasaari"]:
        assert f">{name}<" in html or f">{name} <" in html or f"{name}<tspan" in html
    assert organisation.name in html


def test_home_map_shows_the_figure_the_reader_chooses(client, organisation, owner):
    # the organisation is based in Joutsa and serves it; its editor is one person there
    html = client.get("/").content.decode()
    assert '<option value="based" selected>' in html
    assert "1 organisaatiota" in html
    html = client.get("/?figure=members").content.decode()
    assert '<option value="members" selected>' in html
    assert "Seutua palvelevat jäsenorganisaatiot." in html  # the map's description
    assert html.count("num chosen") == 1 + 6  # its column in the table: heading and six rows
    client.cookies["django_language"] = "en"
    html = client.get("/?figure=serving").content.decode()
    assert "1 serving it" in html and "0 serving it" in html
    assert '<option value="serving" selected>' in html
    # an unknown figure falls back to the first
    assert '<option value="based" selected>' in client.get("/?figure=x").content.decode()


@pytest.mark.django_db
def test_home_is_in_finnish_by_default_and_english_on_request(client, regions):
    assert "Seutukunnat" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Sub-regions" in html and 'lang="en"' in html


@pytest.mark.django_db
def test_language_switcher_sets_english(client, regions):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_owner_edits_organisation_and_sees_it_in_history(owner_client, organisation):
    url = reverse("network:organisation_edit", args=[organisation.pk])
    response = owner_client.post(url, org_form(organisation, name="Joutsan Kehitys Oy"))
    assert response.status_code == 302
    page = owner_client.get(
        reverse("network:organisation", args=[organisation.pk])
    ).content.decode()
    assert "Joutsan Kehitys Oy" in page
    assert "owner" in page and "Joutsan seudun kehittämisyhtiö" in page  # who, and the old name


@pytest.mark.django_db
def test_form_refuses_wrong_check_digit_naming_the_field(coordinator_client, organisation):
    url = reverse("network:organisation_edit", args=[organisation.pk])
    response = coordinator_client.post(url, org_form(organisation, business_id="0112038-8"))
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_business_id_error"' in html and "8 given, 9 expected" in html
    organisation.refresh_from_db()
    assert organisation.business_id == "0112038-9"


@pytest.mark.django_db
def test_form_accepts_valid_business_id(coordinator_client, regions):
    response = coordinator_client.post(
        reverse("network:organisation_create"),
        {
            "name": "Uusi Oy",
            "kind": "company",
            "business_id": "0112038-9",
            "member_since": "",
            "member_until": "",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Uusi Oy").business_id == "0112038-9"


@pytest.mark.django_db
def test_form_refuses_membership_ending_before_it_begins(coordinator_client, organisation):
    url = reverse("network:organisation_edit", args=[organisation.pk])
    response = coordinator_client.post(url, org_form(organisation, member_until="2003-01-01"))
    assert response.status_code == 422
    assert (
        "cannot end before it begins" in response.content.decode()
        or "ei voi päättyä" in response.content.decode()
    )


@pytest.mark.django_db
def test_organisation_list_filters_and_paginates(client, regions):
    for n in range(30):
        services.create_organisation(actor=SETUP, name=f"Yritys {n:02d}", kind="company")
    services.create_organisation(actor=SETUP, name="Opisto", kind="vocational")
    page1 = client.get("/organisations/").content.decode()
    assert "Yritys 00" in page1 and "Yritys 29" not in page1 and "?page=2" in page1
    filtered = client.get("/organisations/?kind=vocational").content.decode()
    assert "Opisto" in filtered and "Yritys 00" not in filtered
    searched = client.get("/organisations/?q=ritys 1").content.decode()
    assert "Yritys 10" in searched and "Yritys 20" not in searched


@pytest.mark.django_db
def test_organisation_list_query_count_does_not_grow_with_rows(
    client, regions, django_assert_num_queries
):
    for n in range(25):
        services.create_organisation(actor=SETUP, name=f"Yritys {n:02d}", kind="company")
    with django_assert_num_queries(3):
        response = client.get("/organisations/")
    assert response.status_code == 200
    assert "Yritys 00" in response.content.decode()


@pytest.mark.django_db
def test_people_list_query_count_does_not_grow_with_rows(
    member_client, organisation, competences, django_assert_num_queries
):
    for n in range(25):
        services.create_person(
            actor=SETUP, organisation=organisation, name=f"Henkilö {n}", email=f"h{n}@example.com"
        )
    with django_assert_num_queries(9):
        response = member_client.get("/people/")
    assert response.status_code == 200
    assert "Henkilö 0" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_sees_only_consented_profiles(client, member_client, organisation):
    services.create_person(
        actor=SETUP,
        organisation=organisation,
        name="Julkinen Jaana",
        email="j@example.com",
        public=True,
    )
    hidden = services.create_person(
        actor=SETUP, organisation=organisation, name="Piilo Pekka", email="p@example.com"
    )
    public_list = client.get("/people/").content.decode()
    assert "Julkinen Jaana" in public_list and "Piilo Pekka" not in public_list
    assert client.get(f"/people/{hidden.pk}/").status_code == 404
    assert "Piilo Pekka" in member_client.get("/people/").content.decode()
    assert "p@example.com" in member_client.get(f"/people/{hidden.pk}/").content.decode()


@pytest.mark.django_db
def test_editor_adds_person_to_own_organisation_only(
    owner_client, organisation, other_organisation
):
    ok = owner_client.post(
        "/people/new/",
        {
            "name": "Uusi",
            "email": "u@example.com",
            "organisation": organisation.pk,
            "title": "neuvoja",
        },
    )
    assert ok.status_code == 302
    refused = owner_client.post(
        "/people/new/",
        {"name": "Vieras", "email": "v@example.com", "organisation": other_organisation.pk},
    )
    assert refused.status_code == 403
    assert "Vieras" not in str(list(organisation.people.values_list("name", flat=True)))


@pytest.mark.django_db
def test_person_export_and_erasure(owner_client, organisation):
    person = services.create_person(
        actor=SETUP, organisation=organisation, name="Aino", email="aino@example.com"
    )
    export = owner_client.get(f"/people/{person.pk}/export/")
    assert export.json()["profile"]["email"] == "aino@example.com"
    assert owner_client.post(f"/people/{person.pk}/erase/").status_code == 302
    assert not organisation.people.exists()


@pytest.mark.django_db
def test_competence_page_counts_people(client, organisation, competences):
    from optiimi.network.models import Competence

    services.create_person(
        actor=SETUP,
        organisation=organisation,
        name="A",
        public=True,
        competences=[Competence.objects.get(code="matkailu")],
    )
    html = client.get("/competences/").content.decode()
    assert 'matkailu</a> <span class="muted">(1)</span>' in html


@pytest.mark.django_db
def test_htmx_filter_returns_only_the_results(client, organisation):
    response = client.get("/organisations/?q=Joutsa", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert organisation.name in html and "<html" not in html


@pytest.mark.django_db
def test_home_region_is_configurable(client, shared_data, settings):
    from django.core.management import call_command

    call_command(
        "import_regions", str(shared_data / "regions" / "kunta_seutukunta_maakunta_2025.csv")
    )
    settings.HOME_REGION = "07"
    html = client.get("/").content.decode()
    assert "Päijät-Häme" in html and "Lahti" in html
    assert 'class="area"' not in html and "optiimi import geometry" in html
