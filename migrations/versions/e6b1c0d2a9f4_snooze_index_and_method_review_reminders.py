"""snooze: an index on snoozed_until; the review date a method's node was reminded of

Revision ID: e6b1c0d2a9f4
Revises: b7d2c4e6f801
Create Date: 2026-12-06 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6b1c0d2a9f4'
down_revision = "b7d2c4e6f801"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_reminded_for', sa.Date(), nullable=True))
        batch_op.create_index(
            'ix_submissions_snoozed_until', ['snoozed_until'], unique=False
        )


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_snoozed_until')
        batch_op.drop_column('review_reminded_for')
