"""Move the project → strategy measure links from the many-to-many table to core.Link."""

from django.db import migrations
from django.utils import timezone

KIND = "projects.measures"
REASON = "moved from the project's measures to core links"


def to_links(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Link = apps.get_model("core", "Link")
    HistoricalLink = apps.get_model("core", "HistoricalLink")
    pairs = list(Project.measures.through.objects.values_list("project_id", "measure_id"))
    Link.objects.bulk_create(
        [Link(kind=KIND, source_id=p, target_id=m) for p, m in pairs], ignore_conflicts=True
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
    Project = apps.get_model("projects", "Project")
    Link = apps.get_model("core", "Link")
    Through = Project.measures.through
    Through.objects.bulk_create(
        [
            Through(project_id=source_id, measure_id=target_id)
            for source_id, target_id in Link.objects.filter(kind=KIND).values_list(
                "source_id", "target_id"
            )
        ],
        ignore_conflicts=True,
    )
    Link.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_links"),
        ("projects", "0002_budget_measures_consultation_person_erasable"),
        ("strategy", "0001_plan_indicators_results"),
    ]

    operations = [migrations.RunPython(to_links, to_field)]
