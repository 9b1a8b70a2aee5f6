"""Referrals of a client's record from one organisation to another, with the client's consent.

A *record* (a company's service request, a guidance client) is held by one organisation at a
time. Its holder may refer it to another organisation with a reason — only when the client has
consented to sharing. The referral waits (`Status.PENDING`) until the receiving organisation
**accepts** it (and becomes the holder) or **declines** it with a reason (the record stays
where it was). The answer locks the referral's row, so of two advisors answering at once one
wins and the other gets `Refused`. The client may **withdraw its consent**: no further
referral can be made, and a referral still waiting is withdrawn (`Status.WITHDRAWN`, it can no
longer be accepted). The organisations that *hold or held* a record are the ones
that may see the client's contact data; an organisation only offered a record sees it, not
the contact.

A capability uses it in four steps:

1. Its record model has `holder` (a ForeignKey to `network.Organisation`), `held_by` (a
   ManyToManyField to it: every organisation that holds or held the record, the first holder
   included) and `consent_to_share` (a BooleanField) — the `Referable` protocol.
2. Its referral model subclasses `Referral`, adds a ForeignKey to the record with
   `related_name="referrals"` and names it in `record_field`::

       class Referral(referrals.Referral):
           record_field = "case"
           case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
           history = HistoricalRecords()

3. Its `services.py` calls `refer(record, model=Referral, actor=…, to=…, reason=…)`,
   `accept(referral, actor=…)`, `decline(referral, actor=…, reason=…)` and
   `withdraw_consent(record, actor=…)` inside its own
   `@writes.service` functions, and adds what is its own (a step in the record's history,
   mail, a clock) around them. `accept(…, update=fn)` lets it set its own fields on the locked
   record before it is saved.
4. Its `permissions.py` uses `holds_or_held(record, organisation_id)` for the contact data and
   `visible_to(records, organisation_id)` for the records an organisation may read. Figures
   and ties count the referrals whose status is in `ANSWERED`.

Each function writes through `core.writes`, so history names the actor; none sends mail or
knows the capability's steps. `Refused` is a step that cannot be taken now (fit to show the
user, HTTP 409); a bad field is a `ValidationError` naming it (`organisation`, `reason`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from optiimi.core import writes
from optiimi.core.writes import Actor, user_of

#: The organisations' model, named by label: core does not import the network.
ORGANISATION = "network.Organisation"


class Refused(Exception):
    """A step that cannot be taken now (a referral already answered, one already pending)."""


class Status(models.TextChoices):
    PENDING = "pending", pgettext_lazy("referral", "waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("referral", "accepted")
    DECLINED = "declined", pgettext_lazy("referral", "declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral", "consent withdrawn")


#: The statuses of a referral the receiver answered (a withdrawn one was never answered).
ANSWERED = (Status.ACCEPTED, Status.DECLINED)


class Referable(Protocol):
    """What a referred record has (model fields of the capability's record model)."""

    pk: Any
    holder: Any  # ForeignKey to network.Organisation
    holder_id: int
    held_by: Any  # ManyToManyField to network.Organisation: who holds or held it
    consent_to_share: bool


class Referral(models.Model):
    """One offer of a record to another organisation (abstract: subclass it, see the module).

    `created_on` is the local day of `created`, for figures read per day or month."""

    #: The name of the subclass's ForeignKey to the record (its related_name is "referrals").
    record_field: ClassVar[str] = "record"

    from_organisation = models.ForeignKey(
        ORGANISATION,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("referral", "from"),
    )
    to_organisation = models.ForeignKey(
        ORGANISATION,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("referral", "to"),
    )
    reason = models.TextField(pgettext_lazy("referral", "reason"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(pgettext_lazy("referral", "reason for the answer"), blank=True)
    created = models.DateTimeField()
    created_on = models.DateField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["created"]

    @property
    def record(self) -> Any:
        """The referred record."""
        return getattr(self, self.record_field)

    @property
    def record_id(self) -> Any:
        return getattr(self, f"{self.record_field}_id")


R = TypeVar("R", bound=Referral)


def _referral_model(record_model: type[models.Model]) -> type[Referral]:
    """The referral model of a record model (the model behind its `referrals`)."""
    related = record_model._meta.get_field("referrals").related_model
    if not (isinstance(related, type) and issubclass(related, Referral)):
        raise TypeError(f"{record_model.__name__}.referrals is not a core.referrals.Referral")
    return related


def pending(record: Referable) -> Any:
    """The record's referral waiting for an answer, or None."""
    return record.referrals.filter(status=Status.PENDING).first()  # type: ignore[attr-defined]


def has_pending(record: Referable) -> bool:
    return bool(record.referrals.filter(status=Status.PENDING).exists())  # type: ignore[attr-defined]


def check_can_refer(record: Referable, *, to: Any, reason: str) -> None:
    """Refuse a referral that may not be made: no consent, to the holder itself, no reason, or
    one already waiting for an answer."""
    if not record.consent_to_share:
        raise ValidationError({"organisation": _("The client has not consented to sharing.")})
    if to.pk == record.holder_id:
        raise ValidationError({"organisation": _("It is already with this organisation.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the other organisation fits better.")})
    if has_pending(record):
        raise Refused(_("It already waits for another organisation's answer."))


@writes.service
def refer(
    record: Referable,
    *,
    model: type[R],
    actor: Actor,
    to: Any,
    reason: str,
    at: datetime.datetime | None = None,
    **fields: Any,
) -> R:
    """Offer `record` (locked by the caller) to organisation `to`, with a reason; the record
    stays with its holder until `to` accepts. `fields` are the subclass's own (`synthetic`)."""
    check_can_refer(record, to=to, reason=reason)
    moment = at or timezone.now()
    referral = model(
        from_organisation_id=record.holder_id,
        to_organisation=to,
        reason=reason.strip(),
        created=moment,
        created_on=timezone.localdate(moment),
        **{model.record_field: record},
        **fields,
    )
    writes.save(referral, actor=actor)
    return referral


def lock(referral: R) -> R:
    """The referral, its row locked until the transaction ends; `Refused` if it was answered.
    Of two advisors answering at once, the second waits here and then finds it answered."""
    model = type(referral)
    locked = (
        model._default_manager.select_for_update()
        .select_related(model.record_field)
        .get(pk=referral.pk)
    )
    if locked.status != Status.PENDING:
        raise Refused(_("This referral has already been answered."))
    return locked


def _answer(referral: R, status: str, text: str, actor: Actor, moment: datetime.datetime) -> None:
    referral.status = status
    referral.answer = text.strip()
    referral.decided_at = moment
    referral.decided_by = user_of(actor)
    writes.save(referral, actor=actor)


@writes.service
def accept(
    referral: R,
    *,
    actor: Actor,
    note: str = "",
    at: datetime.datetime | None = None,
    update: Callable[[Any, datetime.datetime], None] | None = None,
) -> R:
    """The receiving organisation takes the record: it becomes the holder and joins `held_by`.
    `update(record, moment)` sets the capability's own fields on the locked record before it
    is saved. `Refused` if the referral was answered meanwhile."""
    referral = lock(referral)
    moment = at or timezone.now()
    _answer(referral, Status.ACCEPTED, note, actor, moment)
    record = type(referral.record)._default_manager.select_for_update().get(pk=referral.record_id)
    record.holder = referral.to_organisation
    if update is not None:
        update(record, moment)
    writes.save(record, actor=actor)
    writes.set_m2m(
        record, "held_by", [*record.held_by.all(), referral.to_organisation], actor=actor
    )
    setattr(referral, referral.record_field, record)
    return referral


@writes.service
def decline(referral: R, *, actor: Actor, reason: str, at: datetime.datetime | None = None) -> R:
    """The receiving organisation declines with a reason; the record stays with its holder.
    `Refused` if the referral was answered meanwhile."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you decline.")})
    referral = lock(referral)
    _answer(referral, Status.DECLINED, reason, actor, at or timezone.now())
    return referral


@writes.service
def withdraw_consent(
    record: Referable, *, actor: Actor, at: datetime.datetime | None = None
) -> Referral | None:
    """The client withdraws its consent to sharing: `refer` refuses from now on, and a referral
    still waiting for an answer is withdrawn (it can no longer be accepted; the receiver no
    longer sees the record). Organisations that hold or held the record keep it. Returns the
    withdrawn referral, if any; `Refused` if consent was already withdrawn. Locks the waiting
    referral before the record, in the same order as `accept`."""
    referral_model = _referral_model(type(record))  # type: ignore[arg-type]
    waiting = (
        referral_model._default_manager.select_for_update()
        .filter(**{referral_model.record_field: record.pk}, status=Status.PENDING)
        .first()
    )
    locked = type(record)._default_manager.select_for_update().get(pk=record.pk)  # type: ignore[attr-defined]
    if not locked.consent_to_share:
        raise Refused(_("Consent to share has already been withdrawn."))
    locked.consent_to_share = False
    writes.save(locked, actor=actor)
    record.consent_to_share = False
    if waiting is not None:
        _answer(waiting, Status.WITHDRAWN, "", actor, at or timezone.now())
    return waiting


def holds_or_held(record: Referable, organisation_id: int | None) -> bool:
    """Whether the organisation holds or held the record (may see the client's contact data)."""
    if organisation_id is None:
        return False
    return record.holder_id == organisation_id or bool(
        record.held_by.filter(pk=organisation_id).exists()
    )


def visible_to(records: QuerySet[Any], organisation_id: int) -> QuerySet[Any]:
    """The records an organisation may read: those it holds, held, or is or was offered
    (unless the client withdrew its consent before the answer)."""
    model = records.model
    held = model._meta.get_field("held_by").remote_field.through
    referral = _referral_model(model)
    return records.filter(
        Q(holder_id=organisation_id)
        | Q(
            pk__in=held.objects.filter(organisation_id=organisation_id).values(
                f"{model._meta.model_name}_id"
            )
        )
        | Q(
            pk__in=referral._default_manager.filter(to_organisation_id=organisation_id)
            .exclude(status=Status.WITHDRAWN)
            .values(referral.record_field)
        )
    )
