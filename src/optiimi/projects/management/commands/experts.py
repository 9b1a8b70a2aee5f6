import json

from django.core.management.base import BaseCommand, CommandError

from optiimi.projects import finder


class Command(BaseCommand):
    help = "Rank experts across the network for a text in Finnish or English."

    def add_arguments(self, parser):
        parser.add_argument("text", help="project text or the expertise needed")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        if not options["text"].strip():
            raise CommandError("Give a text to search for.")
        hits = finder.find_experts(options["text"], user=None, limit=max(1, options["limit"]))
        rows = [finder.as_dict(h) for h in hits]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("No experts found.")
        for i, row in enumerate(rows, 1):
            email = f" <{row['email']}>" if row["email"] else ""
            self.stdout.write(
                f"{i}. {row['name']}{email} — {row['organisation']} ({row['score']:.2f})"
            )
            for reason in row["reasons"]:
                self.stdout.write(f"   {reason}")
