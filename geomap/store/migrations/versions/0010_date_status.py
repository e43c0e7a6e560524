"""The events' date index holds their review status too, newest first on PostgreSQL: the
time histogram of what the map shows (all but rejected events, per date) reads the index
alone instead of looking up a million events' statuses (0.1 s instead of 2 s), and the
page's table of the newest events reads the first rows of the index instead of sorting
every event (on PostgreSQL, whose index read backwards would put undated events first).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    newest = "date DESC NULLS LAST" if op.get_bind().dialect.name == "postgresql" else "date"
    op.drop_index("events_date", "events")
    op.create_index("events_date", "events", [sa.text(newest), "status"])


def downgrade() -> None:
    op.drop_index("events_date", "events")
    op.create_index("events_date", "events", ["date"])
