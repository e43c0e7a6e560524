"""Events reported by several articles, their review, the audit log and editors' accounts.

- events get a review status (auto, verified, rejected, edited), their place's gazetteer
  id, and the count and ids of the articles or imported rows that report them;
- event_reports holds each article's (or imported row's) report of an event: an event
  has one or more;
- audit_log keeps every change a person made to an event: who, when, old and new value;
- users holds the editors' accounts (password hashes only).

Every stored event becomes the event of one report, its article's or dataset's. On
SQLite, rebuilding the events table drops the map's cell index (0007), an index on an
expression: it is made again, with the review status among the columns it holds, so that
the map's grid, which shows all but rejected events, still reads the index alone.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("status", sa.Text, nullable=False, server_default="auto"))
        batch.add_column(sa.Column("gazetteer_id", sa.Integer))
        batch.add_column(sa.Column("source_count", sa.Integer, nullable=False,
                                   server_default="1"))
        batch.add_column(sa.Column("source_ids", sa.Text))
    op.create_index("events_status", "events", ["status", "date"])
    op.create_table(
        "event_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE")),
        sa.Column("dataset_id", sa.Text, sa.ForeignKey("datasets.id", ondelete="CASCADE")),
        sa.Column("source_id", sa.Text),
        sa.Column("data", sa.Text),             # the report's values as JSON; NULL: the event's
        sa.CheckConstraint("(article_id IS NULL) <> (dataset_id IS NULL)", name="reports_owner"),
    )
    op.create_index("reports_event", "event_reports", ["event_id"])
    op.create_index("reports_article", "event_reports", ["article_id"])
    op.create_index("reports_dataset", "event_reports", ["dataset_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, nullable=False),     # kept after a merge
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
    )
    op.create_index("audit_event", "audit_log", ["event_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    bind = op.get_bind()
    bind.execute(sa.text(
        "INSERT INTO event_reports (event_id, article_id, dataset_id, source_id)"
        " SELECT id, article_id, dataset_id, source_id FROM events"))
    bind.execute(sa.text("UPDATE events SET source_ids = COALESCE(source_id, article_id, dataset_id)"))

    _cell_index(", status")


def downgrade() -> None:
    for table in ("users", "audit_log", "event_reports"):
        op.drop_table(table)
    op.drop_index("events_status", "events")
    with op.batch_alter_table("events") as batch:
        for column in ("source_ids", "source_count", "gazetteer_id", "status"):
            batch.drop_column(column)
    _cell_index("")


def _cell_index(status: str) -> None:
    """The map's cell index of 0007, with the status column when the events have one."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS events_cell")
        op.execute("CREATE INDEX events_cell ON events ((CAST((lat + 90) / 0.3515625 AS INTEGER)"
                   " * 2048 + CAST((lon + 180) / 0.3515625 AS INTEGER)), event_type, date, lat,"
                   f" lon, sub_event_type, category, country_code, planned{status})")
