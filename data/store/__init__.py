"""The store of what users write and save: notes and the asset register in the database, with
their history (versioned records, optimistic locking, retiring), and the files saved between
sessions (named specs, users' tables, neighbourhood sets).

SQLAlchemy over SQLite by default (a file in the state folder, WAL mode) or PostgreSQL when
``TCI_DATABASE_URL`` is set; the schema is made and upgraded by Alembic migrations.
"""
