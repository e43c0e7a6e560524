"""The events' date index holds their review status too: the time histogram of what the map
shows (all but rejected events, per date) reads the index alone, in its order, instead of
looking up a million events' statuses (at a million events: 0.1 s instead of 2 s).

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("events_date", "events")
    op.create_index("events_date", "events", ["date", "status"])


def downgrade() -> None:
    op.drop_index("events_date", "events")
    op.create_index("events_date", "events", ["date"])
