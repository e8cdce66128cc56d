"""web desk: users, API tokens, packet releases, the session secret

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desk_user",
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("org_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("login"),
    )
    with op.batch_alter_table("desk_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_user_role"), ["role"], unique=False)
        batch_op.create_index(batch_op.f("ix_desk_user_org_code"), ["org_code"], unique=False)
    op.create_table(
        "api_token",
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["login"], ["desk_user.login"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("digest"),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_login"), ["login"], unique=False)
    op.create_table(
        "packet_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("routes_path", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("rendered_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("packet_release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_packet_release_org_code"), ["org_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_packet_release_year"), ["year"], unique=False)
    op.create_table(
        "desk_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("desk_secret")
    op.drop_table("packet_release")
    op.drop_table("api_token")
    op.drop_table("desk_user")
