"""The map's counts kept as events are written: event_cells holds, for each cell of the
map's grid at zoom 8 (90/256 degrees, numbered row * 2048 + column from -90, -180, as
geomap.store.sql.FINE_CELL; -1 for events without a place) and each combination of the
columns the map's usual filters read (type, sub-type, category, country, planned, review
status; NULL written as ''), how many events it holds, the sums of their lat and lon, and
the sum of their ids (the id of a cell's one event).

Triggers on events keep it exact through every write: inserts, deletes (an article
deleted, events merged), and updates of a place, a type or a status (reviews, corrections,
new versions of an article). PostgreSQL adds the rows of an insert or a delete statement
together (transition tables); SQLite's triggers run for each row. An import pauses the
insert trigger for its transaction (SQLite: drops it and makes it again; PostgreSQL: the
setting geomap.counting is 'off') and adds its rows up in one statement. A later migration
that rebuilds the events table on SQLite (batch_alter_table) drops these triggers with the
old table: it makes them again.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FINE_CELL = 0.3515625
KEYS = ("cell", "event_type", "sub_event_type", "category", "country_code", "planned", "status")
TEXT_KEYS = ("event_type", "sub_event_type", "category", "country_code")
# The columns whose change moves an event to another row of event_cells.
WATCHED = ("lat", "lon", "event_type", "sub_event_type", "category", "country_code", "planned",
           "status")


def upgrade() -> None:
    op.create_table(
        "event_cells",
        sa.Column("cell", sa.BigInteger, nullable=False),
        *(sa.Column(key, sa.Text, nullable=False) for key in TEXT_KEYS),
        sa.Column("planned", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("n", sa.BigInteger, nullable=False),
        sa.Column("lat", sa.Float(precision=53), nullable=False),
        sa.Column("lon", sa.Float(precision=53), nullable=False),
        sa.Column("ids", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint(*KEYS, name="event_cells_key"),
        sqlite_with_rowid=False,
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(f"INSERT INTO event_cells ({', '.join(KEYS)}, n, lat, lon, ids)"
               f" SELECT {_keys('e', postgres)}, {_sums('e', postgres)} FROM events e"
               " GROUP BY 1, 2, 3, 4, 5, 6, 7")
    for statement in (_postgres_triggers() if postgres else _sqlite_triggers()):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER event_cells_{event} ON events")
            op.execute(f"DROP FUNCTION event_cells_{event}()")
    else:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER event_cells_{event}")
    op.drop_table("event_cells")


def _cell(row: str, postgres: bool) -> str:
    """The row's cell: row * 2048 + column of FINE_CELL degrees, -1 without a place."""
    if postgres:
        part = "CAST(floor((CAST({row}.{axis} AS double precision) + {origin}) / {size}) AS bigint)"
    else:
        part = "CAST(({row}.{axis} + {origin}) / {size} AS INTEGER)"
    lat, lon = (part.format(row=row, axis=axis, origin=origin, size=FINE_CELL)
                for axis, origin in (("lat", 90), ("lon", 180)))
    return (f"CASE WHEN {row}.lat IS NULL OR {row}.lon IS NULL THEN -1"
            f" ELSE {lat} * 2048 + {lon} END")


def _values(row: str, postgres: bool) -> list[str]:
    """The row's values of KEYS, in order."""
    return [_cell(row, postgres), *(f"COALESCE({row}.{key}, '')" for key in TEXT_KEYS),
            f"{row}.planned", f"{row}.status"]


def _keys(row: str, postgres: bool) -> str:
    return ", ".join(_values(row, postgres))


def _sums(row: str, postgres: bool) -> str:
    """n, lat, lon and ids added up over a group of rows."""
    real = "double precision" if postgres else "REAL"
    return (f"count(*), COALESCE(sum(CAST({row}.lat AS {real})), 0),"
            f" COALESCE(sum(CAST({row}.lon AS {real})), 0), sum(CAST({row}.id AS bigint))")


_COLUMNS = f"({', '.join(KEYS)}, n, lat, lon, ids)"


