"""Imported events: an article's kind, and an event's own source, ACLED id and admin1.

Databases made before migrations existed may have these columns already.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ADDED = {
    "articles": [sa.Column("kind", sa.Text, nullable=False, server_default="article")],
    "events": [sa.Column("source", sa.Text), sa.Column("source_id", sa.Text),
               sa.Column("admin1", sa.Text)],
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, columns in ADDED.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        for column in columns:
            if column.name not in have:
                op.add_column(table, column)


def downgrade() -> None:
    for table, columns in ADDED.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
