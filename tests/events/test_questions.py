"""The event's own questions when registering and in the feedback, in the participants' list,
its exports, the name badges and the sign-in sheet."""

import io

import openpyxl
import pytest
from django.utils import translation

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Registration, Reply

SETUP = System("test setup")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def diet(event):
    return services.add_question(
        event,
        actor=SETUP,
        asked="registration",
        text="Diet",
        type="choice",
        choices="none\nvegetarian\ngluten-free",
        required=True,
    )


@pytest.mark.django_db
def test_registration_form_asks_the_events_questions_and_stores_the_answers(client, event, diet):
    workshop = services.add_question(
        event, actor=SETUP, asked="registration", text="Which workshop?", type="text"
    )
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Diet" in page and "gluten-free" in page and "Which workshop?" in page
    missing = client.post(f"/events/{event.pk}/register/", {"name": "A", "email": "a@example.com"})
    assert missing.status_code == 422 and not Registration.objects.exists()
    wrong = client.post(
        f"/events/{event.pk}/register/",
        {"name": "A", "email": "a@example.com", f"q{diet.pk}": "meat only"},
    )
    assert wrong.status_code == 422 and not Registration.objects.exists()
    ok = client.post(
        f"/events/{event.pk}/register/",
        {"name": "A", "email": "a@example.com", f"q{diet.pk}": "vegetarian", f"q{workshop.pk}": ""},
    )
    assert ok.status_code == 302
    assert list(Reply.objects.values_list("question__text", "value")) == [("Diet", "vegetarian")]


@pytest.mark.django_db
def test_service_refuses_a_missing_required_answer(event, diet):
    with pytest.raises(services.RegistrationRefused, match="Diet"):
        services.register(event, name="A", email="a@example.com", actor=SETUP, answers={})
    with pytest.raises(services.RegistrationRefused, match="not a choice"):
        services.register(
            event, name="A", email="a@example.com", actor=SETUP, answers={diet.pk: "x"}
        )


@pytest.mark.django_db
def test_answers_in_participants_list_and_formula_safe_exports(owner_client, event, diet):
    services.register(
        event,
        name="Aino",
        email="aino@example.com",
        actor=SETUP,
        answers={diet.pk: "gluten-free"},
    )
    text = services.add_question(
        event, actor=SETUP, asked="registration", text="Wishes", type="text"
    )
    services.register(
        event,
        name="Eevi",
        email="eevi@example.com",
        actor=SETUP,
        answers={diet.pk: "none", text.pk: '=HYPERLINK("http://evil.example")'},
    )
    page = owner_client.get(f"/events/{event.pk}/participants/").content.decode()
    assert '<th scope="col">Diet</th>' in page and "gluten-free" in page
    csv = owner_client.get(f"/events/{event.pk}/participants.csv").content.decode("utf-8-sig")
    header = csv.splitlines()[0]
    assert header.endswith("Diet,Wishes")
    assert "'=HYPERLINK" in csv
    book = openpyxl.load_workbook(
        io.BytesIO(owner_client.get(f"/events/{event.pk}/participants.xlsx").content)
    )
    rows = list(book.active.values)
    assert rows[0][-2:] == ("Diet", "Wishes")
    assert {r[-2] for r in rows[1:]} == {"gluten-free", "none"}
    evil = next(c for r in book.active.iter_rows() for c in r if str(c.value).startswith("="))
    assert evil.data_type == "s" and evil.quotePrefix


@pytest.mark.django_db
def test_organisers_add_and_remove_questions(owner_client, outsider_client, event):
    url = f"/events/{event.pk}/questions/"
    assert outsider_client.get(url).status_code == 403
    response = owner_client.post(
        url, {"asked": "registration", "text": "Diet", "type": "choice", "choices": "a\nb"}
    )
    assert response.status_code == 302
    refused = owner_client.post(url, {"asked": "feedback", "text": "Diet", "type": "choice"})
    assert refused.status_code == 422
    question = event.questions.get()
    assert question.choice_list == ["a", "b"] and not question.required
    owner_client.post(url, {"delete": question.pk})
    assert not event.questions.exists()


@pytest.mark.django_db
def test_feedback_questions_scale_and_text_reach_the_organisers(client, owner_client, event):
    useful = services.add_question(
        event,
        actor=SETUP,
        asked="feedback",
        text="Was the venue good?",
        type="scale",
        required=True,
    )
    better = services.add_question(
        event, actor=SETUP, asked="feedback", text="What next time?", type="text"
    )
    registration = services.register(event, name="A", email="a@example.com", actor=SETUP)
    services.check_in(registration, actor=SETUP, now=event.start)
    token = services.feedback_token(registration)
    page = client.get(f"/events/feedback/{token}/").content.decode()
    assert "Was the venue good?" in page and "What next time?" in page
    client.post(f"/events/feedback/{token}/", {"rating": 4})
    assert not hasattr(Registration.objects.get(pk=registration.pk), "feedback")
    client.post(
        f"/events/feedback/{token}/",
        {"rating": 4, f"q{useful.pk}": "5", f"q{better.pk}": "Lisää ryhmätöitä"},
    )
    assert Registration.objects.get(pk=registration.pk).feedback.rating == 4
    detail = owner_client.get(f"/events/{event.pk}/").content.decode()
    assert "Was the venue good?" in detail and "5,0 / 5" in detail and "4,0 / 5" in detail
    assert "Lisää ryhmätöitä" in detail


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["badges", "signin"])
def test_badges_and_sign_in_sheet_are_pdf(owner_client, outsider_client, event, kind):
    services.register(event, name="Aino Ainola", email="a@example.com", actor=SETUP)
    response = owner_client.get(f"/events/{event.pk}/{kind}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert outsider_client.get(f"/events/{event.pk}/{kind}.pdf").status_code == 403
    assert owner_client.get(f"/events/{event.pk}/other.pdf").status_code == 404
