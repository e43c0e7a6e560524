"""The first release's schema: articles, their place mentions and events.

Tables are created only when missing, so a database made before migrations existed
is taken over as it is.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("published", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.Column("pending", sa.Integer, nullable=False, server_default="0"),
        if_not_exists=True,
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("lat", sa.REAL),
        sa.Column("lon", sa.REAL),
        sa.Column("country_code", sa.Text),
        sa.Column("feature", sa.Text),
        sa.Column("confidence", sa.REAL),
        sa.Column("source", sa.Text),
        sa.Column("metonymic", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("time_precision", sa.Integer),
        sa.Column("location", sa.Text),
        sa.Column("lat", sa.REAL),
        sa.Column("lon", sa.REAL),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("country_code", sa.Text),
        sa.Column("feature", sa.Text),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("trigger", sa.Text),
        sa.Column("place_start", sa.Integer),
        sa.Column("place_end", sa.Integer),
        sa.Column("fatalities", sa.Integer),
        sa.Column("crowd_size", sa.Text),
        sa.Column("planned", sa.Integer, nullable=False, server_default="0"),
        if_not_exists=True,
    )
    op.create_index("events_date", "events", ["date"], if_not_exists=True)
    op.create_index("events_article", "events", ["article_id"], if_not_exists=True)
    op.create_index("mentions_place", "mentions", ["article_id", "start"], if_not_exists=True)


def downgrade() -> None:
    for table in ("events", "mentions", "articles"):
        op.drop_table(table)
