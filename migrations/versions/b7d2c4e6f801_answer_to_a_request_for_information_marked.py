"""node: mark a submission whose node answered a request for more information

Revision ID: b7d2c4e6f801
Revises: d3a5f0c1b2e4
Create Date: 2026-12-06 18:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7d2c4e6f801"
down_revision = "d3a5f0c1b2e4"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE on both engines: a batch copy of `submissions` would trip
    # the foreign keys that point at it on SQLite.
    op.add_column(
        "submissions", sa.Column("info_answered_at", sa.DateTime(), nullable=True)
    )
    # A submission whose last status move was the node's answer still waits for
    # the office: mark it with the time of that answer.
    last_move = (
        "(SELECT {col} FROM events e WHERE e.submission_id = submissions.id"
        " AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1)"
    )
    op.execute(
        f"UPDATE submissions SET info_answered_at = {last_move.format(col='e.created_at')}"
        f" WHERE status = 'submitted'"
        f" AND {last_move.format(col='e.from_status')} = 'needs_info'"
    )


def downgrade():
    op.drop_column("submissions", "info_answered_at")  # SQLite 3.35 and later
