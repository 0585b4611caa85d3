"""The asset survey: what organisations say of themselves on the asset register, the
survey's links and its answers, with their histories.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The register's new columns, each with the value assets already in it get.
ASSET_COLUMNS = (
    sa.Column("charity_number", sa.String(20), nullable=False, server_default=""),
    sa.Column("company_number", sa.String(20), nullable=False, server_default=""),
    sa.Column("fields_of_work", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("venues", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("serves", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("serves_borough", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("staff_fte", sa.Float, nullable=True),
    sa.Column("volunteer_hours", sa.Float, nullable=True),
    sa.Column("income_band", sa.String(40), nullable=False, server_default=""),
    sa.Column("funding_shares", sa.JSON, nullable=False, server_default="{}"),
    sa.Column("support_needs", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("contact", sa.JSON, nullable=False, server_default="{}"),
    sa.Column("figures_public", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("survey_year", sa.Integer, nullable=True),
)


def _bookkeeping() -> list[sa.Column]:
    return [sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("updated_at", sa.DateTime, nullable=False),
            sa.Column("updated_by", sa.String(200), nullable=False)]


def upgrade() -> None:
    with op.batch_alter_table("assets") as batch:
        for column in ASSET_COLUMNS:
            batch.add_column(column)
    op.create_table(
        "survey_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lad_code", sa.String(20), nullable=False, index=True),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("asset_id", sa.Integer, nullable=True, index=True),
        sa.Column("answer_id", sa.Integer, nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("token", sa.String(64), nullable=False),
        *_bookkeeping(),
    )
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lad_code", sa.String(20), nullable=False, index=True),
        sa.Column("link_id", sa.Integer, nullable=True, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("asset_id", sa.Integer, nullable=True, index=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=False, index=True),
        *_bookkeeping(),
    )
    for table, key, of in (("survey_link_changes", "survey_link_id", "survey_links"),
                           ("survey_answer_changes", "survey_answer_id", "survey_answers")):
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
    for table in ("survey_answer_changes", "survey_answers", "survey_link_changes",
                  "survey_links"):
        op.drop_table(table)
    with op.batch_alter_table("assets") as batch:
        for column in ASSET_COLUMNS:
            batch.drop_column(column.name)
