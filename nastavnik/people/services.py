"""Writes of people. Other apps create and change persons only through these functions."""

from collections.abc import Sequence

from django.db import connection, models, transaction
from django.utils import timezone

from nastavnik.people.models import Person


def person_create(
    *,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date=None,
    email: str = "",
    phone: str = "",
    position: str = "",
    is_demo: bool = False,
    teaching_since=None,
) -> Person:
    """Create a person after the model's own checks (names stripped of stray spaces)."""
    person = Person(
        last_name=" ".join(last_name.split()),
        first_name=" ".join(first_name.split()),
        patronymic=" ".join(patronymic.split()),
        birth_date=birth_date,
        email=email,
        phone=phone,
        position=position,
        is_demo=is_demo,
        teaching_since=teaching_since,
    )
    person.full_clean()
    person.save()
    return person


def persons_bulk_create(rows: Sequence[dict]) -> list[int]:
    """Create many people at once (imports) and return their keys, in the order of ``rows``.

    Each row (``last_name``, ``first_name``, ``patronymic``, ``birth_date``, …) is already checked by
    the caller's own checks; the other fields get the model's defaults and the timestamps are set as
    ``save`` would. The rows are written without building model instances: Django's ``bulk_create``
    spends more time preparing each object than the database spends writing it. On PostgreSQL the
    keys are taken from the table's sequence first and the rows stream in with ``COPY``; on SQLite one
    prepared statement is executed for every row and the keys are read back from the connection.
    """
    if not rows:
        return []
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    template = Person()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    defaults = [
        now if f.name in ("created_at", "updated_at") else getattr(template, f.attname) for f in fields
    ]
    given = sorted({key for row in rows for key in row})
    unknown = set(given) - {f.attname for f in fields}
    if unknown:
        raise TypeError(f"unknown fields of Person: {sorted(unknown)}")
    positions = [(index, f.attname) for index, f in enumerate(fields) if f.attname in given]
    date_fields = {f.attname for f in fields if isinstance(f, models.DateField)}
    values = []
    for row in rows:
        line = defaults.copy()
        for index, name in positions:
            if name in row:
                value = row[name]
                if name in date_fields and connection.vendor != "postgresql":
                    value = connection.ops.adapt_datefield_value(value)
                line[index] = value
        values.append(line)
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    pk = Person._meta.pk
    columns = [f.column for f in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [Person._meta.db_table, pk.column, len(values)],
            )
            keys = [key for (key,) in cursor.fetchall()]
            names = ", ".join(quote(c) for c in (pk.column, *columns))
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for key, line in zip(keys, values, strict=True):
                    copy.write_row((key, *line))
            return keys
        if connection.vendor != "sqlite":
            people = Person.objects.bulk_create(
                [Person(**dict(zip([f.attname for f in fields], line, strict=True))) for line in values],
                batch_size=1000,
            )
            return [person.pk for person in people]
        # SQLite: the table's key is AUTOINCREMENT and the transaction holds the write lock from the
        # first row on, so each statement's rows get consecutive keys ending at last_insert_rowid().
        sql = f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        keys = []
        for start in range(0, len(values), 5000):
            chunk = values[start : start + 5000]
            cursor.executemany(sql, chunk)
            cursor.execute("SELECT last_insert_rowid()")
            (last,) = cursor.fetchone()
            keys.extend(range(last - len(chunk) + 1, last + 1))
        return keys
