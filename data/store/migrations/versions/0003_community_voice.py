"""Community voice: consent and personal-data checks on notes, a key that recognises a
record imported twice, and the list of themes with its history.

Notes that were public before consent was recorded were published by staff on purpose,
so they count as consented; internal ones do not. Every note's text is checked for
personal data now, so a public note holding a phone number is held back until an editor
has read it. The themes the notes already use start the list.

Revision ID: 0003
Revises: 0002
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from data.store.notes import import_key
from data.store.privacy import personal_data

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("consent", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("personal_data", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("privacy_checked", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("import_key", sa.String(64), nullable=False,
                                   server_default=""))
        batch.create_index("ix_notes_import_key", ["import_key"])
    themes = op.create_table(
        "themes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, index=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("domain", sa.String(100), nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    changes = op.create_table(
        "theme_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("theme_id", sa.Integer, sa.ForeignKey("themes.id"), nullable=False,
                  index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
    )
    bind = op.get_bind()
    notes = sa.table("notes", sa.column("id"), sa.column("text"), sa.column("note_date"),
                     sa.column("area_code"), sa.column("author"), sa.column("visibility"),
                     sa.column("themes", sa.JSON), sa.column("consent"),
                     sa.column("personal_data"), sa.column("import_key"))
    names: dict[str, str] = {}
    for row in bind.execute(sa.select(notes)).mappings().all():
        bind.execute(notes.update().where(notes.c.id == row["id"]).values(
            consent=row["visibility"] == "public",
            personal_data="; ".join(personal_data(row["text"])),
            import_key=import_key(row)))
        for name in row["themes"] or ():
            names.setdefault(name.strip().casefold(), name.strip())
    stamp = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    for number, name in enumerate(sorted(names.values(), key=str.casefold), start=1):
        bind.execute(themes.insert().values(id=number, name=name[:100], description="",
                                            domain="", retired=False, version=1,
                                            updated_at=stamp, updated_by="the upgrade"))
        bind.execute(changes.insert().values(
            theme_id=number, version=1, action="create", changed_at=stamp,
            changed_by="the upgrade",
            snapshot={"id": number, "name": name[:100], "description": "", "domain": "",
                      "retired": False, "version": 1, "updated_at": stamp.isoformat(),
                      "updated_by": "the upgrade"}))
    if names and bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('themes', 'id'), :n)"),
                     {"n": len(names)})


def downgrade() -> None:
    op.drop_table("theme_changes")
    op.drop_table("themes")
    with op.batch_alter_table("notes") as batch:
        batch.drop_index("ix_notes_import_key")
        for column in ("import_key", "privacy_checked", "personal_data", "consent"):
            batch.drop_column(column)
