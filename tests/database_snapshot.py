"""A copy of every table's rows, to put the test database back after a transactional test.

A transactional test (live server, real worker, `on_commit`) ends with a flush of every table,
taking Wagtail's root page, the Site, the locales, the groups and the 1,598 territories with it.
Django's `serialized_rollback` puts rows back one `save()` at a time (5 to 9 seconds here); copying
the rows table by table takes a fraction of a second.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass(frozen=True)
class TableRows:
    """The rows of one table, as the database driver returned them."""

    table: str
    columns: tuple[str, ...]
    rows: list[tuple]


@dataclass(frozen=True)
class Snapshot:
    """The tables a flush empties, and the rows to put back into them."""

    tables: list[str]
    contents: list[TableRows]


def take_snapshot() -> Snapshot:
    """Every row of every table Django manages, but those that triggers fill."""
    quote = connection.ops.quote_name
    tables = sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False))
    filled_by_triggers = _full_text_tables()
    contents = []
    with connection.cursor() as cursor:
        for table in tables:
            if table in filled_by_triggers:
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = tuple(column[0] for column in cursor.description)
            contents.append(TableRows(table, columns, cursor.fetchall()))
    return Snapshot(tables, contents)


def restore_snapshot(snapshot: Snapshot) -> None:
    """Empty those tables and put the snapshot's rows back, in one transaction.

    Foreign keys are checked at commit (Django creates them deferrable), so the order of the
    tables does not matter; sequences are set past the restored ids (a test may have reset them).
    """
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # DELETE, not TRUNCATE: the tables are small or already empty, and PostgreSQL takes
        # seconds to truncate a hundred tables.
        for table in snapshot.tables:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for entry in snapshot.contents:
            if entry.rows:
                columns = ", ".join(quote(column) for column in entry.columns)
                values = ", ".join(["%s"] * len(entry.columns))
                insert = f"INSERT INTO {quote(entry.table)} ({columns}) VALUES ({values})"
                cursor.executemany(insert, entry.rows)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _full_text_tables() -> set[str]:
    """SQLite's full-text tables (the search index): triggers on their source table fill them,
    and `SELECT *` does not return their row ids."""
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master "
                       "WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        return {row[0] for row in cursor.fetchall()}
