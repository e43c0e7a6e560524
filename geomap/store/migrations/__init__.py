"""The store's schema as versioned Alembic migrations (versions/), run when a store opens.

One chain serves every backend: a step that only one database needs asks the connection
which dialect it has (0006 gives PostgreSQL its PostGIS geometry). A schema change is a
new file in versions/ with the next number, whose down_revision is the last one; HEAD
names the newest.

    upgrade(connection)         # on a SQLAlchemy connection inside its transaction
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:                   # SQLAlchemy is imported only when a schema changes
    from sqlalchemy.engine import Connection

HEAD = "0010"                       # the newest migration in versions/
MIGRATIONS = Path(__file__).parent


def upgrade(connection: Connection) -> None:
    """Bring the database on this connection up to HEAD, within the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, HEAD)
