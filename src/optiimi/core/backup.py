"""One-file backups of the database and the data directory, and their restore.

The database is copied as a consistent snapshot while the server keeps running: SQLite's
online backup API, or `pg_dump` in its custom format on PostgreSQL. The archive (a gzipped
tar) also holds the data directory's files — the secret key, the saved search index — but not
collected static files, which `optiimi serve` rebuilds. A restore goes into an empty database
and data directory only, and writes nothing else: no migration, no history row.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
DATA = "data"
# Rebuilt from the code by collectstatic; a restore needs none of it.
NOT_BACKED_UP = {"static"}
# What a fresh data directory holds before any data: the key and the static folder the
# settings create, and an empty SQLite file.
FRESH = {"secret_key", "static"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _vendor(db: dict[str, Any]) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} not found: install the PostgreSQL client programs")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


def _dump_database(alias: str, target: Path) -> str:
    connection = connections[alias]
    vendor = _vendor(connection.settings_dict)
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot while others keep writing.
            connection.connection.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    else:
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            _pg_env(connection.settings_dict),
        )
    return vendor


def _data_files(data_dir: Path, skip: set[Path]) -> list[Path]:
    files = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in NOT_BACKED_UP or not path.is_file() or path.is_symlink():
            continue
        if any(path == s or path.name.startswith(s.name + "-") for s in skip):
            continue  # the live database and its -wal/-shm/-journal files
        files.append(path)
    return files


def backup(
    target: Path, *, alias: str = DEFAULT_DB_ALIAS, data_dir: Path | None = None
) -> dict[str, Any]:
    """Write the database and the data directory's files to one archive; its manifest back."""
    data_dir = Path(data_dir or settings.DATA_DIR).resolve()
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    db = connections[alias].settings_dict
    skip = {target}
    if _vendor(db) == "sqlite":
        skip.add(Path(str(db["NAME"])).resolve())
    with tempfile.TemporaryDirectory(prefix=".optiimi-backup-", dir=target.parent) as tmp:
        skip.add(Path(tmp).resolve())
        dump = Path(tmp) / "database"
        vendor = _dump_database(alias, dump)
        files = [f for f in _data_files(data_dir, skip) if Path(tmp).resolve() not in f.parents]
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": vendor,
            "files": [str(f.relative_to(data_dir)) for f in files],
        }
        partial = Path(tmp) / "archive"
        with tarfile.open(partial, "w:gz") as archive:
            body = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(info, io.BytesIO(body))
            archive.add(dump, DUMPS[vendor])
            for path in files:
                archive.add(path, f"{DATA}/{path.relative_to(data_dir)}")
        partial.chmod(0o600)  # it holds the secret key and personal data
        os.replace(partial, target)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("not an Optiimi backup: no manifest.json")
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(path) as existing:
        count = existing.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
        return bool(count.fetchone()[0] == 0)


def _postgres_is_empty(db: dict[str, Any]) -> bool:
    import psycopg

    options = {
        k: db[v]
        for k, v in [("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")]
        if db.get(v)
    }
    with psycopg.connect(dbname=db["NAME"], **options) as pg:
        row = pg.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return bool(row and row[0] == 0)


def restore(
    source: Path, *, alias: str = DEFAULT_DB_ALIAS, data_dir: Path | None = None
) -> dict[str, Any]:
    """Restore an archive into an empty database and data directory; its manifest back."""
    data_dir = Path(data_dir or settings.DATA_DIR).resolve()
    db = connections[alias].settings_dict
    vendor = _vendor(db)
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 (closed by the `with` below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {source}: {exc}") from None
    with archive:
        manifest = _read_manifest(archive)
        if manifest["database"] != vendor:
            raise BackupError(
                f"the backup is of a {manifest['database']} database; this server uses {vendor}"
            )
        sqlite_path = Path(str(db["NAME"])).resolve() if vendor == "sqlite" else None
        empty = _sqlite_is_empty(sqlite_path) if sqlite_path else _postgres_is_empty(db)
        if not empty:
            raise BackupError(f"the database {db['NAME']} is not empty: restore into a new one")
        data_dir.mkdir(parents=True, exist_ok=True)
        present = {
            p.name
            for p in data_dir.iterdir()
            if p.name not in FRESH
            and (sqlite_path is None or not str(p).startswith(str(sqlite_path)))
        }
        if present:
            raise BackupError(
                f"the data directory {data_dir} is not empty ({', '.join(sorted(present))}):"
                " restore into a new one"
            )
        connections[alias].close()
        with tempfile.TemporaryDirectory(prefix=".optiimi-restore-", dir=data_dir) as tmp:
            archive.extractall(tmp, filter="data")
            dump = Path(tmp) / DUMPS[vendor]
            if not dump.is_file():
                raise BackupError(f"the backup has no {DUMPS[vendor]}")
            if sqlite_path:
                for suffix in ("-wal", "-shm", "-journal"):
                    Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
                sqlite_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(dump, sqlite_path)
            else:
                _run(
                    [
                        "pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        f"--dbname={db['NAME']}",
                        str(dump),
                    ],
                    _pg_env(db),
                )
            files = Path(tmp) / DATA
            if files.is_dir():
                for path in sorted(files.rglob("*")):
                    if path.is_file():
                        destination = data_dir / path.relative_to(files)
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        shutil.move(path, destination)
    return manifest
