"""Partnership readiness: partnerships, their waves, the waves' links and the responses,
with their histories.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _bookkeeping() -> list[sa.Column]:
    return [sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("updated_at", sa.DateTime, nullable=False),
            sa.Column("updated_by", sa.String(200), nullable=False)]


#: Each table, its change table and the change table's column naming the record.
CHANGES = (("readiness_partnerships", "readiness_partnership_changes", "partnership_id"),
           ("readiness_waves", "readiness_wave_changes", "wave_id"),
           ("readiness_links", "readiness_link_changes", "link_id"),
           ("readiness_responses", "readiness_response_changes", "response_id"))


def upgrade() -> None:
    op.create_table(
        "readiness_partnerships",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("lad_code", sa.String(20), nullable=False, index=True),
        sa.Column("place_code", sa.String(120), nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        *_bookkeeping(),
    )
    op.create_table(
        "readiness_waves",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("partnership_id", sa.Integer, nullable=False, index=True),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("instrument_code", sa.String(40), nullable=False),
        sa.Column("instrument_version", sa.String(40), nullable=False),
        sa.Column("instrument_yaml", sa.Text, nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        *_bookkeeping(),
    )
    op.create_table(
        "readiness_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("partnership_id", sa.Integer, nullable=False, index=True),
        sa.Column("wave_id", sa.Integer, nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("token", sa.String(64), nullable=False, server_default=""),
        *_bookkeeping(),
    )
    op.create_table(
        "readiness_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("wave_id", sa.Integer, nullable=False, index=True),
        sa.Column("instrument_version", sa.String(40), nullable=False),
        sa.Column("sector", sa.String(20), nullable=False),
        sa.Column("role_level", sa.String(20), nullable=False),
        sa.Column("ladder", sa.String(20), nullable=False, server_default=""),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("named", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("organisation", sa.String(200), nullable=False, server_default=""),
        sa.Column("session_hash", sa.String(32), nullable=False, server_default="", index=True),
        sa.Column("source", sa.String(300), nullable=False, server_default="survey"),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        *_bookkeeping(),
    )
    for of, table, key in CHANGES:
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(key, sa.Integer, sa.ForeignKey(f"{of}.id"), nullable=False, index=True),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("action", sa.String(10), nullable=False),
            sa.Column("changed_at", sa.DateTime, nullable=False),
            sa.Column("changed_by", sa.String(200), nullable=False),
            sa.Column("snapshot", sa.JSON, nullable=False),
        )


def downgrade() -> None:
    for of, table, _ in reversed(CHANGES):
        op.drop_table(table)
        op.drop_table(of)
