"""The asset register and its history.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.String(100), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("category", sa.String(100), nullable=False, index=True),
        sa.Column("subcategory", sa.String(200), nullable=False),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("postcode", sa.String(10), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("area_code", sa.String(20), nullable=False, index=True),
        sa.Column("ward_code", sa.String(20), nullable=False),
        sa.Column("lad_code", sa.String(20), nullable=False, index=True),
        sa.Column("services", sa.JSON, nullable=False),
        sa.Column("opening_hours", sa.Text, nullable=False),
        sa.Column("staff", sa.Integer, nullable=True),
        sa.Column("volunteers", sa.Integer, nullable=True),
        sa.Column("funding", sa.JSON, nullable=False),
        sa.Column("last_verified", sa.Date, nullable=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "asset_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("asset_id", sa.Integer, sa.ForeignKey("assets.id"), nullable=False,
                  index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("asset_changes")
    op.drop_table("assets")
