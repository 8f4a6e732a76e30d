"""Write many new rows fast: ``INSERT … VALUES (…), (…) RETURNING id``.

``QuerySet.bulk_create`` compiles every value of every row through the SQL
compiler (``pre_save``, expression checks, placeholders per value), which is
most of an importer's time once the rows are wide (a Wagtail page has 30-odd
columns).  :func:`insert_rows` writes the same rows with one prepared value
per field (``get_db_prep_save``) and one placeholder string per chunk size.

Like ``bulk_create``, no signals are sent and ``auto_now``/``auto_now_add``
dates are set, unless ``raw=True`` keeps every value as the caller set it
(an importer keeping a comment's original date).  Unlike it, no expressions
are accepted as values and no other field's ``pre_save`` runs (file fields
are not written this way).  Multi-table children are written
one table at a time by the caller (pass the child model and its own fields).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import router, transaction
from django.db.models import Field, Model


def insert_rows(
    model: type[Model],
    objs: Sequence[Model],
    *,
    fields: Sequence[Field] | None = None,
    using: str | None = None,
    raw: bool = False,
) -> None:
    """INSERT the new ``objs`` of ``model``'s own table; set their primary keys.

    ``fields`` defaults to the table's concrete columns. If every object
    already has its primary key (a multi-table child pointing at its parent
    row) it is written; otherwise the database assigns it and it is read back.
    """
    if not objs:
        return
    alias = using or router.db_for_write(model)
    connection = transaction.get_connection(alias)
    opts = model._meta
    pk = opts.pk
    if fields is None:
        fields = [f for f in opts.local_concrete_fields if not f.generated]
    assign_pk = any(getattr(obj, pk.attname) is None for obj in objs)
    if assign_pk:
        fields = [f for f in fields if f is not pk]
    fields = list(fields)
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(opts.db_table)} "  # noqa: S608 - quoted names, placeholders
        f"({', '.join(quote(f.column) for f in fields)}) VALUES "
    )
    tail = f" RETURNING {quote(pk.column)}" if assign_pk else ""
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    prep = [(f.attname, f.get_db_prep_save) for f in fields]
    stamped = [
        f
        for f in fields
        if not raw
        and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            params: list[Any] = []
            for obj in chunk:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                for f in stamped:
                    f.pre_save(obj, True)  # sets the attribute
                params.extend(
                    save(getattr(obj, attname), connection) for attname, save in prep
                )
            cursor.execute(head + ", ".join([row] * len(chunk)) + tail, params)
            if assign_pk:
                for obj, (value,) in zip(chunk, cursor.fetchall(), strict=True):
                    setattr(obj, pk.attname, value)
            for obj in chunk:
                obj._state.adding = False
                obj._state.db = alias
