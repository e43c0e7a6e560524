"""Indexes that keep the map fast at a million events: the event types, sub-types and
countries the filter lists show, and, on SQLite, each event's cell in the map's grid at
zoom 8 (cells of 90/256 degrees, numbered row * 2048 + column from -90, -180; see
geomap.store.sql.SQLITE_CELL) with the columns the grid counts and the map's filters read
(but the text search), so that counting a million events per cell reads the index alone in
its order, and a bbox reads the band of rows it spans.
PostgreSQL has its GiST index since 0006.

(An R*Tree of the points, kept by triggers, was measured too: it made storing events four
times slower, and the band of the cell index answers the map's boxes as fast.)

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("events_kind", "events", ["event_type", "sub_event_type"])
    op.create_index("events_country", "events", ["country_code"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX events_cell ON events ((CAST((lat + 90) / 0.3515625 AS INTEGER)"
                   " * 2048 + CAST((lon + 180) / 0.3515625 AS INTEGER)), event_type, date, lat,"
                   " lon, sub_event_type, category, country_code, planned)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("events_cell", "events")
    op.drop_index("events_country", "events")
    op.drop_index("events_kind", "events")
