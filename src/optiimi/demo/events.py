"""Joint events for the demo: project days in every sub-region for 2007–2009, 2025 and this
year, adult-education days, joint regional events in 2025 and this year, a regional forum and
upcoming events open for registration. All marked synthetic; registrations go through the same
services as real ones."""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.utils import timezone

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Category, EventSeries
from optiimi.network.models import Organisation, Person
from optiimi.regions.models import Region

DEMO = System("demo")

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
# Sub-regions and years without a project day, so that the target view shows a gap.
MISSED = {("138", 2007), ("138", 2008), ("133", 2009), ("138", 2025)}
# The current period's first year: its events are held with two people checked in (the
# records the computed indicators count; kept light so that the demo loads quickly).
CURRENT = 2025
REGIONAL_EVENTS = [
    ("Optiimi-foorumi: seutujen vuosi", 3, 12),
    ("Ennakointiaamupäivä: työvoiman saatavuus", 5, 20),
    ("Osaajat kohtaavat -messut", 9, 24),
    ("Rahoittajien infopäivä", 11, 13),
]
DEVELOPMENT_COMPANY = {
    "131": "JSK",
    "132": "JoSK",
    "133": "KeSK",
    "134": "JäSK",
    "135": "ÄSK",
    "138": "SVSK",
}
COMMENTS = [
    "Hyvä katsaus rahoitusmahdollisuuksiin.",
    "Verkostoituminen oli arvokkainta.",
    "Lisää aikaa ryhmätöille.",
    "Selkeät esitykset, hyvä järjestely.",
    "",
]


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=HELSINKI)


def _fill(event, people: list[Person], rng: random.Random, *, attend: bool) -> None:
    before = event.start - datetime.timedelta(days=10)
    attend = attend and event.start < timezone.now()  # check-in opens on the event's day
    for person in rng.sample(people, k=min(len(people), rng.randint(8, 18))):
        registration = services.register(
            event,
            name=person.name,
            email=person.email or "",
            now=before,
            organisation=", ".join(o.name for o in person.organisations.all()[:1]),
            actor=DEMO,
        )
        if attend and registration.status == "confirmed" and rng.random() < 0.85:
            services.check_in(registration, actor=DEMO)
            registration.attended = True
            if rng.random() < 0.5:
                services.give_feedback(
                    registration, rng.choice([3, 4, 4, 5, 5]), rng.choice(COMMENTS), actor=DEMO
                )


def _held(event, people: list[Person], rng: random.Random) -> None:
    """A light record of an event that took place: two people registered and checked in."""
    if event.start >= timezone.now():
        return
    for person in rng.sample(people, k=2):
        registration = services.register(
            event,
            name=person.name,
            email=person.email or "",
            now=event.start - datetime.timedelta(days=7),
            actor=DEMO,
        )
        services.check_in(registration, actor=DEMO, now=event.start)


