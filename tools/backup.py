"""Backups of the app's database: `make backup` (or `python tools/backup.py`).

SQLite: an online copy with SQLite's backup API (the server may keep running and writing;
the copy is one consistent moment), checked with `PRAGMA integrity_check`, into
BACKUP_DIR (default data/backups) as app-<UTC time>.db.

PostgreSQL: `pg_dump --format=custom` of DATABASE_URL into BACKUP_DIR as
app-<UTC time>.dump (pg_dump must be installed, of the server's major version or newer).

Restore (with the server stopped):
    python tools/backup.py restore data/backups/app-<time>.db            # into DATABASE_URL
    pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" app-<time>.dump
The server migrates the restored database to the current schema when it starts.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.config import get_settings  # noqa: E402


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq's tools take it."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix):]
    return url


def sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1])


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def backup_sqlite(database: Path, folder: Path) -> Path:
    """An online, consistent copy of `database` in `folder`, checked before it is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"app-{stamp()}.db"
    partial = target.with_suffix(".db.partial")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        # All pages in one read transaction: in WAL mode that is one consistent moment, and
        # the server's writers go on meanwhile (a reader never blocks them).
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise RuntimeError(f"the copy failed its integrity check: {check}")
    finally:
        copy.close()
        source.close()
    partial.rename(target)
    return target


def restore_sqlite(backup: Path, database: Path) -> None:
    """Replace `database` with the copy `backup` (the server must be stopped)."""
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise RuntimeError(f"the backup failed its integrity check: {check}")
        database.parent.mkdir(parents=True, exist_ok=True)
        for stale in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            stale.unlink(missing_ok=True)
        target = sqlite3.connect(database)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def backup_postgresql(url: str, folder: Path, *, schema: str | None = None) -> Path:
    """`pg_dump --format=custom` of the database (or one schema of it) into `folder`."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise RuntimeError("pg_dump is missing: install the PostgreSQL client (postgresql-client)")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"app-{stamp()}.dump"
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={target}"]
    if schema:
        command.append(f"--schema={schema}")
    subprocess.run([*command, libpq_url(url)], check=True)
    return target


def restore_postgresql(dump: Path, url: str) -> None:
    """`pg_restore` of a dump into the (empty or to be replaced) database at `url`."""
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                    f"--dbname={libpq_url(url)}", str(dump)], check=True)


def main(argv: list[str]) -> int:
    settings = get_settings()
    url = settings.database_url
    folder = Path(os.environ.get("BACKUP_DIR", ROOT / "data" / "backups"))
    if argv[:1] == ["restore"] and len(argv) == 2:
        if url.startswith("sqlite"):
            restore_sqlite(Path(argv[1]), sqlite_path(url))
        else:
            restore_postgresql(Path(argv[1]), url)
        print(f"Restored {argv[1]}. Start the server: it migrates the schema if needed.")
        return 0
    if argv:
        print(__doc__)
        return 2
    if url.startswith("sqlite"):
        target = backup_sqlite(sqlite_path(url), folder)
    elif url.startswith("postgresql"):
        target = backup_postgresql(url, folder)
    else:
        print(f"No backup method for {url.split(':', 1)[0]}")
        return 2
    print(f"Backup written: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
