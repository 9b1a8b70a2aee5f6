from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from optiimi.core.writes import Actor, System
from optiimi.projects import services
from optiimi.projects.models import Phase, Project


class Command(BaseCommand):
    help = "Move a project (id or acronym) to another phase, with the same rules as the web."

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or acronym")
        parser.add_argument("phase", choices=Phase.values)
        parser.add_argument(
            "--exception", default="", help="reason to start running without outside consultation"
        )
        parser.add_argument("--user", help="username acting (a coordinator may move backwards)")

    def handle(self, *args, **options):
        ref = options["project"]
        query = (
            Project.objects.filter(pk=int(ref))
            if ref.isdigit()
            else Project.objects.filter(acronym__iexact=ref)
        )
        project = query.first()
        if project is None:
            raise CommandError(f"No project {ref!r}.")
        actor: Actor = System("project phase")
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
            actor = user
        try:
            services.change_phase(
                project, options["phase"], actor=actor, exception=options["exception"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{project.name}: {project.get_phase_display()}")
