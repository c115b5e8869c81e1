"""Backup and restore of the whole database and the uploaded files, in one archive.

The archive holds every table as JSON rows (portable between SQLite and PostgreSQL)
and the files under the files directory; restoring needs a schema at the same
migration and no rows yet, so nothing is ever merged into live data.
"""
import io
import json
import tarfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Date, DateTime, Numeric, Table, func, insert, select, text

from engine.errors import Conflict
from models import db

FORMAT = 1
LIVE_DATA = ("orgs", "users", "cases", "process_definitions", "audit_events")


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):  # exact scores: kept as text, never as a float
        return str(value)
    return value


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime) or isinstance(getattr(column.type, "impl", None), DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, Numeric) and isinstance(value, str):
        return Decimal(value)
    return value


def _revision() -> list[str]:
    return db.session.execute(text("SELECT version_num FROM alembic_version ORDER BY 1")).scalars().all()


def dump(archive_path: str | Path, files_dir: str | Path | None = None) -> dict[str, int]:
    """Write the archive; returns {table: row count}."""
    counts, tables = {}, {}
    for table in _tables():
        rows = db.session.execute(select(table)).mappings().all()
        tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
        counts[table.name] = len(rows)
    manifest = {"format": FORMAT, "revisions": _revision(), "counts": counts}
    with tarfile.open(archive_path, "w:gz") as tar:
        for name, payload in (("manifest.json", manifest), ("tables.json", tables)):
            data = json.dumps(payload, ensure_ascii=False).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if files_dir and Path(files_dir).is_dir():
            tar.add(str(files_dir), arcname="files")
    return counts


def restore(archive_path: str | Path, files_dir: str | Path | None = None) -> dict[str, int]:
    """Load an archive into an empty database at the same schema revision."""
    with tarfile.open(archive_path, "r:gz") as tar:
        manifest = json.loads(_read(tar, "manifest.json"))
        tables = json.loads(_read(tar, "tables.json"))
        if manifest["format"] != FORMAT:
            raise Conflict("backup format {format} is not supported", format=manifest['format'])
        if sorted(manifest["revisions"]) != sorted(_revision()):
            raise Conflict("backup is at schema {revisions}, the database at {revision}: "
                           "upgrade both to the same revision first", revisions=manifest['revisions'], revision=_revision())
        busy = [t.name for t in _tables() if t.name in LIVE_DATA
                and db.session.execute(select(func.count()).select_from(t)).scalar()]
        if busy:
            raise Conflict("restore needs an empty database; these tables have rows: {busy}", busy=', '.join(busy))
        # reference rows that migrations seed (settings, calendar) come from the backup instead
        for table in reversed(_tables()):
            db.session.execute(table.delete())
        for table in _tables():
            rows = tables.get(table.name, [])
            if rows:
                db.session.execute(insert(table), [
                    {c.name: _decode(c, row.get(c.name)) for c in table.columns} for row in rows])
        _reset_sequences()
        db.session.commit()
        if files_dir:
            members = [m for m in tar.getmembers() if m.name.startswith("files/") and m.isfile()]
            for member in members:
                target = Path(files_dir) / member.name[len("files/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_read(tar, member))
    return manifest["counts"]


def _read(tar: tarfile.TarFile, member: str | tarfile.TarInfo) -> bytes:
    """A member's bytes; a directory or device where a file belongs is refused."""
    data = tar.extractfile(member)
    if data is None:
        raise Conflict("the backup's {member} is not a file", member=getattr(member, 'name', member))
    return data.read()


def _reset_sequences() -> None:
    """PostgreSQL: ids keep counting from the restored maximum."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].type.python_type is int:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))
