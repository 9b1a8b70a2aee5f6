from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from optiimi.core.mail import site_url
from optiimi.guidance import services
from optiimi.regions.models import Region


class Command(BaseCommand):
    help = (
        "Competence needs: `collect-needs` collects the needs every source tells (the "
        "barometer's occupation questions, vacancy statistics, service requests, the needs "
        "survey) and replaces the earlier collected ones; `survey-invite COMPANY --subregion "
        "CODE [--business-id ID]` makes a company's link to the needs survey and prints it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("collect-needs", help="collect the needs of every source")
        invite = sub.add_parser("survey-invite", help="a company's link to the needs survey")
        invite.add_argument("company", help="the company's name")
        invite.add_argument("--subregion", required=True, help="the sub-region's code")
        invite.add_argument("--business-id", default="", help="the company's Y-tunnus")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "survey-invite":
            self._invite(options["company"], options["subregion"], options["business_id"])
            return
        summary = services.collect_needs(actor=services.COLLECT_NEEDS)
        for warning in summary.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"needs collected: {summary.new} new, {summary.changed} changed, "
                f"{summary.unchanged} unchanged, {summary.removed} removed"
            )
        )

    def _invite(self, company: str, code: str, business_id: str) -> None:
        region = Region.objects.subregions().filter(code=code.strip()).first()
        if region is None:
            raise CommandError(f"no sub-region with code {code!r}")
        try:
            invitation = services.invite_to_survey(
                actor=services.SURVEY_INVITE,
                company_name=company,
                sub_region=region,
                business_id=business_id,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(site_url(invitation.get_absolute_url()))
