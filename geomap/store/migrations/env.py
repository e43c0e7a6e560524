"""Runs the migrations on the connection the store hands over (no alembic.ini)."""

from alembic import context

context.configure(connection=context.config.attributes["connection"], render_as_batch=True,
                  transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
