"""The `optiimi` command: a thin wrapper over Django's management commands.

`optiimi import KIND FILE` runs the management command `import_KIND`, so that each app owns its
importers (`regions` owns `import_regions`); every other word passes straight to Django.
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line, get_commands

IMPORT_PREFIX = "import_"


def _import_kinds() -> list[str]:
    """The kinds as typed: `import_indicator_values` is the kind `indicator-values`."""
    return sorted(
        name[len(IMPORT_PREFIX) :].replace("_", "-")
        for name in get_commands()
        if name.startswith(IMPORT_PREFIX)
    )


def _rewrite(argv: list[str]) -> list[str] | None:
    """Turn `optiimi import KIND ...` into `optiimi import_KIND ...`; None means print the kinds."""
    if len(argv) < 2 or argv[1] != "import":
        return argv
    if len(argv) < 3 or argv[2].startswith("-"):
        return None
    return [argv[0], IMPORT_PREFIX + argv[2].replace("-", "_"), *argv[3:]]


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optiimi.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "optiimi"
    import django

    django.setup()
    rewritten = _rewrite(argv)
    if rewritten is None:
        kinds = ", ".join(_import_kinds())
        print("usage: optiimi import KIND FILE [options]")
        print(f"kinds: {kinds}")
        print("`optiimi import KIND --help` describes one.")
        sys.exit(0 if "--help" in argv or "-h" in argv else 2)
    if len(rewritten) > 1 and rewritten[1].startswith(IMPORT_PREFIX):
        kind = rewritten[1][len(IMPORT_PREFIX) :].replace("_", "-")
        if kind not in _import_kinds():
            print(
                f"optiimi: no importer for {kind!r}; kinds: {', '.join(_import_kinds())}",
                file=sys.stderr,
            )
            sys.exit(2)
    execute_from_command_line(rewritten)
