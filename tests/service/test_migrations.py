"""One migration line: a single head, and every earlier state of a database upgrades to it, data kept.

An earlier state is a database some release left behind: at several branches of the old star-shaped
history at once, as `upgrade heads` left it each time a migration landed, or at one revision of the line
that follows the merge (each a copy of a template made once per worker: StateDatabases). Each is filled
with rows in every table, upgraded to the head with the same ``api.migrate.upgrade`` the service runs at
start, and must then hold the same rows and the same schema as a database made fresh at the head. SQLite
(the app's own engine, foreign keys on) and PostgreSQL (the ``postgres`` fixture: Debian's server in a
temp directory).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from support.postgres import PostgresServer

from api.db import make_engine
from api.migrate import heads, script_directory, upgrade

RULE = ("api/migrations is one line: a new revision's down_revision is the current head "
        "(README, Development: Migrations)")
MERGE = "0011_one_line"
# The heads of main after each migration landed (git log --diff-filter=A -- api/migrations/versions):
# what `upgrade heads` left in a deployed database's alembic_version at each release before the merge.
RELEASED_STATES: list[tuple[str, ...]] = [
    ("0001",),
    ("0003_reviewer",),
    ("0002_webhooks", "0003_reviewer"),
    ("0002_webhooks", "0003_reviewer", "0004_jobqueue"),
    ("0002_webhooks", "0003_reviewer", "0004_jobqueue", "0005_candidate_app"),
    ("0002_webhooks", "0003_reviewer", "0004_jobqueue", "0005_candidate_app", "0006_mail"),
    ("0002_webhooks", "0003_reviewer", "0004_jobqueue", "0005_candidate_app", "0006_mail", "0007_key_expiry"),
    ("0002_webhooks", "0003_reviewer", "0004_jobqueue", "0005_candidate_app", "0006_mail", "0007_key_expiry",
     "0008_analytics"),
    ("0003_reviewer", "0004_jobqueue", "0005_candidate_app", "0006_mail", "0007_key_expiry", "0008_analytics",
     "0009_lever", "0010_ashby"),
]
SKIPPED_TABLES = ("alembic_version",)  # and procrastinate's own (0004: its schema, its enums)
ROWS_PER_TABLE = 2


def _earlier_states() -> list[tuple[str, ...]]:
    """Every state a release left a database in: the released states of the star (``upgrade heads`` kept
    every branch), then each revision from the merge on (one line: each was the head once), but the head.
    A lone branch of the star (0005 without 0002-0004, say) was never deployed, so it is not among them."""
    line: list[tuple[str, ...]] = []
    for revision in script_directory().walk_revisions():  # from the head down
        line.append((revision.revision,))
        if revision.revision == MERGE:
            break
    return list(dict.fromkeys([*RELEASED_STATES, *reversed(line[1:])]))


def _state_id(state: tuple[str, ...]) -> str:
    return "+".join(state) if len(state) <= 2 else f"{len(state)}-heads-to-{max(state)}"


# ------------------------------------------------------------------------------ one line


def test_the_history_has_a_single_head():
    found = heads()
    assert len(found) == 1, (
        f"the migration history has {len(found)} heads: {', '.join(sorted(found))}. {RULE}: "
        f"set each new revision's down_revision to the head it was written after, or, if two "
        f"landed at once, make the later one follow the earlier."
    )


def test_every_revision_after_the_merge_follows_one_line():
    """From the merge on, each revision has exactly one parent and one child: no branch, no new merge."""
    script = script_directory()
    revision = script.get_revision(MERGE)
    assert revision is not None
    line = [MERGE]
    while revision.nextrev:
        assert len(revision.nextrev) == 1, f"{revision.revision} has several children {revision.nextrev}. {RULE}"
        revision = script.get_revision(next(iter(revision.nextrev)))
        assert revision is not None
        assert isinstance(revision.down_revision, str), f"{revision.revision} merges again. {RULE}"
        line.append(revision.revision)
    assert line[-1] == heads()[0]


def test_the_merge_joins_every_old_head():
    merge = script_directory().get_revision(MERGE)
    assert merge is not None
    assert set(merge.down_revision or ()) == set(RELEASED_STATES[-1])


# ------------------------------------------------------------------------------ rows in every table


def _value(table: sa.Table, column: sa.Column[Any], row: int) -> object:
    """A value for ``column`` in the ``row``-th row: a foreign key takes its parent's, so rows link up."""
    for key in column.foreign_keys:
        parent = key.column
        return _value(parent.table, parent, row)  # type: ignore[arg-type]  # reflected: a Table
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return row % 2 == 0
    if isinstance(kind, sa.Integer):
        return row
    if isinstance(kind, (sa.Float, sa.Numeric)):
        return row + 0.5
    if isinstance(kind, sa.DateTime):
        return dt.datetime(2026, 11, 1, 12, row, tzinfo=dt.UTC)
    if isinstance(kind, sa.JSON):
        return {"row": row, "table": table.name}
    if isinstance(kind, sa.LargeBinary):
        return b"\x00bytes of %s %d" % (table.name.encode(), row)
    if isinstance(kind, sa.String):  # VARCHAR and TEXT
        return f"{table.name}.{column.name}.{row}"
    raise AssertionError(f"no test value for {table.name}.{column.name} of type {kind!r}: add one here")


