"""Indexes that keep the map fast at a million events: the event types, sub-types and
countries the filter lists show, and where the events are. SQLite gets an R*Tree of the
events' points, kept by triggers, that the bbox filter reads, and a covering index of each
event's cell in the map's grid at zoom 8 (cells of 90/256 degrees, numbered row * 2048 +
column from -90, -180; geomap.store.sql.SQLITE_CELL), so that counting a million events
per cell reads the index in its order; PostgreSQL has its GiST index since 0006.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The R*Tree holds each located event's point as a box of no size; its triggers follow the
# events' inserts, deletes (cascaded ones too) and moves.
SQLITE_BOXES = (
    "CREATE VIRTUAL TABLE events_box USING rtree(id, west, east, south, north)",
    "INSERT INTO events_box SELECT id, lon, lon, lat, lat FROM events"
    " WHERE lat IS NOT NULL AND lon IS NOT NULL",
    "CREATE TRIGGER events_box_insert AFTER INSERT ON events"
    " WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN"
    " INSERT INTO events_box VALUES (new.id, new.lon, new.lon, new.lat, new.lat); END",
    "CREATE TRIGGER events_box_delete AFTER DELETE ON events BEGIN"
    " DELETE FROM events_box WHERE id = old.id; END",
    "CREATE TRIGGER events_box_update AFTER UPDATE OF lat, lon ON events BEGIN"
    " DELETE FROM events_box WHERE id = old.id;"
    " INSERT INTO events_box SELECT new.id, new.lon, new.lon, new.lat, new.lat"
    " WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL; END",
)


def upgrade() -> None:
    op.create_index("events_kind", "events", ["event_type", "sub_event_type"])
    op.create_index("events_country", "events", ["country_code"])
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE INDEX events_cell ON events ((CAST((lat + 90) / 0.3515625 AS INTEGER)"
               " * 2048 + CAST((lon + 180) / 0.3515625 AS INTEGER)), event_type, date, lat, lon)")
    for statement in SQLITE_BOXES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER events_box_{trigger}")
        op.execute("DROP TABLE events_box")
        op.drop_index("events_cell", "events")
    op.drop_index("events_country", "events")
    op.drop_index("events_kind", "events")
