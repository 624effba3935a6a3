"""Streaming many rows into one table: COPY on PostgreSQL, `executemany` in chunks on SQLite.

Rows are consumed as they come, so memory stays flat whatever their number. Values must already
be what the column holds (ints, strings, aware datetimes, dates...); on SQLite they are converted
the way Django's backend would store them.
"""

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection

SQLITE_CHUNK = 5000
# Values SQLite stores as they are: the common case, passed without a call per value.
STORED_AS_IS = frozenset({int, str, float, bool, type(None)})


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Append `rows` to `table` (a name, not quoted) and return how many were written."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608 - our table names
        batch = []
        for row in rows:
            batch.append(tuple(v if type(v) in STORED_AS_IS else sqlite_value(v) for v in row))
            if len(batch) >= SQLITE_CHUNK:
                cursor.cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.cursor.executemany(sql, batch)
            count += len(batch)
    return count


def sqlite_value(value):
    """What Django's SQLite backend would store for this Python value."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