def _data_tables(engine: Engine) -> list[sa.Table]:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    return [table for table in metadata.sorted_tables
            if table.name not in SKIPPED_TABLES and not table.name.startswith("procrastinate_")]


def _fill(engine: Engine) -> tuple[dict[str, sa.Table], dict[str, list[dict[str, object]]]]:
    """Rows in every table there is; returns the tables and the rows as written, per table."""
    written: dict[str, list[dict[str, object]]] = {}
    tables = {table.name: table for table in _data_tables(engine)}
    with engine.begin() as connection:
        for table in tables.values():
            rows = [{column.name: _value(table, column, row) for column in table.columns}
                    for row in range(1, ROWS_PER_TABLE + 1)]
            connection.execute(table.insert(), rows)
            written[table.name] = rows
    return tables, written


def _read(engine: Engine, tables: dict[str, sa.Table],
          columns: dict[str, list[str]]) -> dict[str, list[dict[str, object]]]:
    """The rows of each table now, the given columns only, read as they were written (each column with
    the type it had: a changed type would show as changed rows; no second reflection of the schema)."""
    with engine.connect() as connection:
        return {name: _sorted([dict(row._mapping) for row in connection.execute(
                    sa.select(*(sa.Column(column, tables[name].c[column].type) for column in names))
                    .select_from(sa.table(name)))])
                for name, names in columns.items()}


