from django.db import migrations, models

KINDS = [
    ("planning_meeting", "planning meeting"),
    ("workshop", "workshop"),
    ("interview", "interview"),
    ("email_or_phone", "e-mail or phone"),
    ("other", "other"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_remove_project_measures"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="kind",
            field=models.CharField(
                choices=KINDS, default="other", max_length=20, verbose_name="kind of consultation"
            ),
        ),
        migrations.AddField(
            model_name="historicalconsultation",
            name="kind",
            field=models.CharField(
                choices=KINDS, default="other", max_length=20, verbose_name="kind of consultation"
            ),
        ),
        migrations.AddField(
            model_name="historicalpartner",
            name="role_detail",
            field=models.CharField(blank=True, max_length=100, verbose_name="role (other)"),
        ),
        migrations.AddField(
            model_name="partner",
            name="role_detail",
            field=models.CharField(blank=True, max_length=100, verbose_name="role (other)"),
        ),
    ]