def _add(row: str) -> str:
    """The upsert adding up the rows of event_cells (named row, or the table's name)."""
    return (f" ON CONFLICT ({', '.join(KEYS)}) DO UPDATE SET "
            + ", ".join(f"{c} = {row}.{c} + excluded.{c}" for c in ("n", "lat", "lon", "ids")))


def _sqlite_triggers() -> list[str]:
    def add(row: str) -> str:
        return (f"INSERT INTO event_cells {_COLUMNS} VALUES ({_keys(row, False)}, 1,"
                f" COALESCE({row}.lat, 0), COALESCE({row}.lon, 0), {row}.id)"
                f"{_add('event_cells')};")

    def take(row: str) -> str:
        match = " AND ".join(f"{k} = {v}" for k, v in zip(KEYS, _values(row, False)))
        return (f"UPDATE event_cells SET n = n - 1, lat = lat - COALESCE({row}.lat, 0),"
                f" lon = lon - COALESCE({row}.lon, 0), ids = ids - {row}.id WHERE {match};"
                f" DELETE FROM event_cells WHERE {match} AND n = 0;")

    moved = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    return [
        f"CREATE TRIGGER event_cells_insert AFTER INSERT ON events BEGIN {add('NEW')} END",
        f"CREATE TRIGGER event_cells_delete AFTER DELETE ON events BEGIN {take('OLD')} END",
        f"CREATE TRIGGER event_cells_update AFTER UPDATE OF {', '.join(WATCHED)} ON events"
        f" WHEN {moved} BEGIN {take('OLD')} {add('NEW')} END",
    ]


def _postgres_triggers() -> list[str]:
    """rows is a FROM item of event rows named r: a transition table, or the row changed."""
    def add(rows: str) -> str:
        return (f"INSERT INTO event_cells AS c {_COLUMNS} SELECT {_keys('r', True)},"
                f" {_sums('r', True)} FROM {rows} GROUP BY 1, 2, 3, 4, 5, 6, 7{_add('c')};")

    def take(rows: str) -> str:
        return (f"UPDATE event_cells c SET n = c.n - d.n, lat = c.lat - d.lat,"
                f" lon = c.lon - d.lon, ids = c.ids - d.ids FROM (SELECT {_keys('r', True)},"
                f" {_sums('r', True)} FROM {rows} GROUP BY 1, 2, 3, 4, 5, 6, 7) AS d {_COLUMNS}"
                f" WHERE {' AND '.join(f'c.{k} = d.{k}' for k in KEYS)};"
                " DELETE FROM event_cells WHERE n = 0;")

    def function(name: str, body: str) -> str:
        return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS"
                f" $$ BEGIN {body} RETURN NULL; END $$")

    moved = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)
    return [
        # the rows whose count fell to 0 are deleted at once: few, found by this index
        "CREATE INDEX event_cells_empty ON event_cells (n) WHERE n = 0",
        # a bulk insert (an import) pauses it for its transaction and adds its rows up after
        function("event_cells_insert", "IF current_setting('geomap.counting', true) = 'off'"
                                       f" THEN RETURN NULL; END IF; {add('new_rows r')}"),
        "CREATE TRIGGER event_cells_insert AFTER INSERT ON events REFERENCING NEW TABLE AS"
        " new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_cells_insert()",
        function("event_cells_delete", take("old_rows r")),
        "CREATE TRIGGER event_cells_delete AFTER DELETE ON events REFERENCING OLD TABLE AS"
        " old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_cells_delete()",
        # updates change a few events at a time (reviews, corrections, new versions of an
        # article): for each row, when it moves to another row of event_cells
        function("event_cells_update", take("(SELECT OLD.*) r") + " " + add("(SELECT NEW.*) r")),
        f"CREATE TRIGGER event_cells_update AFTER UPDATE OF {', '.join(WATCHED)} ON events"
        f" FOR EACH ROW WHEN ({moved}) EXECUTE FUNCTION event_cells_update()",
    ]