def _sorted(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows normalised and in one order (PostgreSQL cannot order by a JSON column)."""
    normal = [{key: _normalise(value) for key, value in row.items()} for row in rows]
    return sorted(normal, key=lambda row: [str(row[key]) for key in sorted(row)])


def _normalise(value: object) -> object:
    if isinstance(value, dt.datetime):  # SQLite gives them back naive (UTC), PostgreSQL aware
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _schema(engine: Engine) -> dict[str, object]:
    """What a database's schema is made of: tables, columns (type affinity, nullability), indexes,
    unique constraints and foreign keys; compared between an upgraded and a fresh database (read for
    all tables at once)."""
    inspector = sa.inspect(engine)
    columns = inspector.get_multi_columns()
    indexes = inspector.get_multi_indexes()
    uniques = inspector.get_multi_unique_constraints()
    foreign_keys = inspector.get_multi_foreign_keys()
    tables: dict[str, object] = {}
    for key in sorted(columns, key=lambda k: k[1]):
        tables[key[1]] = {
            "columns": sorted((c["name"], type(c["type"]).__name__, c["nullable"]) for c in columns[key]),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in indexes.get(key, [])),
            "unique": sorted(tuple(u["column_names"]) for u in uniques.get(key, [])),
            "foreign_keys": sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                                   for f in foreign_keys.get(key, [])),
        }
    return tables


def _version(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {row[0] for row in connection.execute(sa.text("SELECT version_num FROM alembic_version"))}


# ------------------------------------------------------------------------------ the databases


def _made_from(state: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The earlier state a database at ``state`` is made from, and the revision its one more ``upgrade``
    goes to: several branches are upgraded one after the other (as before, one ``upgrade`` per branch),
    and a database at one revision is its parents' state upgraded to it (as a deployment did it)."""
    if len(state) > 1:
        return state[:-1], state[-1]
    revision = script_directory().get_revision(state[0])
    assert revision is not None, state
    downs = revision.down_revision
    parents: tuple[str, ...] = () if downs is None else ((downs,) if isinstance(downs, str) else tuple(downs))
    return parents, state[0]


class StateDatabases:
    """Databases at earlier states on one dialect, each a copy of a template made once per worker: the
    template of a state is its parent state's copied and upgraded one step, so making all the states costs
    one pass over the history instead of one from the start for each (the upgrade to the head, the part
    under test, still runs in full for every state)."""

    def __init__(self, dialect: str, folder: Path, postgres: PostgresServer | None) -> None:
        self.dialect = dialect
        self.folder = folder
        self.postgres = postgres
        self.templates: dict[tuple[str, ...], str] = {}
        self.counter = iter(range(1_000_000))

    def copy(self, state: tuple[str, ...]) -> str:
        """The URL of a new database at ``state`` (the empty state: ``()``)."""
        template = self._template(state)
        if self.postgres is not None:
            return self.postgres.copy_database(template)
        target = self.folder / f"assay-{next(self.counter)}.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    def _template(self, state: tuple[str, ...]) -> str:
        if state not in self.templates:
            if not state and self.postgres is not None:
                url = self.postgres.create_database()
            elif not state:
                empty = self.folder / f"assay-{next(self.counter)}.db"
                empty.touch()  # an empty file is an empty SQLite database
                url = f"sqlite:///{empty}"
            else:
                parent, revision = _made_from(state)
                url = self.copy(parent)
                engine = make_engine(url)
                upgrade(engine, revision)
                engine.dispose()  # a template has no connection left (PostgreSQL's TEMPLATE, SQLite's WAL)
            self.templates[state] = (url.rsplit("/", 1)[1] if self.postgres is not None
                                     else url.removeprefix("sqlite:///"))
        return self.templates[state]


_STATE_DATABASES: dict[str, StateDatabases] = {}


@pytest.fixture(params=["sqlite", "postgresql"])
def dialect(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def new_database(dialect: str, request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[tuple[str, ...]], Engine]]:
    """A factory of databases at an earlier state (``()``: empty) on one dialect; every engine it made is
    disposed afterwards."""
    if dialect not in _STATE_DATABASES:
        postgres = request.getfixturevalue("postgres") if dialect == "postgresql" else None
        _STATE_DATABASES[dialect] = StateDatabases(dialect, tmp_path_factory.mktemp(f"states-{dialect}"), postgres)
    databases = _STATE_DATABASES[dialect]
    engines: list[Engine] = []

    def make(state: tuple[str, ...] = ()) -> Engine:
        engine = make_engine(databases.copy(state))
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


# tables a data migration may add rows to (their earlier rows must all survive)
ROWS_MAY_BE_ADDED = {"teams": "0013_teams puts the assessments made before it in a 'Default team'"}
# columns a migration replaced by others (the rest of each row must survive as it was)
COLUMNS_REPLACED = {("candidate_report_keys", "report_key"): "0018_report_key_hash keeps only its SHA-256"}

_HEAD_SCHEMAS: dict[str, dict[str, object]] = {}


@pytest.fixture
def head_schema(dialect: str, new_database) -> dict[str, object]:
    """The schema of a database made fresh at the head (once per dialect)."""
    if dialect not in _HEAD_SCHEMAS:
        fresh = new_database()
        upgrade(fresh)
        _HEAD_SCHEMAS[dialect] = _schema(fresh)
    return _HEAD_SCHEMAS[dialect]


@pytest.mark.parametrize("state", _earlier_states(), ids=_state_id)
def test_an_earlier_state_with_data_upgrades_to_the_head(new_database, head_schema, state):
    engine = new_database(state)
    assert _version(engine) == set(state)
    tables, written = _fill(engine)
    assert written, "the earlier state has tables to fill"

    upgrade(engine)

    assert _version(engine) == set(heads())
    columns = {name: sorted(c for c in rows[0] if (name, c) not in COLUMNS_REPLACED) for name, rows in written.items()}
    now = _read(engine, tables, columns)
    for table_name, rows in written.items():
        rows = [{c: row[c] for c in columns[table_name]} for row in rows]
        after = now[table_name]
        if table_name in ROWS_MAY_BE_ADDED:  # a data migration added rows: the old ones are all still there
            assert all(row in after for row in _sorted(rows)), f"{table_name}: rows lost by the upgrade"
            continue
        assert after == _sorted(rows), f"{table_name}: rows changed by the upgrade"
    assert _schema(engine) == head_schema, f"the upgrade from {state} did not reach the head's schema"
