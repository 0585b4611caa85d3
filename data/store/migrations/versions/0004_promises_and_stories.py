"""Promises made to communities ("you said, we did"), stories of places, and their
histories.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promises",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lad_code", sa.String(20), nullable=False, index=True),
        sa.Column("asked", sa.Text, nullable=False),
        sa.Column("promised", sa.Text, nullable=False),
        sa.Column("by_organisation", sa.String(200), nullable=False),
        sa.Column("by_role", sa.String(200), nullable=False),
        sa.Column("made_at", sa.String(300), nullable=False),
        sa.Column("made_on", sa.Date, nullable=False),
        sa.Column("areas", sa.JSON, nullable=False),
        sa.Column("themes", sa.JSON, nullable=False),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("progress", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("visibility", sa.String(10), nullable=False),
        sa.Column("personal_data", sa.String(200), nullable=False, server_default=""),
        sa.Column("privacy_checked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lad_code", sa.String(20), nullable=False, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("story", sa.Text, nullable=False),
        sa.Column("what_changed", sa.Text, nullable=False),
        sa.Column("story_date", sa.Date, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("areas", sa.JSON, nullable=False),
        sa.Column("themes", sa.JSON, nullable=False),
        sa.Column("picture_caption", sa.String(500), nullable=False),
        sa.Column("featured", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("visibility", sa.String(10), nullable=False),
        sa.Column("consent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("personal_data", sa.String(200), nullable=False, server_default=""),
        sa.Column("privacy_checked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    for table, key, of in (("promise_changes", "promise_id", "promises"),
                           ("story_changes", "story_id", "stories")):
        _changes(table, key, of)


def _changes(table: str, key: str, of: str) -> None:
    """The table of changes to the records of ``of``."""
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
    for table in ("story_changes", "stories", "promise_changes", "promises"):
        op.drop_table(table)
