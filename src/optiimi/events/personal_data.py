"""What events hold about a person: registrations (with feedback) and invitations (registered
with `core.personal_data`). Erasure anonymises registrations, so that counts of attendance stay,
and deletes invitations with their history."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from optiimi.core import personal_data, writes
from optiimi.events.models import Invitation, Registration
from optiimi.events.services import anonymise, forget_invitations


def _invitations(subject: personal_data.Subject) -> Any:
    mine = Q(person_id=subject.person_id)
    if subject.email:
        mine |= Q(email__iexact=subject.email)
    return Invitation.objects.filter(mine)


def _registrations(subject: personal_data.Subject) -> Any:
    mine = Q(person_id=subject.person_id)
    if subject.user_id is not None:
        mine |= Q(user_id=subject.user_id)
    if subject.email:
        mine |= Q(email__iexact=subject.email)
    return Registration.objects.filter(mine)


def export_events(subject: personal_data.Subject) -> dict[str, Any]:
    registrations = (
        _registrations(subject)
        .select_related("event", "feedback")
        .prefetch_related("replies__question")
    )
    return {
        "registrations": [
            {
                "event": r.event.title,
                "start": r.event.start.isoformat(),
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation_name,
                "status": r.status,
                "registered": r.created.isoformat(),
                "attended": r.attended,
                "feedback": None
                if not hasattr(r, "feedback")
                else {"rating": r.feedback.rating, "comment": r.feedback.comment},
                "answers": {a.question.text: a.value for a in r.replies.all()},
            }
            for r in registrations
        ],
        "invitations": [
            {
                "event": i.event.title,
                "email": i.email,
                "answer": i.answer,
                "sent": i.sent.isoformat() if i.sent else None,
                "message": i.message,
            }
            for i in _invitations(subject).select_related("event")
        ],
        "invitation_history": personal_data.history_rows(
            Invitation.history, person_id=subject.person_id
        ),
    }


def erase_events(subject: personal_data.Subject, actor: writes.Actor) -> None:
    pks = list(_registrations(subject).values_list("pk", flat=True))
    anonymise(Registration.objects.filter(pk__in=pks).select_for_update())
    Registration.objects.filter(pk__in=pks).update(person=None, user=None)
    forget_invitations(_invitations(subject), actor=actor)
    Invitation.history.filter(person_id=subject.person_id).delete()


personal_data.register("events", export=export_events, erase=erase_events)
