"""Querysets turned into SQL once per process, then run with new values (issue 17, "the
uncached path").

Building a queryset (``filter``, ``Q``, subqueries) and compiling it to SQL costs Django
0.5–2 ms of CPU per query, every request, for SQL that is the same each time but for a few
values: the account's id, the page's primary key, the time. On the minutes page that was
half of the page's CPU. A ``CompiledQuery`` builds and compiles its queryset once per
database connection and shape, with stand-in values ("slots") in place of the values that
change; each run puts the request's values in their places in the parameters and sends the
kept SQL. Model instances, ``select_related`` and ``prefetch_related`` are Django's own
(``ModelIterable`` over the kept compiler); only building and compiling are skipped.

What must hold for that to be right, and how it is checked:

- The builder's queryset may depend only on its arguments: anything it reads itself (the
  time, the language, a setting) would be frozen into the kept SQL. Times are slots.
- Slots are scalars (an int, a str, a date, an aware datetime) that reach the parameters as
  given: an ``exact`` lookup, not ``contains`` (which sends ``%value%``).
- With ``COMPILED_QUERIES_CHECK`` (on in the tests), every run also builds and compiles the
  queryset from the real values and raises ``CompiledQueryMismatch`` when the SQL or the
  parameters differ from the kept ones: the whole test suite checks every use.

The SQL is kept on the database connection (``DatabaseWrapper``, one per thread), so a
thread never runs another's compiler. Only on PostgreSQL (production and the tests): SQLite
(``make run``) turns dates into text on their way into the parameters, so there every run
builds its queryset as Django does.
"""

from __future__ import annotations

import copy
import datetime
import itertools
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Stand-in values: far from any value a page filters on (ids are positive, the portal's
# dates are after 2000), each distinct, so that their places in the parameters are known.
# Django 5 drops an ``exact`` lookup whose integer is out of its column's range from the SQL
# (EmptyResultSet) instead of sending it: integers are first tried far below any id, within
# PostgreSQL's ``integer``, then within a positive ``smallint`` (an edition's number).
_counter = itertools.count(1)
_SENTINELS: dict[type, tuple[Callable[[int], Any], ...]] = {
    int: (lambda n: -2_100_000_000 - n, lambda n: 30_000 + n % 2_000),
    str: (lambda n: f"\x1fcompiled-query-slot-{n}\x1f",),
    datetime.date: (lambda n: datetime.date(1901, 1, 1) + datetime.timedelta(days=n),),
    datetime.datetime: (
        lambda n: datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=n),
    ),
}


class CompiledQueryMismatch(AssertionError):
    """The kept SQL of a ``CompiledQuery`` differs from its queryset built afresh: its builder
    reads something other than its arguments, or a slot's value is changed on its way into
    the parameters. Only raised with ``COMPILED_QUERIES_CHECK``."""


