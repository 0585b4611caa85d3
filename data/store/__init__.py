"""The store of what users write: qualitative notes, with their history.

SQLAlchemy over SQLite by default (a file in the state folder, WAL mode) or
PostgreSQL when ``TCI_DATABASE_URL`` is set; the schema is made and upgraded by
Alembic migrations.
"""
