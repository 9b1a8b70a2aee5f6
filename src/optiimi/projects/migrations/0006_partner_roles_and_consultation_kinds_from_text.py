"""Partner roles and consultation kinds were free text (in Finnish, as typed); each becomes a
choice. Known words (Finnish, English, Swedish; any case) map to their choice; any other role
is kept word for word as the detail of "other", and any other note stays the note of a
consultation of the kind "other". The history rows are mapped the same way."""

from __future__ import annotations

from django.db import migrations

ROLE_WORDS = {
    "lead": [
        "päätoteuttaja",
        "hallinnoija",
        "koordinaattori",
        "lead",
        "lead partner",
        "coordinator",
        "huvudgenomförare",
        "koordinator",
    ],
    "co_implementer": [
        "osatoteuttaja",
        "toteuttaja",
        "yhteistoteuttaja",
        "kumppani",
        "co-implementer",
        "partner",
        "delgenomförare",
    ],
    "funder": ["rahoittaja", "funder", "finansiär"],
    "expert": ["asiantuntija", "expert", "sakkunnig"],
    "training": ["koulutus ja analyysi", "training and analysis", "utbildning och analys"],
    "other": ["muu", "other", "annan"],
}
KIND_WORDS = {
    "planning_meeting": [
        "suunnittelukokous",
        "suunnittelupalaveri",
        "planning meeting",
        "planeringsmöte",
    ],
    "workshop": ["työpaja", "workshop", "verkstad"],
    "interview": ["haastattelu", "interview", "intervju"],
    "email_or_phone": [
        "sähköposti",
        "puhelin",
        "puhelu",
        "sähköposti tai puhelin",
        "e-mail",
        "email",
        "phone",
        "e-mail or phone",
        "e-post",
        "telefon",
        "e-post eller telefon",
    ],
    "other": ["muu", "other", "annan"],
}
_ROLES = {word: code for code, words in ROLE_WORDS.items() for word in words}
_KINDS = {word: code for code, words in KIND_WORDS.items() for word in words}
# The way back: each choice in the Finnish word the demo and the forms used before.
_ROLE_TEXT = {code: words[0] for code, words in ROLE_WORDS.items()}
_KIND_TEXT = {code: words[0] for code, words in KIND_WORDS.items()}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def partner_role(text: str) -> tuple[str, str]:
    """(role, detail) for a role typed as free text; unknown words stay as the detail of
    "other", an empty role stays empty."""
    if not text.strip():
        return "", ""
    code = _ROLES.get(_key(text))
    return (code, "") if code else ("other", text.strip())


def consultation_kind(note: str) -> tuple[str, str]:
    """(kind, note) for a consultation whose note may name its kind; a note that only names a
    kind becomes that kind with no note, any other note is kept under "other"."""
    code = _KINDS.get(_key(note))
    return (code, "") if code else ("other", note)


def _forward(apps, schema_editor):
    for name in ("Partner", "HistoricalPartner"):
        model = apps.get_model("projects", name)
        rows = list(model.objects.all())
        for row in rows:
            row.role, row.role_detail = partner_role(row.role)
        model.objects.bulk_update(rows, ["role", "role_detail"], batch_size=500)
    for name in ("Consultation", "HistoricalConsultation"):
        model = apps.get_model("projects", name)
        rows = list(model.objects.all())
        for row in rows:
            row.kind, row.note = consultation_kind(row.note)
        model.objects.bulk_update(rows, ["kind", "note"], batch_size=500)


def _backward(apps, schema_editor):
    for name in ("Partner", "HistoricalPartner"):
        model = apps.get_model("projects", name)
        rows = list(model.objects.all())
        for row in rows:
            if row.role == "other" and row.role_detail:
                row.role = row.role_detail
            else:
                row.role = _ROLE_TEXT.get(row.role, row.role)
        model.objects.bulk_update(rows, ["role"], batch_size=500)
    for name in ("Consultation", "HistoricalConsultation"):
        model = apps.get_model("projects", name)
        rows = list(model.objects.exclude(kind="other").filter(note=""))
        for row in rows:
            row.note = _KIND_TEXT[row.kind]
        model.objects.bulk_update(rows, ["note"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_partner_role_detail_consultation_kind"),
    ]

    operations = [migrations.RunPython(_forward, _backward)]
