from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "optiimi.core"
    label = "core"
    verbose_name = "Optiimi core"

    def ready(self) -> None:
        from optiimi.core import writes

        # A tracked model saved anywhere but through core.writes raises UntrackedWrite.
        writes.install_guard()
