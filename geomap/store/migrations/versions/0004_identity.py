"""An article's identity is its text and, when given, its URL (it was the text alone).

Revision ID: 0004
Revises: 0003
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("articles") as batch:
        batch.alter_column("content_hash", new_column_name="identity", existing_type=sa.Text,
                           existing_nullable=False)
    rows = bind.execute(sa.text("SELECT id, url, text FROM articles WHERE url != ''")).all()
    for article_id, url, text in rows:
        identity = hashlib.sha256(f"{url}\n{text}".encode("utf-8")).hexdigest()[:16]
        bind.execute(sa.text("UPDATE articles SET identity = :identity WHERE id = :id"),
                     {"identity": identity, "id": article_id})


def downgrade() -> None:
    raise NotImplementedError("the identity of articles with a URL cannot be taken back")
