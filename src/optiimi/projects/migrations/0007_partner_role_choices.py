from django.db import migrations, models

ROLES = [
    ("lead", "lead partner"),
    ("co_implementer", "co-implementer"),
    ("funder", "funder"),
    ("expert", "expert"),
    ("training", "training and analysis"),
    ("other", "other"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_partner_roles_and_consultation_kinds_from_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalpartner",
            name="role",
            field=models.CharField(blank=True, choices=ROLES, max_length=20, verbose_name="role"),
        ),
        migrations.AlterField(
            model_name="partner",
            name="role",
            field=models.CharField(blank=True, choices=ROLES, max_length=20, verbose_name="role"),
        ),
    ]
