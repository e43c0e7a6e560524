"""Imported datasets get a table of their own; an event belongs to an article or a dataset.

Datasets were stored as articles of kind "dataset": they move to the datasets table, and
their events point to them.

Revision ID: 0003
Revises: 0002
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FILE_DIGEST = re.compile(r"SHA-256 ([0-9a-f]{64})")


def upgrade() -> None:
    op.create_table(
        "datasets",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("digest", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("added_at", sa.Text, nullable=False),
    )
    bind = op.get_bind()
    old = bind.execute(sa.text(
        "SELECT id, content_hash, title, source, text, added_at FROM articles"
        " WHERE kind = 'dataset'")).mappings().all()
    for row in old:
        found = FILE_DIGEST.search(row["text"])
        bind.execute(sa.text(
            "INSERT INTO datasets (id, digest, title, source, description, added_at)"
            " VALUES (:id, :digest, :title, :source, :description, :added_at)"),
            {"id": row["id"], "digest": found.group(1) if found else row["content_hash"],
             "title": row["title"], "source": row["source"], "description": row["text"],
             "added_at": row["added_at"]})
    # SQLite rebuilds the table to change a column and add a check; PostgreSQL alters it
    # in place (a rebuild would drop the sequence of its ids).
    sqlite = bind.dialect.name == "sqlite"
    with op.batch_alter_table("events", recreate="always" if sqlite else "auto") as batch:
        batch.alter_column("article_id", existing_type=sa.Text, nullable=True)
        batch.add_column(sa.Column("dataset_id", sa.Text,
                                   sa.ForeignKey("datasets.id", ondelete="CASCADE",
                                                 name="events_dataset")))
        batch.create_check_constraint(
            "events_owner", "(article_id IS NULL) <> (dataset_id IS NULL)")
    bind.execute(sa.text(
        "UPDATE events SET dataset_id = article_id, article_id = NULL"
        " WHERE article_id IN (SELECT id FROM datasets)"))
    bind.execute(sa.text("DELETE FROM articles WHERE kind = 'dataset'"))
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("kind")
    op.create_index("events_dataset", "events", ["dataset_id"])


def downgrade() -> None:
    raise NotImplementedError("datasets cannot be moved back among the articles")
