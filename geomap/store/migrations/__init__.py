"""The store's schema as versioned Alembic migrations (versions/), run when a store opens.

A schema change is a new file in versions/ with the next number, whose down_revision
is the last one; HEAD in geomap/store/sqlite.py names the newest.
"""