def load(seed: int = 2006) -> None:
    rng = random.Random(seed)
    if EventSeries.objects.exists():
        return
    now = timezone.now()
    this_year = timezone.localdate().year
    orgs = {o.short_name: o for o in Organisation.objects.exclude(short_name="")}
    people = list(Person.objects.exclude(email=None).prefetch_related("organisations"))
    subregions = list(Region.objects.subregions().order_by("code"))
    for sub in subregions:
        series = services.create_series(
            actor=DEMO,
            name_fi=f"Seutuhankepäivä — {sub.name_fi}",
            name_en=f"Project day — {sub.name_fi}",
            category=Category.PROJECT_DAY,
            sub_region=sub,
            target_per_year=1,
        )
        host = orgs[DEVELOPMENT_COMPANY[sub.code]]
        for year in sorted({2007, 2008, 2009, CURRENT, this_year}):
            if (sub.code, year) in MISSED:
                continue
            start = _at(year, rng.choice([3, 4, 5, 9, 10]), rng.randint(3, 26))
            if start > now:
                start = start.replace(year=year, month=5)
            event = services.create_event(
                actor=DEMO,
                hosts=[host, orgs["TE-keskus"]],
                series=series,
                category=Category.PROJECT_DAY,
                sub_region=sub,
                title=f"Seutuhankepäivä {year} — {sub.name_fi}",
                venue=f"{sub.name_fi}, kunnantalo",
                start=start,
                end=start + datetime.timedelta(hours=6),
                capacity=40,
                description_fi="Kaikille seudun rahoittajille ja toimijoille: käynnissä olevat "
                "ja suunnitteilla olevat hankkeet, rahoitusmahdollisuudet ja "
                "yhteistyö.",
                description_en="For all funders and actors of the sub-region: running and "
                "planned projects, funding and cooperation.",
                synthetic=True,
            )
            if year != CURRENT or this_year == CURRENT:
                _fill(event, people, rng, attend=True)
            else:
                _held(event, people, rng)
    adult = services.create_series(
        actor=DEMO,
        name_fi="Seudulliset aikuiskoulutuspäivät",
        name_en="Sub-regional adult-education days",
        category=Category.ADULT_EDUCATION_DAY,
        target_per_year=6,
    )
    # 2008–2009 in three sub-regions a year; in the current period in every sub-region the
    # measure targets (all but Jyväskylä), except Saarijärvi–Viitasaari in 2025.
    targeted = [s for s in subregions if s.code != "131"]
    for year in sorted({2008, 2009, CURRENT, this_year}):
        current = year >= CURRENT
        where = [s for s in targeted if (s.code, year) not in MISSED] if current else None
        for n, sub in enumerate(where if where is not None else rng.sample(subregions, k=3)):
            start = _at(year, 2 if n < 3 else 4, rng.randint(2, 26), 12)
            if start > now:
                start = now - datetime.timedelta(days=2 + n)
            event = services.create_event(
                actor=DEMO,
                hosts=[orgs["Gradia"], orgs["JAMK"]],
                series=adult,
                category=Category.ADULT_EDUCATION_DAY,
                sub_region=sub,
                title=f"Aikuiskoulutuspäivä {year} — {sub.name_fi}",
                venue=f"{sub.name_fi}",
                start=start,
                end=start + datetime.timedelta(hours=4),
                capacity=30,
                synthetic=True,
            )
            if n < 3 and (year == this_year or not current):
                _fill(event, people, rng, attend=True)
            else:
                _held(event, people, rng)
    for year in sorted({CURRENT, this_year}):
        for title, month, day in REGIONAL_EVENTS[: 4 if year < this_year else 3]:
            start = _at(year, month, day)
            if start > now:
                continue
            regional = services.create_event(
                actor=DEMO,
                hosts=[orgs["KSL"], orgs["JAMK"]],
                category=Category.REGIONAL,
                title=f"{title} {year}",
                venue="Jyväskylä, Paviljonki",
                start=start,
                end=start + datetime.timedelta(hours=5),
                capacity=200,
                description_fi="Maakunnallinen yhteinen tapahtuma kaikille Optiimi-toimijoille.",
                description_en="A joint regional event for all Optiimi actors.",
                synthetic=True,
            )
            _held(regional, people, rng)
    # Ahead: one with places left, one small one that is full with people waiting.
    start = (
        (now + datetime.timedelta(days=20))
        .astimezone(HELSINKI)
        .replace(hour=9, minute=0, second=0, microsecond=0)
    )
    forum = services.create_event(
        actor=DEMO,
        hosts=[orgs["KSL"], orgs["JAMK"]],
        category=Category.REGIONAL,
        title="Optiimi-foorumi: järkee vai ei?",
        venue="Jyväskylä, JAMK, Rajakatu 35",
        start=start,
        end=start + datetime.timedelta(hours=7),
        capacity=120,
        description_fi="Maakunnallinen foorumi: mitä verkosto on saanut aikaan ja mitä tiedot "
        "kertovat.",
        description_en="Regional forum: what the network has achieved and what the data says.",
        synthetic=True,
    )
    _fill(forum, people, rng, attend=False)
    joutsa = next(s for s in subregions if s.code == "132")
    small = services.create_event(
        actor=DEMO,
        hosts=[orgs["JoSK"]],
        category=Category.PROJECT_DAY,
        sub_region=joutsa,
        series=EventSeries.objects.get(sub_region=joutsa),
        title="Joutsan seudun hankeklinikka",
        venue="Joutsa, Jousitie 24",
        start=start + datetime.timedelta(days=7),
        end=start + datetime.timedelta(days=7, hours=3),
        capacity=5,
        description_fi="Pienryhmä hankeideoiden sparraamiseen.",
        synthetic=True,
    )
    for person in people[:7]:
        services.register(small, name=person.name, email=person.email or "", actor=DEMO)
    # The guidance network's coming guidance days, and an adult-education day ahead (no
    # further ahead than the forum).
    guidance_days = [
        ("134", "Ohjauspäivä: uusi ammatti aikuisena", 5, Category.GUIDANCE_DAY),
        ("131", "Ura- ja opinto-ohjauksen päivä", 12, Category.GUIDANCE_DAY),
        ("135", "Aikuiskoulutuspäivä — Äänekoski", 19, Category.ADULT_EDUCATION_DAY),
    ]
    for code, title, days, kind in guidance_days:
        sub = next(s for s in subregions if s.code == code)
        when = start - datetime.timedelta(days=20) + datetime.timedelta(days=days)
        services.create_event(
            actor=DEMO,
            hosts=[orgs["Gradia"], orgs["JAMK"]],
            category=kind,
            sub_region=sub,
            series=adult if kind == Category.ADULT_EDUCATION_DAY else None,
            title=title if kind == Category.ADULT_EDUCATION_DAY else f"{title} — {sub.name_fi}",
            venue=sub.name_fi,
            start=when,
            end=when + datetime.timedelta(hours=4),
            capacity=30,
            description_fi="Oppilaitosten, työllisyysalueen ja korkeakoulujen ohjaajat neuvovat "
            "koulutusvalinnoissa ja urasuunnittelussa.",
            synthetic=True,
        )
