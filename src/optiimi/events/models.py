"""Joint events: series with a yearly target, events, invitations, registrations, feedback."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from optiimi.core.localise import localised
from optiimi.network.models import Organisation, Person
from optiimi.regions.models import Level, Region

SUBREGIONS = {"level": Level.SUBREGION}


class Category(models.TextChoices):
    PROJECT_DAY = "project_day", _("sub-regional project day")
    ADULT_EDUCATION_DAY = "adult_education_day", _("adult-education day")
    GUIDANCE_DAY = "guidance_day", _("guidance day")
    REGIONAL = "regional", _("joint regional event")
    OTHER = "other", _("other event")


class EventSeries(models.Model):
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    sub_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_series",
        limit_choices_to=SUBREGIONS,
        verbose_name=_("sub-region"),
    )
    target_per_year = models.PositiveSmallIntegerField(_("events a year (target)"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["category", "sub_region__code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:series", args=[self.pk])

    @property
    def name(self) -> str:
        return localised(self, "name")


class State(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class EventQuerySet(models.QuerySet["Event"]):
    """The one meaning of planned, held and cancelled that pages and indicators count with."""

    def _attended(self) -> Exists:
        return Exists(Registration.objects.filter(event=OuterRef("pk"), attended=True))

    def cancelled(self) -> EventQuerySet:
        return self.exclude(cancelled=None)

    def held(self, now: datetime.datetime | None = None) -> EventQuerySet:
        """Events held: started before `now`, not cancelled, and at least one participant
        checked in. An empty event, or one only dated in the past, was not held."""
        return self.filter(self._attended(), start__lt=now or timezone.now(), cancelled=None)

    def planned(self, now: datetime.datetime | None = None) -> EventQuerySet:
        """Events still to come and not cancelled."""
        return self.filter(start__gte=now or timezone.now(), cancelled=None)


class Event(models.Model):
    title = models.CharField(_("title"), max_length=200)
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    category = models.CharField(
        _("category"), max_length=24, choices=Category.choices, default=Category.OTHER
    )
    sub_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        limit_choices_to=SUBREGIONS,
        verbose_name=_("sub-region"),
        help_text=_("Empty for a regional event."),
    )
    hosts = models.ManyToManyField(
        Organisation, related_name="hosted_events", blank=True, verbose_name=_("hosts")
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Anyone may register; otherwise by invitation.")
    )
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    cancelled = models.DateTimeField(
        _("cancelled"), null=True, blank=True, help_text=_("When the event was called off.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[hosts])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start"]
        indexes = [models.Index(fields=["sub_region", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.pk])

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def is_regional(self) -> bool:
        return self.sub_region_id is None

    def state(self, now: datetime.datetime | None = None) -> str:
        """Planned, held or cancelled, as `EventQuerySet` counts them."""
        if self.cancelled:
            return State.CANCELLED
        if (
            self.start < (now or timezone.now())
            and self.registrations.filter(attended=True).exists()
        ):
            return State.HELD
        return State.PLANNED

    @property
    def state_label(self) -> str:
        return str(State(self.state()).label)

    def is_event_day_or_after(self, now: datetime.datetime | None = None) -> bool:
        """Check-in opens on the day the event starts (Finnish time), not before."""
        today = timezone.localdate(now or timezone.now())
        return today >= timezone.localdate(self.start)

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.end


class Status(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created = models.DateTimeField(_("registered"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), default=False)
    purged = models.BooleanField(_("personal data removed"), default=False)
    reminded = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def is_external(self) -> bool:
        """Someone outside the network's registry: their data is purged after the event."""
        return self.person_id is None and self.user_id is None


class Seat(models.Model):
    """One place at an event: free, or held by one confirmed registration.

    An event has as many seats as its capacity. A registration claims a free seat by locking
    that one row (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL), so concurrent registrations
    lock different rows and commit in parallel instead of queueing behind one lock on the event.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="seats")
    registration = models.OneToOneField(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="seat"
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["event", "pk"]
        indexes = [
            models.Index(
                fields=["event", "id"], condition=Q(registration=None), name="seat_free_by_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


class Answer(models.TextChoices):
    NONE = "none", _("no answer")
    YES = "yes", _("yes")
    NO = "no", _("no")


class Invitation(models.Model):
    """An invitation to one person of the registry, or to a guest from outside it by e-mail."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    message = models.TextField(_("personal message"), blank=True)
    reminded = models.DateTimeField(_("reminded"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=4, choices=Answer.choices, default=Answer.NONE
    )
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    answered = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["person__name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="invitation_once_per_person"),
            models.UniqueConstraint(fields=["event", "email"], name="invitation_once_per_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def name(self) -> str:
        return self.person.name if self.person else self.email


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating} — {self.registration}"


class Asked(models.TextChoices):
    REGISTRATION = "registration", _("when registering")
    FEEDBACK = "feedback", _("in the feedback")


class QuestionType(models.TextChoices):
    TEXT = "text", _("free text")
    CHOICE = "choice", _("one of the choices")
    SCALE = "scale", _("scale 1–5")


class Question(models.Model):
    """A question of the event's own, asked when registering (diet, which workshop) or in the
    feedback (a 1–5 scale or free text)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    asked = models.CharField(_("asked"), max_length=12, choices=Asked.choices)
    text = models.CharField(_("question"), max_length=300)
    type = models.CharField(_("answer"), max_length=8, choices=QuestionType.choices)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One a line, for a question with choices.")
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "asked", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]


class Reply(models.Model):
    """One registration's answer to one of the event's questions."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="replies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replies")
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="reply_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"
