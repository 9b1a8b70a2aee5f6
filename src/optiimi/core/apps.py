from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "optiimi.core"
    label = "core"
    verbose_name = "Optiimi core"

    def ready(self) -> None:
        from optiimi.core import jobs, personal_data, writes
        from optiimi.core.search import store

        # A tracked model saved anywhere but through core.writes raises UntrackedWrite.
        writes.install_guard()
        # The saved search index is rebuilt after an erasure, so it keeps no erased text.
        personal_data.register(
            "search", export=lambda subject: None, erase=store.erase_saved_copy, order=2000
        )
        # A job keeps its uploaded file and parameters until it ends; the person's go with them.
        personal_data.register("jobs", export=jobs.export_jobs, erase=jobs.erase_jobs)
