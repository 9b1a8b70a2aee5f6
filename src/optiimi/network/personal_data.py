"""What the network's registry holds about a person: the profile, affiliations, competences,
user account and role, with their history (registered with `core.personal_data`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model

from optiimi.core import personal_data, writes
from optiimi.network.models import Affiliation, Person, Role


def export_profile(subject: personal_data.Subject) -> dict[str, Any]:
    person = Person.objects.get(pk=subject.person_id)
    competence_history = apps.get_model("network", "HistoricalPerson_competences")
    return {
        "name": person.name,
        "email": person.email,
        "public": person.public,
        "consent_recorded": person.consent_recorded.isoformat()
        if person.consent_recorded
        else None,
        "expertise_fi": person.expertise_fi,
        "expertise_en": person.expertise_en,
        "competences": [c.code for c in person.competences.all()],
        "affiliations": [
            {"organisation": a.organisation.name, "title": a.title, "primary": a.primary}
            for a in person.affiliations.select_related("organisation")
        ],
        "user_account": export_account(subject.user_id),
        "created": person.created.isoformat(),
        "updated": person.updated.isoformat(),
        "history": {
            "profile": personal_data.history_rows(Person.history, id=subject.person_id),
            "affiliations": personal_data.history_rows(
                Affiliation.history, person_id=subject.person_id
            ),
            "competences": [
                {"competence": row.competence_id, "date": row.history.history_date.isoformat()}
                for row in competence_history.objects.filter(
                    person_id=subject.person_id
                ).select_related("history")
            ],
        },
    }


def export_account(user_id: int | None) -> dict[str, Any] | None:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return None
    role = Role.objects.filter(user=user).select_related("organisation").first()
    return {
        "username": user.get_username(),
        "email": getattr(user, "email", ""),
        "first_name": getattr(user, "first_name", ""),
        "last_name": getattr(user, "last_name", ""),
        "date_joined": user.date_joined.isoformat() if hasattr(user, "date_joined") else None,
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "role": None
        if role is None
        else {"kind": role.kind, "organisation": str(role.organisation or "")},
    }


def erase_profile(subject: personal_data.Subject, actor: writes.Actor) -> None:
    """The registry's own part, last: the person, their affiliations and competences, their
    user account and role, and every history row of them (many-to-many history included)."""
    pid = subject.person_id
    person = Person.objects.filter(pk=pid).first()
    if person is not None:
        for affiliation in Affiliation.objects.filter(person_id=pid):
            writes.delete(affiliation, actor=actor)
        person.competences.clear()
        writes.delete(person, actor=actor)
    if subject.user_id is not None:
        for role in Role.objects.filter(user_id=subject.user_id):
            writes.delete(role, actor=actor)
        Role.history.filter(user_id=subject.user_id).delete()
        get_user_model().objects.filter(pk=subject.user_id).delete()
    # the deletes above wrote history rows of their own, so history goes last
    apps.get_model("network", "HistoricalPerson_competences").objects.filter(person_id=pid).delete()
    Affiliation.history.filter(person_id=pid).delete()
    Person.history.filter(id=pid).delete()


personal_data.register("profile", export=export_profile, erase=erase_profile, order=1000)
