"""contract v2 inputs: absences' ends, events' level and mode, courses' audience, course codes

Every new column is optional in the input files, so rows stored before keep
valid values: empty audience lists, and each event's level and mode by the
importer's default rule (`models.inputs.default_event_level`, `default_event_mode`).

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exempt_until", sa.Date(), nullable=True))
    with op.batch_alter_table("pd_course_done", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("course_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table("catalogue_course", schema=None) as batch_op:
        batch_op.add_column(sa.Column("levels", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("positions", sa.JSON(), server_default="[]", nullable=False))
    with op.batch_alter_table("method_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("mode", sa.String(), nullable=True))
    # the importer's defaults, as SQL: a host school makes a school-level event
    op.execute(
        "UPDATE method_event SET level = CASE WHEN org_code IS NULL "
        "THEN 'municipal' ELSE 'school' END"
    )
    op.execute("UPDATE method_event SET mode = 'group' WHERE form = 'consultation'")
    with op.batch_alter_table("method_event", schema=None) as batch_op:
        batch_op.alter_column("level", existing_type=sa.String(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("method_event", schema=None) as batch_op:
        batch_op.drop_column("mode")
        batch_op.drop_column("level")
    with op.batch_alter_table("catalogue_course", schema=None) as batch_op:
        batch_op.drop_column("positions")
        batch_op.drop_column("levels")
    with op.batch_alter_table("pd_course_done", schema=None) as batch_op:
        batch_op.drop_column("course_code")
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        batch_op.drop_column("exempt_until")
