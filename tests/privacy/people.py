"""A person whose data reaches every capability: the fixture of the erasure and export tests,
also run in a separate process against a database file."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from optiimi.core import writes
from optiimi.demo.loader import load_regions
from optiimi.events import services as events
from optiimi.events.models import Feedback, Invitation, Registration
from optiimi.foresight import services as foresight
from optiimi.foresight.models import BarometerTheme
from optiimi.network import services as network
from optiimi.network.models import Competence
from optiimi.projects import services as projects
from optiimi.regions.models import Region

NAME = "Erkki Esimerkkinen-Poistettava"
EMAIL = "erkki.poistettava@example.com"
SYSTEM = writes.System("erasure test")


def person_everywhere() -> dict[str, Any]:
    """The person, with a user account and role, competences, an affiliation, a consultation, a
    project team place, an event registration with feedback, an invitation, a barometer answer
    and a signal comment; and a second person who must survive the erasure untouched."""
    if not Region.objects.exists():
        load_regions()
    network.define_competences(
        [("elinkeinot", "Elinkeinot", "Business", [("matkailu", "Matkailu", "Tourism")])],
        actor=SYSTEM,
    )
    organisation = network.create_organisation(
        actor=SYSTEM,
        name="Joutsan seudun kehittämisyhtiö",
        short_name="JoSK",
        kind="development_company",
        home_municipality=Region.objects.get(level="kunta", code="172"),
        member_since=datetime.date(2004, 1, 1),
    )
    person = network.create_person(
        actor=SYSTEM,
        organisation=organisation,
        title="matkailuneuvoja",
        name=NAME,
        email=EMAIL,
        expertise_fi="Matkailu ja luontomatkailu",
        competences=list(Competence.objects.filter(code="matkailu")),
        public=True,
    )
    network.update_person(person, actor=SYSTEM, expertise_fi="Matkailu, luontomatkailu, kylät")
    other = network.create_person(
        actor=SYSTEM, organisation=organisation, name="Säilyvä Henkilö", email="jaa@example.com"
    )
    user = get_user_model().objects.create_user(
        "erkki", EMAIL, "pw", first_name="Erkki", last_name="Esimerkkinen-Poistettava"
    )
    network.set_role(user, "member", organisation, actor=SYSTEM)
    person.user = user
    writes.save(person, actor=SYSTEM)

    project = projects.create_project(
        actor=SYSTEM,
        name="Luontomatkailun kehittäminen",
        lead=organisation,
        budget=Decimal(50_000),
        team=[person, other],
    )
    projects.record_consultation(
        project, actor=SYSTEM, person=person, date=datetime.date(2026, 10, 1), note="Kysely"
    )

    start = (timezone.now() + datetime.timedelta(days=14)).replace(second=0, microsecond=0)
    event = events.create_event(
        actor=SYSTEM,
        hosts=[organisation],
        title="Seutuhankepäivä",
        category="project_day",
        venue="Joutsa",
        start=start,
        end=start + datetime.timedelta(hours=6),
        capacity=20,
    )
    diet = events.add_question(
        event, actor=SYSTEM, asked="registration", text="Ruokavalio", type="text"
    )
    registration = events.register(
        event, actor=user, name=NAME, email=EMAIL, answers={diet.pk: f"{NAME}: gluteeniton"}
    )
    Registration.objects.filter(pk=registration.pk).update(attended=True, person=person)
    Feedback.objects.create(registration=registration, rating=5, comment=f"Terveisin {NAME}")
    writes.save(Invitation(event=event, person=person, email=EMAIL), actor=SYSTEM)

    coordinator = get_user_model().objects.create_user("koordinaattori", "k@example.com", "pw")
    network.set_role(coordinator, "coordinator", None, actor=SYSTEM)
    round_ = foresight.open_round(
        actor=coordinator, name="Kevät 2026", opens=datetime.date(2026, 3, 1)
    )
    foresight.answer(
        actor=user,
        round=round_,
        subregion=Region.objects.subregions().get(code="132"),
        theme=BarometerTheme.objects.first(),
        horizon="12m",
        score=1,
    )
    signal = foresight.note_signal(actor=user, title="Kylämatkailu kasvaa", description="Havainto")
    foresight.comment_signal(actor=user, signal=signal, text=f"Lisätietoja: {EMAIL}")
    return {"person": person, "other": other, "user": user, "project": project, "event": event}
