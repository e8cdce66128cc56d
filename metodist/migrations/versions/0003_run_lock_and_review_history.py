"""run lock and review history kept across re-runs

A running stage run records its process (`pid`, `host`), and a unique partial
index allows one running run per (year, stage). Review events survive the
recommendation they were made on (SET NULL instead of CASCADE) and carry
what finds them again: the recommendation's id, run, year, rule and addressee.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ONLY_RUNNING = sa.text("status = 'running'")
_FK = "fk_review_event_recommendation_id_recommendation"


def upgrade() -> None:
    # runs a killed process left 'running' would block the new lock: they were interrupted
    op.execute(
        "UPDATE cycle_run SET status = 'failed', error = 'interrupted before this version' "
        "WHERE status = 'running'"
    )
    with op.batch_alter_table("cycle_run") as batch:
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("host", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.create_index(
            "uq_cycle_run_running",
            ["year", "stage"],
            unique=True,
            sqlite_where=_ONLY_RUNNING,
            postgresql_where=_ONLY_RUNNING,
        )
    with op.batch_alter_table("review_event", recreate="always") as batch:
        batch.alter_column("recommendation_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("origin_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("rule_id", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )
        batch.add_column(
            sa.Column("addressee_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch.create_index("ix_review_event_origin_id", ["origin_id"], unique=False)
    _replace_foreign_key(ondelete="SET NULL")
    op.execute(
        "UPDATE review_event SET origin_id = recommendation_id, "
        "run_id = (SELECT run_id FROM recommendation r WHERE r.id = recommendation_id), "
        "year = (SELECT year FROM recommendation r WHERE r.id = recommendation_id), "
        "rule_id = (SELECT rule_id FROM recommendation r WHERE r.id = recommendation_id), "
        "addressee_code = (SELECT addressee_code FROM recommendation r "
        "WHERE r.id = recommendation_id)"
    )


def downgrade() -> None:
    op.execute("DELETE FROM review_event WHERE recommendation_id IS NULL")
    _replace_foreign_key(ondelete="CASCADE")
    with op.batch_alter_table("review_event", recreate="always") as batch:
        batch.drop_index("ix_review_event_origin_id")
        for column in ("addressee_code", "rule_id", "year", "run_id", "origin_id"):
            batch.drop_column(column)
        batch.alter_column("recommendation_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("cycle_run") as batch:
        batch.drop_index("uq_cycle_run_running")
        batch.drop_column("host")
        batch.drop_column("pid")


def _replace_foreign_key(*, ondelete: str) -> None:
    """The foreign key to recommendation, with another ON DELETE.

    0001 left it unnamed: PostgreSQL named it itself; on SQLite the batch's
    naming convention names the reflected key so that it can be dropped.
    """
    bind = op.get_bind()
    names = [
        fk["name"]
        for fk in sa.inspect(bind).get_foreign_keys("review_event")
        if fk["referred_table"] == "recommendation"
    ]
    with op.batch_alter_table(
        "review_event",
        recreate="always",
        naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"},
    ) as batch:
        for name in names:
            batch.drop_constraint(name or _FK, type_="foreignkey")
        batch.create_foreign_key(
            _FK, "recommendation", ["recommendation_id"], ["id"], ondelete=ondelete
        )
