from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from optiimi.core.commands import ImportCommand
from optiimi.core.writes import System
from optiimi.network.models import Organisation
from optiimi.services import catalogue, services


class Command(ImportCommand):
    help = (
        "Import services for companies: a Suomi.fi PTV open API response (.json: one v11 "
        "Service, a list of them, or a page of Service/list; the responsible organisation is "
        "matched by name, or give --organisation), or a CSV/XLSX table with columns "
        "organisation (short name, name or Y-tunnus), name_fi and optionally name_en, name_sv, "
        "description_fi, description_en, description_sv, target_group, sub_regions (codes), "
        "channels (separated by ';'), first_contact_days, plan_days, external_id. Services "
        "match by external_id, else by organisation and Finnish name; the whole file or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--organisation", help="short name of the organisation every PTV service belongs to"
        )

    def run(self, paths: list[Path], **options: Any) -> object:
        path = paths[0]
        raw = path.read_bytes()
        if path.suffix.lower() == ".json":
            owner = None
            if options.get("organisation"):
                owner = Organisation.objects.filter(short_name=options["organisation"]).first()
                if owner is None:
                    raise CommandError(
                        f"no organisation with short name {options['organisation']!r}"
                    )
            rows = catalogue.ptv_rows(raw, organisation=owner)
        else:
            rows = catalogue.table_service_rows(raw, path.name)
        return services.import_services(rows, actor=System("import services"))