class CompiledQuery:
    """A queryset built by ``build(**arguments)`` and compiled once per connection and shape.

    ``slots`` name the arguments whose values change from run to run, with their type
    (``int``, ``str``, ``datetime.date`` or ``datetime.datetime``); every other argument is part of
    the shape (a role, a flag: hashable values, one compilation each)::

        VISIBLE = CompiledQuery(lambda role, pk: visible_to(role).filter(pk=pk)[:1], pk=int)
        VISIBLE.list(role="member", pk=12)
    """

    def __init__(self, build: Callable[..., QuerySet], **slots: type):
        for kind in slots.values():
            if kind not in _SENTINELS:
                raise TypeError(f"a slot is an int, a str, a date or a datetime, not {kind!r}")
        self.build = build
        self.slots = slots
        self.name = getattr(build, "__qualname__", repr(build))

    def list(self, **arguments: Hashable) -> list:
        """The rows of the queryset built from ``arguments``, as ``list(queryset)`` gives them.

        Raises ``TypeError`` when an argument is missing or unknown to the builder, and
        ``CompiledQueryMismatch`` (with ``COMPILED_QUERIES_CHECK``) as the module says.
        """
        shape = tuple(sorted((name, value) for name, value in arguments.items() if name not in self.slots))
        connection = connections[DEFAULT_DB_ALIAS]
        kept = connection.__dict__.setdefault("_cln_compiled_queries", {})
        entry = kept.get((self, shape))
        if entry is None:
            entry = kept[(self, shape)] = (
                self._compile(dict(shape)) if connection.vendor == "postgresql" else _NOT_KEPT
            )
        if entry is _NOT_KEPT:
            return list(self.build(**arguments))
        template, compiler, sql, params, places, converters = entry
        params = list(params)
        for name, positions in places:
            for position, wrapper in positions:
                params[position] = arguments[name] if wrapper is None else wrapper(arguments[name])
        params = tuple(params)
        if settings.COMPILED_QUERIES_CHECK:
            self._check(arguments, sql, params)
        queryset = template._chain()
        run = copy.copy(compiler)
        # The kept SQL with this run's values, and the kept converters; ModelIterable reads
        # select and klass_info from the compiler as it does after compiling.
        run.as_sql = lambda *args, **kwargs: (sql, params)
        run.get_converters = lambda expressions: converters
        queryset.query.get_compiler = lambda *args, **kwargs: run
        return list(queryset)

    def _compile(self, shape: dict[str, Any]):
        for family in range(max(len(_SENTINELS[kind]) for kind in self.slots.values()) if self.slots else 1):
            sentinels = {
                name: _SENTINELS[kind][min(family, len(_SENTINELS[kind]) - 1)](next(_counter))
                for name, kind in self.slots.items()
            }
            template = self.build(**shape, **sentinels)
            if template.db != DEFAULT_DB_ALIAS:  # pragma: no cover -- one database
                raise ValueError(f"{self.name}: compiled queries run on the default database only")
            compiler = template.query.get_compiler(using=template.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                continue  # a stand-in out of a column's range: the next family
            break
        else:
            # Nothing to send whatever the values, or no stand-in fits: the queryset is run as
            # it is each time. The tests want to know: a slow path nobody would notice.
            if settings.COMPILED_QUERIES_CHECK and self.slots:
                raise CompiledQueryMismatch(f"{self.name}: no stand-in values compile for {shape!r}")
            return _NOT_KEPT
        # Where each stand-in went, and the type it went as: the driver's wrapper when Django
        # adapted it (psycopg's Int2 for a smallint column), for the real value to go the same way.
        where = {value: name for name, value in sentinels.items()}
        places: dict[str, list[tuple[int, type | None]]] = {name: [] for name in sentinels}
        for position, value in enumerate(params):
            try:
                name = where.get(value)
            except TypeError:  # an unhashable parameter (a list for an array column)
                continue
            if name is not None and isinstance(value, type(sentinels[name])):
                places[name].append((position, None if type(value) is type(sentinels[name]) else type(value)))
        # The columns' converters (JSON, dates on some backends) depend on the columns only.
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return (
            template,
            compiler,
            sql,
            tuple(params),
            tuple((n, tuple(p)) for n, p in places.items()),
            converters,
        )

    def _check(self, arguments: dict[str, Any], sql: str, params: tuple) -> None:
        fresh = self.build(**arguments)
        try:
            fresh_sql, fresh_params = fresh.query.get_compiler(using=fresh.db).as_sql()
        except EmptyResultSet:
            fresh_sql, fresh_params = "", ()
        if fresh_sql != sql or tuple(fresh_params) != params:
            raise CompiledQueryMismatch(
                f"{self.name}: the kept SQL does not match the queryset built from {arguments!r}:\n"
                f"kept:  {sql} {params!r}\nfresh: {fresh_sql} {tuple(fresh_params)!r}"
            )

    def __repr__(self) -> str:
        return f"<CompiledQuery {self.name}>"


_NOT_KEPT = object()
