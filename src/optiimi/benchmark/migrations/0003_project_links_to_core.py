"""Move each cohort's project from its foreign key to core.Link."""

from django.db import migrations
from django.utils import timezone

KIND = "benchmark.project"
REASON = "moved from the cohort's project to core links"


def to_links(apps, schema_editor):
    Cohort = apps.get_model("benchmark", "Cohort")
    Link = apps.get_model("core", "Link")
    HistoricalLink = apps.get_model("core", "HistoricalLink")
    pairs = list(
        Cohort.objects.filter(project__isnull=False).values_list("pk", "project_id")
    )
    Link.objects.bulk_create(
        [Link(kind=KIND, source_id=c, target_id=p) for c, p in pairs], ignore_conflicts=True
    )
    now = timezone.now()
    HistoricalLink.objects.bulk_create(
        [
            HistoricalLink(
                id=link.id,
                kind=link.kind,
                source_id=link.source_id,
                target_id=link.target_id,
                created=link.created,
                history_date=now,
                history_type="+",
                history_change_reason=REASON,
            )
            for link in Link.objects.filter(kind=KIND)
        ]
    )


def to_field(apps, schema_editor):
    Cohort = apps.get_model("benchmark", "Cohort")
    Link = apps.get_model("core", "Link")
    for source_id, target_id in Link.objects.filter(kind=KIND).values_list(
        "source_id", "target_id"
    ):
        Cohort.objects.filter(pk=source_id).update(project_id=target_id)
    Link.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("benchmark", "0002_cohorts"),
        ("core", "0002_links"),
    ]

    operations = [migrations.RunPython(to_links, to_field)]
