"""What foresight holds about a person's user account: barometer answers, signal ratings and
comments (registered with `core.personal_data`). Erasure deletes them with their history; a
signal the person noted stays, without its author."""

from __future__ import annotations

from typing import Any

from optiimi.core import personal_data, writes
from optiimi.foresight.models import (
    BarometerAnswer,
    BarometerRound,
    SignalComment,
    SignalRating,
    WeakSignal,
)


def export_foresight(subject: personal_data.Subject) -> dict[str, Any]:
    if subject.user_id is None:
        return {}
    uid = subject.user_id
    return {
        "barometer_answers": [
            {
                "round": a.round.name,
                "sub_region": a.subregion.name_fi,
                "theme": a.theme.code,
                "horizon": a.horizon,
                "score": a.score,
            }
            for a in BarometerAnswer.objects.filter(rater_id=uid).select_related(
                "round", "subregion", "theme"
            )
        ],
        "barometer_invitations": [
            r.name for r in BarometerRound.objects.filter(invitees__id=uid).order_by("opens")
        ],
        "signals_noted": [s.title for s in WeakSignal.objects.filter(author_id=uid)],
        "signal_ratings": [
            {"signal": r.signal.title, "impact": r.impact, "likelihood": r.likelihood}
            for r in SignalRating.objects.filter(rater_id=uid).select_related("signal")
        ],
        "signal_comments": [
            {"signal": c.signal.title, "text": c.text, "date": c.created_at.isoformat()}
            for c in SignalComment.objects.filter(author_id=uid).select_related("signal")
        ],
        "answer_history": personal_data.history_rows(BarometerAnswer.history, rater_id=uid),
    }


def erase_foresight(subject: personal_data.Subject, actor: writes.Actor) -> None:
    if subject.user_id is None:
        return
    uid = subject.user_id
    for answer in BarometerAnswer.objects.filter(rater_id=uid):
        writes.delete(answer, actor=actor)
    BarometerAnswer.history.filter(rater_id=uid).delete()
    BarometerRound.invitees.through.objects.filter(user_id=uid).delete()
    SignalRating.objects.filter(rater_id=uid).delete()
    SignalComment.objects.filter(author_id=uid).delete()
    for signal in WeakSignal.objects.filter(author_id=uid):
        signal.author = None
        writes.save(signal, actor=actor, validate=False)
    WeakSignal.history.filter(author_id=uid).update(author_id=None)


personal_data.register("foresight", export=export_foresight, erase=erase_foresight)
