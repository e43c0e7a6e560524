"""PostgreSQL stores coordinates in double precision and each event's point as a PostGIS
geometry(Point, 4326), computed from its longitude and latitude, under a GiST index that
the bbox filter uses. SQLite has nothing to change.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DOUBLE = {"events": ("lat", "lon"), "mentions": ("lat", "lon", "confidence")}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    for table, columns in DOUBLE.items():
        op.execute(f"ALTER TABLE {table} "
                   + ", ".join(f"ALTER COLUMN {c} TYPE double precision" for c in columns))
    op.execute("ALTER TABLE events ADD COLUMN geom geometry(Point, 4326)"
               " GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED")
    op.execute("CREATE INDEX events_geom ON events USING gist (geom)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX events_geom")
    op.execute("ALTER TABLE events DROP COLUMN geom")
    for table, columns in DOUBLE.items():
        op.execute(f"ALTER TABLE {table} "
                   + ", ".join(f"ALTER COLUMN {c} TYPE real" for c in columns))
